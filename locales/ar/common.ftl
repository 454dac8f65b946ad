# Shared by pages and emails. `$product` is given to every message.

language-name = العربية
format-date = %d/%m/%Y
format-datetime = %d/%m/%Y %H:%M UTC
list-separator = {"، "}

# Arabic plural categories: zero (0), one (1), two (2), few (3–10),
# many (11–99), other (100, 101, 102…).
duration-days = { $count ->
    [zero] 0 يوم
    [one] يوم واحد
    [two] يومان
    [few] { $count } أيام
    [many] { $count } يومًا
   *[other] { $count } يوم
}
duration-hours = { $count ->
    [zero] 0 ساعة
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $count } ساعات
    [many] { $count } ساعة
   *[other] { $count } ساعة
}
duration-minutes = { $count ->
    [zero] 0 دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $count } دقائق
    [many] { $count } دقيقة
   *[other] { $count } دقيقة
}
duration-seconds = { $count ->
    [zero] 0 ثانية
    [one] ثانية واحدة
    [two] ثانيتان
    [few] { $count } ثوانٍ
    [many] { $count } ثانية
   *[other] { $count } ثانية
}

## Forms
form-correct-fields = يُرجى تصحيح الحقول المشار إليها أدناه.
form-too-many-attempts = { $seconds ->
    [zero] محاولات كثيرة جدًا. حاول مرة أخرى الآن.
    [one] محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.
    [two] محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانيتين.
    [few] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثوانٍ.
    [many] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثانية.
   *[other] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثانية.
}

## The frame around every page (templates/pages/layout.html)
# The browser tab: the page's title, then the product.
layout-title = { $title } · { $product }
layout-skip = الانتقال إلى المحتوى
layout-nav-main = التنقل الرئيسي
layout-account = الحساب
layout-admin = الإدارة
layout-sign-out = تسجيل الخروج
layout-sign-in = تسجيل الدخول
layout-register = إنشاء حساب
layout-nav-languages = اللغة

## Languages
# $languages lists the language tags, e.g. "en, de, fr".
field-unsupported-locale = استخدم إحدى اللغات التالية: { $languages }.

# The signed-in user's own pages: /account, setting up an authenticator app
# and the recovery codes shown once.

## /account (templates/pages/account.html)
account-title = حسابك
# Shown instead of a password field to someone who has no password.
# $link is a link saying account-fresh-hint-link.
account-fresh-hint = بما أنه ليست لديك كلمة مرور هنا، فإن تسجيل دخولك يكفي لتأكيد ذلك إذا لم يمضِ عليه أكثر من خمس دقائق؛ وإن كان أقدم، فعليك { $link } أولًا.
account-fresh-hint-link = تسجيل الدخول مجددًا

## Notices at the top of /account after a form was sent
account-notice-profile = تم حفظ اسمك.
account-notice-password = تم تغيير كلمة المرور، وتم تسجيل الخروج من جلساتك الأخرى.
account-notice-verification = أرسلنا إليك رسالة تأكيد جديدة.
account-notice-session = تم تسجيل الخروج من تلك الجلسة.
account-notice-app = تم فصل ذلك التطبيق وتسجيل خروجه.
account-notice-totp-removed = تمت إزالة تطبيق المصادقة.
account-notice-passkey-added = تمت إضافة مفتاح المرور.
account-notice-passkey-removed = تمت إزالة مفتاح المرور.
account-notice-connected = تم ربط المزوّد: يمكنك الآن تسجيل الدخول باستخدامه.
account-notice-disconnected = تم فصل المزوّد.

## Profile
account-profile-heading = الملف الشخصي
account-email = البريد الإلكتروني
# Badges beside the email address.
account-email-verified = مؤكَّد
account-email-not-verified = غير مؤكَّد
# Followed by the date the account was made.
account-member-since = عضو منذ
account-resend-verification = إعادة إرسال رسالة التأكيد
account-field-name = الاسم
account-save-name = حفظ الاسم

## Password
account-password-heading = تغيير كلمة المرور
# $link is a link saying account-no-password-link.
account-no-password = أنت تسجّل الدخول عبر مزوّد وليست لديك كلمة مرور هنا. لتعيين كلمة مرور، { $link }.
account-no-password-link = اطلب رابطًا عبر البريد الإلكتروني
account-field-current-password = كلمة المرور الحالية
account-field-new-password = كلمة المرور الجديدة
account-password-hint = سيتم تسجيل الخروج من جلساتك الأخرى.
account-password-submit = تغيير كلمة المرور

## Security: authenticator app
account-security-heading = الأمان
account-totp-heading = تطبيق المصادقة
# A badge: the authenticator app is turned on.
account-totp-on = مفعَّل
account-totp-on-text = عند تسجيل الدخول بكلمة المرور، يُطلب منك أيضًا رمز من التطبيق.
account-field-totp-remove-password = كلمة المرور، لإزالة التطبيق
account-totp-remove = إزالة التطبيق
account-totp-off-text = اطلب رمزًا من تطبيق على هاتفك عند تسجيل الدخول بكلمة المرور.
account-field-password = كلمة المرور
account-totp-start = إعداد تطبيق مصادقة

## Security: recovery codes
account-codes-heading = رموز الاسترداد
# $left codes are still unused, of the $total made at a time.
account-codes-left = { $left ->
    [zero] لم يتبقَّ أي رمز استرداد من أصل { $total }: أنشئ مجموعة جديدة تحسّبًا لفقدان هاتفك أو مفتاح المرور.
    [one] تبقّى رمز استرداد واحد من أصل { $total }.
    [two] تبقّى رمزا استرداد من أصل { $total }.
    [few] تبقّى { $left } رموز استرداد من أصل { $total }.
    [many] تبقّى { $left } رمز استرداد من أصل { $total }.
   *[other] تبقّى { $left } رمز استرداد من أصل { $total }.
}
account-codes-hint = ستتوقف رموزك القديمة عن العمل.
account-codes-renew = إنشاء رموز استرداد جديدة
account-codes-none = تحصل على رموز الاسترداد عند إعداد أول عامل ثانٍ.

## Security: passkeys
account-passkeys-heading = مفاتيح المرور
account-passkeys-intro = يتيح لك مفتاح المرور تسجيل الدخول ببصمة إصبعك أو وجهك أو رمز PIN الخاص بجهازك، دون كتابة كلمة مرور.
# $name (bold) is the passkey's name, $added the date it was added,
# $used the date it was last used.
account-passkey = { $name } · أُضيف في { $added }
account-passkey-used = { $name } · أُضيف في { $added } · آخر استخدام في { $used }
# A button's label for screen readers.
account-passkey-remove-label = إزالة مفتاح المرور { $name }
account-passkey-remove = إزالة
account-field-passkey-name = اسم مفتاح المرور (مثل: الحاسوب المحمول)
account-field-passkey-password = كلمة المرور (لا حاجة إليها بعد تسجيل الدخول مباشرة)
account-passkey-add = إضافة مفتاح مرور
account-passkey-needs-script = تتطلب إضافة مفتاح مرور تفعيل JavaScript.
account-passkey-failed = تعذّر بدء استخدام مفتاح المرور: أعد تحميل الصفحة وحاول مرة أخرى.
account-passkey-cancelled = لم يُستخدم أي مفتاح مرور. حاول مرة أخرى، أو استخدم طريقة أخرى.
account-passkey-password-needed = أدخل كلمة المرور لإضافة مفتاح مرور.

## Sessions
account-sessions-heading = الجلسات
# A table's caption, for screen readers.
account-sessions-caption = الأماكن التي سجّلت الدخول فيها
account-sessions-device = الجهاز
# The network (IP) address.
account-sessions-address = العنوان
# A column of dates and times: when the session began.
account-sessions-signed-in = وقت تسجيل الدخول
account-sessions-action = الإجراء
account-sessions-unknown-device = غير معروف
# A badge on the session of the browser showing the page.
account-sessions-this-browser = هذا المتصفح
# A button's label for screen readers; $time is a date and time.
account-session-end-label = تسجيل الخروج من الجلسة التي بدأت في { $time }
account-session-end = تسجيل الخروج
account-sessions-end-all = تسجيل الخروج من جميع الجلسات

## Connected sign-ins (other providers)
account-providers-heading = طرق تسجيل الدخول المرتبطة
account-providers-intro = سجّل الدخول باستخدام حسابك لدى مزوّد آخر.
account-provider-connected = مرتبط
account-provider-no-email = مرتبط
account-provider-disconnect-label = فصل { $provider }
account-provider-disconnect = فصل
account-provider-connect-label = ربط { $provider }
account-provider-connect = ربط

## Connected apps
account-apps-heading = التطبيقات المرتبطة
account-apps-none = لا يملك أي تطبيق حق الوصول إلى حسابك.
# $app (bold) is the app's name, $scopes a list of scope codes, $since a date.
account-app = { $app } يمكنه الاطلاع على: { $scopes } (منذ { $since })
account-app-disconnect-label = فصل { $app }
account-app-disconnect = فصل

## Your data
account-data-heading = بياناتك
account-data-intro = نزّل كل البيانات التي نحتفظ بها عنك في ملف JSON.
account-data-download = تنزيل بياناتي

## Delete account
account-delete-heading = حذف الحساب
account-delete-intro = سيؤدي هذا إلى مسح حسابك وبياناتك الشخصية. لا يمكن التراجع عن ذلك.
account-field-delete-password = كلمة المرور، للتأكيد
account-delete-submit = حذف حسابي

## Recovery codes shown once (templates/pages/account_codes.html)
account-codes-title = رموز الاسترداد الخاصة بك
account-codes-intro =
    إذا فقدت هاتفك أو مفتاح المرور، فكل رمز من هذه الرموز يتيح لك تسجيل الدخول مرة واحدة بدلًا من العامل الثاني.
    احفظها في مكان آمن، مثل مدير كلمات المرور.
# Shown in bold after account-codes-intro.
account-codes-once = لن تظهر هذه الرموز إلا هذه المرة.
account-codes-saved = لقد حفظتها

## Setting up an authenticator app (templates/pages/account_totp.html)
account-totp-title = إعداد تطبيق مصادقة
account-totp-scan = افتح تطبيق المصادقة (مثل Google Authenticator أو Microsoft Authenticator أو 1Password أو Aegis) وامسح هذا الرمز ضوئيًا.
account-totp-qr-label = رمز QR لتطبيق المصادقة
# Followed by the secret key.
account-totp-type-key = لا يمكنك مسحه ضوئيًا؟ أدخل هذا المفتاح بدلًا من ذلك:
account-totp-type-code = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه التطبيق الآن.
account-field-totp-code = الرمز من التطبيق
account-totp-confirm = تفعيل
account-totp-cancel = إلغاء
totp-code-wrong = هذا الرمز غير صحيح أو قديم: أدخل الرمز الذي يعرضه التطبيق الآن.

## The language of the user's pages and emails (profile section)
account-field-language = اللغة
account-language-automatic = تلقائي (لغة متصفحك)
account-language-hint = تُعرض الصفحات والرسائل التي نرسلها إليك بهذه اللغة.
account-save-language = حفظ اللغة
account-notice-language = تم حفظ لغتك.

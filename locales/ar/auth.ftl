# Sign-in, registration, password reset, email verification, second factors
# at sign-in, consent, device and logout pages.

## Shared field labels
field-label-email = البريد الإلكتروني
field-label-password = كلمة المرور

## /login (templates/pages/login.html)
login-title = تسجيل الدخول
login-submit = تسجيل الدخول
login-or = أو
login-passkey = تسجيل الدخول باستخدام مفتاح مرور
login-with-provider = تسجيل الدخول باستخدام { $provider }
login-forgot = هل نسيت كلمة المرور؟
# $link is a link saying login-no-account-link.
login-no-account = ليس لديك حساب بعد؟ { $link }.
login-no-account-link = أنشئ حسابًا

## Words several sign-in pages share
login-continue = متابعة
login-label-code = الرمز
login-allow = سماح
login-deny = رفض
# A link or button back to /login.
login-link-sign-in = تسجيل الدخول
login-back-to-sign-in = العودة إلى تسجيل الدخول
login-link-account = الانتقال إلى حسابك
login-check-email-title = تحقّق من بريدك الإلكتروني
login-continue-with-provider = المتابعة باستخدام { $provider }

## Notices at the top of /login, after a redirect
login-notice-signed-out = تم تسجيل خروجك.
login-notice-password-reset = تم تغيير كلمة المرور. سجّل الدخول باستخدام كلمة المرور الجديدة.
login-notice-deleted = تم حذف حسابك وبياناته.
# «طرق تسجيل الدخول المرتبطة» is account-providers-heading.
login-notice-connect = سجّل الدخول بكلمة المرور، ثم اربط المزوّد من قسم «طرق تسجيل الدخول المرتبطة» في صفحة حسابك.

## /register (templates/pages/register.html)
login-register-title = أنشئ حسابك
login-label-name-optional = الاسم (اختياري)
# $min and $max are numbers of characters.
login-register-password-hint = من { $min } إلى { $max } حرفًا. بضع كلمات لا رابط بينها تصنع كلمة مرور قوية.
login-register-submit = إنشاء الحساب
# $link is a link saying login-have-account-link.
login-have-account = لديك حساب بالفعل؟ { $link }.
login-have-account-link = سجّل الدخول
login-register-done = حسابك { $email } جاهز. أرسلنا إليك رسالة بريد إلكتروني تحتوي على رابط لتأكيد عنوانك.

## /forgot-password (templates/pages/forgot.html)
login-forgot-title = هل نسيت كلمة المرور؟
login-forgot-intro = أدخل عنوان بريدك الإلكتروني وسنرسل إليك رابطًا لاختيار كلمة مرور جديدة.
login-forgot-submit = إرسال الرابط
login-forgot-sent = إذا كان هناك حساب بهذا العنوان، فقد أرسلنا إليه رابطًا لاختيار كلمة مرور جديدة. يعمل الرابط مرة واحدة فقط ولمدة محدودة.

## /reset-password (templates/pages/reset.html)
login-reset-title = اختر كلمة مرور جديدة
login-label-new-password = كلمة المرور الجديدة
# $min and $max are numbers of characters.
login-reset-password-hint = من { $min } إلى { $max } حرفًا. سيلزمك تسجيل الدخول من جديد على جميع أجهزتك.
login-reset-submit = تعيين كلمة المرور الجديدة
login-link-new-reset = طلب رابط جديد

## /verify-email (templates/pages/verify.html)
login-verify-title = تأكيد عنوان بريدك الإلكتروني
login-verify-intro = اضغط على الزر لتأكيد أن هذا العنوان يخصّك.
login-verify-submit = تأكيد عنوان بريدي الإلكتروني
login-verified-title = تم تأكيد البريد الإلكتروني
login-verified = شكرًا لك: تم تأكيد عنوان بريدك الإلكتروني.

## The second step of signing in (templates/pages/login_mfa.html)
login-mfa-title = الخطوة الثانية
login-mfa-totp = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه تطبيق المصادقة.
login-mfa-totp-or-code = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه تطبيق المصادقة، أو أحد رموز الاسترداد.
login-mfa-passkey = استخدم مفتاح المرور لإكمال تسجيل الدخول.
login-mfa-passkey-or-code = استخدم مفتاح المرور لإكمال تسجيل الدخول، أو أدخل أحد رموز الاسترداد.
login-mfa-code = أدخل أحد رموز الاسترداد.
login-mfa-use-passkey = استخدام مفتاح مرور
login-mfa-needs-javascript = يحتاج مفتاح المرور إلى JavaScript في هذا المتصفح.
login-start-over = البدء من جديد

## Signing in through another provider, when it stops
login-federated-retry = إعادة المحاولة
login-federated-use-password = تسجيل الدخول بكلمة المرور
login-federated-unavailable-title = خدمة تسجيل الدخول غير متاحة
login-federated-unavailable = تعذّر علينا الوصول إلى مزوّد تسجيل الدخول أو إكمال تسجيل دخولك. حاول مرة أخرى بعد قليل، أو سجّل الدخول بطريقة أخرى.

## Consent to an application (templates/pages/consent.html)
login-consent-title = السماح بالوصول
# $client is the application's name.
login-consent-heading = هل تسمح بوصول { $client }؟
# $client is shown in bold; a list of what it may see follows.
login-consent-asks-and-see = يطلب { $client } تسجيل دخولك والاطلاع على:
login-consent-asks = يطلب { $client } تسجيل دخولك.
# «التطبيقات المرتبطة» is account-apps-heading.
login-consent-withdraw = يمكنك سحب هذا الإذن في أي وقت من قسم «التطبيقات المرتبطة» في صفحة حسابك.
# What an application may see, for each scope it asks for.
login-scope-profile = اسمك
login-scope-email = عنوان بريدك الإلكتروني
login-scope-offline-access = الوصول في أثناء غيابك (يبقى تسجيل الدخول قائمًا)
login-scope-roles = أدوارك
login-refused-title = تعذّر تسجيل الدخول
login-refused-heading = تعذّر تسجيل الدخول إلى هذا التطبيق
login-refused-unregistered = هذا التطبيق غير مسجّل لدى هذا الخادم.
login-refused-redirect-uri = عنوان العودة ليس من العناوين التي سجّلها هذا التطبيق.

## /device (templates/pages/device.html)
login-device-title = ربط جهاز
login-device-intro = أدخل الرمز الذي يعرضه جهازك.
device-code-unknown = هذا الرمز غير صالح أو سبق استخدامه أو انتهت صلاحيته. تحقّق من الرمز الحالي على الجهاز.
login-device-heading = هل تسمح بوصول { $client } على جهازك؟
# $code is shown in bold; $scopes lists scope codes ("profile, email").
login-device-asks = يطلب الجهاز الذي يعرض الرمز { $code } تسجيل الدخول باسمك.
login-device-asks-and-see = يطلب الجهاز الذي يعرض الرمز { $code } تسجيل الدخول باسمك والاطلاع على: { $scopes }.
login-device-only-yours = لا تسمح بذلك إلا إذا كنت أنت من بدأ هذه العملية على جهاز يخصّك.
login-device-connected-title = تم ربط الجهاز
login-device-connected = يمكنك العودة إلى جهازك: لقد تم تسجيل دخوله.
login-device-refused-title = لم يتم ربط الجهاز
login-device-refused = لم يُسمح للجهاز بالدخول. يمكنك إغلاق هذه الصفحة.

## Signing out at an application's request (templates/pages/logout.html)
login-logout-title = تسجيل الخروج
login-logout-heading = هل تريد تسجيل الخروج؟
login-logout-asked = طلب أحد التطبيقات تسجيل خروجك من { $product }.
login-logout-submit = تسجيل الخروج
login-logout-stay = البقاء مسجّلًا للدخول
login-logout-refused-title = تعذّر تسجيل الخروج
login-logout-refused-heading = تعذّر تسجيل الخروج من هذا التطبيق
login-logout-refused-two-apps = يشير طلب تسجيل الخروج إلى تطبيقين مختلفين.
login-logout-refused-redirect-uri = عنوان العودة بعد تسجيل الخروج ليس من العناوين التي سجّلها هذا التطبيق.
login-signed-out-title = تم تسجيل الخروج
login-signed-out-heading = تم تسجيل خروجك
login-signed-out-close = يمكنك إغلاق هذه النافذة.
login-link-sign-in-again = تسجيل الدخول مجددًا

## Page numbers under long lists (templates/pages/pager.html, on admin pages)
login-pager-label = الصفحات
login-pager-previous = الصفحة السابقة
login-pager-next = الصفحة التالية
login-pager-position = الصفحة { $page } من { $pages }

## The passkey script on the sign-in pages (static/passkeys.js)
login-passkey-failed = تعذّر بدء استخدام مفتاح المرور: أعد تحميل الصفحة وحاول مرة أخرى.
# When the browser's passkey dialog was closed.
login-passkey-cancelled = لم يُستخدم أي مفتاح مرور. حاول مرة أخرى، أو استخدم طريقة أخرى.

# What a form says beside a field it refused. Field names, codes, scope and
# grant names, URL schemes, example host names and PALISADE_* variables stay
# as they are.

field-required = هذا الحقل مطلوب.

## Email address, password, display name (registration, account)
field-email-required = عنوان البريد الإلكتروني مطلوب.
field-email-too-long = { $max ->
    [zero] يجب ألّا يتجاوز عنوان البريد الإلكتروني { $max } حرف.
    [one] يجب ألّا يتجاوز عنوان البريد الإلكتروني حرفًا واحدًا.
    [two] يجب ألّا يتجاوز عنوان البريد الإلكتروني حرفين.
    [few] يجب ألّا يتجاوز عنوان البريد الإلكتروني { $max } أحرف.
    [many] يجب ألّا يتجاوز عنوان البريد الإلكتروني { $max } حرفًا.
   *[other] يجب ألّا يتجاوز عنوان البريد الإلكتروني { $max } حرف.
}
field-email-invalid = هذا ليس عنوان بريد إلكتروني يمكننا الإرسال إليه.
# The tenant accepts only some email domains.
field-email-domain-not-allowed = لا يمكن إنشاء حساب هنا بعناوين من هذا النطاق.
field-password-too-short = { $min ->
    [zero] يجب أن تتكون كلمة المرور من { $min } حرف على الأقل.
    [one] يجب أن تتكون كلمة المرور من حرف واحد على الأقل.
    [two] يجب أن تتكون كلمة المرور من حرفين على الأقل.
    [few] يجب أن تتكون كلمة المرور من { $min } أحرف على الأقل.
    [many] يجب أن تتكون كلمة المرور من { $min } حرفًا على الأقل.
   *[other] يجب أن تتكون كلمة المرور من { $min } حرف على الأقل.
}
field-password-too-long = { $max ->
    [zero] يجب ألّا تتجاوز كلمة المرور { $max } حرف.
    [one] يجب ألّا تتجاوز كلمة المرور حرفًا واحدًا.
    [two] يجب ألّا تتجاوز كلمة المرور حرفين.
    [few] يجب ألّا تتجاوز كلمة المرور { $max } أحرف.
    [many] يجب ألّا تتجاوز كلمة المرور { $max } حرفًا.
   *[other] يجب ألّا تتجاوز كلمة المرور { $max } حرف.
}
field-password-too-weak = كلمة المرور هذه سهلة التخمين: استخدم عبارة أطول أو أضف كلمات غير مألوفة.
field-display-name-too-long = { $max ->
    [zero] يجب ألّا يتجاوز الاسم المعروض { $max } حرف.
    [one] يجب ألّا يتجاوز الاسم المعروض حرفًا واحدًا.
    [two] يجب ألّا يتجاوز الاسم المعروض حرفين.
    [few] يجب ألّا يتجاوز الاسم المعروض { $max } أحرف.
    [many] يجب ألّا يتجاوز الاسم المعروض { $max } حرفًا.
   *[other] يجب ألّا يتجاوز الاسم المعروض { $max } حرف.
}
field-display-name-control = لا يمكن أن يحتوي الاسم المعروض على أحرف تحكّم.
# totp and recovery_code are codes.
field-mfa-method = استخدم totp أو recovery_code.
# A page number or page size in a list's address.
field-whole-number = يجب إدخال عدد صحيح من 1 فما فوق.
field-invalid-type = نوع هذه القيمة غير صحيح.

## OAuth clients (administration)
field-client-name-required = يحتاج العميل إلى اسم.
field-client-name-too-long = يجب ألّا يتجاوز الاسم 100 حرف.
# "confidential" and "public" are the type's codes.
field-client-type-invalid = إما "confidential" أو "public".
field-client-type-immutable = لا يمكن تغيير نوع العميل: سجّل عميلًا جديدًا.
field-client-public-no-secret = لا يملك العميل العام سرًّا.
field-client-too-many-uris = 20 عنوان URI كحد أقصى.
# $name is the grant type given, in quotes; $known the known ones.
field-client-grant-unknown = نوع منح غير معروف { $name }؛ الأنواع المعروفة: { $known }.
# $name is the scope given, in quotes; $known the known ones.
field-client-scope-unknown = نطاق غير معروف { $name }؛ النطاقات المعروفة: { $known }.
field-client-audience-too-long = الحد الأقصى لقيمة الجمهور (audience) هو 255 حرفًا.
# The access tokens' lifetime.
field-client-token-ttl = بين 60 و86400 ثانية.
field-client-code-needs-redirect = يحتاج منح authorization_code إلى عنوان URI واحد على الأقل لإعادة التوجيه.
field-client-public-client-credentials = لا يمكن للعميل العام استخدام client_credentials: فهو لا يملك سرًّا.
field-client-password-first-party = لا يمكن استخدام منح كلمة المرور (password) إلا للعملاء من الطرف الأول.
field-client-public-pkce = يستخدم العميل العام PKCE دائمًا.

## Redirect URIs of a client
field-redirect-too-long = يجب ألّا يتجاوز عنوان URI لإعادة التوجيه 2000 حرف.
field-redirect-wildcard = تُطابَق عناوين URI لإعادة التوجيه مطابقةً تامة: لا يُسمح بأحرف البدل.
field-redirect-not-absolute = ليس عنوان URI مطلقًا.
field-redirect-fragment = يجب ألّا يحتوي عنوان URI لإعادة التوجيه على مقطع (#…).
field-redirect-credentials = يجب ألّا يحتوي عنوان URI لإعادة التوجيه على اسم مستخدم أو كلمة مرور.
field-redirect-http = لا يُسمح بـ http:// إلا على عنوان الاسترجاع (127.0.0.1 أو [::1] أو localhost)، ما لم يُعيَّن PALISADE_ALLOW_HTTP_REDIRECTS.
field-redirect-scheme = استخدم https://، أو http:// على عنوان الاسترجاع، أو مخططًا للاستخدام الخاص مثل com.example.app:/callback.

## An app's sign-in through a provider (redirect_uri, code_challenge, state)
field-app-redirect-unknown = لا يوجد تطبيق مسجَّل من الطرف الأول بعنوان URI لإعادة التوجيه هذا.
# base64url, SHA-256 and code_verifier are names: keep them.
field-app-code-challenge = أرسل قيمة SHA-256 بترميز base64url لـ code_verifier الخاص بك (43 حرفًا).
field-app-state-too-long = 512 حرفًا كحد أقصى.

## Roles (administration)
# The characters a role name may hold, listed: keep them.
field-role-name-invalid = من 2 إلى 64 حرفًا من: a-z و0-9 و_ - . :، على أن يبدأ بحرف.
# $name is the permission given, in quotes; $known the known ones.
field-role-permission-unknown = صلاحية غير معروفة { $name }؛ الصلاحيات المعروفة: { $known }.
field-role-description-too-long = يجب ألّا يتجاوز الوصف 500 حرف.

## Tenants (administration)
field-tenant-slug = من 2 إلى 63 حرفًا من الأحرف اللاتينية الصغيرة والأرقام والشرطات، على أن يبدأ بحرف أو رقم.
# A tenant's display name or product name.
field-tenant-name = من حرف واحد إلى 100 حرف، دون أحرف تحكّم.
field-tenant-too-many-names = عدد الأسماء كبير جدًا.
field-tenant-host-name = أدخل أسماء مضيفين مثل auth.example.com (دون مخطط أو منفذ).
# $languages are the codes of every language but the last, $last the last one.
field-tenant-locale = استخدم { $languages } أو { $last }.
# The shortest password allowed, in characters.
field-tenant-password-min-length = من 8 إلى 128.
# The allowed email domains were given as an empty list.
field-tenant-domains-empty = لا تحدّد هذا الإعداد للسماح بأي نطاق.
field-tenant-mfa-roles = من 1 إلى 32 اسم دور: أحرف لاتينية صغيرة وأرقام و- و_ (لا تحدّده إن لم ترد أي دور).
# The access tokens' lifetime.
field-tenant-access-ttl = من 60 ثانية إلى يوم واحد.
# The refresh tokens' lifetime.
field-tenant-refresh-ttl = من 5 دقائق إلى سنة، وأطول من مدة صلاحية رموز الوصول.
field-tenant-default-settings = إعدادات المستأجر الافتراضي هي تهيئة الخادم (متغيرات PALISADE_*).
field-tenant-confirm-slug = أعد كتابة المعرّف المختصر للمستأجر لحذفه.

## Identity providers (administration)
field-provider-url = استخدم عنوان URL يبدأ بـ https:// (لا يُسمح بـ http:// إلا على هذا الجهاز).
field-provider-text = { $max ->
    [zero] أدخل { $max } حرف.
    [one] أدخل حرفًا واحدًا.
    [two] أدخل حرفًا واحدًا أو حرفين.
    [few] أدخل من 1 إلى { $max } أحرف.
    [many] أدخل من 1 إلى { $max } حرفًا.
   *[other] أدخل من 1 إلى { $max } حرف.
}
# google is an example of a provider's slug.
field-provider-slug = استخدم أحرفًا لاتينية صغيرة وأرقامًا وشرطات (مثل google).
field-provider-slug-reserved = هذا الاسم محجوز لإحدى الصفحات.
# oidc, github and oauth2 are the kinds' codes.
field-provider-kind = استخدم oidc أو github أو oauth2.
field-provider-secret = أدخل السر الذي أصدره المزوّد.
# openid and read:user are examples of scope names.
field-provider-scopes = أدخل أسماء نطاقات مثل openid أو read:user.
# data.id is an example of a path.
field-provider-claim-path = أدخل مسارًا منقّطًا داخل JSON الخاص بالمستخدم، مثل data.id.
field-provider-issuer-required = يُكتشف مزوّد OpenID من خلال عنوان URL الخاص بمُصدِره.
# openid is the scope's name.
field-provider-openid-scope = يحتاج مزوّد OpenID إلى النطاق openid.
field-provider-endpoints = يحتاج مزوّد OAuth 2 العادي إلى نقاط النهاية الخاصة به.
# amr is the ID token's claim naming how the person signed in.
field-provider-trust-mfa = لا يمكن أن يحل محل العامل الثاني إلا قيمة amr الموقَّعة من مزوّد OpenID.
field-provider-in-use = هناك مستخدمون يسجّلون الدخول عبر هذا المزوّد: لذا يبقى المُصدِر ونقطة نهاية المستخدم ومعرّف العميل وقيمة subject كما هي. أضف مزوّدًا آخر بدلًا من ذلك.

## By code: what a field error says when its sentence has no message of its
## own (pages show `field-CODE`; the ids carry the API's codes as they are).
field-too_long = هذه القيمة طويلة جدًا.
field-too_short = هذه القيمة قصيرة جدًا.
field-too_many = العدد كبير جدًا.
field-too_weak = كلمة المرور هذه سهلة التخمين: استخدم عبارة أطول أو أضف كلمات غير مألوفة.
field-invalid = هذه القيمة غير صالحة.
field-invalid_value = هذه القيمة غير صالحة.
field-invalid_type = نوع هذه القيمة غير صحيح.
field-invalid_email = هذا ليس عنوان بريد إلكتروني يمكننا الإرسال إليه.
field-invalid_url = استخدم عنوان URL يبدأ بـ https:// (لا يُسمح بـ http:// إلا على هذا الجهاز).
field-invalid_slug = استخدم أحرفًا لاتينية صغيرة وأرقامًا وشرطات.
field-invalid_redirect_uri = لا يمكن استخدام عنوان URI لإعادة التوجيه هذا.
field-immutable = لا يمكن تغيير هذه القيمة.
field-read_only = هذه القيمة للقراءة فقط.
field-reserved = هذا الاسم محجوز.
field-public_client = لا يملك العميل العام سرًّا.
field-unsupported_locale = هذه اللغة غير متاحة.
field-not_registered = هذا غير مسجَّل.
field-in_use = هذه القيمة قيد الاستخدام ولا يمكن تغييرها.
field-domain_not_allowed = لا يمكن إنشاء حساب هنا بعناوين من هذا النطاق.

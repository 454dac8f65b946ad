# The administration pages. Identifiers are shown as they are and are never
# in these messages: audit actions, permission names, grant types, scope
# codes, app and provider kinds, role names, built-in role descriptions.

## Shared by several administration pages
# Small labels beside a name in a table or a heading.
admin-badge-built-in = مضمَّن
admin-badge-active = نشط
admin-badge-disabled = معطَّل
admin-badge-verified = مؤكَّد
admin-badge-not-verified = غير مؤكَّد
# A sign-in provider turned on or off.
admin-badge-on = مفعَّل
admin-badge-off = غير مفعَّل
admin-delete = حذف
admin-remove = إزالة
admin-save = حفظ

## The tabs above every administration page (templates/pages/admin_nav.html)
admin-nav = الإدارة
admin-nav-users = المستخدمون
admin-nav-roles = الأدوار
admin-nav-clients = التطبيقات
admin-nav-providers = مزوّدو تسجيل الدخول
admin-nav-tenants = المستأجرون
admin-nav-audit = سجل التدقيق

## /admin/users (templates/pages/admin_users.html)
admin-users-title = المستخدمون
admin-users-search-label = البريد الإلكتروني أو الاسم يحتوي على
admin-users-role = الدور
# The role filter's choice that filters nothing.
admin-users-role-any = أي دور
admin-users-search = بحث
# How many users the search found (all pages together).
admin-users-count = { $count ->
    [zero] لا يوجد مستخدمون
    [one] مستخدم واحد
    [two] مستخدمان
    [few] { $count } مستخدمين
    [many] { $count } مستخدمًا
   *[other] { $count } مستخدم
}
admin-users-caption = المستخدمون، الأحدث أولًا
admin-users-col-email = البريد الإلكتروني
admin-users-col-name = الاسم
admin-users-col-roles = الأدوار
admin-users-col-status = الحالة
admin-users-col-created = تاريخ الإنشاء

## /admin/users/{id} (templates/pages/admin_user.html)
admin-user-account = الحساب
admin-user-id = المعرّف
admin-user-name = الاسم
# In place of the name of a user who gave none.
admin-user-no-name = –
admin-user-email = البريد الإلكتروني
admin-user-status = الحالة
admin-user-created = تاريخ الإنشاء
admin-user-last-sign-in = آخر تسجيل دخول
# In place of the date of the last sign-in.
admin-user-never = أبدًا
admin-user-audit-link = أحداث التدقيق الخاصة بهذا المستخدم
admin-user-enable = تفعيل
admin-user-disable = تعطيل
admin-user-verify = اعتبار البريد الإلكتروني مؤكَّدًا
admin-user-roles = الأدوار
admin-user-remove-role = إزالة الدور { $role }
admin-user-add-role-label = إضافة دور
admin-user-add-role = إضافة
admin-user-delete-heading = حذف المستخدم
admin-user-delete-text = يمسح الحساب وبياناته الشخصية. لا يمكن التراجع عن ذلك.
admin-user-delete-confirm = نعم، احذف هذا الحساب وبياناته
admin-user-delete = حذف { $email }
admin-user-updated = تم تحديث المستخدم.
admin-user-roles-changed = تم تغيير الأدوار.
admin-user-delete-unconfirmed = حدّد المربع لتأكيد الحذف.
admin-user-action-unknown = اختر التعطيل أو التفعيل أو تأكيد البريد الإلكتروني.
admin-user-op-unknown = اختر منح الدور أو سحبه.

## /admin/roles (templates/pages/admin_roles.html)
admin-roles-title = الأدوار
admin-roles-caption = الأدوار وصلاحياتها
admin-roles-col-role = الدور
admin-roles-col-description = الوصف
admin-roles-col-permissions = الصلاحيات
admin-roles-col-action = الإجراء
admin-roles-delete-label = حذف الدور { $role }
admin-roles-new = دور جديد
admin-roles-field-name = الاسم
admin-roles-field-description = الوصف
admin-roles-permissions = الصلاحيات
admin-roles-create = إنشاء الدور
admin-roles-created = تم إنشاء الدور.
admin-roles-deleted = تم حذف الدور.

## /admin/audit (templates/pages/admin_audit.html)
admin-audit-title = سجل التدقيق
admin-audit-user-id = معرّف المستخدم
admin-audit-user-id-invalid = يجب إدخال معرّف مستخدم (UUID).
# An audit action, such as login.failed.
admin-audit-action = الإجراء
admin-audit-filter = تصفية
# How many events the filter found (all pages together).
admin-audit-count = { $count ->
    [zero] لا توجد أحداث
    [one] حدث واحد
    [two] حدثان
    [few] { $count } أحداث
    [many] { $count } حدثًا
   *[other] { $count } حدث
}
admin-audit-caption = أحداث التدقيق، الأحدث أولًا
admin-audit-col-when = الوقت
admin-audit-col-actor = المنفِّذ
admin-audit-col-target = الهدف
# The IP address the event came from.
admin-audit-col-address = العنوان
admin-audit-col-details = التفاصيل

## /admin/clients: the OAuth clients, called apps (templates/pages/admin_clients.html)
admin-clients-title = التطبيقات
admin-clients-secret-heading = سر العميل
# $client is the app's client id, shown as code.
admin-clients-secret-text = هذا سر { $client }، ولن يُعرض إلا الآن: احفظه في إعدادات التطبيق.
admin-clients-caption = التطبيقات التي تسجّل دخول المستخدمين عبر هذا الخادم
admin-clients-col-app = التطبيق
admin-clients-col-client-id = معرّف العميل
admin-clients-type = النوع
admin-clients-col-redirect-uris = عناوين URI لإعادة التوجيه
admin-clients-col-grants = أنواع المنح
admin-clients-col-actions = الإجراءات
# An app trusted by the server: users are not asked to consent.
admin-badge-first-party = طرف أول
admin-clients-new-secret-label = إنشاء سر جديد للتطبيق { $app }
admin-clients-new-secret = سر جديد
admin-clients-delete-label = حذف التطبيق { $app }
admin-clients-new = تسجيل تطبيق
admin-clients-field-name = الاسم
admin-clients-confidential = سرّي (خادم يحتفظ بسر)
admin-clients-public = عام (تطبيق صفحة واحدة أو تطبيق أصلي)
admin-clients-redirect-uris = عناوين URI لإعادة التوجيه، عنوان في كل سطر
admin-clients-post-logout-uris = عناوين ما بعد تسجيل الخروج، عنوان في كل سطر (اختياري)
admin-clients-grants = أنواع المنح (إن لم تحدّد شيئًا: رمز التفويض ورمز التحديث)
admin-clients-first-party = طرف أول: موثوق، ولا يُطلب من المستخدمين الموافقة
admin-clients-register = تسجيل
admin-clients-created = تم تسجيل التطبيق. تجد معرّفه في القائمة أدناه.
admin-clients-rotated = تم إنشاء سر جديد؛ ويظل السر القديم صالحًا خلال فترة السماح.
admin-clients-deleted = تم حذف التطبيق وإنهاء جلساته.

## /admin/providers: where people may sign in instead of with a password
admin-providers-title = مزوّدو تسجيل الدخول
admin-providers-none = لا يوجد مزوّد بعد: يسجّل المستخدمون الدخول بكلمة مرور أو مفتاح مرور.
admin-providers-slug = المعرّف المختصر
# The provider's address: its issuer or its authorization endpoint.
admin-providers-at = العنوان
admin-providers-client-id = معرّف العميل
admin-providers-redirect-uri = عنوان URI لإعادة التوجيه
# What the provider's button on the sign-in page says.
admin-providers-button-text = نص الزر
admin-providers-enabled = مفعَّل: يظهر في صفحة تسجيل الدخول
admin-providers-allow-signup = ينشئ حسابات للأشخاص الجدد
admin-providers-link-by-email = يربط بالحساب الموجود الذي له البريد الإلكتروني المؤكَّد نفسه
admin-providers-trust-mfa = العامل الثاني لدى المزوّد يغني عن العامل الثاني لدينا
admin-providers-new-secret = سر عميل جديد (اتركه فارغًا للإبقاء على الحالي)
admin-providers-remove-label = إزالة { $provider }
admin-providers-new = إضافة مزوّد
# $uri is the redirect URI with the placeholder {slug} in it, shown as code.
admin-providers-callback-hint = سجّل { $uri } (مع المعرّف المختصر الخاص بك) بوصفه عنوان URI لإعادة التوجيه لدى المزوّد.
admin-providers-kind = النوع
admin-providers-kind-oidc = OpenID Connect (Google وMicrosoft وGitLab وOkta وAuth0 وKeycloak…)
admin-providers-kind-github = GitHub
admin-providers-kind-oauth2 = OAuth 2 آخر (نقاط النهاية أدناه)
admin-providers-field-slug = المعرّف المختصر (في عنوان URL: أحرف وأرقام وشرطات)
admin-providers-field-issuer = عنوان URL للمُصدِر (OpenID Connect)
admin-providers-field-client-secret = سر العميل
admin-providers-field-scopes = النطاقات (اختياري، مفصولة بمسافات)
admin-providers-field-authorization-endpoint = نقطة نهاية التفويض (OAuth 2 آخر)
admin-providers-field-token-endpoint = نقطة نهاية الرموز المميزة (OAuth 2 آخر)
admin-providers-field-userinfo-endpoint = نقطة نهاية المستخدم (OAuth 2 آخر)
admin-providers-add = إضافة المزوّد
admin-providers-created = تمت إضافة المزوّد. سجّل عنوان URI لإعادة التوجيه الخاص به لدى المزوّد.
admin-providers-updated = تم تغيير المزوّد.
admin-providers-deleted = تمت إزالة المزوّد والهويات المرتبطة من خلاله.

## /admin/tenants (templates/pages/admin_tenants.html)
admin-tenants-title = المستأجرون
admin-tenants-hint = كل مستأجر قاعدة مستخدمين معزولة. الإعدادات المتروكة فارغة تتبع إعدادات الخادم.
admin-tenants-name = الاسم
admin-tenants-hosts = أسماء المضيفين، اسم في كل سطر
admin-tenants-settings = الإعدادات
admin-tenants-signup = إنشاء الحسابات
# The choice of a setting that leaves it to the server's configuration.
admin-tenants-as-server = حسب إعدادات الخادم
# Sign-up is allowed or closed.
admin-tenants-signup-allowed = مسموح
admin-tenants-signup-closed = مغلق
admin-tenants-verified = تأكيد البريد الإلكتروني قبل تسجيل الدخول
# A verified email is required or not.
admin-tenants-verified-required = مطلوب
admin-tenants-verified-not-required = غير مطلوب
admin-tenants-default-language = اللغة الافتراضية
admin-tenants-product-name = اسم المنتج
admin-tenants-password-min = الحد الأدنى لطول كلمة المرور
admin-tenants-email-domains = نطاقات البريد الإلكتروني المسموح لها بالتسجيل، نطاق في كل سطر
admin-tenants-mfa-roles = الأدوار الملزمة باستخدام عامل ثانٍ
admin-tenants-access-ttl = مدة صلاحية رمز الوصول (بالثواني)
admin-tenants-session-ttl = مدة صلاحية الجلسة (بالثواني)
# $slug is the tenant's slug, shown as code, which must be typed to delete it.
admin-tenants-delete-confirm = لحذفه، اكتب { $slug }
admin-tenants-hosts-read-only = أسماء المضيفين
admin-tenants-new = إنشاء مستأجر
admin-tenants-field-slug = المعرّف المختصر (من 2 إلى 63 من a-z و0-9 و-)
admin-tenants-field-hosts = أسماء المضيفين، اسم في كل سطر (اختياري)
admin-tenants-field-admin-email = البريد الإلكتروني لأول مسؤول (اختياري: يتلقى رابطًا لتعيين كلمة مرور)
admin-tenants-create = إنشاء المستأجر
admin-tenants-created = تم إنشاء المستأجر.
admin-tenants-updated = تم تغيير المستأجر.
admin-tenants-deleted = تم حذف المستأجر.

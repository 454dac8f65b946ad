# The error pages: each message is the sentence under the heading, and its
# .title the heading (and the browser tab's title). Problem codes, paths,
# media types and header names stay as they are.

## Sign-in through another provider
error-state-mismatch = لم يبدأ تسجيل الدخول هذا في هذا المتصفح، أو تم تغيير رابطه. ابدأ من جديد.
    .title = تعذّر إكمال تسجيل الدخول
error-flow-expired = لم يكتمل تسجيل الدخول في الوقت المحدد. ابدأ من جديد.
    .title = استغرق تسجيل الدخول وقتًا طويلًا
error-access-denied = أُلغي تسجيل الدخول لدى المزوّد، أو لم يسمح به المزوّد. يمكنك المحاولة مرة أخرى، أو تسجيل الدخول بطريقة أخرى.
    .title = تم إلغاء تسجيل الدخول
error-link-with-password = يوجد حساب بهذا البريد الإلكتروني بالفعل. سجّل الدخول بكلمة المرور، ثم اربط هذا المزوّد من صفحة حسابك.
    .title = سجّل الدخول بكلمة المرور أولًا
error-federation-signup-closed = لا يوجد حساب لهذه الهوية، ولا يمكن لهذا المزوّد إنشاء حساب. أنشئ حسابًا أولًا، أو سجّل الدخول بطريقة أخرى.
    .title = لا يوجد حساب بعد
error-email-missing = لم يشارك المزوّد عنوان بريد إلكتروني مؤكَّدًا، وهو ما يحتاج إليه الحساب. اسمح بمشاركته لدى المزوّد، أو أنشئ حسابًا باستخدام بريدك الإلكتروني.
    .title = لا يوجد عنوان بريد إلكتروني
error-identity-taken = هذه الهوية مستخدمة بالفعل لتسجيل الدخول إلى حساب آخر هنا.
    .title = مرتبطة بحساب آخر
error-identity-exists = حسابك مرتبط بالفعل بهوية أخرى لدى هذا المزوّد: افصلها أولًا.
    .title = مرتبط بالفعل
# code_verifier is a parameter name: keep it as is.
error-invalid-login-code = رمز تسجيل الدخول غير صالح أو مستخدم أو منتهي الصلاحية، أو أن code_verifier لا يطابقه.
    .title = رمز تسجيل دخول غير صالح

## Refusals and failures of every page
error-validation-failed = حقل واحد أو أكثر غير صالح.
    .title = فشل التحقق
error-invalid-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
    .title = بيانات اعتماد غير صالحة
error-invalid-token = الرمز المميز غير صالح أو أُلغي: سجّل الدخول مجددًا.
    .title = غير مصرّح
error-token-expired = انتهت صلاحية رمز الوصول: احصل على رمز جديد باستخدام رمز التحديث.
    .title = انتهت صلاحية الرمز المميز
error-account-disabled = تم تعطيل هذا الحساب.
    .title = الحساب معطَّل
error-email-not-verified = أكّد عنوان بريدك الإلكتروني قبل تسجيل الدخول.
    .title = البريد الإلكتروني غير مؤكَّد
error-forbidden = ليست لديك صلاحية للقيام بذلك.
    .title = الوصول مرفوض
error-not-found = هذا المورد غير موجود.
    .title = غير موجود
error-email-taken = يوجد حساب بهذا البريد الإلكتروني بالفعل.
    .title = البريد الإلكتروني مستخدم
error-invalid-one-time-token = هذا الرابط غير صالح أو مستخدم أو منتهي الصلاحية. اطلب رابطًا جديدًا.
    .title = رابط غير صالح
error-reauth-failed = كلمة المرور الحالية غير صحيحة.
    .title = فشلت إعادة المصادقة
error-last-admin = يجب أن يبقى مسؤول مفعَّل واحد على الأقل.
    .title = آخر مسؤول
error-role-exists = يوجد دور بهذا الاسم بالفعل.
    .title = الدور موجود
error-builtin-role = لا يمكن تغيير الأدوار المضمَّنة أو حذفها.
    .title = دور مضمَّن
error-invalid-client = العميل غير معروف أو فشلت مصادقته.
    .title = عميل غير صالح
# An OAuth request an application sent was refused.
error-invalid-request = أرسل التطبيق طلبًا لا يمكن تنفيذه. ارجع إليه وابدأ من جديد.
    .title = طلب غير صالح
# palisade is the client's id: keep it as is.
error-builtin-client = لا يمكن تغيير العميل المضمَّن palisade أو حذفه.
    .title = عميل مضمَّن
error-already-enrolled = تم إعداد تطبيق مصادقة بالفعل: أزله أولًا.
    .title = مُعَدّ بالفعل
error-invalid-code = الرمز غير صحيح أو قديم: أدخل الرمز الذي يعرضه التطبيق الآن.
    .title = رمز غير صالح
error-wrong-code = الرمز غير صحيح أو مستخدم أو قديم.
    .title = رمز غير صالح
error-upstream-refused = تعذّر التحقق من ردّ مزوّد الهوية: ابدأ من جديد.
    .title = رُفض تسجيل الدخول
error-last-login-method = هذه هي طريقتك الوحيدة لتسجيل الدخول: عيّن كلمة مرور أو أضف مفتاح مرور أولًا.
    .title = آخر طريقة لتسجيل الدخول
error-signup-closed = لا يمكن إنشاء حسابات جديدة هنا: اطلب دعوة من أحد المسؤولين.
    .title = إنشاء الحسابات معطَّل
error-tenant-exists = يوجد مستأجر بهذا المعرّف المختصر بالفعل.
    .title = المستأجر موجود
error-host-taken = أحد أسماء المضيفين هذه مخصّص بالفعل لمستأجر آخر.
    .title = اسم المضيف مستخدم
error-default-tenant = يضمّ المستأجر الافتراضي إدارة المنصة، ولا يمكن حذفه.
    .title = المستأجر الافتراضي
error-provider-exists = يوجد مزوّد هوية مرتبط بهذا المعرّف المختصر بالفعل.
    .title = المزوّد موجود
# /v1/users/me/mfa is an API path: keep it as is.
error-mfa-enrollment-required = يتطلب دورك استخدام عامل ثانٍ: أعدّه أولًا عبر /v1/users/me/mfa أو من صفحة حسابك.
    .title = العامل الثاني مطلوب
error-invalid-passkey = تعذّر تسجيل مفتاح المرور: ابدأ من جديد.
    .title = مفتاح مرور غير صالح
error-mfa-token-expired = انتهت مهلة الخطوة الثانية أو فشلت مرات كثيرة: سجّل الدخول مجددًا.
    .title = انتهت صلاحية تسجيل الدخول
error-mfa-required = أكمل تسجيل الدخول باستخدام عامل ثانٍ.
    .title = العامل الثاني مطلوب
error-unverified-account = عنوان البريد الإلكتروني لهذا الحساب غير مؤكَّد.
    .title = حساب غير مؤكَّد
error-rate-limited = تمهّل وحاول مرة أخرى لاحقًا.
    .title = طلبات كثيرة جدًا
error-busy = هناك طلبات كثيرة جدًا قيد المعالجة؛ حاول مرة أخرى بعد قليل.
    .title = الخدمة مشغولة
error-unavailable = يتعذّر الوصول إلى قاعدة البيانات؛ حاول مرة أخرى بعد قليل.
    .title = الخدمة غير متاحة
error-internal = حدث خطأ من جهتنا. اذكر معرّف الطلب عند الإبلاغ عنه.
    .title = خطأ داخلي في الخادم

## What a request itself can get wrong
error-malformed-request = تعذّرت قراءة الطلب.
    .title = طلب غير سليم
# application/json is a media type: keep it as is.
error-unsupported-media-type = أرسل محتوى الطلب بتنسيق application/json.
    .title = نوع وسائط غير مدعوم
error-payload-too-large = يتجاوز حجم محتوى الطلب 64 KiB.
    .title = حجم الطلب كبير جدًا
# $header is the HTTP header to send.
error-missing-token = نقطة النهاية هذه تحتاج إلى رمز وصول: { $header }.
    .title = غير مصرّح
error-method-not-allowed = لا يقبل هذا المسار طريقة الطلب هذه.
    .title = الطريقة غير مسموح بها
error-timeout = استغرق الطلب وقتًا طويلًا.
    .title = انتهت مهلة الطلب

## Page-only
error-request-failed = تعذّرت معالجة الطلب.
    .title = فشل الطلب
error-form-expired = انتهت صلاحية هذا النموذج أو لم يُرسَل من هذا الموقع. ارجع، وأعد تحميل الصفحة، ثم حاول مرة أخرى.
    .title = انتهت صلاحية النموذج
# $detail is the error's sentence, $id the request's id.
error-request-id = { $detail } معرّف الطلب: { $id }.

# Emails (templates/mail/). `$product` is the name of the service, `$email`
# the recipient's address. Subjects are one line.

## Shared by every email
mail-hello = مرحبًا،
# The paragraph before the link in full, in the HTML part (under the button).
mail-paste-link = أو الصق هذا الرابط في متصفحك:
mail-if-you = إذا كنت أنت من قام بذلك، فلا حاجة إلى أي إجراء آخر.
# The small print at the bottom of every HTML email.
mail-footer = أُرسلت هذه الرسالة من { $product }. إذا لم تكن تتوقعها، فيمكنك تجاهلها.

## Confirming an email address (mail/verify)
mail-verify-subject = أكّد عنوان بريدك الإلكتروني في { $product }
# HTML part; a button saying mail-verify-button follows.
mail-verify-confirm = يُرجى تأكيد أن { $email } هو عنوان بريدك الإلكتروني في { $product }.
mail-verify-button = تأكيد عنوان بريدي الإلكتروني
# Plain-text part; the link follows on its own line.
mail-verify-confirm-open = يُرجى تأكيد أن { $email } هو عنوان بريدك الإلكتروني في { $product } بفتح هذا الرابط:
# $duration is in the nominative ("يومان", "30 دقيقة"): keep it as the predicate.
mail-verify-expires = يعمل الرابط مرة واحدة فقط، ومدة صلاحيته { $duration }.
# Plain-text part only (the HTML part has mail-footer).
mail-verify-not-you = إذا لم تنشئ حسابًا في { $product }، فيمكنك تجاهل هذه الرسالة.

## Password reset (mail/reset)
mail-reset-subject = إعادة تعيين كلمة مرورك في { $product }
# HTML part; a button saying mail-reset-button follows.
mail-reset-asked = طلب شخص ما (نأمل أن تكون أنت) إعادة تعيين كلمة مرور حساب { $product } الخاص بالعنوان { $email }.
mail-reset-button = اختيار كلمة مرور جديدة
# Plain-text part; the link follows on its own line.
mail-reset-asked-open = طلب شخص ما (نأمل أن تكون أنت) إعادة تعيين كلمة مرور حساب { $product } الخاص بالعنوان { $email }. لاختيار كلمة مرور جديدة، افتح هذا الرابط:
mail-reset-expires = يعمل الرابط مرة واحدة فقط، ومدة صلاحيته { $duration }. يؤدي تعيين كلمة مرور جديدة إلى تسجيل خروجك من جميع الأجهزة.
mail-reset-not-you = إذا لم تطلب ذلك، فتجاهل هذه الرسالة: ستبقى كلمة مرورك كما هي.

## After a password change (mail/password_changed)
mail-changed-subject = تم تغيير كلمة مرورك في { $product }
mail-changed-body = تم تغيير كلمة مرور حسابك في { $product } ({ $email })، وتم تسجيل الخروج من جلساتك الأخرى.
# HTML part: $link is a link to the reset page saying mail-changed-not-you-link.
mail-changed-not-you = إذا لم تكن أنت من قام بذلك، فعليك { $link }.
mail-changed-not-you-link = إعادة تعيين كلمة مرورك الآن
# Plain-text part; the link to the reset page follows on its own line.
mail-changed-not-you-open = إذا لم تكن أنت من قام بذلك، فأعد تعيين كلمة مرورك الآن:

## After a second factor or a sign-in was added or removed (mail/factor_changed)
mail-factor-totp-added-subject = تمت إضافة تطبيق مصادقة ({ $product })
mail-factor-totp-added-body = تمت إضافة تطبيق مصادقة كعامل ثانٍ إلى حسابك في { $product } ({ $email }).
mail-factor-totp-removed-subject = تمت إزالة تطبيق مصادقة ({ $product })
mail-factor-totp-removed-body = تمت إزالة تطبيق المصادقة من العوامل الثانية لحسابك في { $product } ({ $email }).
mail-factor-codes-renewed-subject = تم إنشاء رموز استرداد جديدة ({ $product })
mail-factor-codes-renewed-body = تم إنشاء رموز استرداد جديدة لحسابك في { $product } ({ $email }): ولم تعد الرموز القديمة تعمل.
mail-factor-passkey-added-subject = تمت إضافة مفتاح مرور ({ $product })
mail-factor-passkey-added-body = تمت إضافة مفتاح مرور إلى حسابك في { $product } ({ $email }): يمكنك استخدامه لتسجيل الدخول، أو لتأكيد تسجيل الدخول بكلمة المرور.
mail-factor-passkey-removed-subject = تمت إزالة مفتاح مرور ({ $product })
mail-factor-passkey-removed-body = تمت إزالة مفتاح مرور من حسابك في { $product } ({ $email }).
# Signing in through another provider, such as Google or GitHub.
mail-factor-sign-in-connected-subject = تم ربط طريقة تسجيل دخول بحسابك ({ $product })
mail-factor-sign-in-connected-body = تم ربط تسجيل الدخول عبر مزوّد آخر (مثل Google أو GitHub) بحسابك في { $product } ({ $email }): وأصبح بإمكانك تسجيل الدخول من خلاله.
mail-factor-sign-in-disconnected-subject = تم فصل طريقة تسجيل دخول عن حسابك ({ $product })
mail-factor-sign-in-disconnected-body = تم فصل تسجيل الدخول عبر مزوّد آخر عن حسابك في { $product } ({ $email }).
mail-factor-reset-subject = تمت إعادة تعيين العوامل الثانية لحسابك ({ $product })
mail-factor-reset-body = أزال أحد المسؤولين جميع العوامل الثانية وسجّل الخروج من جميع الجلسات على حسابك في { $product } ({ $email }).
# HTML part: $link is a link to the reset page saying mail-factor-not-you-link.
mail-factor-not-you = إذا لم تكن أنت من قام بذلك، فربما يعرف شخص ما كلمة مرورك: { $link }، ثم راجع إعدادات الأمان في حسابك.
mail-factor-not-you-link = أعد تعيينها الآن
# Plain-text part; the link to the reset page follows on its own line.
mail-factor-not-you-open = إذا لم تكن أنت من قام بذلك، فربما يعرف شخص ما كلمة مرورك: أعد تعيينها الآن، ثم راجع إعدادات الأمان في حسابك:

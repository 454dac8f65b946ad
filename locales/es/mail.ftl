# Correos (templates/mail/). Cada correo tiene una parte HTML y una parte de
# texto sin formato, que comparten los mensajes donde dicen lo mismo.
# `$product` es el nombre del servicio y `$email`, la dirección del
# destinatario. Los asuntos ocupan una línea: los saltos de línea se
# convierten en espacios.

## Compartido por todos los correos
mail-hello = Hola:
# El párrafo antes del enlace completo, en la parte HTML (bajo el botón).
mail-paste-link = O pega este enlace en tu navegador:
mail-if-you = Si reconoces este cambio, no tienes que hacer nada más.
# La letra pequeña al pie de cada correo HTML.
mail-footer = Mensaje enviado por { $product }. Si no lo esperabas, puedes ignorarlo.

## Confirmación de una dirección de correo (mail/verify)
mail-verify-subject = Verifica tu dirección de correo electrónico en { $product }
# Parte HTML; le sigue un botón con el texto de mail-verify-button.
mail-verify-confirm = Confirma que { $email } es tu dirección de correo electrónico en { $product }.
mail-verify-button = Verificar mi dirección de correo
# Parte de texto sin formato; el enlace va después, en su propia línea.
mail-verify-confirm-open = Confirma que { $email } es tu dirección de correo electrónico en { $product } abriendo este enlace:
# $duration es la validez del enlace, como "1 día" o "30 minutos".
mail-verify-expires = El enlace solo funciona una vez y caduca en { $duration }.
# Solo en la parte de texto sin formato (la parte HTML tiene mail-footer).
mail-verify-not-you = Si no has creado una cuenta en { $product }, puedes ignorar este mensaje.

## Restablecimiento de la contraseña (mail/reset)
mail-reset-subject = Restablece tu contraseña de { $product }
# Parte HTML; le sigue un botón con el texto de mail-reset-button.
mail-reset-asked = Alguien (esperamos que tú) ha solicitado restablecer la contraseña de la cuenta de { $product } asociada a { $email }.
mail-reset-button = Elegir una contraseña nueva
# Parte de texto sin formato; el enlace va después, en su propia línea.
mail-reset-asked-open = Alguien (esperamos que tú) ha solicitado restablecer la contraseña de la cuenta de { $product } asociada a { $email }. Para elegir una contraseña nueva, abre este enlace:
# $duration es la validez del enlace, como "1 día" o "30 minutos".
mail-reset-expires = El enlace solo funciona una vez y caduca en { $duration }. Al establecer una contraseña nueva, se cerrarán todas tus sesiones.
mail-reset-not-you = Si no has solicitado esto, ignora este mensaje: tu contraseña seguirá siendo la misma.

## Tras un cambio de contraseña (mail/password_changed)
mail-changed-subject = Se ha cambiado tu contraseña de { $product }
mail-changed-body = Se ha cambiado la contraseña de tu cuenta de { $product } ({ $email }). Se han cerrado tus demás sesiones.
# Parte HTML: $link es un enlace a la página de restablecimiento con el texto de mail-changed-not-you-link.
mail-changed-not-you = Si no reconoces este cambio, { $link }.
mail-changed-not-you-link = restablece tu contraseña ahora
# Parte de texto sin formato; el enlace a la página de restablecimiento va después, en su propia línea.
mail-changed-not-you-open = Si no reconoces este cambio, restablece tu contraseña ahora:

## Tras agregar o quitar un segundo factor o un inicio de sesión (mail/factor_changed)
# Cada cambio tiene un asunto y la frase que lo cuenta en el cuerpo.
mail-factor-totp-added-subject = Se ha agregado una aplicación de autenticación ({ $product })
mail-factor-totp-added-body = Se ha agregado una aplicación de autenticación como segundo factor en tu cuenta de { $product } ({ $email }).
mail-factor-totp-removed-subject = Se ha quitado una aplicación de autenticación ({ $product })
mail-factor-totp-removed-body = Se ha quitado la aplicación de autenticación de los segundos factores de tu cuenta de { $product } ({ $email }).
# Códigos de recuperación: códigos de un solo uso que sustituyen al segundo factor.
mail-factor-codes-renewed-subject = Se han generado nuevos códigos de recuperación ({ $product })
mail-factor-codes-renewed-body = Se han generado nuevos códigos de recuperación para tu cuenta de { $product } ({ $email }): los anteriores ya no funcionan.
mail-factor-passkey-added-subject = Se ha agregado una llave de acceso ({ $product })
mail-factor-passkey-added-body = Se ha agregado una llave de acceso a tu cuenta de { $product } ({ $email }): te permite iniciar sesión o confirmar un inicio de sesión con contraseña.
mail-factor-passkey-removed-subject = Se ha quitado una llave de acceso ({ $product })
mail-factor-passkey-removed-body = Se ha quitado una llave de acceso de tu cuenta de { $product } ({ $email }).
# Inicio de sesión a través de otro proveedor, como Google o GitHub.
mail-factor-sign-in-connected-subject = Se ha vinculado una cuenta de otro proveedor a tu cuenta ({ $product })
mail-factor-sign-in-connected-body = Se ha vinculado una cuenta de otro proveedor (como Google o GitHub) a tu cuenta de { $product } ({ $email }): ahora puedes usarla para iniciar sesión.
mail-factor-sign-in-disconnected-subject = Se ha desvinculado una cuenta de otro proveedor de tu cuenta ({ $product })
mail-factor-sign-in-disconnected-body = Se ha desvinculado una cuenta de otro proveedor de tu cuenta de { $product } ({ $email }).
mail-factor-reset-subject = Se han restablecido tus segundos factores ({ $product })
mail-factor-reset-body = Un administrador ha quitado todos los segundos factores y ha cerrado todas las sesiones de tu cuenta de { $product } ({ $email }).
# Parte HTML: $link es un enlace a la página de restablecimiento con el texto de mail-factor-not-you-link.
mail-factor-not-you = Si no reconoces este cambio, es posible que alguien conozca tu contraseña: { $link } y después revisa la configuración de seguridad de tu cuenta.
mail-factor-not-you-link = restablécela ahora
# Parte de texto sin formato; el enlace a la página de restablecimiento va después, en su propia línea.
mail-factor-not-you-open = Si no reconoces este cambio, es posible que alguien conozca tu contraseña: restablécela ahora y después revisa la configuración de seguridad de tu cuenta:

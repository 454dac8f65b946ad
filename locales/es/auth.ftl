# Inicio de sesión, registro, restablecimiento de contraseña, verificación del
# correo, segundos factores al iniciar sesión, consentimiento, dispositivos y
# cierre de sesión.

## Etiquetas de campo compartidas
field-label-email = Correo electrónico
field-label-password = Contraseña

## /login (templates/pages/login.html)
login-title = Iniciar sesión
login-submit = Iniciar sesión
login-or = o
login-passkey = Iniciar sesión con una llave de acceso
login-with-provider = Iniciar sesión con { $provider }
login-forgot = ¿Olvidaste tu contraseña?
# $link es un enlace con el texto de login-no-account-link.
login-no-account = ¿Aún no tienes cuenta? { $link }.
login-no-account-link = Crea una

## Palabras compartidas por varias páginas de inicio de sesión
login-continue = Continuar
login-label-code = Código
login-allow = Permitir
login-deny = Denegar
# Un enlace o botón que vuelve a /login.
login-link-sign-in = Iniciar sesión
login-back-to-sign-in = Volver al inicio de sesión
login-link-account = Ir a tu cuenta
# El encabezado que se muestra después de enviar un correo con un enlace.
login-check-email-title = Revisa tu correo
# $provider es el nombre de un proveedor de inicio de sesión ("GitLab").
login-continue-with-provider = Continuar con { $provider }

## Avisos en la parte superior de /login, tras una redirección
login-notice-signed-out = Has cerrado sesión.
login-notice-password-reset = Tu contraseña se ha cambiado. Inicia sesión con la nueva.
login-notice-deleted = Tu cuenta y sus datos se han eliminado.
# "Cuentas vinculadas" es el encabezado de esa sección de la página de la cuenta.
login-notice-connect = Inicia sesión con tu contraseña y luego vincula el proveedor en Cuentas vinculadas, en la página de tu cuenta.

## /register (templates/pages/register.html)
login-register-title = Crea tu cuenta
login-label-name-optional = Nombre (opcional)
# $min y $max son números de caracteres.
login-register-password-hint = De { $min } a { $max } caracteres. Unas cuantas palabras sin relación entre sí forman una contraseña segura.
login-register-submit = Crear cuenta
# $link es un enlace con el texto de login-have-account-link.
login-have-account = ¿Ya tienes cuenta? { $link }.
login-have-account-link = Inicia sesión
# $email es la dirección con la que se creó la cuenta.
login-register-done = Tu cuenta { $email } está lista. Te hemos enviado un correo con un enlace para confirmar tu dirección.

## /forgot-password (templates/pages/forgot.html)
login-forgot-title = ¿Olvidaste tu contraseña?
login-forgot-intro = Escribe tu dirección de correo electrónico y te enviaremos un enlace para elegir una contraseña nueva.
login-forgot-submit = Enviar el enlace
login-forgot-sent = Si existe una cuenta con esta dirección, le hemos enviado un enlace para elegir una contraseña nueva. El enlace solo funciona una vez y durante un tiempo limitado.

## /reset-password (templates/pages/reset.html)
login-reset-title = Elige una contraseña nueva
login-label-new-password = Contraseña nueva
# $min y $max son números de caracteres.
login-reset-password-hint = De { $min } a { $max } caracteres. Tendrás que volver a iniciar sesión en todos tus dispositivos.
login-reset-submit = Guardar la contraseña nueva
login-link-new-reset = Solicitar un enlace nuevo

## /verify-email (templates/pages/verify.html)
login-verify-title = Confirma tu dirección de correo electrónico
login-verify-intro = Usa el botón para confirmar que esta dirección es tuya.
login-verify-submit = Confirmar mi dirección de correo
login-verified-title = Correo electrónico confirmado
login-verified = Gracias: tu dirección de correo electrónico está confirmada.

## El segundo paso del inicio de sesión (templates/pages/login_mfa.html)
login-mfa-title = Segundo paso
login-mfa-totp = Escribe el código de seis dígitos que muestra tu aplicación de autenticación.
login-mfa-totp-or-code = Escribe el código de seis dígitos que muestra tu aplicación de autenticación o uno de tus códigos de recuperación.
login-mfa-passkey = Usa tu llave de acceso para terminar de iniciar sesión.
login-mfa-passkey-or-code = Usa tu llave de acceso para terminar de iniciar sesión o escribe uno de tus códigos de recuperación.
login-mfa-code = Escribe uno de tus códigos de recuperación.
login-mfa-use-passkey = Usar una llave de acceso
login-mfa-needs-javascript = Para usar tu llave de acceso, este navegador necesita JavaScript.
login-start-over = Empezar de nuevo

## Inicio de sesión a través de otro proveedor, cuando se interrumpe
login-federated-retry = Volver a intentarlo
login-federated-use-password = Iniciar sesión con tu contraseña
login-federated-unavailable-title = Servicio de inicio de sesión no disponible
login-federated-unavailable = No se pudo conectar con el proveedor de inicio de sesión o completar el inicio de sesión. Vuelve a intentarlo en un momento o inicia sesión de otra forma.

## Consentimiento a una aplicación (templates/pages/consent.html)
# El título de la pestaña del navegador.
login-consent-title = Permitir acceso
# $client es el nombre de la aplicación.
login-consent-heading = ¿Dar acceso a { $client }?
# $client es el nombre de la aplicación, en negrita; después sigue una lista de lo que puede ver.
login-consent-asks-and-see = { $client } solicita iniciar sesión con tu cuenta y ver:
# $client es el nombre de la aplicación, en negrita.
login-consent-asks = { $client } solicita iniciar sesión con tu cuenta.
# "Aplicaciones conectadas" es el encabezado de esa sección de la página de la cuenta.
login-consent-withdraw = Puedes retirar este permiso en cualquier momento en Aplicaciones conectadas, en la página de tu cuenta.
# Lo que una aplicación puede ver, para cada ámbito que solicita (en la lista tras login-consent-asks-and-see).
login-scope-profile = tu nombre
login-scope-email = tu dirección de correo electrónico
login-scope-offline-access = acceso mientras no estás (mantiene la sesión iniciada)
login-scope-roles = tus roles
# Una solicitud de autorización que no es seguro responder.
login-refused-title = No se puede iniciar sesión
login-refused-heading = No se puede iniciar sesión en esta aplicación
login-refused-unregistered = Esta aplicación no está registrada en este servidor.
login-refused-redirect-uri = La dirección de retorno no es una de las que registró esta aplicación.

## /device (templates/pages/device.html)
login-device-title = Conectar un dispositivo
login-device-intro = Escribe el código que muestra tu dispositivo.
device-code-unknown = Este código no es válido, ya se ha usado o ha caducado. Consulta el código actual en el dispositivo.
# $client es el nombre de la aplicación.
login-device-heading = ¿Dar acceso a { $client } en tu dispositivo?
# $code es el código que muestra el dispositivo, en negrita.
login-device-asks = El dispositivo que muestra el código { $code } solicita iniciar sesión con tu cuenta.
# $code es el código que muestra el dispositivo, en negrita; $scopes enumera códigos de ámbito ("profile, email").
login-device-asks-and-see = El dispositivo que muestra el código { $code } solicita iniciar sesión con tu cuenta y ver: { $scopes }.
login-device-only-yours = Permítelo solo si iniciaste este proceso en un dispositivo tuyo.
login-device-connected-title = Dispositivo conectado
login-device-connected = Ya puedes volver a tu dispositivo: la sesión está iniciada.
login-device-refused-title = Dispositivo no conectado
login-device-refused = No se ha dado acceso al dispositivo. Puedes cerrar esta página.

## Cierre de sesión a petición de una aplicación (templates/pages/logout.html)
# El título de la pestaña del navegador.
login-logout-title = Cerrar sesión
login-logout-heading = ¿Cerrar sesión?
login-logout-asked = Una aplicación ha solicitado cerrar tu sesión en { $product }.
login-logout-submit = Cerrar sesión
login-logout-stay = Mantener la sesión iniciada
login-logout-refused-title = No se puede cerrar sesión
login-logout-refused-heading = No se puede cerrar sesión desde esta aplicación
login-logout-refused-two-apps = La solicitud de cierre de sesión menciona dos aplicaciones distintas.
login-logout-refused-redirect-uri = La dirección de retorno tras cerrar sesión no es una de las que registró esta aplicación.
login-signed-out-title = Sesión cerrada
login-signed-out-heading = Has cerrado sesión
login-signed-out-close = Puedes cerrar esta ventana.
login-link-sign-in-again = Iniciar sesión de nuevo

## Números de página bajo las listas largas (templates/pages/pager.html, en las páginas de administración)
login-pager-label = Páginas
login-pager-previous = Página anterior
login-pager-next = Página siguiente
login-pager-position = Página { $page } de { $pages }

## El script de llaves de acceso de las páginas de inicio de sesión (static/passkeys.js)
login-passkey-failed = No se pudo preparar la llave de acceso: recarga la página y vuelve a intentarlo.
# Cuando se cerró el cuadro de diálogo de llaves de acceso del navegador.
login-passkey-cancelled = No se usó ninguna llave de acceso. Vuelve a intentarlo o usa otro método.

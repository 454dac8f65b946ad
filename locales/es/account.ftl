# Las páginas propias del usuario con sesión iniciada: /account, la
# configuración de una aplicación de autenticación y los códigos de
# recuperación, que se muestran una sola vez.

## /account (templates/pages/account.html)
# El título y el encabezado de la página.
account-title = Tu cuenta
# Se muestra en lugar de un campo de contraseña a quien no tiene contraseña
# (inicia sesión a través de un proveedor). $link es un enlace con el texto
# de account-fresh-hint-link.
account-fresh-hint = Como aquí no tienes contraseña, tu inicio de sesión sirve de confirmación si tiene menos de cinco minutos; si es anterior, primero { $link }.
account-fresh-hint-link = vuelve a iniciar sesión

## Avisos en la parte superior de /account tras enviar un formulario
account-notice-profile = Tu nombre se ha guardado.
account-notice-password = Tu contraseña se ha cambiado. Se han cerrado tus demás sesiones.
account-notice-verification = Te hemos enviado un nuevo correo de confirmación.
account-notice-session = Se ha cerrado esa sesión.
account-notice-app = Se ha desconectado esa aplicación y se ha cerrado su sesión.
account-notice-totp-removed = Se ha quitado la aplicación de autenticación.
account-notice-passkey-added = Se ha agregado tu llave de acceso.
account-notice-passkey-removed = Se ha quitado esa llave de acceso.
account-notice-connected = Se ha vinculado el proveedor: ya puedes iniciar sesión con él.
account-notice-disconnected = Se ha desvinculado el proveedor.

## Perfil
account-profile-heading = Perfil
account-email = Correo electrónico
# Una etiqueta junto a la dirección de correo.
account-email-verified = verificado
# Una etiqueta junto a la dirección de correo.
account-email-not-verified = sin verificar
# Le sigue la fecha de creación de la cuenta.
account-member-since = Miembro desde
account-resend-verification = Reenviar el correo de confirmación
# La etiqueta del nombre visible del usuario.
account-field-name = Nombre
account-save-name = Guardar nombre

## Contraseña
account-password-heading = Cambiar contraseña
# $link es un enlace con el texto de account-no-password-link, a la página
# que envía por correo un enlace para establecer una contraseña.
account-no-password = Inicias sesión a través de un proveedor y aquí no tienes contraseña. Para establecer una, { $link }.
account-no-password-link = solicita un enlace por correo
account-field-current-password = Contraseña actual
account-field-new-password = Contraseña nueva
account-password-hint = Se cerrarán tus demás sesiones.
account-password-submit = Cambiar contraseña

## Seguridad: aplicación de autenticación
account-security-heading = Seguridad
account-totp-heading = Aplicación de autenticación
# Una etiqueta: la aplicación de autenticación está activada.
account-totp-on = activada
account-totp-on-text = Al iniciar sesión con tu contraseña, también se te pide un código de la aplicación.
account-field-totp-remove-password = Tu contraseña, para quitar la aplicación
account-totp-remove = Quitar la aplicación
account-totp-off-text = Pide también un código de una aplicación de tu teléfono al iniciar sesión con tu contraseña.
account-field-password = Tu contraseña
account-totp-start = Configurar una aplicación de autenticación

## Seguridad: códigos de recuperación
account-codes-heading = Códigos de recuperación
# Quedan $left códigos sin usar, de los $total que se generan cada vez.
account-codes-left = { $left ->
    [0] No te queda ninguno de tus { $total } códigos de recuperación: genera otros por si pierdes el teléfono o la llave de acceso.
    [one] Te queda 1 de { $total } códigos de recuperación.
   *[other] Te quedan { $left } de { $total } códigos de recuperación.
}
account-codes-hint = Tus códigos anteriores dejarán de funcionar.
account-codes-renew = Generar códigos de recuperación nuevos
account-codes-none = Los códigos de recuperación se generan al configurar tu primer segundo factor.

## Seguridad: llaves de acceso
account-passkeys-heading = Llaves de acceso
account-passkeys-intro = Una llave de acceso te permite iniciar sesión con tu huella digital, tu rostro o el PIN del dispositivo, sin escribir ninguna contraseña.
# Una llave de acceso de la lista: $name (en negrita) es el nombre que le dio
# su propietario y $added, la fecha en que se agregó.
account-passkey = { $name } · agregada el { $added }
# Lo mismo para una llave ya usada: $used es la fecha de su último uso.
account-passkey-used = { $name } · agregada el { $added } · último uso el { $used }
# La etiqueta de un botón para lectores de pantalla; $name es el nombre de la llave.
account-passkey-remove-label = Quitar la llave de acceso { $name }
account-passkey-remove = Quitar
account-field-passkey-name = Nombre de la llave de acceso (por ejemplo, Portátil)
account-field-passkey-password = Tu contraseña (no hace falta justo después de iniciar sesión)
account-passkey-add = Agregar una llave de acceso
account-passkey-needs-script = Para agregar una llave de acceso se necesita JavaScript.
# Lo dice el script de llaves de acceso cuando la respuesta del servidor no sirve.
account-passkey-failed = No se pudo preparar la llave de acceso: recarga la página y vuelve a intentarlo.
# Lo dice el script cuando se cerró el cuadro de diálogo de llaves de acceso del navegador.
account-passkey-cancelled = No se usó ninguna llave de acceso. Vuelve a intentarlo o usa otro método.
# Lo dice el script cuando falta la contraseña o es incorrecta.
account-passkey-password-needed = Escribe tu contraseña para agregar una llave de acceso.

## Sesiones
account-sessions-heading = Sesiones
# El título de una tabla, para lectores de pantalla.
account-sessions-caption = Dónde has iniciado sesión
account-sessions-device = Dispositivo
# La dirección de red (IP).
account-sessions-address = Dirección IP
# Una columna de fechas y horas: cuándo empezó la sesión.
account-sessions-signed-in = Inicio de sesión
# Una columna de botones, para lectores de pantalla.
account-sessions-action = Acción
# Una sesión cuyo navegador no indicó qué es.
account-sessions-unknown-device = Desconocido
# Una etiqueta en la sesión del navegador que muestra la página.
account-sessions-this-browser = este navegador
# La etiqueta de un botón para lectores de pantalla; $time es una fecha y hora.
account-session-end-label = Cerrar la sesión del { $time }
account-session-end = Cerrar sesión
account-sessions-end-all = Cerrar sesión en todas partes

## Cuentas vinculadas (otros proveedores)
account-providers-heading = Cuentas vinculadas
account-providers-intro = Inicia sesión con tu cuenta de otro proveedor.
# Una etiqueta junto al nombre de un proveedor.
account-provider-connected = vinculado
# En lugar de la dirección que dio un proveedor vinculado, si no dio ninguna.
account-provider-no-email = vinculado
# La etiqueta de un botón para lectores de pantalla; $provider es el nombre del proveedor.
account-provider-disconnect-label = Desvincular { $provider }
account-provider-disconnect = Desvincular
# La etiqueta de un enlace para lectores de pantalla; $provider es el nombre del proveedor.
account-provider-connect-label = Vincular { $provider }
account-provider-connect = Vincular

## Aplicaciones conectadas
account-apps-heading = Aplicaciones conectadas
account-apps-none = Ninguna aplicación tiene acceso a tu cuenta.
# $app (en negrita) es el nombre de la aplicación, $scopes una lista de códigos
# de ámbito (openid, email…) y $since la fecha en que el usuario los permitió.
account-app = { $app } puede ver: { $scopes } (desde el { $since })
# La etiqueta de un botón para lectores de pantalla; $app es el nombre de la aplicación.
account-app-disconnect-label = Desconectar { $app }
account-app-disconnect = Desconectar

## Tus datos
account-data-heading = Tus datos
account-data-intro = Descarga en un archivo JSON todo lo que tenemos sobre ti.
account-data-download = Descargar mis datos

## Eliminar la cuenta
account-delete-heading = Eliminar cuenta
account-delete-intro = Esto borra tu cuenta y tus datos personales. No se puede deshacer.
account-field-delete-password = Tu contraseña, para confirmar
account-delete-submit = Eliminar mi cuenta

## Códigos de recuperación mostrados una vez (templates/pages/account_codes.html)
# El título y el encabezado de la página.
account-codes-title = Tus códigos de recuperación
account-codes-intro =
    Si pierdes el teléfono o la llave de acceso, cada uno de estos códigos te permite iniciar sesión una vez en lugar del segundo factor.
    Guárdalos en un lugar seguro, como un gestor de contraseñas.
# En negrita, después de account-codes-intro.
account-codes-once = Solo se muestran ahora.
account-codes-saved = Ya los he guardado

## Configuración de una aplicación de autenticación (templates/pages/account_totp.html)
# El título y el encabezado de la página.
account-totp-title = Configurar una aplicación de autenticación
account-totp-scan = Abre tu aplicación de autenticación (como Google Authenticator, Microsoft Authenticator, 1Password o Aegis) y escanea este código.
# La etiqueta del código QR, para lectores de pantalla.
account-totp-qr-label = Código QR para tu aplicación de autenticación
# Le sigue la clave secreta.
account-totp-type-key = ¿No puedes escanearlo? Escribe esta clave:
account-totp-type-code = Escribe el código de seis dígitos que muestra ahora la aplicación.
account-field-totp-code = Código de la aplicación
account-totp-confirm = Activar
account-totp-cancel = Cancelar
# Junto al campo del código cuando el código escrito no coincide.
totp-code-wrong = El código es incorrecto o ha caducado: escribe el que muestra ahora la aplicación.

## El idioma de las páginas y los correos del usuario (sección de perfil)
account-field-language = Idioma
# La opción que no guarda ningún idioma: el del navegador o, si no, el predeterminado.
account-language-automatic = Automático (el idioma de tu navegador)
account-language-hint = Las páginas y los correos que te enviamos usan este idioma.
account-save-language = Guardar idioma
account-notice-language = Tu idioma se ha guardado.

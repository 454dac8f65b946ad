# Las páginas de error: cada mensaje es la frase bajo el encabezado, y su
# .title el encabezado (y el título de la pestaña del navegador). Los códigos
# de problema, rutas, tipos de contenido y nombres de cabecera no se traducen.

## Inicio de sesión a través de otro proveedor
error-state-mismatch = Este inicio de sesión no se empezó en este navegador o se modificó su enlace. Vuelve a empezar.
    .title = No se pudo completar el inicio de sesión
error-flow-expired = El inicio de sesión no se completó a tiempo. Vuelve a empezar.
    .title = El inicio de sesión tardó demasiado
error-access-denied = El inicio de sesión se canceló en el proveedor o este no lo permitió. Puedes volver a intentarlo o iniciar sesión de otra forma.
    .title = Inicio de sesión cancelado
error-link-with-password = Ya existe una cuenta con esta dirección de correo electrónico. Inicia sesión con tu contraseña y luego vincula este proveedor desde la página de tu cuenta.
    .title = Primero inicia sesión con tu contraseña
error-federation-signup-closed = No hay ninguna cuenta para esta identidad y este proveedor no puede crearla. Regístrate primero o inicia sesión de otra forma.
    .title = Aún no tienes cuenta
error-email-missing = El proveedor no compartió una dirección de correo electrónico verificada, que es necesaria para tener una cuenta. Permítelo en el proveedor o regístrate con tu dirección de correo electrónico.
    .title = Sin dirección de correo electrónico
error-identity-taken = Esta identidad ya se usa para iniciar sesión en otra cuenta de este servicio.
    .title = Vinculada a otra cuenta
error-identity-exists = Tu cuenta ya está vinculada a otra identidad de este proveedor: primero desvincúlala.
    .title = Ya vinculada
# code_verifier es un nombre de parámetro: no se traduce.
error-invalid-login-code = El código de inicio de sesión no es válido, ya se ha usado o ha caducado, o el code_verifier no coincide con él.
    .title = Código de inicio de sesión no válido

## Rechazos y errores de cualquier página
error-validation-failed = Uno o varios campos no son válidos.
    .title = Error de validación
error-invalid-credentials = El correo electrónico o la contraseña son incorrectos.
    .title = Credenciales no válidas
error-invalid-token = El token no es válido o se ha revocado: vuelve a iniciar sesión.
    .title = No autorizado
error-token-expired = El token de acceso ha caducado: obtén uno nuevo con el token de actualización.
    .title = Token caducado
error-account-disabled = Esta cuenta está desactivada.
    .title = Cuenta desactivada
error-email-not-verified = Verifica tu dirección de correo electrónico antes de iniciar sesión.
    .title = Correo electrónico sin verificar
error-forbidden = No tienes permiso para hacer esto.
    .title = Acceso denegado
error-not-found = Este recurso no existe.
    .title = No encontrado
error-email-taken = Ya existe una cuenta con esta dirección de correo electrónico.
    .title = Correo electrónico en uso
error-invalid-one-time-token = Este enlace no es válido, ya se ha usado o ha caducado. Solicita uno nuevo.
    .title = Enlace no válido
error-reauth-failed = La contraseña actual es incorrecta.
    .title = No se pudo confirmar tu identidad
error-last-admin = Debe quedar al menos un administrador activo.
    .title = Último administrador
error-role-exists = Ya existe un rol con este nombre.
    .title = El rol ya existe
error-builtin-role = Los roles integrados no se pueden modificar ni eliminar.
    .title = Rol integrado
error-invalid-client = El cliente es desconocido o no se autenticó.
    .title = Cliente no válido
# Se rechazó una solicitud OAuth que envió una aplicación (el motivo solo se
# muestra a la aplicación).
error-invalid-request = La aplicación envió una solicitud que no se puede procesar. Vuelve a ella y empieza de nuevo.
    .title = Solicitud no válida
# palisade es el ID del cliente: no se traduce.
error-builtin-client = El cliente integrado palisade no se puede modificar ni eliminar.
    .title = Cliente integrado
error-already-enrolled = Ya hay una aplicación de autenticación configurada: primero quítala.
    .title = Ya configurada
error-invalid-code = El código es incorrecto o ha caducado: escribe el que muestra ahora la aplicación.
    .title = Código no válido
error-wrong-code = El código es incorrecto, ya se ha usado o ha caducado.
    .title = Código no válido
error-upstream-refused = No se pudo verificar la respuesta del proveedor de identidad: vuelve a empezar.
    .title = Inicio de sesión rechazado
error-last-login-method = Es tu única forma de iniciar sesión: primero establece una contraseña o agrega una llave de acceso.
    .title = Última forma de iniciar sesión
error-signup-closed = Aquí no se pueden crear cuentas nuevas: pide una invitación a un administrador.
    .title = Registro desactivado
error-tenant-exists = Ya existe un inquilino con este slug.
    .title = El inquilino ya existe
error-host-taken = Otro inquilino ya usa uno de estos hosts.
    .title = Host en uso
error-default-tenant = El inquilino predeterminado contiene la administración de la plataforma y no se puede eliminar.
    .title = Inquilino predeterminado
error-provider-exists = Ya hay un proveedor de identidad vinculado con este slug.
    .title = El proveedor ya existe
# /v1/users/me/mfa es una ruta de la API: no se traduce.
error-mfa-enrollment-required = Tu rol exige un segundo factor: primero configura uno en /v1/users/me/mfa o en la página de tu cuenta.
    .title = Se requiere un segundo factor
error-invalid-passkey = No se pudo registrar la llave de acceso: vuelve a empezar.
    .title = Llave de acceso no válida
error-mfa-token-expired = El segundo paso caducó o falló demasiadas veces: vuelve a iniciar sesión.
    .title = Inicio de sesión caducado
error-mfa-required = Termina de iniciar sesión con un segundo factor.
    .title = Se requiere un segundo factor
error-unverified-account = La dirección de correo electrónico de esta cuenta no está verificada.
    .title = Cuenta sin verificar
error-rate-limited = Espera un poco y vuelve a intentarlo más tarde.
    .title = Demasiadas solicitudes
error-busy = Se están procesando demasiadas solicitudes; vuelve a intentarlo en un momento.
    .title = Servicio ocupado
error-unavailable = No se puede acceder a la base de datos; vuelve a intentarlo en breve.
    .title = Servicio no disponible
error-internal = Algo salió mal por nuestra parte. Incluye el ID de la solicitud cuando lo notifiques.
    .title = Error interno del servidor

## Errores de la propia solicitud
# Un formulario o una consulta que el servidor no pudo leer.
error-malformed-request = No se pudo leer la solicitud.
    .title = Solicitud mal formada
# application/json es un tipo de contenido: no se traduce.
error-unsupported-media-type = Envía el cuerpo como application/json.
    .title = Tipo de contenido no admitido
error-payload-too-large = El cuerpo de la solicitud supera los 64 KiB.
    .title = Contenido demasiado grande
# $header es la cabecera HTTP que hay que enviar (Authorization con un token bearer).
error-missing-token = Este endpoint requiere un token de acceso: { $header }.
    .title = No autorizado
error-method-not-allowed = Esta ruta no admite este método.
    .title = Método no permitido
error-timeout = La solicitud tardó demasiado.
    .title = Tiempo de espera agotado

## Solo en páginas
# Una solicitud que nada reconoció (hoy ninguna página lo muestra).
error-request-failed = No se pudo procesar la solicitud.
    .title = Error en la solicitud
# Un formulario enviado sin el token de esta sesión (tras una pausa larga o
# desde otro sitio).
error-form-expired = Este formulario ha caducado o no se envió desde este sitio. Vuelve atrás, recarga la página y vuelve a intentarlo.
    .title = Formulario caducado
# Bajo un error del servidor: $detail es la frase del error (otro mensaje
# error-*) y $id el ID de la solicitud que hay que indicar al notificarlo.
error-request-id = { $detail } ID de la solicitud: { $id }.

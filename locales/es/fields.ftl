# Lo que dice un formulario junto a un campo que rechazó. La API envía las
# mismas frases en inglés (problem+json errors[].message). Los nombres de
# campo, códigos, nombres de ámbitos y concesiones, esquemas de URL, nombres
# de host de ejemplo y variables PALISADE_* no se traducen.

field-required = Este campo es obligatorio.

## Dirección de correo, contraseña, nombre visible (registro, cuenta)
field-email-required = La dirección de correo electrónico es obligatoria.
field-email-too-long = { $max ->
    [one] La dirección de correo electrónico puede tener como máximo 1 carácter.
   *[other] La dirección de correo electrónico puede tener como máximo { $max } caracteres.
}
field-email-invalid = No es una dirección de correo electrónico a la que podamos enviar mensajes.
# El inquilino solo acepta algunos dominios de correo.
field-email-domain-not-allowed = Con direcciones de este dominio no se puede crear una cuenta aquí.
field-password-too-short = { $min ->
    [one] La contraseña debe tener al menos 1 carácter.
   *[other] La contraseña debe tener al menos { $min } caracteres.
}
field-password-too-long = { $max ->
    [one] La contraseña puede tener como máximo 1 carácter.
   *[other] La contraseña puede tener como máximo { $max } caracteres.
}
field-password-too-weak = Esta contraseña es demasiado fácil de adivinar: usa una frase más larga o incluye palabras poco comunes.
field-display-name-too-long = { $max ->
    [one] El nombre visible puede tener como máximo 1 carácter.
   *[other] El nombre visible puede tener como máximo { $max } caracteres.
}
field-display-name-control = El nombre visible no puede contener caracteres de control.
# Un segundo paso de inicio de sesión con un método desconocido; totp y
# recovery_code son códigos.
field-mfa-method = Usa totp o recovery_code.
# Un número de página o un tamaño de página en la dirección de una lista.
field-whole-number = Se esperaba un número entero a partir de 1.
# Un valor de tipo incorrecto (texto donde va un número…).
field-invalid-type = Este valor es de un tipo incorrecto.

## Clientes OAuth (administración)
field-client-name-required = El cliente necesita un nombre.
field-client-name-too-long = El nombre puede tener como máximo 100 caracteres.
# "confidential" y "public" son los códigos del tipo.
field-client-type-invalid = Debe ser "confidential" o "public".
field-client-type-immutable = El tipo de un cliente no se puede cambiar: registra un cliente nuevo.
field-client-public-no-secret = Un cliente público no tiene secreto.
field-client-too-many-uris = Como máximo 20 URI.
# $name es el tipo de concesión indicado, entre comillas; $known, los conocidos,
# separados por comas.
field-client-grant-unknown = Tipo de concesión desconocido: { $name }. Tipos conocidos: { $known }.
# $name es el ámbito indicado, entre comillas; $known, los conocidos,
# separados por comas.
field-client-scope-unknown = Ámbito desconocido: { $name }. Ámbitos conocidos: { $known }.
field-client-audience-too-long = La audiencia puede tener como máximo 255 caracteres.
# La duración de los tokens de acceso.
field-client-token-ttl = Entre 60 y 86400 segundos.
# authorization_code es el nombre de la concesión.
field-client-code-needs-redirect = La concesión authorization_code necesita al menos una URI de redirección.
# client_credentials es el nombre de la concesión.
field-client-public-client-credentials = Un cliente público no puede usar client_credentials: no tiene secreto.
field-client-password-first-party = Solo los clientes propios pueden usar la concesión password.
field-client-public-pkce = Los clientes públicos siempre usan PKCE.

## URI de redirección de un cliente
field-redirect-too-long = Una URI de redirección puede tener como máximo 2000 caracteres.
field-redirect-wildcard = Las URI de redirección deben coincidir exactamente: no se admiten comodines.
field-redirect-not-absolute = No es una URI absoluta.
field-redirect-fragment = Una URI de redirección no puede tener fragmento (#…).
field-redirect-credentials = Una URI de redirección no puede contener nombre de usuario ni contraseña.
field-redirect-http = http:// solo se permite en loopback (127.0.0.1, [::1], localhost), salvo que se defina PALISADE_ALLOW_HTTP_REDIRECTS.
field-redirect-scheme = Usa https://, http:// en loopback o un esquema de uso privado como com.example.app:/callback.

## Inicio de sesión de una aplicación a través de un proveedor (redirect_uri, code_challenge, state)
field-app-redirect-unknown = Ninguna aplicación propia registrada tiene esta URI de redirección.
# base64url, SHA-256 y code_verifier son nombres: no se traducen.
field-app-code-challenge = Envía el SHA-256 en base64url de tu code_verifier (43 caracteres).
field-app-state-too-long = Como máximo 512 caracteres.

## Roles (administración)
# Los caracteres que admite un nombre de rol: no se traducen.
field-role-name-invalid = De 2 a 64 caracteres: a-z, 0-9, _ - . :, empezando por una letra.
# $name es el permiso indicado, entre comillas; $known, los conocidos,
# separados por comas.
field-role-permission-unknown = Permiso desconocido: { $name }. Permisos conocidos: { $known }.
field-role-description-too-long = La descripción puede tener como máximo 500 caracteres.

## Inquilinos (administración)
field-tenant-slug = De 2 a 63 letras minúsculas, dígitos y guiones, empezando por una letra o un dígito.
# El nombre visible o el nombre de producto de un inquilino.
field-tenant-name = De 1 a 100 caracteres, sin caracteres de control.
field-tenant-too-many-names = Demasiados nombres.
field-tenant-host-name = Indica nombres de host como auth.example.com (sin esquema ni puerto).
# $languages son los códigos de todos los idiomas menos el último ("en, de,
# fr, es, ja") y $last, el último ("ar").
field-tenant-locale = Usa { $languages } o { $last }.
# La longitud mínima de la contraseña, en caracteres.
field-tenant-password-min-length = De 8 a 128.
# Los dominios de correo permitidos se indicaron como una lista vacía.
field-tenant-domains-empty = Omítelo para permitir cualquier dominio.
field-tenant-mfa-roles = De 1 a 32 nombres de rol: letras minúsculas, dígitos, - y _ (omítelo si no hay ninguno).
# La duración de los tokens de acceso.
field-tenant-access-ttl = De 60 segundos a un día.
# La duración de los tokens de actualización.
field-tenant-refresh-ttl = De 5 minutos a un año, y más que la de los tokens de acceso.
field-tenant-default-settings = La configuración del inquilino predeterminado es la del servidor (variables PALISADE_*).
field-tenant-confirm-slug = Repite el slug del inquilino para eliminarlo.

## Proveedores de identidad (administración)
field-provider-url = Usa una URL https:// (http:// solo en esta máquina).
field-provider-text = { $max ->
    [one] Indica 1 carácter.
   *[other] Indica de 1 a { $max } caracteres.
}
# google es un ejemplo de slug de proveedor.
field-provider-slug = Usa letras minúsculas, dígitos y guiones (como google).
field-provider-slug-reserved = Este nombre ya lo usa una página.
# oidc, github y oauth2 son los códigos de los tipos.
field-provider-kind = Usa oidc, github u oauth2.
field-provider-secret = Indica el secreto que emitió el proveedor.
# openid y read:user son ejemplos de nombres de ámbito.
field-provider-scopes = Indica nombres de ámbito como openid o read:user.
# data.id es un ejemplo de ruta.
field-provider-claim-path = Indica una ruta con puntos dentro del JSON del usuario, como data.id.
field-provider-issuer-required = Un proveedor OpenID se localiza mediante la URL de su emisor.
# openid es el nombre del ámbito.
field-provider-openid-scope = Un proveedor OpenID necesita el ámbito openid.
field-provider-endpoints = Un proveedor OAuth 2 genérico necesita sus endpoints.
# amr es el claim del token de ID que indica cómo inició sesión la persona.
field-provider-trust-mfa = Solo el amr firmado de un proveedor OpenID puede sustituir a un segundo factor.
field-provider-in-use = Hay personas que inician sesión a través de este proveedor: su emisor, su endpoint de usuario, su ID de cliente y el sujeto no se pueden cambiar. Agrega otro proveedor en su lugar.

## Por código: lo que dice un error de campo cuando su frase no tiene mensaje
## propio (las páginas muestran `field-` seguido del código; los ids llevan los códigos de la API tal cual).
field-too_long = Es demasiado largo.
field-too_short = Es demasiado corto.
field-too_many = Hay demasiados.
field-too_weak = Esta contraseña es demasiado fácil de adivinar: usa una frase más larga o incluye palabras poco comunes.
field-invalid = Este valor no es válido.
field-invalid_value = Este valor no es válido.
field-invalid_type = Este valor es de un tipo incorrecto.
field-invalid_email = No es una dirección de correo electrónico a la que podamos enviar mensajes.
field-invalid_url = Usa una URL https:// (http:// solo en esta máquina).
field-invalid_slug = Usa letras minúsculas, dígitos y guiones.
field-invalid_redirect_uri = Esta URI de redirección no se puede usar.
field-immutable = Esto no se puede cambiar.
field-read_only = Esto no se puede modificar.
field-reserved = Este nombre está reservado.
field-public_client = Un cliente público no tiene secreto.
field-unsupported_locale = Este idioma no está disponible.
field-not_registered = No está registrado.
field-in_use = Está en uso y no se puede cambiar.
field-domain_not_allowed = Con direcciones de este dominio no se puede crear una cuenta aquí.

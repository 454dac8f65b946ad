# Las páginas de administración (templates/pages/admin_*.html y
# src/web/pages/admin/). Los identificadores se muestran tal cual y nunca
# están en estos mensajes: acciones de auditoría, nombres de permisos, tipos
# de concesión, códigos de ámbito, tipos de aplicación y de proveedor, nombres
# de rol y las descripciones de los roles integrados.

## Compartido por varias páginas de administración
# Etiquetas pequeñas junto a un nombre en una tabla o un encabezado.
admin-badge-built-in = integrado
admin-badge-active = activo
admin-badge-disabled = desactivado
admin-badge-verified = verificado
admin-badge-not-verified = sin verificar
# Un proveedor de inicio de sesión activado o desactivado.
admin-badge-on = activado
admin-badge-off = desactivado
admin-delete = Eliminar
admin-remove = Quitar
admin-save = Guardar

## Las pestañas sobre cada página de administración (templates/pages/admin_nav.html)
# El nombre de la navegación por pestañas, para lectores de pantalla.
admin-nav = Administración
admin-nav-users = Usuarios
admin-nav-roles = Roles
admin-nav-clients = Aplicaciones
admin-nav-providers = Proveedores de inicio de sesión
admin-nav-tenants = Inquilinos
admin-nav-audit = Registro de auditoría

## /admin/users (templates/pages/admin_users.html)
admin-users-title = Usuarios
admin-users-search-label = El correo o el nombre contiene
admin-users-role = Rol
# La opción del filtro de rol que no filtra nada.
admin-users-role-any = Cualquiera
admin-users-search = Buscar
# Cuántos usuarios encontró la búsqueda (en todas las páginas).
admin-users-count = { $count ->
    [one] 1 usuario
   *[other] { $count } usuarios
}
# Para lectores de pantalla: qué contiene la tabla y en qué orden.
admin-users-caption = Usuarios, del más reciente al más antiguo
admin-users-col-email = Correo electrónico
admin-users-col-name = Nombre
admin-users-col-roles = Roles
admin-users-col-status = Estado
admin-users-col-created = Creado

## /admin/users/{id} (templates/pages/admin_user.html); su título es el
## correo del usuario.
admin-user-account = Cuenta
admin-user-id = ID
admin-user-name = Nombre
# En lugar del nombre de un usuario que no indicó ninguno.
admin-user-no-name = –
admin-user-email = Correo electrónico
admin-user-status = Estado
admin-user-created = Creado
admin-user-last-sign-in = Último inicio de sesión
# En lugar de la fecha del último inicio de sesión.
admin-user-never = nunca
admin-user-audit-link = Eventos de auditoría de este usuario
admin-user-enable = Activar
admin-user-disable = Desactivar
admin-user-verify = Marcar el correo como verificado
admin-user-roles = Roles
# Nombra el botón Quitar junto al rol $role para lectores de pantalla.
admin-user-remove-role = Quitar el rol { $role }
admin-user-add-role-label = Agregar rol
admin-user-add-role = Agregar
admin-user-delete-heading = Eliminar usuario
admin-user-delete-text = Borra la cuenta y sus datos personales. No se puede deshacer.
admin-user-delete-confirm = Sí, eliminar esta cuenta y sus datos
# El botón que elimina al usuario cuyo correo es $email.
admin-user-delete = Eliminar { $email }
# Avisos tras un cambio.
admin-user-updated = El usuario se ha actualizado.
admin-user-roles-changed = Los roles se han modificado.
# Errores de formulario.
admin-user-delete-unconfirmed = Marca la casilla para confirmar la eliminación.
admin-user-action-unknown = Elige desactivar, activar o verificar.
admin-user-op-unknown = Elige asignar o revocar.

## /admin/roles (templates/pages/admin_roles.html)
admin-roles-title = Roles
admin-roles-caption = Roles y sus permisos
admin-roles-col-role = Rol
admin-roles-col-description = Descripción
admin-roles-col-permissions = Permisos
# Encabezado de la columna de botones, solo para lectores de pantalla.
admin-roles-col-action = Acción
# Nombra el botón Eliminar del rol $role para lectores de pantalla.
admin-roles-delete-label = Eliminar el rol { $role }
admin-roles-new = Nuevo rol
admin-roles-field-name = Nombre
admin-roles-field-description = Descripción
admin-roles-permissions = Permisos
admin-roles-create = Crear rol
admin-roles-created = El rol se ha creado.
admin-roles-deleted = El rol se ha eliminado.

## /admin/audit (templates/pages/admin_audit.html)
admin-audit-title = Registro de auditoría
admin-audit-user-id = ID de usuario
admin-audit-user-id-invalid = Se esperaba un ID de usuario (UUID).
# Una acción de auditoría, como login.failed.
admin-audit-action = Acción
admin-audit-filter = Filtrar
# Cuántos eventos encontró el filtro (en todas las páginas).
admin-audit-count = { $count ->
    [one] 1 evento
   *[other] { $count } eventos
}
admin-audit-caption = Eventos de auditoría, del más reciente al más antiguo
admin-audit-col-when = Fecha
admin-audit-col-actor = Actor
admin-audit-col-target = Objetivo
# La dirección IP de la que procede el evento.
admin-audit-col-address = Dirección IP
admin-audit-col-details = Detalles

## /admin/clients: los clientes OAuth, llamados aplicaciones (templates/pages/admin_clients.html)
admin-clients-title = Aplicaciones
admin-clients-secret-heading = Secreto de cliente
# $client es el ID de cliente de la aplicación, en formato de código.
admin-clients-secret-text = El secreto de { $client }, que solo se muestra ahora: guárdalo en la configuración de la aplicación.
admin-clients-caption = Aplicaciones que usan este servidor para que los usuarios inicien sesión
admin-clients-col-app = Aplicación
admin-clients-col-client-id = ID de cliente
admin-clients-type = Tipo
admin-clients-col-redirect-uris = URI de redirección
admin-clients-col-grants = Concesiones
# Encabezado de la columna de botones, solo para lectores de pantalla.
admin-clients-col-actions = Acciones
# Una aplicación de confianza para el servidor: no se pide consentimiento a los usuarios.
admin-badge-first-party = propia
# Nombra el botón Nuevo secreto de la aplicación $app para lectores de pantalla.
admin-clients-new-secret-label = Nuevo secreto para { $app }
admin-clients-new-secret = Nuevo secreto
# Nombra el botón Eliminar de la aplicación $app para lectores de pantalla.
admin-clients-delete-label = Eliminar la aplicación { $app }
admin-clients-new = Registrar una aplicación
admin-clients-field-name = Nombre
admin-clients-confidential = Confidencial (un servidor que guarda un secreto)
admin-clients-public = Pública (una aplicación de una sola página o nativa)
admin-clients-redirect-uris = URI de redirección, una por línea
admin-clients-post-logout-uris = Tras cerrar sesión, una por línea (opcional)
admin-clients-grants = Concesiones (si no marcas ninguna: código de autorización y token de actualización)
admin-clients-first-party = Propia: de confianza, no se pide consentimiento a los usuarios
admin-clients-register = Registrar
admin-clients-created = La aplicación se ha registrado. Su ID aparece en la lista de abajo.
admin-clients-rotated = Se ha generado un secreto nuevo; el anterior sigue funcionando durante el periodo de gracia.
admin-clients-deleted = La aplicación se ha eliminado y se han cerrado sus sesiones.

## /admin/providers: dónde pueden iniciar sesión las personas en lugar de
## con una contraseña (templates/pages/admin_providers.html)
admin-providers-title = Proveedores de inicio de sesión
admin-providers-none = Aún no hay ningún proveedor: los usuarios inician sesión con una contraseña o una llave de acceso.
admin-providers-slug = Slug
# La dirección del proveedor: su emisor o su endpoint de autorización.
admin-providers-at = URL
admin-providers-client-id = ID de cliente
admin-providers-redirect-uri = URI de redirección
# Lo que dice el botón del proveedor en la página de inicio de sesión.
admin-providers-button-text = Texto del botón
admin-providers-enabled = Activado: se muestra en la página de inicio de sesión
admin-providers-allow-signup = Crea cuentas para personas nuevas
admin-providers-link-by-email = Vincula con una cuenta existente que tenga el mismo correo verificado
admin-providers-trust-mfa = Un segundo factor en el proveedor sustituye al nuestro
admin-providers-new-secret = Nuevo secreto de cliente (déjalo vacío para conservar el actual)
# Nombra el botón Quitar del proveedor $provider para lectores de pantalla.
admin-providers-remove-label = Quitar { $provider }
admin-providers-new = Agregar un proveedor
# $uri es la URI de redirección con el marcador {slug}, en formato de código.
admin-providers-callback-hint = Registra { $uri } (con tu slug) como URI de redirección en el proveedor.
admin-providers-kind = Tipo
admin-providers-kind-oidc = OpenID Connect (Google, Microsoft, GitLab, Okta, Auth0, Keycloak…)
admin-providers-kind-github = GitHub
admin-providers-kind-oauth2 = Otro OAuth 2 (endpoints a continuación)
admin-providers-field-slug = Slug (en la URL: letras, dígitos y guiones)
admin-providers-field-issuer = URL del emisor (OpenID Connect)
admin-providers-field-client-secret = Secreto de cliente
admin-providers-field-scopes = Ámbitos (opcional, separados por espacios)
admin-providers-field-authorization-endpoint = Endpoint de autorización (otro OAuth 2)
admin-providers-field-token-endpoint = Endpoint de token (otro OAuth 2)
admin-providers-field-userinfo-endpoint = Endpoint de usuario (otro OAuth 2)
admin-providers-add = Agregar proveedor
admin-providers-created = El proveedor se ha agregado. Registra su URI de redirección en el proveedor.
admin-providers-updated = El proveedor se ha modificado.
admin-providers-deleted = Se han quitado el proveedor y las identidades vinculadas a través de él.

## /admin/tenants (templates/pages/admin_tenants.html)
admin-tenants-title = Inquilinos
admin-tenants-hint = Cada inquilino es una base de usuarios aislada. Los ajustes que se dejan vacíos siguen la configuración del servidor.
admin-tenants-name = Nombre
admin-tenants-hosts = Hosts, uno por línea
admin-tenants-settings = Ajustes
admin-tenants-signup = Registro
# La opción de un ajuste que lo deja a la configuración del servidor.
admin-tenants-as-server = según el servidor
# El registro está permitido o cerrado.
admin-tenants-signup-allowed = permitido
admin-tenants-signup-closed = cerrado
admin-tenants-verified = Correo verificado antes de iniciar sesión
# Se exige o no un correo verificado.
admin-tenants-verified-required = obligatorio
admin-tenants-verified-not-required = no obligatorio
admin-tenants-default-language = Idioma predeterminado
admin-tenants-product-name = Nombre del producto
admin-tenants-password-min = Longitud mínima de la contraseña
admin-tenants-email-domains = Dominios de correo que pueden registrarse, uno por línea
admin-tenants-mfa-roles = Roles que deben usar un segundo factor
admin-tenants-access-ttl = Duración del token de acceso (segundos)
admin-tenants-session-ttl = Duración de la sesión (segundos)
# $slug es el slug del inquilino, en formato de código, que hay que escribir para eliminarlo.
admin-tenants-delete-confirm = Para eliminarlo, escribe { $slug }
admin-tenants-hosts-read-only = Hosts
admin-tenants-new = Crear un inquilino
admin-tenants-field-slug = Slug (de 2 a 63 caracteres: a-z, 0-9 y -)
admin-tenants-field-hosts = Hosts, uno por línea (opcional)
admin-tenants-field-admin-email = Correo del primer administrador (opcional: recibe un enlace para establecer una contraseña)
admin-tenants-create = Crear inquilino
admin-tenants-created = El inquilino se ha creado.
admin-tenants-updated = El inquilino se ha modificado.
admin-tenants-deleted = El inquilino se ha eliminado.

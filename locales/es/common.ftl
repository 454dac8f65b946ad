# Compartido por páginas y correos. `$product` se pasa a todos los mensajes.

# El nombre del idioma en el propio idioma, tal como aparece en el menú de idiomas.
language-name = Español
# Patrones strftime de chrono.
format-date = %d/%m/%Y
format-datetime = %d/%m/%Y %H:%M UTC
# Entre los elementos de una lista.
list-separator = {", "}

duration-days = { $count ->
    [one] 1 día
   *[other] { $count } días
}
duration-hours = { $count ->
    [one] 1 hora
   *[other] { $count } horas
}
duration-minutes = { $count ->
    [one] 1 minuto
   *[other] { $count } minutos
}
duration-seconds = { $count ->
    [one] 1 segundo
   *[other] { $count } segundos
}

## Formularios
form-correct-fields = Corrige los campos marcados a continuación.
form-too-many-attempts = { $seconds ->
    [one] Demasiados intentos. Vuelve a intentarlo en 1 segundo.
   *[other] Demasiados intentos. Vuelve a intentarlo en { $seconds } segundos.
}

## El marco de todas las páginas (templates/pages/layout.html)
# La pestaña del navegador: el título de la página y luego el producto.
layout-title = { $title } · { $product }
layout-skip = Ir al contenido
layout-nav-main = Principal
layout-account = Cuenta
layout-admin = Administración
layout-sign-out = Cerrar sesión
layout-sign-in = Iniciar sesión
layout-register = Crear cuenta
layout-nav-languages = Idioma

## Idiomas
# $languages enumera las etiquetas de idioma, p. ej., "en, de, fr".
field-unsupported-locale = Usa uno de estos: { $languages }.

# Shared by pages and emails. `$product` is given to every message.

# The language's own name, as the language menu shows it.
language-name = English
# chrono strftime patterns (https://docs.rs/chrono/latest/chrono/format/strftime/).
format-date = %Y-%m-%d
format-datetime = %Y-%m-%d %H:%M UTC
# Between the items of a list.
list-separator = {", "}

duration-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
duration-hours = { $count ->
    [one] 1 hour
   *[other] { $count } hours
}
duration-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
duration-seconds = { $count ->
    [one] 1 second
   *[other] { $count } seconds
}

## Forms
form-correct-fields = Please correct the fields marked below.
form-too-many-attempts = { $seconds ->
    [one] Too many attempts. Try again in 1 second.
   *[other] Too many attempts. Try again in { $seconds } seconds.
}

## The frame around every page (templates/pages/layout.html)
# The browser tab: the page's title, then the product.
layout-title = { $title } · { $product }
layout-skip = Skip to content
layout-nav-main = Main
layout-account = Account
layout-admin = Admin
layout-sign-out = Sign out
layout-sign-in = Sign in
layout-register = Create account
layout-nav-languages = Language

## Languages
# $languages lists the language tags, e.g. "en, de, fr".
field-unsupported-locale = Use one of: { $languages }.

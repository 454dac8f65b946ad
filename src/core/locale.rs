//! Which language a page or an email speaks: the built-in languages, the
//! order in which a request's hints decide (API.md, "Languages"), and the
//! matching of `ui_locales` and `Accept-Language` against what we speak.
//! Pure code: the words themselves live in `locales/` (infra/i18n).

use crate::core::error::FieldError;

/// The languages built in, English first (the fallback of every message).
/// Adding one is this line plus the folder `locales/<tag>/`.
pub const LOCALES: &[&str] = &["en", "de", "fr", "es", "ja", "ar"];

/// Languages written right to left, built in or added by an operator.
const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];

/// The language every message falls back to.
pub const FALLBACK: &str = "en";

/// `"rtl"` for a language written right to left, else `"ltr"`.
pub fn direction(lang: &str) -> &'static str {
    if RIGHT_TO_LEFT
        .iter()
        .any(|rtl| rtl.eq_ignore_ascii_case(primary(lang)))
    {
        "rtl"
    } else {
        "ltr"
    }
}

/// The primary subtag: `fr-CH` → `fr`.
fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The supported language a BCP 47 tag asks for: exactly, or by its primary
/// subtag (`fr-CH` → `fr`). Case does not matter.
pub fn matching<'a>(supported: &'a [String], tag: &str) -> Option<&'a str> {
    let tag = tag.trim();
    if tag.is_empty() || tag == "*" {
        return None;
    }
    let exact = supported.iter().find(|s| s.eq_ignore_ascii_case(tag));
    exact
        .or_else(|| {
            supported
                .iter()
                .find(|s| s.eq_ignore_ascii_case(primary(tag)))
        })
        .map(String::as_str)
}

/// The first supported language of OIDC `ui_locales` (space-separated, in
/// order of preference).
pub fn from_ui_locales<'a>(supported: &'a [String], ui_locales: &str) -> Option<&'a str> {
    ui_locales
        .split_ascii_whitespace()
        .find_map(|tag| matching(supported, tag))
}

/// The supported language `Accept-Language` prefers most: by quality value,
/// ties in the order sent; `q=0` means "not this one".
pub fn from_accept_language<'a>(supported: &'a [String], header: &str) -> Option<&'a str> {
    let mut wanted: Vec<(u16, &str)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(Some(1000), quality)?;
            (q > 0).then_some((q, tag))
        })
        .collect();
    // A stable sort keeps the sender's order among equal qualities.
    wanted.sort_by_key(|w| std::cmp::Reverse(w.0));
    wanted.iter().find_map(|(_, tag)| matching(supported, tag))
}

/// An RFC 9110 quality value in thousandths; `None` if malformed.
fn quality(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

/// A user's choice of language: one of `supported`, spelled as we spell it
/// (`DE` → `de`), else `unsupported_locale` (API.md, "Languages").
pub fn validate(field: &str, tag: &str, supported: &[String]) -> Result<String, FieldError> {
    supported
        .iter()
        .find(|s| s.eq_ignore_ascii_case(tag.trim()))
        .cloned()
        .ok_or_else(|| {
            FieldError::new(
                field,
                "unsupported_locale",
                format!("Use one of: {}.", supported.join(", ")),
            )
            .said(Said::new("field-unsupported-locale").with("languages", supported.join(", ")))
        })
}

/// A sentence for a page or an email, not yet in a language: a message id
/// of `locales/` and its variables. The core says what happened this way
/// (e.g. on a `FieldError`); the page puts it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub id: &'static str,
    pub args: Vec<(&'static str, SaidValue)>,
}

/// A variable of a `Said`: numbers choose plural forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaidValue {
    Text(String),
    Number(i64),
}

impl Said {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    /// With variable `$name`.
    pub fn with(mut self, name: &'static str, value: impl Into<SaidValue>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

impl From<String> for SaidValue {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}
impl From<&str> for SaidValue {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}
impl From<i64> for SaidValue {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}
impl From<usize> for SaidValue {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u64> for SaidValue {
    fn from(n: u64) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// What a request says about its language, strongest first.
#[derive(Default, Clone, Debug)]
pub struct Hints {
    /// OIDC `ui_locales` of the authorization request being served.
    pub ui_locales: Option<String>,
    /// The language menu's cookie.
    pub cookie: Option<String>,
    /// The signed-in user's stored `locale`.
    pub user: Option<String>,
    pub accept_language: Option<String>,
}

impl Hints {
    /// The language to speak: the first hint naming a supported language,
    /// else `default` (the tenant's, else the server's).
    pub fn decide(&self, supported: &[String], default: &str) -> String {
        self.chosen(supported).unwrap_or(default).to_owned()
    }

    /// The language a hint names, if any does (no default).
    pub fn chosen<'a>(&self, supported: &'a [String]) -> Option<&'a str> {
        let exact = |hint: &Option<String>| hint.as_deref().and_then(|t| matching(supported, t));
        self.ui_locales
            .as_deref()
            .and_then(|u| from_ui_locales(supported, u))
            .or_else(|| exact(&self.cookie))
            .or_else(|| exact(&self.user))
            .or_else(|| {
                self.accept_language
                    .as_deref()
                    .and_then(|h| from_accept_language(supported, h))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> Vec<String> {
        LOCALES.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn accept_language_picks_the_highest_quality_supported_language() {
        let s = built_in();
        assert_eq!(from_accept_language(&s, "fr-CH, de;q=0.8"), Some("fr"));
        assert_eq!(from_accept_language(&s, "de;q=0.9, ja"), Some("ja"));
        assert_eq!(from_accept_language(&s, "pt-BR, es;q=0.5"), Some("es"));
        assert_eq!(from_accept_language(&s, "ja;q=0, ar;q=0.1"), Some("ar"));
        assert_eq!(from_accept_language(&s, "*, pt"), None);
        assert_eq!(
            from_accept_language(&s, "de;q=abc, fr;q=2, es;q=0.2"),
            Some("es")
        );
        assert_eq!(from_accept_language(&s, ""), None);
    }

    #[test]
    fn equal_qualities_keep_the_order_sent() {
        let s = built_in();
        assert_eq!(from_accept_language(&s, "es;q=0.5, fr;q=0.5"), Some("es"));
    }

    #[test]
    fn ui_locales_take_the_first_supported_tag() {
        let s = built_in();
        assert_eq!(from_ui_locales(&s, "pt-BR  de-AT fr"), Some("de"));
        assert_eq!(from_ui_locales(&s, "pt"), None);
    }

    #[test]
    fn the_order_is_ui_locales_cookie_user_header_then_default() {
        let s = built_in();
        let all = Hints {
            ui_locales: Some("ja".into()),
            cookie: Some("de".into()),
            user: Some("fr".into()),
            accept_language: Some("es".into()),
        };
        assert_eq!(all.decide(&s, "ar"), "ja");
        let no_ui = Hints {
            ui_locales: Some("pt".into()),
            ..all.clone()
        };
        assert_eq!(no_ui.decide(&s, "ar"), "de");
        let no_cookie = Hints {
            cookie: Some("xx".into()),
            ..no_ui.clone()
        };
        assert_eq!(no_cookie.decide(&s, "ar"), "fr");
        let no_user = Hints {
            user: None,
            ..no_cookie.clone()
        };
        assert_eq!(no_user.decide(&s, "ar"), "es");
        let nothing = Hints {
            accept_language: Some("pt, *".into()),
            ..no_user
        };
        assert_eq!(nothing.decide(&s, "ar"), "ar");
    }

    #[test]
    fn arabic_is_written_right_to_left() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("ar-EG"), "rtl");
        assert_eq!(direction("de"), "ltr");
    }
}

//! The words of pages and emails: Fluent message files, built in from
//! `locales/<lang>/*.ftl` and overridden (or added to) by the operator's
//! PALISADE_MESSAGES_DIR, checked at start (`check`). `Catalog` holds one
//! bundle per language; `Words` is a catalog in one language, with the
//! helpers templates call (`t`, `t1`, `t_link`, `date`, `list`…).

pub mod check;
#[cfg(test)]
mod scan;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use crate::core::locale::{self, FALLBACK, LOCALES, Said, SaidValue};

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

type Bundle = FluentBundle<FluentResource>;

/// Every language's messages, shared by every tenant. A language is parsed
/// at its first use: the six built-in ones parsed hold 3 MB, and a server
/// mostly speaks one or two. An operator's files are parsed and checked at
/// start, so a broken one stops the server there, not at the first page.
pub struct Catalog {
    /// Built-in languages in `LOCALES` order, then those an operator added.
    languages: Vec<String>,
    spoken: HashMap<String, Language>,
}

/// One language: its files, its own name, its messages once parsed.
struct Language {
    /// Laid over each other in order: built-in first, then the operator's.
    sources: Vec<Source>,
    /// For the language menu, which every page shows: found at load, so
    /// showing the menu parses no language.
    name: String,
    bundle: OnceLock<Bundle>,
}

struct Source {
    /// Where it came from, for errors: `locales/de/auth.ftl`, `de/auth.ftl`.
    shown: String,
    text: Cow<'static, str>,
    overriding: bool,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("languages", &self.languages)
            .finish_non_exhaustive()
    }
}

/// The built-in files of one language.
pub fn built_in_files(lang: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    EMBEDDED
        .iter()
        .filter(move |(l, _, _)| *l == lang)
        .map(|(_, file, text)| (*file, *text))
}

impl Catalog {
    /// The built-in messages only (the tests check them: `check_all`).
    pub fn built_in() -> Result<Self, String> {
        Self::load(None)
    }

    /// The built-in messages with the operator's files under `overrides`
    /// (`<lang>/*.ftl`) laid over them; an error is one line naming the file
    /// and, where there is one, the message.
    pub fn load(overrides: Option<&Path>) -> Result<Self, String> {
        let mut sources: Vec<(String, Source)> = Vec::new();
        for lang in LOCALES {
            for (file, text) in built_in_files(lang) {
                let shown = format!("locales/{lang}/{file}");
                sources.push(((*lang).to_owned(), Source::new(shown, text.into(), false)));
            }
        }
        if let Some(dir) = overrides {
            let reference = check::Reference::of_built_in();
            for (lang, name, text) in check::read_dir(dir)? {
                let shown = format!("{lang}/{name}");
                reference.check_override(&shown, &text)?;
                sources.push((lang, Source::new(shown, text.into(), true)));
            }
        }
        let mut catalog = Self {
            languages: Vec::new(),
            spoken: HashMap::new(),
        };
        for (lang, source) in sources {
            source.check_tag(&lang)?;
            if !catalog.spoken.contains_key(&lang) {
                catalog.languages.push(lang.clone());
            }
            let language = catalog.spoken.entry(lang).or_insert_with(|| Language {
                sources: Vec::new(),
                name: String::new(),
                bundle: OnceLock::new(),
            });
            language.sources.push(source);
        }
        for lang in &catalog.languages {
            if let Some(language) = catalog.spoken.get_mut(lang) {
                // The menu shows each language by its own name.
                language.name = own_name(&language.sources)?.ok_or_else(|| {
                    format!(
                        "{lang}: language-name is missing (the language's own name, for the menu)"
                    )
                })?;
            }
        }
        if overrides.is_some() {
            catalog.check_all()?;
        }
        Ok(catalog)
    }

    /// Parses every language and checks what only a parsed language shows:
    /// each file parses into one bundle, dates format.
    pub fn check_all(&self) -> Result<(), String> {
        for lang in &self.languages {
            let Some(language) = self.spoken.get(lang) else {
                continue;
            };
            let bundle = parse(lang, &language.sources)?;
            let _ = language.bundle.set(bundle);
            check::formats_dates(self, lang)?;
        }
        Ok(())
    }

    /// `lang`'s messages, parsed at the first call. Files that fail to
    /// parse were refused at start (the operator's) or by the tests (ours),
    /// so a failure here is a bug: logged, and the language falls back to
    /// English message by message.
    fn bundle(&self, lang: &str) -> Option<&Bundle> {
        let language = self.spoken.get(lang)?;
        let bundle = language.bundle.get_or_init(|| {
            parse(lang, &language.sources).unwrap_or_else(|why| {
                tracing::error!(lang, %why, "a language's messages do not parse");
                new_bundle(lang, None)
            })
        });
        Some(bundle)
    }

    /// The languages pages and emails can speak, built-in first.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// Message `id` (or `id.attribute`) in `lang`, else in English; the id
    /// itself if it exists nowhere (a bug the message checks catch).
    pub fn text(&self, lang: &str, id: &str, args: &FluentArgs) -> String {
        let (name, attribute) = match id.split_once('.') {
            Some((name, attribute)) => (name, Some(attribute)),
            None => (id, None),
        };
        for lang in [lang, FALLBACK] {
            let Some(bundle) = self.bundle(lang) else {
                continue;
            };
            let Some(message) = bundle.get_message(name) else {
                continue;
            };
            let pattern = match attribute {
                Some(a) => message.get_attribute(a).map(|a| a.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(lang, id, ?errors, "message formatted with errors");
            }
            return text.into_owned();
        }
        tracing::warn!(lang, id, "no such message");
        id.to_owned()
    }

    /// This catalog speaking `lang` to the users of `product`.
    pub fn words(self: &Arc<Self>, lang: &str, product: &str) -> Words {
        Words {
            catalog: Arc::clone(self),
            lang: lang.to_owned(),
            product: product.to_owned(),
        }
    }
}

impl Source {
    fn new(shown: String, text: Cow<'static, str>, overriding: bool) -> Self {
        Self {
            shown,
            text,
            overriding,
        }
    }

    fn check_tag(&self, lang: &str) -> Result<(), String> {
        lang.parse::<unic_langid::LanguageIdentifier>()
            .map(drop)
            .map_err(|_| format!("{}: {lang} is not a language tag", self.shown))
    }
}

fn new_bundle(lang: &str, id: Option<unic_langid::LanguageIdentifier>) -> Bundle {
    let mut bundle = Bundle::new_concurrent(id.into_iter().collect());
    // Isolation marks keep a Latin email from turning an Arabic sentence
    // around; in left-to-right text they are noise in subjects and
    // plain-text mail.
    bundle.set_use_isolating(locale::direction(lang) == "rtl");
    bundle
}

/// One language's files as one bundle, each laid over those before it.
fn parse(lang: &str, sources: &[Source]) -> Result<Bundle, String> {
    let id = lang.parse().ok();
    let mut bundle = new_bundle(lang, id);
    for source in sources {
        let shown = &source.shown;
        let text = source.text.clone().into_owned();
        let parsed = std::panic::catch_unwind(|| FluentResource::try_new(text))
            .map_err(|_| format!("{shown}: syntax error"))?;
        let resource =
            parsed.map_err(|(_, errors)| format!("{shown}: syntax error ({errors:?})"))?;
        if source.overriding {
            bundle.add_resource_overriding(resource);
        } else {
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("{shown}: {errors:?}"))?;
        }
    }
    Ok(bundle)
}

/// The `language-name` the last of `sources` to hold one gives, without
/// parsing the others: built-in languages keep it in `common.ftl`, so
/// their other files are not even read. It must be plain text, as the menu
/// shows it without a bundle.
fn own_name(sources: &[Source]) -> Result<Option<String>, String> {
    for source in sources.iter().rev() {
        let read = source.overriding || source.shown.ends_with("/common.ftl");
        if !read || !source.text.contains("language-name") {
            continue;
        }
        let resource = match fluent_syntax::parser::parse(source.text.as_ref()) {
            Ok(resource) | Err((resource, _)) => resource,
        };
        for entry in resource.body {
            let ast::Entry::Message(message) = entry else {
                continue;
            };
            if message.id.name != "language-name" {
                continue;
            }
            return match message.value.as_ref().map(|v| v.elements.as_slice()) {
                Some([ast::PatternElement::TextElement { value }]) => {
                    Ok(Some(value.trim().to_owned()))
                }
                _ => Err(format!(
                    "{}: language-name must be plain text (the menu shows it as it is)",
                    source.shown
                )),
            };
        }
    }
    Ok(None)
}

/// A value passed to a message: text or a number (numbers choose plurals).
pub trait Arg {
    fn value(&self) -> FluentValue<'static>;
}

impl Arg for str {
    fn value(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_owned())
    }
}
impl Arg for String {
    fn value(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn value(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_args!(usize, u32, u64, i32, i64);
impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self) -> FluentValue<'static> {
        (**self).value()
    }
}

/// The catalog in one language, for one product: what templates call.
#[derive(Clone)]
pub struct Words {
    catalog: Arc<Catalog>,
    /// The BCP 47 tag spoken (`<html lang>`).
    pub lang: String,
    product: String,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Words({})", self.lang)
    }
}

/// A character no message holds, standing for markup while a message is
/// escaped (see `Words::t_link`).
const SLOT: &str = "\u{E000}";

impl Words {
    fn format(&self, id: &str, args: &[(&str, &dyn Arg)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len() + 1);
        fluent.set("product", self.product.clone());
        for (name, value) in args {
            fluent.set(*name, value.value());
        }
        self.catalog.text(&self.lang, id, &fluent)
    }

    /// Message `id`.
    pub fn t(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// Message `id` with one variable.
    pub fn t1(&self, id: &str, name: &str, value: impl Arg) -> String {
        self.format(id, &[(name, &value)])
    }

    /// Message `id` with two variables.
    pub fn t2(&self, id: &str, n1: &str, v1: impl Arg, n2: &str, v2: impl Arg) -> String {
        self.format(id, &[(n1, &v1), (n2, &v2)])
    }

    /// Message `id` with any number of variables (Rust callers).
    pub fn tn(&self, id: &str, args: &[(&str, &dyn Arg)]) -> String {
        self.format(id, args)
    }

    /// A sentence the core said, in this language.
    pub fn say(&self, said: &Said) -> String {
        let args: Vec<(&str, Box<dyn Arg>)> = said
            .args
            .iter()
            .map(|(name, value)| {
                let value: Box<dyn Arg> = match value {
                    SaidValue::Text(text) => Box::new(text.clone()),
                    SaidValue::Number(n) => Box::new(*n),
                };
                (*name, value)
            })
            .collect();
        let refs: Vec<(&str, &dyn Arg)> = args.iter().map(|(n, v)| (*n, v.as_ref())).collect();
        self.format(said.id, &refs)
    }

    /// Message `id` as HTML, its `$link` a link to `href` saying message
    /// `text_id`: a sentence with a link inside stays one message. The only
    /// text templates show unescaped (`|safe`): everything in it is escaped
    /// here.
    pub fn t_link(&self, id: &str, href: &str, text_id: &str) -> String {
        let anchor = format!(
            "<a href=\"{}\">{}</a>",
            escape(href),
            escape(&self.t(text_id))
        );
        escape(&self.format(id, &[("link", &SLOT)])).replace(SLOT, &anchor)
    }

    /// Message `id` as HTML with variable `name` shown as `<tag>value</tag>`
    /// (`strong` or `code`); escaped like `t_link`.
    pub fn t_tag(&self, id: &str, name: &str, tag: &str, value: &str) -> String {
        let tag = if tag == "code" { "code" } else { "strong" };
        let marked = format!("<{tag}>{}</{tag}>", escape(value));
        escape(&self.format(id, &[(name, &SLOT)])).replace(SLOT, &marked)
    }

    /// `"ltr"` or `"rtl"`.
    pub fn dir(&self) -> &'static str {
        locale::direction(&self.lang)
    }

    /// Every language's own name (for the language menu), with its tag.
    pub fn languages(&self) -> Vec<(String, String)> {
        self.catalog
            .languages()
            .iter()
            .filter_map(|l| Some((l.clone(), self.catalog.spoken.get(l)?.name.clone())))
            .collect()
    }

    /// The languages spoken, as tags.
    pub fn supported(&self) -> &[String] {
        self.catalog.languages()
    }

    fn strftime(&self, id: &str, at: &DateTime<Utc>) -> String {
        let pattern = self.t(id);
        let mut out = String::new();
        // A pattern an override broke was refused at start; this keeps a
        // page up even so.
        if write!(out, "{}", at.format(&pattern)).is_err() {
            out = at.format("%Y-%m-%d %H:%M").to_string();
        }
        out
    }

    /// A date the way the language writes it.
    pub fn date(&self, at: &DateTime<Utc>) -> String {
        self.strftime("format-date", at)
    }

    /// A date and time (UTC) the way the language writes it.
    pub fn datetime(&self, at: &DateTime<Utc>) -> String {
        self.strftime("format-datetime", at)
    }

    /// Items joined the way the language lists them.
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        let separator = self.t("list-separator");
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(&separator)
    }

    /// "30 minutes", "1 day": how long something lasts, in whole units.
    pub fn duration(&self, d: Duration) -> String {
        let secs = d.as_secs();
        let (n, id) = if secs >= 86_400 && secs.is_multiple_of(86_400) {
            (secs / 86_400, "duration-days")
        } else if secs >= 3_600 && secs.is_multiple_of(3_600) {
            (secs / 3_600, "duration-hours")
        } else if secs >= 60 && secs.is_multiple_of(60) {
            (secs / 60, "duration-minutes")
        } else {
            (secs, "duration-seconds")
        };
        self.t1(id, "count", n)
    }
}

/// HTML-escapes text for an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Catalog {
        fn parsed(&self) -> Vec<&str> {
            self.languages
                .iter()
                .filter(|l| {
                    self.spoken
                        .get(*l)
                        .is_some_and(|l| l.bundle.get().is_some())
                })
                .map(String::as_str)
                .collect()
        }
    }

    #[test]
    fn every_built_in_language_parses_formats_dates_and_names_itself() {
        let catalog = Catalog::built_in().expect("the built-in messages");
        catalog.check_all().expect("the built-in messages");
        let words = Arc::new(catalog).words("de", "Acme");
        let names: Vec<String> = words.languages().into_iter().map(|(_, n)| n).collect();
        assert_eq!(
            names,
            [
                "English",
                "Deutsch",
                "Français",
                "Español",
                "日本語",
                "العربية"
            ]
        );
    }

    #[test]
    fn an_operators_language_name_that_is_not_plain_text_stops_the_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("de")).unwrap();
        std::fs::write(
            dir.path().join("de/names.ftl"),
            "language-name = { \"Deutsch\" }\n",
        )
        .unwrap();
        assert_eq!(
            Catalog::load(Some(dir.path())).unwrap_err(),
            "de/names.ftl: language-name must be plain text (the menu shows it as it is)"
        );
        std::fs::write(
            dir.path().join("de/names.ftl"),
            "language-name = Hochdeutsch\n",
        )
        .unwrap();
        let catalog = Arc::new(Catalog::load(Some(dir.path())).unwrap());
        assert_eq!(catalog.words("en", "Acme").languages()[1].1, "Hochdeutsch");
    }

    #[test]
    fn a_language_is_parsed_only_when_first_spoken_and_the_menu_parses_none() {
        let catalog = Arc::new(Catalog::built_in().expect("the built-in messages"));
        assert!(catalog.parsed().is_empty());
        let words = catalog.words("fr", "Acme");
        assert_eq!(words.languages().len(), LOCALES.len());
        assert!(catalog.parsed().is_empty());
        assert_eq!(words.t("language-name"), "Français");
        assert_eq!(catalog.parsed(), ["fr"]);
    }
}

//! The words of pages and emails: Fluent message files, built in from
//! `locales/<lang>/*.ftl` and overridden (or added to) by the operator's
//! PALISADE_MESSAGES_DIR, checked at start (`check`). `Catalog` holds one
//! bundle per language; `Words` is a catalog in one language, with the
//! helpers templates call (`t`, `t1`, `t_link`, `date`, `list`…).

pub mod check;
#[cfg(test)]
mod scan;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::core::locale::{self, FALLBACK, LOCALES, Said, SaidValue};

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

type Bundle = FluentBundle<FluentResource>;

/// Every language's messages, read once at start and shared by every tenant.
pub struct Catalog {
    /// Built-in languages in `LOCALES` order, then those an operator added.
    languages: Vec<String>,
    bundles: HashMap<String, Bundle>,
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
    /// The built-in messages only.
    pub fn built_in() -> Result<Self, String> {
        Self::load(None)
    }

    /// The built-in messages with the operator's files under `overrides`
    /// (`<lang>/*.ftl`) laid over them; an error is one line naming the file
    /// and, where there is one, the message.
    pub fn load(overrides: Option<&Path>) -> Result<Self, String> {
        let mut catalog = Self {
            languages: Vec::new(),
            bundles: HashMap::new(),
        };
        for lang in LOCALES {
            for (file, text) in built_in_files(lang) {
                catalog.add(
                    lang,
                    text.to_owned(),
                    false,
                    &format!("locales/{lang}/{file}"),
                )?;
            }
        }
        if let Some(dir) = overrides {
            let reference = check::Reference::of_built_in();
            for (lang, name, text) in check::read_dir(dir)? {
                let shown = format!("{lang}/{name}");
                reference.check_override(&shown, &text)?;
                catalog.add(&lang, text, true, &shown)?;
            }
        }
        for lang in &catalog.languages {
            check::formats_dates(&catalog, lang)?;
            // The menu shows each language by its own name.
            let named = catalog
                .bundles
                .get(lang)
                .is_some_and(|b| b.has_message("language-name"));
            if !named {
                return Err(format!(
                    "{lang}: language-name is missing (the language's own name, for the menu)"
                ));
            }
        }
        Ok(catalog)
    }

    fn add(
        &mut self,
        lang: &str,
        text: String,
        overriding: bool,
        shown: &str,
    ) -> Result<(), String> {
        let id: unic_langid::LanguageIdentifier = lang
            .parse()
            .map_err(|_| format!("{shown}: {lang} is not a language tag"))?;
        let parsed = std::panic::catch_unwind(|| FluentResource::try_new(text))
            .map_err(|_| format!("{shown}: syntax error"))?;
        let resource =
            parsed.map_err(|(_, errors)| format!("{shown}: syntax error ({errors:?})"))?;
        let bundle = self.bundles.entry(lang.to_owned()).or_insert_with(|| {
            let mut bundle = Bundle::new_concurrent(vec![id]);
            // Isolation marks keep a Latin email from turning an Arabic
            // sentence around; in left-to-right text they are noise in
            // subjects and plain-text mail.
            bundle.set_use_isolating(locale::direction(lang) == "rtl");
            bundle
        });
        if !self.languages.iter().any(|l| l == lang) {
            self.languages.push(lang.to_owned());
        }
        if overriding {
            bundle.add_resource_overriding(resource);
            Ok(())
        } else {
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("{shown}: {errors:?}"))
        }
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
            let Some(bundle) = self.bundles.get(lang) else {
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
            .map(|l| {
                (
                    l.clone(),
                    self.catalog.text(l, "language-name", &FluentArgs::new()),
                )
            })
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

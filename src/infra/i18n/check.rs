//! The rules every message file keeps, checked on the operator's files at
//! start and on the built-in ones by the tests: it parses, each message is
//! one English has, and it uses the variables English uses (`$product`
//! may always be used or left out), and no message holds markup.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::TimeZone as _;
use fluent_syntax::ast;

use super::{Catalog, built_in_files};
use crate::core::locale::FALLBACK;

/// Variables of every message and attribute (`id` or `id.attr`).
pub type Variables = BTreeMap<String, BTreeSet<String>>;

/// The variables a file's messages use; the first syntax error as a line.
pub fn variables(shown: &str, text: &str) -> Result<Variables, String> {
    // fluent-syntax 0.12 can panic on a broken `\u` escape before a
    // non-ASCII character (fluent-rs#389): an operator's typo is a syntax
    // error, not a crash.
    let parsed = std::panic::catch_unwind(|| fluent_syntax::parser::parse(text))
        .map_err(|_| format!("{shown}: syntax error"))?;
    let resource = parsed.map_err(|(_, errors)| {
        let at = errors.first().map_or(0, |e| e.pos.start);
        let line = text.get(..at).unwrap_or(text).matches('\n').count() + 1;
        format!("{shown}: syntax error at line {line}")
    })?;
    let mut found = Variables::new();
    for entry in &resource.body {
        let ast::Entry::Message(message) = entry else {
            continue;
        };
        let id = message.id.name.to_owned();
        if let Some(value) = &message.value {
            let mut vars = BTreeSet::new();
            pattern_vars(value, &mut vars);
            found.insert(id.clone(), vars);
        }
        for attribute in &message.attributes {
            let mut vars = BTreeSet::new();
            pattern_vars(&attribute.value, &mut vars);
            found.insert(format!("{id}.{}", attribute.id.name), vars);
        }
    }
    Ok(found)
}

fn pattern_vars(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, into);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, into);
            for variant in variants {
                pattern_vars(&variant.value, into);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, into),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_vars(arg, into);
            }
            for arg in &arguments.named {
                inline_vars(&arg.value, into);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, into),
        _ => {}
    }
}

/// Markup in a message: templates add it (`t_link`, `t_tag`), never the text.
pub fn holds_markup(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        // `->` is Fluent's selector arrow.
        .any(|l| l.contains('<') || l.replace("->", "").contains('>'))
}

/// English's messages and their variables: what every other file is held to.
pub struct Reference {
    messages: Variables,
}

impl Reference {
    pub fn of_built_in() -> Self {
        let mut messages = Variables::new();
        for (file, text) in built_in_files(FALLBACK) {
            // The built-in files are checked by the tests.
            if let Ok(vars) = variables(file, text) {
                messages.extend(vars);
            }
        }
        Self { messages }
    }

    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.messages.keys()
    }

    /// Whether `vars`, the variables of message `id` in another language,
    /// are English's: none missing, none unknown (`$product` aside).
    pub fn compare(&self, shown: &str, id: &str, vars: &BTreeSet<String>) -> Result<(), String> {
        let Some(wanted) = self.messages.get(id) else {
            return Err(format!("{shown}: {id} is not a message Palisade has"));
        };
        let product = "product".to_owned();
        if let Some(missing) = wanted.iter().find(|v| **v != product && !vars.contains(*v)) {
            return Err(format!("{shown}: {id} lacks ${missing}"));
        }
        if let Some(extra) = vars.iter().find(|v| **v != product && !wanted.contains(*v)) {
            return Err(format!(
                "{shown}: {id} uses ${extra}, which it is not given"
            ));
        }
        Ok(())
    }

    /// An operator's file: parses, holds no markup, and each of its messages
    /// is one of ours with our variables.
    pub fn check_override(&self, shown: &str, text: &str) -> Result<(), String> {
        if holds_markup(text) {
            return Err(format!("{shown}: messages may not hold < or > (markup)"));
        }
        for (id, vars) in variables(shown, text)? {
            self.compare(shown, &id, &vars)?;
        }
        Ok(())
    }
}

/// The operator's `<lang>/*.ftl` files, in a stable order.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String, String)>, String> {
    let shown = dir.display();
    let langs = std::fs::read_dir(dir).map_err(|e| format!("{shown}: {e}"))?;
    let mut files = Vec::new();
    for lang in langs.flatten() {
        if !lang.path().is_dir() {
            continue;
        }
        let tag = lang.file_name().to_string_lossy().into_owned();
        // A user's `locale` column holds 35 characters.
        if tag.len() > 35 || tag.parse::<unic_langid::LanguageIdentifier>().is_err() {
            return Err(format!("{tag} is not a language tag"));
        }
        let entries = std::fs::read_dir(lang.path()).map_err(|e| format!("{tag}: {e}"))?;
        for file in entries.flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                let name = file.file_name().to_string_lossy().into_owned();
                let text =
                    std::fs::read_to_string(&path).map_err(|e| format!("{tag}/{name}: {e}"))?;
                files.push((tag.clone(), name, text));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Whether the language's date patterns format a date (chrono refuses an
/// unknown `%` item only when formatting).
pub fn formats_dates(catalog: &Catalog, lang: &str) -> Result<(), String> {
    let sample = chrono::Utc
        .with_ymd_and_hms(2026, 11, 29, 13, 5, 0)
        .single();
    for id in ["format-date", "format-datetime"] {
        let pattern = catalog.text(lang, id, &fluent_bundle::FluentArgs::new());
        let mut out = String::new();
        let ok = sample.is_some_and(|at| {
            std::fmt::Write::write_fmt(&mut out, format_args!("{}", at.format(&pattern))).is_ok()
        });
        if !ok {
            return Err(format!("{lang}: {id} is not a date pattern: {pattern}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::locale::LOCALES;

    #[test]
    fn every_message_exists_in_every_language_with_the_same_variables() {
        let reference = Reference::of_built_in();
        let mut problems = Vec::new();
        for (file, text) in built_in_files(FALLBACK) {
            if let Err(e) = variables(file, text) {
                problems.push(e);
            }
            if holds_markup(text) {
                problems.push(format!("en/{file}: holds markup"));
            }
        }
        for lang in LOCALES.iter().filter(|l| **l != FALLBACK) {
            let mut seen = BTreeSet::new();
            for (file, text) in built_in_files(lang) {
                let shown = format!("{lang}/{file}");
                if let Err(e) = reference.check_override(&shown, text) {
                    problems.push(e);
                }
                if let Ok(vars) = variables(&shown, text) {
                    seen.extend(vars.into_keys());
                }
            }
            for id in reference.ids().filter(|id| !seen.contains(*id)) {
                problems.push(format!("{lang}: missing {id}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn an_override_missing_a_variable_is_named_with_its_file_and_message() {
        let reference = Reference::of_built_in();
        let broken = "duration-days = a few days\n";
        assert_eq!(
            reference.check_override("de/x.ftl", broken),
            Err("de/x.ftl: duration-days lacks $count".to_owned())
        );
        assert_eq!(
            reference.check_override("de/x.ftl", "no-such-message = Hi\n"),
            Err("de/x.ftl: no-such-message is not a message Palisade has".to_owned())
        );
        assert_eq!(
            reference.check_override("de/x.ftl", "ok = fine\nbroken = { $\n"),
            Err("de/x.ftl: syntax error at line 2".to_owned())
        );
    }
}

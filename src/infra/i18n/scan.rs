//! Source scans for the message files: every word a page or an email shows
//! comes from `locales/`, every message id the code names exists, and every
//! English message is used somewhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::check::Reference;

/// Messages the code reaches without naming them as a literal: chosen by
/// `Words` itself, or `field-<code>` (the page text of a field error
/// without its own message).
const USED_INDIRECTLY: &[&str] = &[
    "language-name",
    "format-date",
    "format-datetime",
    "list-separator",
    "duration-days",
    "duration-hours",
    "duration-minutes",
    "duration-seconds",
];

fn files(dir: &str, extensions: &[&str]) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<(PathBuf, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, extensions, out);
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path, text));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    walk(&root, extensions, &mut out);
    out.sort();
    assert!(!out.is_empty(), "no files under {dir}");
    out
}

/// Every `"…"` literal of `text`, with its byte offset.
fn literals(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], start) {
            (b'\\', Some(_)) => i += 1,
            // The character literal '"' opens nothing.
            (b'\'', None)
                if bytes.get(i + 1) == Some(&b'"') && bytes.get(i + 2) == Some(&b'\'') =>
            {
                i += 2;
            }
            (b'"', None) => start = Some(i + 1),
            (b'"', Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn looks_like_id(s: &str) -> bool {
    let name = s.split_once('.').map_or(s, |(name, _)| name);
    name.contains('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The code parts of a template: what `{{ }}` and `{% %}` hold.
fn template_code(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (open, close) in [("{{", "}}"), ("{%", "%}")] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let Some(len) = rest[start..].find(close) else {
                break;
            };
            out.push(&rest[start + 2..start + len]);
            rest = &rest[start + len + 2..];
        }
    }
    out
}

/// `text` with its template code, comments, tags and entities taken out:
/// what a reader would see of it.
fn visible(text: &str) -> String {
    // The width block names a CSS class, not words.
    let mut out = text.replace("{% block width %}wide{% endblock %}", "");
    for (open, close) in [("{#", "#}"), ("{%", "%}"), ("{{", "}}"), ("<", ">")] {
        let mut kept = String::new();
        let mut rest = out.as_str();
        while let Some(start) = rest.find(open) {
            kept.push_str(&rest[..start]);
            kept.push(' ');
            match rest[start..].find(close) {
                Some(len) => rest = &rest[start + len + close.len()..],
                None => rest = "",
            }
        }
        kept.push_str(rest);
        out = kept;
    }
    out.split('&')
        .enumerate()
        .map(|(i, part)| match (i, part.find(';')) {
            (0, _) | (_, None) => part,
            (_, Some(end)) => &part[end + 1..],
        })
        .collect()
}

/// Attribute values people read, as `name="value"` pairs of `text`.
fn read_attributes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
        let mut rest = text;
        while let Some(start) = rest.find(name) {
            let value = &rest[start + name.len()..];
            let end = value.find('"').unwrap_or(value.len());
            out.push(value[..end].to_owned());
            rest = &value[end..];
        }
    }
    out
}

#[test]
fn no_template_holds_text_outside_the_messages() {
    let mut found = Vec::new();
    for (path, text) in files("templates", &["html", "txt"]) {
        let shown = path.display().to_string();
        let seen = visible(&text);
        let words: Vec<&str> = seen
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if !words.is_empty() {
            found.push(format!("{shown}: {}", words.join(" ")));
        }
        for value in read_attributes(&text) {
            // A code shown as an example (`login.failed`) is not words.
            let code = value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
            if !code && visible(&value).chars().any(char::is_alphabetic) {
                found.push(format!("{shown}: attribute {value:?}"));
            }
        }
        for code in template_code(&text) {
            for (_, literal) in literals(code) {
                let plain = literal.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || "_./:%#-=?&".contains(c)
                });
                if !plain && !looks_like_id(literal) {
                    found.push(format!("{shown}: literal {literal:?}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "words outside locales/:\n{}",
        found.join("\n")
    );
}

/// The ids of `text`'s literals that look like message ids.
fn ids_in(text: &str) -> BTreeSet<String> {
    literals(text)
        .into_iter()
        .map(|(_, l)| l)
        .filter(|l| looks_like_id(l))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_message_id_used_exists_and_every_message_is_used() {
    let reference = Reference::of_built_in();
    let known: BTreeSet<&String> = reference.ids().collect();
    let prefixes: BTreeSet<&str> = known.iter().filter_map(|id| id.split('-').next()).collect();
    let mut used = BTreeSet::new();
    let mut unknown = Vec::new();
    // Field error codes: a page falls back to `field-<code>`.
    let mut codes = BTreeSet::new();
    let sources = files("src", &["rs"])
        .into_iter()
        .chain(files("templates", &["html", "txt"]))
        .chain(files("static", &["js"]));
    for (path, text) in sources {
        if path.ends_with("i18n/scan.rs") {
            continue;
        }
        let code = match path.extension().is_some_and(|e| e == "rs" || e == "js") {
            true => text.clone(),
            false => template_code(&text).concat(),
        };
        codes.extend(literals(&code).into_iter().map(|(_, l)| l.to_owned()));
        for id in ids_in(&code) {
            let prefix = id.split('-').next().unwrap_or_default();
            if !prefixes.contains(prefix) {
                continue;
            }
            if known.contains(&id) {
                used.insert(id);
            } else {
                unknown.push(format!("{}: {id}", path.display()));
            }
        }
    }
    let unused: Vec<&&String> = known
        .iter()
        .filter(|id| {
            let name = id.split_once('.').map_or(id.as_str(), |(name, _)| name);
            !used.contains(**id)
                && !used.contains(name)
                && !USED_INDIRECTLY.contains(&name)
                && !name
                    .strip_prefix("field-")
                    .is_some_and(|code| codes.contains(code))
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "ids with no English message:\n{}",
        unknown.join("\n")
    );
    assert!(
        unused.is_empty(),
        "English messages nothing uses: {unused:?}"
    );
}

/// Whether a string literal reads like an English sentence ("Sign in", "The
/// code is wrong."): what page and email code must not show.
fn reads_like_a_sentence(literal: &str) -> bool {
    let mut words = literal.split(' ');
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    first.len() > 1
        && first.starts_with(|c: char| c.is_ascii_uppercase())
        && first[1..].chars().all(|c| c.is_ascii_lowercase())
        && second.starts_with(|c: char| c.is_ascii_lowercase())
}

#[test]
fn no_page_or_email_code_writes_a_sentence_of_its_own() {
    let code = files("src/web/pages", &["rs"])
        .into_iter()
        .chain(files("src/web/oauth", &["rs"]))
        .chain(files("src/infra/mail", &["rs"]));
    let mut found = Vec::new();
    for (path, text) in code {
        // Protocol answers to apps (`error_description`) stay English.
        let protocol = [
            "token.rs",
            "userinfo.rs",
            "introspect.rs",
            "revoke.rs",
            "mod.rs",
        ];
        if path.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/oauth"))
            && protocol.iter().any(|p| path.ends_with(p))
        {
            continue;
        }
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            // Logs, docs and the API's English problem details are not pages.
            let exempt = [
                "//",
                "tracing::",
                "#[",
                "Error::bug",
                "WebError::Malformed(",
            ];
            if exempt
                .iter()
                .any(|e| line.starts_with(e) || line.contains(e))
            {
                continue;
            }
            for (_, literal) in literals(line) {
                if reads_like_a_sentence(literal) {
                    found.push(format!("{}:{}: {literal}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "sentences outside locales/:\n{}",
        found.join("\n")
    );
}

//! Embeds every `locales/<lang>/*.ftl` file in the binary, so the server
//! needs no files beside it (as with the stylesheet): generates
//! `$OUT_DIR/locales.rs` with one `(language, file, text)` row per file.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut rows = Vec::new();
    if let Ok(langs) = fs::read_dir(&root) {
        for lang in langs.flatten() {
            let Ok(files) = fs::read_dir(lang.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "ftl") {
                    println!("cargo:rerun-if-changed={}", path.display());
                    rows.push(format!(
                        "    ({:?}, {:?}, include_str!({:?})),\n",
                        lang.file_name().to_string_lossy(),
                        file.file_name().to_string_lossy(),
                        path.display().to_string(),
                    ));
                }
            }
        }
    }
    rows.sort();
    let code = format!(
        "/// Every built-in message file: (language, file name, text).\npub const EMBEDDED: &[(&str, &str, &str)] = &[\n{}];\n",
        rows.concat()
    );
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("locales.rs");
    if let Err(err) = fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {err}", out.display());
    }
}

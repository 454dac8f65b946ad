//! The language of a page: the hints a request carries (read once by
//! `page_layer`), the language menu's cookie and its links, and the menu's
//! endpoint. The order of the hints is `core::locale::Hints::decide`.

use axum::{
    extract::{Query, Request, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::HashMap;

use super::session::CsrfCookie;
use crate::core::locale::{Hints, matching};
use crate::infra::i18n::Words;
use crate::web::state::AppState;

/// The menu's cookie: over HTTPS `__Host-`, and per tenant like the others,
/// so a choice made in one tenant does not outvote another's default.
pub(super) const LANG_COOKIE: (&str, &str) = ("palisade_lang", "__Host-palisade_lang");

/// What `page_layer` read off the request for the language and the menu.
#[derive(Clone, Default)]
pub struct PageRequest {
    pub hints: Hints,
    /// This page's path and query without `ui_locales`: where the menu's
    /// links come back to.
    pub here: String,
}

impl PageRequest {
    /// Reads the hints of `request`; `csrf` knows the cookie names.
    pub fn read(request: &Request, csrf: &CsrfCookie) -> Self {
        let uri = request.uri();
        let query: Vec<(String, String)> = uri
            .query()
            .map(|q| serde_urlencoded::from_str(q).unwrap_or_default())
            .unwrap_or_default();
        let ui_locales = query
            .iter()
            .find(|(k, _)| k == "ui_locales")
            .map(|(_, v)| v.clone());
        // A page drawn after a POST has no address to come back to.
        let here = match (request.method() == axum::http::Method::GET, uri.query()) {
            (false, _) => String::new(),
            (true, None) => uri.path().to_owned(),
            (true, Some(query)) => without_ui_locales(&format!("{}?{query}", uri.path())),
        };
        Self {
            hints: Hints {
                ui_locales,
                cookie: csrf
                    .cookie_named(request.headers(), LANG_COOKIE)
                    .map(str::to_owned),
                user: None,
                accept_language: accept_language(request.headers()),
            },
            here,
        }
    }
}

/// `path` without `ui_locales`, in its query and in the `return_to` it
/// carries (an authorization request waiting behind /login): a language
/// chosen in the menu would otherwise be outvoted by the app's choice.
fn without_ui_locales(path: &str) -> String {
    let Some((path, query)) = path.split_once('?') else {
        return path.to_owned();
    };
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "ui_locales")
        .map(|(k, v)| match k.as_str() {
            "return_to" => (k, without_ui_locales(&v)),
            _ => (k, v),
        })
        .collect();
    match kept.is_empty() {
        true => path.to_owned(),
        false => format!(
            "{path}?{}",
            serde_urlencoded::to_string(kept).unwrap_or_default()
        ),
    }
}

fn accept_language(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The language hints alone decide (no page context: the 429 page).
pub fn of_headers(state: &AppState, headers: &HeaderMap) -> Words {
    let hints = Hints {
        accept_language: accept_language(headers),
        ..Hints::default()
    };
    words(state, &hints)
}

/// The catalog in the language `hints` decide, for this tenant.
pub fn words(state: &AppState, hints: &Hints) -> Words {
    let config = &state.config;
    let lang = hints.decide(config.catalog.languages(), &config.default_locale);
    config.catalog.words(&lang, &config.product_name)
}

/// `GET /language?lang=de&return_to=/login`: the language menu's links set
/// the cookie and go back. A link, not a form, so the menu works without
/// JavaScript and without a form token on every page (API.md: "a plain
/// link"); it changes this browser's cookie only, never stored data (the
/// account page stores a user's language, by a form).
pub async fn choose(
    State(state): State<AppState>,
    Query(asked): Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    // Tenant-relative: the tenant router puts its base in front.
    let back = super::auth::same_origin_path(asked.get("return_to").map(String::as_str))
        .map(|to| without_ui_locales(&to))
        .unwrap_or_else(|| "/".to_owned());
    let mut response = Redirect::to(&back).into_response();
    let chosen = asked
        .get("lang")
        .and_then(|l| matching(state.config.catalog.languages(), l));
    // Another site may link here but not choose for the visitor: a
    // cross-site navigation sets nothing (browsers that say where it came from).
    let cross_site = request
        .headers()
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() != b"same-origin" && v.as_bytes() != b"none");
    if let (Some(lang), Some(csrf), false) =
        (chosen, request.extensions().get::<CsrfCookie>(), cross_site)
    {
        let cookie = csrf.cookie(LANG_COOKIE, lang, Some(ONE_YEAR));
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

pub(super) const ONE_YEAR: u64 = 365 * 24 * 3600;

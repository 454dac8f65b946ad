//! Page sessions and CSRF. The session cookie holds the session's current
//! refresh token, so a page session is a row of the same sessions table as
//! the API's and ends with it (logout-all, password reset, an admin disabling
//! the user). Every form carries a token derived from the browser's CSRF
//! cookie and its session cookie: only pages of this site, in this session,
//! can show it.

use axum::{
    extract::{FromRequestParts, Request},
    http::{HeaderMap, HeaderValue, header, request::Parts},
    response::Response,
};
use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};

use super::lang::PageRequest;
use super::{Failure, Frame};
use crate::core::Error;
use crate::core::model::{ClientInfo, Principal};
use crate::core::tokens;
use crate::infra::i18n::Words;
use crate::web::shared::extract::Client;
use crate::web::state::AppState;

/// Cookie names over plain HTTP and over HTTPS. The `__Host-` prefix makes the
/// browser refuse the cookie unless it is Secure, host-only and for `/`, so a
/// neighbouring subdomain cannot plant one.
const SESSION_COOKIE: (&str, &str) = ("palisade_session", "__Host-palisade_session");
const CSRF_COOKIE: (&str, &str) = ("palisade_csrf", "__Host-palisade_csrf");

/// The cookie's name: `suffix` is the tenant's under `/t/{slug}`, so a
/// browser signed into two tenants on one host keeps two sessions.
fn name(pair: (&'static str, &'static str), secure: bool, suffix: &str) -> String {
    let base = if secure { pair.1 } else { pair.0 };
    format!("{base}{suffix}")
}

/// The value of cookie `name` in the request, if sent.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Our tokens are URL-safe base64; anything else in a cookie was not set by us.
fn plausible(token: &str) -> bool {
    (16..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The browser's CSRF cookie, read or newly made by `page_layer` for every
/// page request, and whether the request came over HTTPS.
#[derive(Clone)]
pub struct CsrfCookie {
    value: String,
    fresh: bool,
    secure: bool,
    suffix: String,
}

impl CsrfCookie {
    /// Reads the CSRF cookie (making one when there is none) and leaves it in
    /// the request for the extractors.
    pub fn plant(state: &AppState, request: &mut Request) -> Self {
        // A public https:// URL means browsers reach us over TLS, even through
        // a proxy that is not (yet) listed as trusted.
        let secure = crate::web::shared::security::over_tls(request, &state.config)
            || state.config.public_url.starts_with("https://");
        let suffix = state.site.cookie_suffix.clone();
        let csrf = match cookie(request.headers(), &name(CSRF_COOKIE, secure, &suffix))
            .filter(|v| plausible(v))
        {
            Some(value) => Self {
                value: value.to_owned(),
                fresh: false,
                secure,
                suffix,
            },
            None => Self {
                value: tokens::new_opaque_token(),
                fresh: true,
                secure,
                suffix,
            },
        };
        request.extensions_mut().insert(csrf.clone());
        csrf
    }

    /// Sets the CSRF cookie on the answer when the browser had none.
    pub fn set_cookie(&self, response: &mut Response) {
        if self.fresh {
            let value = cookie_header(
                &name(CSRF_COOKIE, self.secure, &self.suffix),
                &self.value,
                None,
                self.secure,
            );
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }

    /// The cookie that forgets this browser's session.
    pub fn sign_out_cookie(&self) -> HeaderValue {
        cookie_header(
            &name(SESSION_COOKIE, self.secure, &self.suffix),
            "",
            Some(0),
            self.secure,
        )
    }

    fn from_parts(parts: &Parts) -> Result<Self, Failure> {
        parts
            .extensions
            .get::<Self>()
            .cloned()
            .ok_or_else(|| Error::bug("a page outside page_layer").into())
    }

    /// The value of cookie `pair` (named as this site names its cookies).
    pub fn cookie_named<'a>(
        &self,
        headers: &'a HeaderMap,
        pair: (&'static str, &'static str),
    ) -> Option<&'a str> {
        cookie(headers, &name(pair, self.secure, &self.suffix))
    }

    /// A cookie `pair` of this site (HttpOnly, SameSite=Lax, Secure over HTTPS).
    pub fn cookie(
        &self,
        pair: (&'static str, &'static str),
        value: &str,
        max_age: Option<u64>,
    ) -> HeaderValue {
        cookie_header(
            &name(pair, self.secure, &self.suffix),
            value,
            max_age,
            self.secure,
        )
    }

    /// The session cookie sent with this request, if it looks like ours.
    pub fn session_cookie<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        cookie(headers, &name(SESSION_COOKIE, self.secure, &self.suffix)).filter(|v| plausible(v))
    }

    /// The form token for this browser and session. It needs the HttpOnly
    /// session cookie, which no other site and no script can read.
    pub fn csrf_token(&self, session_cookie: Option<&str>) -> String {
        let mut hash = Sha256::new();
        hash.update(b"palisade csrf\0");
        hash.update(self.value.as_bytes());
        hash.update(b"\0");
        hash.update(session_cookie.unwrap_or_default().as_bytes());
        tokens::hex(&hash.finalize())
    }
}

fn cookie_header(name: &str, value: &str, max_age: Option<u64>, secure: bool) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or(HeaderValue::from_static(""))
}

/// One page request: who is signed in (checked against the database), the
/// form token to put in its forms, and where it comes from.
pub struct Visit {
    csrf: CsrfCookie,
    session_cookie: Option<String>,
    pub who: Option<Principal>,
    email: Option<String>,
    /// When and how the signed-in user authenticated.
    pub signed_in: Option<(DateTime<Utc>, Vec<String>)>,
    pub client: ClientInfo,
    /// The language hints and where the menu comes back to.
    page: PageRequest,
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let csrf = CsrfCookie::from_parts(parts)?;
        let Ok(Client(client)) = Client::from_request_parts(parts, state).await;
        let session_cookie = csrf.session_cookie(&parts.headers).map(str::to_owned);
        let page = parts
            .extensions
            .get::<PageRequest>()
            .cloned()
            .unwrap_or_default();
        Self::load(state, csrf, session_cookie, client, page).await
    }
}

impl Visit {
    /// Checks the session cookie. A cookie whose session ended is no session.
    pub async fn load(
        state: &AppState,
        csrf: CsrfCookie,
        session_cookie: Option<String>,
        client: ClientInfo,
        page: PageRequest,
    ) -> Result<Self, Failure> {
        let mut visit = Self {
            csrf,
            session_cookie,
            who: None,
            email: None,
            signed_in: None,
            client,
            page,
        };
        if let Some(token) = &visit.session_cookie {
            match state.services.sessions.authenticate_page(token).await {
                Ok(page) => {
                    visit.page.hints.user = page.user.locale;
                    visit.email = Some(page.user.email);
                    visit.who = Some(page.who);
                    visit.signed_in = Some((page.signed_in_at, page.amr));
                }
                Err(Error::InvalidToken) => {}
                Err(err) => return Err(err.into()),
            }
        }
        // What a page's request asks for is the page's language (the
        // header alone decides for the API).
        let supported = state.config.catalog.languages();
        let hints = &visit.page.hints;
        visit.client.language = hints.chosen(supported).map(str::to_owned);
        // The first two hints are someone's choice; they outrank the rest.
        let choice = crate::core::locale::Hints {
            ui_locales: hints.ui_locales.clone(),
            cookie: hints.cookie.clone(),
            ..Default::default()
        };
        visit.client.language_chosen = choice.chosen(supported).is_some();
        Ok(visit)
    }

    /// The signed-in user, or a trip to /login.
    pub fn require(&self) -> Result<&Principal, Failure> {
        self.who.as_ref().ok_or(Failure::SignIn)
    }

    pub fn csrf(&self) -> String {
        self.csrf.csrf_token(self.session_cookie.as_deref())
    }

    /// This browser's own cookie, which a federated sign-in is bound to:
    /// only the browser that started it can finish it.
    pub fn browser(&self) -> &str {
        &self.csrf.value
    }

    /// The token in this session's link that connects the provider `slug`
    /// (a link, because the provider is another origin that forms may not
    /// redirect to): derived from the form token, good for nothing else.
    pub fn connect_token(&self, slug: &str) -> String {
        let mut hash = Sha256::new();
        hash.update(b"palisade connect\0");
        hash.update(self.csrf().as_bytes());
        hash.update(b"\0");
        hash.update(slug.as_bytes());
        tokens::hex(&hash.finalize())
    }

    /// The page's words, in the language its hints decide.
    pub fn words(&self, state: &AppState) -> Words {
        super::lang::words(state, &self.page.hints)
    }

    /// The frame of a page titled by message `title`.
    pub async fn frame(&self, state: &AppState, title: &str) -> Frame {
        let words = self.words(state);
        let title = words.t(title);
        self.frame_titled(state, words, title).await
    }

    /// The frame of a page whose title is data (a user's email).
    pub async fn frame_titled(&self, state: &AppState, words: Words, title: String) -> Frame {
        let admin = match &self.who {
            Some(who) => state
                .services
                .permissions
                .of(who.user_id)
                .await
                .is_ok_and(|p| !p.is_empty()),
            None => false,
        };
        Frame {
            product: state.config.product_name.clone(),
            title,
            words,
            here: self.page.here.clone(),
            ui_locales: self.page.hints.ui_locales.clone(),
            csrf: self.csrf(),
            email: self.who.as_ref().and(self.email.clone()),
            admin,
            asset_version: super::ASSET_VERSION,
            script: false,
            base: state.site.base_path.clone(),
        }
    }

    /// The cookie that makes `token` (a session's refresh token) this
    /// browser's session for `max_age` seconds.
    pub fn sign_in_cookie(&self, token: &str, max_age: u64) -> HeaderValue {
        cookie_header(
            &name(SESSION_COOKIE, self.csrf.secure, &self.csrf.suffix),
            token,
            Some(max_age),
            self.csrf.secure,
        )
    }

    /// The language menu's cookie set to `lang`; empty: forgotten.
    pub fn language_cookie(&self, lang: &str) -> HeaderValue {
        let age = if lang.is_empty() {
            0
        } else {
            super::lang::ONE_YEAR
        };
        self.csrf.cookie(super::lang::LANG_COOKIE, lang, Some(age))
    }

    /// The cookie that forgets this browser's session.
    pub fn sign_out_cookie(&self) -> HeaderValue {
        self.csrf.sign_out_cookie()
    }
}

//! Hosted pages: server-rendered HTML (askama) for sign-in, registration,
//! password reset, email verification, the account and administration. They
//! call the same services as the API, work without JavaScript and load nothing
//! but one stylesheet from this binary (and, on the pages that offer passkeys,
//! one script). This module owns the router, the page
//! frame, and how failures become pages; it holds no rules of its own.

mod account;
mod admin;
mod auth;
mod federated;
mod form;
mod frame;
mod lang;
mod mfa;
mod security;
mod session;

use askama::Template;
use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};

use crate::core::Error;
use crate::web::shared::error::{PageWords, WebError, page};
use crate::web::state::AppState;

pub use auth::query;
pub use form::{Errors, Form, Posted};
pub use frame::Frame;
pub use session::Visit;

/// No script at all, styles from this server only, forms post here only.
const CSP_PAGES: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// The pages' policy, with one more place the forms may end at (after
/// redirects): `source` is a CSP source expression made from a parsed URL.
pub fn pages_csp(source: &str) -> String {
    CSP_PAGES.replace(
        "form-action 'self'",
        &format!("form-action 'self' {source}"),
    )
}

/// What a page that loads the passkey script may also do: run scripts from
/// this server, and call it.
const CSP_SCRIPT: &str = "default-src 'none'; script-src 'self'; connect-src 'self';";

/// Marks a page answer that loads `/assets/passkeys.js`: its policy allows
/// that one script (every other page allows none).
#[derive(Clone, Copy)]
struct LoadsScript;

/// The page answer, allowed to load the passkey script.
pub fn with_script(mut response: Response) -> Response {
    response.extensions_mut().insert(LoadsScript);
    response
}

const STYLESHEET: &str = include_str!("../../../static/palisade.css");
const PASSKEYS_JS: &str = include_str!("../../../static/passkeys.js");
/// Part of the stylesheet's URL, so a new release is fetched at once even
/// though browsers keep the stylesheet for a day.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The hosted pages, with their own policy headers and error pages.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/account") }))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/login/mfa", post(mfa::verify))
        .route("/login/mfa/passkey", post(mfa::verify_passkey))
        .route("/login/passkey", post(mfa::passkey_sign_in))
        .route("/login/{slug}", get(federated::start))
        .route("/login/{slug}/callback", get(federated::callback))
        .route("/register", get(auth::register_page).post(auth::register))
        .route(
            "/forgot-password",
            get(auth::forgot_page).post(auth::forgot),
        )
        .route("/reset-password", get(auth::reset_page).post(auth::reset))
        .route("/verify-email", get(auth::verify_page).post(auth::verify))
        .route("/logout", post(auth::logout))
        .route("/language", get(lang::choose))
        .merge(account::routes())
        .merge(security::routes())
        .merge(crate::web::oauth::authorize::routes())
        .merge(crate::web::oauth::logout::routes())
        .merge(crate::web::oauth::device::routes())
        .merge(admin::routes())
        .layer(middleware::from_fn_with_state(state, page_layer))
        .route("/assets/palisade.css", get(stylesheet))
        .route("/assets/passkeys.js", get(passkeys_script))
}

async fn passkeys_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        PASSKEYS_JS,
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "pages/message.html")]
struct MessagePage<'a> {
    frame: &'a Frame,
    heading: &'a str,
    text: &'a str,
    link: Option<(&'a str, &'a str)>,
}

/// A page that only says something, with an optional link onward.
pub fn message(
    frame: &Frame,
    status: StatusCode,
    heading: &str,
    text: &str,
    link: Option<(&str, &str)>,
) -> Response {
    render(
        status,
        &MessagePage {
            frame,
            heading,
            text,
            link,
        },
    )
}

/// Renders a template as an HTML answer; a template that cannot render is a
/// bug, answered as a plain 500.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => WebError::from(Error::internal(err)).into_response(),
    }
}

/// The page for a form refused before it reached the pages (the per-client
/// rate limit), with the API answer's status and Retry-After.
pub fn refusal(state: &AppState, headers: &axum::http::HeaderMap, err: WebError) -> Response {
    let said = err.describe();
    let words = lang::of_headers(state, headers);
    let (title, detail) = (words.say(&said.page_title()), words.say(&said.page()));
    let (api, _) = err.into_response().into_parts();
    let mut page = message(
        &Frame::anonymous(state, words, title.clone()),
        said.status,
        &title,
        &detail,
        None,
    );
    // The logged cause of a failure travels in the extensions.
    page.extensions_mut().extend(api.extensions);
    let headers = page.headers_mut();
    if let Some(wait) = api.headers.get(header::RETRY_AFTER) {
        headers.insert(header::RETRY_AFTER, wait.clone());
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP_PAGES),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

/// Why a page could not be shown. Turned into a page by `page_layer`, which
/// knows the product name; `SignIn` sends the browser to /login.
#[derive(Debug)]
pub enum Failure {
    Error(WebError),
    SignIn,
    /// A form without this session's CSRF token.
    Csrf,
}

impl From<WebError> for Failure {
    fn from(err: WebError) -> Self {
        match err {
            WebError::Core(Error::InvalidToken | Error::TokenExpired) | WebError::MissingToken => {
                Self::SignIn
            }
            other => Self::Error(other),
        }
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        WebError::from(err).into()
    }
}

pub type PageResult = Result<Response, Failure>;

/// What `page_layer` needs to draw an error page: its words, in the
/// language `error_page` finds out.
#[derive(Clone)]
struct ErrorPage {
    words: PageWords,
    /// The request's id, quoted under a server error.
    request_id: Option<String>,
    /// Whether the frame may ask the database who is signed in: not when the
    /// database is the problem, or the error page would wait for it again.
    ask_database: bool,
}

/// On the redirect to /login when the session cookie named no live session,
/// so that `page_layer` drops the cookie.
#[derive(Clone)]
struct SessionGone;

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::SignIn => {
                let mut response = Redirect::to("/login").into_response();
                response.extensions_mut().insert(SessionGone);
                response
            }
            Failure::Csrf => {
                let mut response = StatusCode::FORBIDDEN.into_response();
                response.extensions_mut().insert(ErrorPage {
                    words: page!("error-form-expired"),
                    request_id: None,
                    ask_database: true,
                });
                response
            }
            Failure::Error(err) => {
                let said = err.describe();
                let ask_database =
                    !matches!(err, WebError::Core(Error::Unavailable(_) | Error::Busy));
                // The API's answer keeps its status, Retry-After and the logged
                // cause; `page_layer` replaces its body with a page.
                let mut response = err.into_response();
                response.extensions_mut().insert(ErrorPage {
                    words: said.page_words(),
                    request_id: None,
                    ask_database,
                });
                response
            }
        }
    }
}

/// Every page answer: error pages drawn, its policy headers set, never cached.
async fn page_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let csrf = session::CsrfCookie::plant(&state, &mut request);
    let session_cookie = csrf.session_cookie(request.headers()).map(str::to_owned);
    let page = lang::PageRequest::read(&request, &csrf);
    request.extensions_mut().insert(page.clone());
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut response = next.run(request).await;
    if let Some(mut failed) = response.extensions_mut().remove::<ErrorPage>() {
        if response.status().is_server_error() {
            failed.request_id = request_id;
        }
        let cookie = session_cookie.clone();
        response = error_page(&state, csrf.clone(), cookie, page, failed, response).await;
    }
    if session_cookie.is_some() && response.extensions().get::<SessionGone>().is_some() {
        response
            .headers_mut()
            .append(header::SET_COOKIE, csrf.sign_out_cookie());
    }
    let headers = response.headers_mut();
    // A page whose form ends at an OAuth client set its own (`pages_csp`).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP_PAGES),
        );
    }
    if response.extensions().get::<LoadsScript>().is_some() {
        allow_script(response.headers_mut());
    }
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    csrf.set_cookie(&mut response);
    response
}

fn allow_script(headers: &mut axum::http::HeaderMap) {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or(CSP_PAGES)
        .replacen("default-src 'none';", CSP_SCRIPT, 1);
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The failed answer with a page for a body; its status, headers (such as
/// Retry-After) and logged cause stay.
async fn error_page(
    state: &AppState,
    csrf: session::CsrfCookie,
    session_cookie: Option<String>,
    page: lang::PageRequest,
    failed: ErrorPage,
    response: Response,
) -> Response {
    let hints = page.hints.clone();
    let visit = if failed.ask_database {
        Visit::load(state, csrf, session_cookie, Default::default(), page)
            .await
            .ok()
    } else {
        None
    };
    let words = match &visit {
        Some(visit) => visit.words(state),
        None => lang::words(state, &hints),
    };
    let title = words.say(&failed.words.title);
    let mut detail = words.say(&failed.words.detail);
    if let Some(id) = &failed.request_id {
        detail = words.t2("error-request-id", "detail", detail, "id", id.as_str());
    }
    let frame = match &visit {
        Some(visit) => visit.frame_titled(state, words, title.clone()).await,
        None => Frame::anonymous(state, words, title.clone()),
    };
    let page = message(&frame, response.status(), &title, &detail, None);
    let (mut parts, _) = response.into_parts();
    let (page_parts, body) = page.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(kind) = page_parts.headers.get(header::CONTENT_TYPE) {
        parts.headers.insert(header::CONTENT_TYPE, kind.clone());
    }
    Response::from_parts(parts, body)
}

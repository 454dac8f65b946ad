//! The authorization endpoint in the browser: GET shows sign-in (through
//! /login and back), consent or an error page, or redirects to the client;
//! POST is the consent form's answer. The consent page cannot be framed
//! (the pages' CSP) and its form carries the CSRF token like every form.

use askama::Template;
use axum::{
    Router,
    extract::{RawQuery, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse as _, Redirect, Response},
    routing::get,
};
use url::Url;

use crate::core::Error;
use crate::core::oauth::{AuthorizationRequest, Authorized, BrowserSession, Decision};
use crate::infra::i18n::Words;
use crate::web::pages::{Form, Frame, PageResult, Visit, message, pages_csp, render};
use crate::web::state::AppState;

/// The request parameters carried through sign-in and the consent form.
const PARAMETERS: [&str; 14] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "max_age",
    "acr_values",
    "login_hint",
    "id_token_hint",
    "ui_locales",
];

pub fn routes() -> Router<AppState> {
    Router::new().route("/oauth2/authorize", get(authorize).post(decide))
}

/// The request's parameters from name-value pairs (the first of a name).
fn request_from(pairs: &[(String, String)]) -> AuthorizationRequest {
    let get = |name: &str| super::first(pairs, name);
    AuthorizationRequest {
        client_id: get("client_id"),
        redirect_uri: get("redirect_uri"),
        response_type: get("response_type"),
        scope: get("scope"),
        state: get("state"),
        nonce: get("nonce"),
        code_challenge: get("code_challenge"),
        code_challenge_method: get("code_challenge_method"),
        prompt: get("prompt"),
        max_age: get("max_age"),
        acr_values: get("acr_values"),
        login_hint: get("login_hint"),
        id_token_hint: get("id_token_hint"),
    }
}

/// The parameters worth carrying, without what a fresh sign-in satisfies
/// (`max_age` and `acr_values`, and `login` and `select_account` in
/// `prompt`, whose other words stay): the request to come back to after
/// /login.
fn carried(pairs: &[(String, String)], after_sign_in: bool) -> Vec<(String, String)> {
    let satisfied = |word: &str| matches!(word, "login" | "select_account");
    pairs
        .iter()
        .filter(|(k, _)| PARAMETERS.contains(&k.as_str()))
        .filter(|(k, _)| !(after_sign_in && (k == "max_age" || k == "acr_values")))
        .filter_map(|(k, v)| {
            if !(after_sign_in && k == "prompt") {
                return Some((k.clone(), v.clone()));
            }
            let kept: Vec<&str> = v.split_whitespace().filter(|w| !satisfied(w)).collect();
            (!kept.is_empty()).then(|| (k.clone(), kept.join(" ")))
        })
        .collect()
}

fn browser(visit: &Visit) -> Option<BrowserSession> {
    let (who, (signed_in_at, amr)) = visit.who.as_ref().zip(visit.signed_in.clone())?;
    Some(BrowserSession {
        user_id: who.user_id,
        signed_in_at,
        amr,
    })
}

#[derive(Template)]
#[template(path = "pages/consent.html")]
struct ConsentPage {
    frame: Frame,
    client_name: String,
    scopes: Vec<String>,
    hidden: Vec<(String, String)>,
}

/// What people read for each scope on the consent page (a scope without
/// words of its own shows its code).
fn describe_scope(words: &Words, scope: &str) -> Option<String> {
    let id = match scope {
        "openid" => return None,
        "profile" => "login-scope-profile",
        "email" => "login-scope-email",
        "offline_access" => "login-scope-offline-access",
        "roles" => "login-scope-roles",
        other => return Some(other.to_owned()),
    };
    Some(words.t(id))
}

/// The CSP of a page whose form ends in a redirect to `target`: browsers
/// apply `form-action` to every hop of the form's redirects.
fn csp_with_target(target: &str) -> Option<HeaderValue> {
    let url = Url::parse(target).ok()?;
    let source = match url.scheme() {
        "http" | "https" => url.origin().ascii_serialization(),
        scheme => format!("{scheme}:"),
    };
    HeaderValue::from_str(&pages_csp(&source)).ok()
}

/// The answer for what the rules decided.
async fn answer(
    state: &AppState,
    visit: &Visit,
    decided: Authorized,
    pairs: &[(String, String)],
) -> PageResult {
    Ok(match decided {
        Authorized::Refused(why) => {
            let frame = visit.frame(state, "login-refused-title").await;
            message(
                &frame,
                StatusCode::BAD_REQUEST,
                &frame.t("login-refused-heading"),
                &frame.say(&why),
                None,
            )
        }
        Authorized::Redirect {
            redirect_uri,
            params,
        } => {
            let query = serde_urlencoded::to_string(&params).unwrap_or_default();
            let joiner = if redirect_uri.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{redirect_uri}{joiner}{query}")).into_response()
        }
        Authorized::SignIn { login_hint, fresh } => {
            let back = serde_urlencoded::to_string(carried(pairs, true)).unwrap_or_default();
            let mut to = vec![("return_to".to_owned(), format!("/oauth2/authorize?{back}"))];
            if let Some(hint) = login_hint {
                to.push(("email".to_owned(), hint));
            }
            if fresh {
                to.push(("reauth".to_owned(), "1".to_owned()));
            }
            // The sign-in pages speak the app's choice (API.md, "Languages").
            if let Some((_, langs)) = pairs.iter().find(|(k, _)| k == "ui_locales") {
                to.push(("ui_locales".to_owned(), langs.clone()));
            }
            let query = serde_urlencoded::to_string(&to).unwrap_or_default();
            Redirect::to(&format!("/login?{query}")).into_response()
        }
        Authorized::Consent {
            client_name,
            scopes,
        } => {
            let frame = visit.frame(state, "login-consent-title").await;
            let page = ConsentPage {
                scopes: scopes
                    .iter()
                    .filter_map(|s| describe_scope(&frame, s))
                    .collect(),
                frame,
                client_name,
                hidden: carried(pairs, false),
            };
            let mut response = render(StatusCode::OK, &page);
            let target = pairs.iter().find(|(k, _)| k == "redirect_uri");
            if let Some(csp) = target.and_then(|(_, uri)| csp_with_target(uri)) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            response
        }
    })
}

/// GET /oauth2/authorize.
pub async fn authorize(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    let request = request_from(&pairs);
    enrolled_if_required(&state, &visit).await?;
    let decided = state
        .services
        .oauth
        .authorize(&request, browser(&visit).as_ref())
        .await?;
    answer(&state, &visit, decided, &pairs).await
}

/// A signed-in user whose role must use a second factor signs in to no app
/// before setting one up (the error page says where).
async fn enrolled_if_required(state: &AppState, visit: &Visit) -> Result<(), Error> {
    match &visit.who {
        Some(who) => state.services.mfa.require_enrolled(who).await,
        None => Ok(()),
    }
}

/// POST /oauth2/authorize: the consent form's `decision`.
pub async fn decide(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let pairs = form.pairs();
    let request = request_from(&pairs);
    let Some(browser) = browser(&visit) else {
        // Signed out meanwhile: sign in and ask again.
        let decided = state.services.oauth.authorize(&request, None).await?;
        return answer(&state, &visit, decided, &pairs).await;
    };
    enrolled_if_required(&state, &visit).await?;
    let decision = match form.get("decision") {
        "allow" => Decision::Allow,
        _ => Decision::Deny,
    };
    let decided = state
        .services
        .oauth
        .decide(&request, &browser, decision, &visit.client)
        .await?;
    answer(&state, &visit, decided, &pairs).await
}

/// The response's CSP allows the form to end at the client, for pages
/// that send there.
pub fn allow_redirect_to(response: &mut Response, target: &str) {
    if let Some(csp) = csp_with_target(target) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parameter read but not carried is lost at sign-in (an
    /// `id_token_hint` was). The request's fields are named after the
    /// parameters, so its `Debug` names every one it reads.
    #[test]
    fn every_parameter_the_request_reads_survives_sign_in_and_consent() {
        let shown = format!("{:?}", AuthorizationRequest::default());
        let fields: Vec<&str> = shown
            .split(['{', ','])
            .skip(1)
            .filter_map(|part| part.split(':').next())
            .map(str::trim)
            .filter(|name| !name.is_empty() && *name != "}")
            .collect();
        assert!(fields.len() >= 12, "{fields:?}");
        for field in fields {
            assert!(
                PARAMETERS.contains(&field),
                "{field} is read but not carried"
            );
        }
        let pairs: Vec<(String, String)> = PARAMETERS
            .iter()
            .map(|name| ((*name).to_owned(), format!("value of {name}")))
            .collect();
        assert_eq!(
            format!("{:?}", request_from(&carried(&pairs, false))),
            format!("{:?}", request_from(&pairs))
        );
    }
}

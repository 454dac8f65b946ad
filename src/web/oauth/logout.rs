//! /oauth2/logout in the browser: RP-initiated logout. A valid hint for
//! the browser's user signs out at once; anything else asks first. Only a
//! registered `post_logout_redirect_uri` is ever redirected to.

use askama::Template;
use axum::{
    Router,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
    routing::get,
};

use super::authorize::allow_redirect_to;
use crate::core::Error;
use crate::core::oauth::{Logout, LogoutRequest};
use crate::web::pages::{Frame, PageResult, Posted, Visit, message, render};
use crate::web::state::AppState;

const PARAMETERS: [&str; 4] = [
    "id_token_hint",
    "post_logout_redirect_uri",
    "state",
    "client_id",
];

pub fn routes() -> Router<AppState> {
    Router::new().route("/oauth2/logout", get(ask).post(confirm))
}

fn request_from(pairs: &[(String, String)]) -> LogoutRequest {
    let get = |name: &str| super::first(pairs, name);
    LogoutRequest {
        id_token_hint: get("id_token_hint"),
        post_logout_redirect_uri: get("post_logout_redirect_uri"),
        state: get("state"),
        client_id: get("client_id"),
    }
}

#[derive(Template)]
#[template(path = "pages/logout.html")]
struct ConfirmPage {
    frame: Frame,
    hidden: Vec<(String, String)>,
}

async fn answer(
    state: &AppState,
    visit: &Visit,
    pairs: &[(String, String)],
    confirmed: bool,
) -> PageResult {
    let request = request_from(pairs);
    let browser_user = visit.who.as_ref().map(|w| w.user_id);
    let oauth = &state.services.oauth;
    match oauth
        .check_logout(&request, browser_user, confirmed)
        .await?
    {
        Logout::Refused(why) => {
            let frame = visit.frame(state, "login-logout-refused-title").await;
            Ok(message(
                &frame,
                StatusCode::BAD_REQUEST,
                &frame.t("login-logout-refused-heading"),
                &frame.say(&why),
                None,
            ))
        }
        Logout::Confirm => {
            let hidden = pairs
                .iter()
                .filter(|(k, _)| PARAMETERS.contains(&k.as_str()))
                .cloned()
                .collect();
            let page = ConfirmPage {
                frame: visit.frame(state, "login-logout-title").await,
                hidden,
            };
            let mut response = render(StatusCode::OK, &page);
            if let Some(uri) = &request.post_logout_redirect_uri {
                allow_redirect_to(&mut response, uri);
            }
            Ok(response)
        }
        Logout::Proceed {
            user,
            client_id,
            session,
            then,
        } => {
            match (user, session, &client_id) {
                (Some(user), Some(session), _) => {
                    oauth
                        .end_hinted_session(user, session, &visit.client)
                        .await?
                }
                (Some(user), None, Some(client_id)) => {
                    oauth
                        .end_client_sessions(user, client_id, &visit.client)
                        .await?
                }
                _ => {}
            }
            if let Some(who) = visit.who.as_ref().filter(|w| Some(w.user_id) == user) {
                match state.services.sessions.logout(who, &visit.client).await {
                    Ok(()) | Err(Error::NotFound) => {}
                    Err(err) => return Err(err.into()),
                }
            }
            let mut response = match then {
                Some(to) => Redirect::to(&to).into_response(),
                None => {
                    let words = visit.words(state);
                    let title = words.t("login-signed-out-title");
                    let frame = Frame::anonymous(state, words, title);
                    message(
                        &frame,
                        StatusCode::OK,
                        &frame.t("login-signed-out-heading"),
                        &frame.t("login-signed-out-close"),
                        Some(("/login", &frame.t("login-link-sign-in-again"))),
                    )
                }
            };
            if visit.who.as_ref().is_some_and(|w| Some(w.user_id) == user) {
                response
                    .headers_mut()
                    .append(axum::http::header::SET_COOKIE, visit.sign_out_cookie());
            }
            Ok(response)
        }
    }
}

/// GET /oauth2/logout.
pub async fn ask(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    answer(&state, &visit, &pairs, false).await
}

/// POST /oauth2/logout: the confirmation form (with this browser's form
/// token: confirmed), or a relying party posting its logout request (not
/// confirmed: treated as GET).
pub async fn confirm(State(state): State<AppState>, visit: Visit, posted: Posted) -> PageResult {
    let confirmed = posted.from_this_site && posted.form.get("decision") == "logout";
    answer(&state, &visit, &posted.form.pairs(), confirmed).await
}

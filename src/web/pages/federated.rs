//! Signing in through another provider on the pages: `/login/{slug}`
//! sends the browser there (to sign in, or with `connect` to connect the
//! provider from /account), `/login/{slug}/callback` finishes, and every
//! way it can stop lands on a page that says what happened and offers to
//! try again. An app's flow comes back here too and goes on to the app.

use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect, Response},
};
use subtle::ConstantTimeEq as _;
use url::Url;

use super::auth::{query, same_origin_path, signed_in};
use super::{Frame, PageResult, Visit, message};
use crate::core::Error;
use crate::core::error::FederationRefusal;
use crate::core::federation::{Callback, Finished, Outcome, Purpose};
use crate::web::shared::error::WebError;
use crate::web::state::AppState;

/// `/login/{slug}`: off to the provider.
pub async fn start(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let asked = query(raw);
    let purpose = match asked.get("connect") {
        // Connecting needs this session's own token: no other site can
        // start it for the user.
        Some(token) => {
            let who = visit.require()?;
            let expected = visit.connect_token(&slug);
            if !bool::from(token.as_bytes().ct_eq(expected.as_bytes())) {
                return Err(super::Failure::Csrf);
            }
            Purpose::Connect {
                user_id: who.user_id,
            }
        }
        None => Purpose::SignIn {
            return_to: same_origin_path(asked.get("return_to").map(String::as_str)),
        },
    };
    let retry = retry_link(&slug, &purpose);
    let started = state
        .services
        .federation
        .start(&slug, purpose, Some(visit.browser()))
        .await;
    match started {
        Ok(url) => Ok(Redirect::to(&url).into_response()),
        Err(err) => stopped(&state, &visit, err, &retry).await,
    }
}

/// `/login/{slug}/callback`: the provider sent the browser back.
pub async fn callback(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let asked = query(raw);
    let got = |name: &str| asked.get(name).map(String::as_str);
    let callback = Callback {
        code: got("code"),
        state: got("state"),
        error: got("error"),
    };
    let signed_in_as = visit.who.as_ref().map(|who| who.user_id);
    let Outcome { purpose, result } = state
        .services
        .federation
        .finish(
            &slug,
            callback,
            Some(visit.browser()),
            signed_in_as,
            visit.client.clone(),
        )
        .await;
    match result {
        Ok(Finished::SignedIn { issued, return_to }) => {
            signed_in(&state, &visit, issued, return_to.as_deref()).await
        }
        Ok(Finished::SecondFactor { step, return_to }) => {
            Ok(super::mfa::SecondStepPage::first(&state, &visit, step, return_to).await)
        }
        Ok(Finished::Connected) => Ok(Redirect::to("/account?notice=connected").into_response()),
        Ok(Finished::App {
            redirect_uri,
            login_code,
            state: app_state,
        }) => Ok(back_to_app(
            &redirect_uri,
            &[("login_code", &login_code)],
            app_state,
        )),
        // An app hears how its flow ended, whatever it was.
        Err(err) => match purpose {
            Some(Purpose::App {
                redirect_uri,
                state: app_state,
                ..
            }) => {
                if let Error::Internal(cause) | Error::Unavailable(cause) = &err {
                    tracing::error!(error = %cause, "federated sign-in of an app failed");
                }
                let said = WebError::from(err).describe();
                let params = [("error", said.code), ("error_description", &said.detail)];
                Ok(back_to_app(&redirect_uri, &params, app_state))
            }
            purpose => {
                let retry = match &purpose {
                    Some(purpose) => retry_link(&slug, purpose),
                    None => format!("/login/{slug}"),
                };
                stopped(&state, &visit, err, &retry).await
            }
        },
    }
}

/// The app's redirect URI with `params` (and its `state`) added.
fn back_to_app(redirect_uri: &str, params: &[(&str, &str)], state: Option<String>) -> Response {
    let Ok(mut url) = Url::parse(redirect_uri) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in params {
            pairs.append_pair(name, value);
        }
        if let Some(state) = &state {
            pairs.append_pair("state", state);
        }
    }
    Redirect::to(url.as_str()).into_response()
}

/// Where "Try again" goes for a flow with `purpose`.
fn retry_link(slug: &str, purpose: &Purpose) -> String {
    match purpose {
        Purpose::SignIn {
            return_to: Some(to),
        } => format!(
            "/login/{slug}?{}",
            serde_urlencoded::to_string([("return_to", to)]).unwrap_or_default()
        ),
        Purpose::Connect { .. } => "/account#connected".to_owned(),
        _ => format!("/login/{slug}"),
    }
}

/// The page for a flow that stopped: what happened, and what to do next.
async fn stopped(state: &AppState, visit: &Visit, err: Error, retry: &str) -> PageResult {
    let words = visit.words(state);
    let mut link = (retry, "login-federated-retry");
    let (status, title, detail) = match err {
        // An unknown provider is a 404 page like any other; a bug is a
        // 500 page whose cause is logged.
        Error::NotFound | Error::Internal(_) => return Err(err.into()),
        Error::Unavailable(cause) => {
            tracing::warn!(error = %cause, "federated sign-in: provider or database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                words.t("login-federated-unavailable-title"),
                words.t("login-federated-unavailable"),
            )
        }
        err => {
            if matches!(err, Error::Federation(FederationRefusal::LinkWithPassword)) {
                link = (
                    "/login?notice=connect&return_to=%2Faccount%23connected",
                    "login-federated-use-password",
                );
            }
            let said = WebError::from(err).describe();
            let title = words.say(&said.page_title());
            (said.status, title, words.say(&said.page()))
        }
    };
    let label = words.t(link.1);
    let frame: Frame = visit.frame_titled(state, words, title).await;
    Ok(message(
        &frame,
        status,
        &frame.title,
        &detail,
        Some((link.0, &label)),
    ))
}

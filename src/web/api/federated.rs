//! /v1/auth/federated: sign-in through another provider for apps without a
//! backend (SPAs, mobile apps). The app starts the flow with its PKCE
//! challenge, the browser comes back to the app's redirect URI with a
//! `login_code`, and the app trades it for a TokenPair: it never sees the
//! provider's tokens.

use axum::{
    Json,
    extract::{Path, State},
    response::{IntoResponse as _, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{LoginAnswer, TokenPair};
use crate::core::Error;
use crate::core::federation::Purpose;
use crate::core::mfa::step::{STEP_TTL, SecondStep};
use crate::web::oauth::token::no_store;
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, Client};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    /// Where the browser comes back with the `login_code`: a redirect URI
    /// of a registered client.
    #[schema(value_type = String, required = true, example = "https://app.example.com/callback")]
    redirect_uri: Option<String>,
    /// The base64url SHA-256 of the app's `code_verifier` (PKCE S256).
    #[schema(value_type = String, required = true, min_length = 43, max_length = 43)]
    code_challenge: Option<String>,
    /// Given back at `redirect_uri` as it was sent.
    #[schema(max_length = 512)]
    state: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartAnswer {
    /// Send the browser here.
    authorization_url: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ExchangeRequest {
    #[schema(value_type = String, required = true)]
    login_code: Option<String>,
    #[schema(value_type = String, required = true, min_length = 43, max_length = 128)]
    code_verifier: Option<String>,
}

/// Start signing in through a provider, for an app.
#[utoipa::path(post, path = "/v1/auth/federated/{slug}/start", tag = "auth", request_body = StartRequest,
    params(("slug" = String, Path, description = "The provider")),
    responses(
        (status = 200, description = "Where to send the browser", body = StartAnswer),
        (status = 404, description = "No such enabled provider", body = Problem),
        (status = 422, description = "A redirect URI no client registered, or a malformed challenge", body = Problem),
        (status = 503, description = "The provider cannot be reached", body = Problem),
    ))]
pub async fn start(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    AppJson(body): AppJson<StartRequest>,
) -> Result<Response> {
    let absent = [
        ("redirect_uri", body.redirect_uri.is_none()),
        ("code_challenge", body.code_challenge.is_none()),
    ];
    let (Some(redirect_uri), Some(code_challenge)) = (body.redirect_uri, body.code_challenge)
    else {
        return Err(missing(&absent));
    };
    let purpose = Purpose::App {
        redirect_uri,
        code_challenge,
        state: body.state,
    };
    let authorization_url = state
        .services
        .federation
        .start(&slug, purpose, None)
        .await?;
    Ok(no_store(
        Json(StartAnswer { authorization_url }).into_response(),
    ))
}

/// Trade a login code for tokens.
#[utoipa::path(post, path = "/v1/auth/federated/exchange", tag = "auth", request_body = ExchangeRequest,
    responses(
        (status = 200, description = "Signed in (`amr: [\"fed\"]`); or, for a user with a second factor, the step to finish (`mfa_required`)", body = LoginAnswer),
        (status = 400, description = "`invalid_login_code`: unknown, used, expired, or another verifier", body = Problem),
        (status = 403, description = "`account_disabled`", body = Problem),
        (status = 422, description = "Missing fields", body = Problem),
    ))]
pub async fn exchange(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<ExchangeRequest>,
) -> Result<Response> {
    let absent = [
        ("login_code", body.login_code.is_none()),
        ("code_verifier", body.code_verifier.is_none()),
    ];
    let (Some(login_code), Some(verifier)) = (body.login_code, body.code_verifier) else {
        return Err(missing(&absent));
    };
    let exchanged = state
        .services
        .oauth
        .exchange_login_code(&login_code, &verifier, &client)
        .await;
    let answer = match exchanged {
        Ok(issued) => LoginAnswer::Tokens(TokenPair::from(issued)),
        Err(Error::MfaRequired { mfa_token }) => {
            let methods = state.services.mfa.step_methods(&mfa_token).await;
            LoginAnswer::SecondFactor(
                SecondStep {
                    mfa_token,
                    methods,
                    expires_in: STEP_TTL.as_secs(),
                }
                .into(),
            )
        }
        Err(err) => return Err(err.into()),
    };
    Ok(no_store(Json(answer).into_response()))
}

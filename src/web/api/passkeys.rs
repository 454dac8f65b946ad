//! Passkeys over the API: registering and removing the caller's, signing in
//! with one alone, and finishing a second step with one. A ceremony's start
//! answers WebAuthn options in their JSON form (binary as base64url) plus a
//! `ceremony_id`; its finish takes the credential as the browser's
//! `PublicKeyCredential.toJSON()` gives it.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use super::auth::TokenPair;
use super::mfa::PasskeyDto;
use crate::core::error::Error;
use crate::core::mfa::passkeys::Started;
use crate::core::model::Password;
use crate::web::oauth::token::no_store;
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, AuthUser, Client, path_id};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterStart {
    /// Needed unless the sign-in behind the token is under five minutes old.
    #[schema(value_type = Option<String>)]
    password: Option<SecretString>,
    /// How the passkey is listed (default "Passkey").
    name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CeremonyFinish {
    #[schema(required = true)]
    ceremony_id: Option<String>,
    /// The browser's `PublicKeyCredential`, as its `toJSON()` gives it.
    #[schema(required = true, value_type = Object)]
    credential: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignInStart {
    /// Offers this user's passkeys; without it, the authenticator picks a
    /// discoverable one.
    email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StepStart {
    #[schema(required = true)]
    mfa_token: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StepFinish {
    #[schema(required = true)]
    mfa_token: Option<String>,
    #[schema(required = true)]
    ceremony_id: Option<String>,
    #[schema(required = true, value_type = Object)]
    credential: Option<Value>,
}

/// A passkey just registered; `recovery_codes` only when it is the user's
/// first factor (shown this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredPasskey {
    #[serde(flatten)]
    passkey: PasskeyDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_codes: Option<Vec<String>>,
}

/// The options (`publicKey`'s members) with the ceremony's id beside them.
pub fn options_answer(started: Started) -> Response {
    let mut answer = match started.options.get("publicKey") {
        Some(Value::Object(members)) => members.clone(),
        _ => Map::new(),
    };
    answer.insert(
        "ceremony_id".into(),
        Value::String(started.ceremony_id.to_string()),
    );
    no_store(Json(Value::Object(answer)).into_response())
}

/// The ceremony id and credential of a finish; `refused` when either is
/// not what a ceremony could have given.
fn ceremony_of(
    ceremony_id: Option<String>,
    credential: Option<Value>,
    refused: Error,
) -> Result<(Uuid, Value)> {
    let (Some(id), Some(credential)) = (ceremony_id, credential) else {
        return Err(missing(&[("ceremony_id", true), ("credential", true)]));
    };
    let id = Uuid::parse_str(id.trim()).map_err(|_| refused)?;
    Ok((id, credential))
}

/// Start registering a passkey: pass the options to `navigator.credentials.create()`.
#[utoipa::path(post, path = "/v1/users/me/passkeys/register/start", tag = "mfa",
    security(("oauth2" = []), ("bearer" = [])), request_body = RegisterStart,
    responses((status = 200, description = "PublicKeyCredentialCreationOptions (JSON) and `ceremony_id`", body = Object),
        (status = 401, body = Problem), (status = 403, description = "`reauth_failed`", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn register_start(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<RegisterStart>,
) -> Result<Response> {
    let password = body
        .password
        .filter(|p| !p.expose_secret().is_empty())
        .map(Password::from);
    let started = state
        .services
        .mfa
        .start_passkey_registration(&who, password.as_ref(), body.name.as_deref(), &client)
        .await?;
    Ok(options_answer(started))
}

/// Finish registering a passkey with what `navigator.credentials.create()` gave.
#[utoipa::path(post, path = "/v1/users/me/passkeys/register/finish", tag = "mfa",
    security(("oauth2" = []), ("bearer" = [])), request_body = CeremonyFinish,
    responses((status = 201, body = RegisteredPasskey),
        (status = 400, description = "`invalid_credential`", body = Problem),
        (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn register_finish(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<CeremonyFinish>,
) -> Result<Response> {
    let (id, credential) =
        ceremony_of(body.ceremony_id, body.credential, Error::InvalidCredential)?;
    let added = state
        .services
        .mfa
        .finish_passkey_registration(&who, id, &credential, &client)
        .await?;
    let body = RegisteredPasskey {
        passkey: added.passkey.into(),
        recovery_codes: added.recovery_codes,
    };
    Ok(no_store((StatusCode::CREATED, Json(body)).into_response()))
}

/// Remove one of the caller's passkeys.
#[utoipa::path(delete, path = "/v1/users/me/passkeys/{id}", tag = "mfa", params(("id" = Uuid, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Removed"), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "`last_login_method`: nothing else would sign the user in", body = Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .mfa
        .remove_passkey(&who, path_id(&id)?, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start signing in with a passkey alone: pass the options to `navigator.credentials.get()`.
#[utoipa::path(post, path = "/v1/auth/passkey/start", tag = "auth", request_body = SignInStart,
    responses((status = 200, description = "PublicKeyCredentialRequestOptions (JSON) and `ceremony_id`", body = Object),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn sign_in_start(
    State(state): State<AppState>,
    AppJson(body): AppJson<SignInStart>,
) -> Result<Response> {
    let started = state
        .services
        .mfa
        .start_passkey_sign_in(body.email.as_deref())
        .await?;
    Ok(options_answer(started))
}

/// Finish signing in with a passkey: tokens whose `amr` is `["hwk"]`.
#[utoipa::path(post, path = "/v1/auth/passkey/finish", tag = "auth", request_body = CeremonyFinish,
    responses((status = 200, body = TokenPair),
        (status = 401, description = "`invalid_credentials`", body = Problem),
        (status = 403, description = "`account_disabled` or `email_not_verified`", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn sign_in_finish(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<CeremonyFinish>,
) -> Result<Response> {
    let (id, credential) =
        ceremony_of(body.ceremony_id, body.credential, Error::InvalidCredentials)?;
    let issued = state
        .services
        .mfa
        .finish_passkey_sign_in(id, &credential, client)
        .await?;
    Ok(no_store(Json(TokenPair::from(issued)).into_response()))
}

/// Start finishing a second step with a passkey.
#[utoipa::path(post, path = "/v1/auth/mfa/passkey/start", tag = "auth", request_body = StepStart,
    responses((status = 200, description = "PublicKeyCredentialRequestOptions (JSON) and `ceremony_id`", body = Object),
        (status = 401, description = "`mfa_token_expired`", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn step_start(
    State(state): State<AppState>,
    AppJson(body): AppJson<StepStart>,
) -> Result<Response> {
    let mfa_token = body
        .mfa_token
        .ok_or_else(|| missing(&[("mfa_token", true)]))?;
    let started = state.services.mfa.start_passkey_step(&mfa_token).await?;
    Ok(options_answer(started))
}

/// Finish a second step with a passkey: tokens whose `amr` has `pwd`, `hwk`, `mfa`.
#[utoipa::path(post, path = "/v1/auth/mfa/passkey/finish", tag = "auth", request_body = StepFinish,
    responses((status = 200, body = TokenPair),
        (status = 401, description = "`invalid_credentials` or `mfa_token_expired`", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn step_finish(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<StepFinish>,
) -> Result<Response> {
    let mfa_token = body
        .mfa_token
        .ok_or_else(|| missing(&[("mfa_token", true)]))?;
    let (id, credential) =
        ceremony_of(body.ceremony_id, body.credential, Error::InvalidCredentials)?;
    let issued = state
        .services
        .mfa
        .finish_passkey_step(&mfa_token, id, &credential, client)
        .await?;
    Ok(no_store(Json(TokenPair::from(issued)).into_response()))
}

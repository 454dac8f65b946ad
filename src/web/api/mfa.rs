//! Second factors over the API: the caller's factors, enrolling and removing
//! an authenticator app, recovery codes, the second step of a sign-in, and
//! an admin's reset. The QR code is drawn here, as SVG, from the URI.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::auth::TokenPair;
use crate::core::mfa::step::{Method, SecondStep};
use crate::core::mfa::{Proof, TotpEnrollment};
use crate::core::model::Password;
use crate::core::ports::{Factors, PasskeyInfo};
use crate::core::rbac::UsersWrite;
use crate::web::oauth::token::no_store;
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, AuthUser, Client, RequirePermission, path_id};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// The answer of a password login for a user with a second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct MfaRequired {
    #[schema(example = true)]
    mfa_required: bool,
    /// Finishes the sign-in at /v1/auth/mfa/verify: once, within `expires_in`.
    mfa_token: String,
    /// What the user can finish with: `totp`, `recovery_code`, `passkey`.
    methods: Vec<&'static str>,
    expires_in: u64,
}

impl From<SecondStep> for MfaRequired {
    fn from(step: SecondStep) -> Self {
        Self {
            mfa_required: true,
            mfa_token: step.mfa_token,
            methods: step.methods,
            expires_in: step.expires_in,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PasskeyDto {
    id: Uuid,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FactorsDto {
    totp: bool,
    recovery_codes_left: u32,
    passkeys: Vec<PasskeyDto>,
}

impl From<PasskeyInfo> for PasskeyDto {
    fn from(p: PasskeyInfo) -> Self {
        Self {
            id: p.id,
            name: p.name,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        }
    }
}

impl From<Factors> for FactorsDto {
    fn from(f: Factors) -> Self {
        Self {
            totp: f.totp,
            recovery_codes_left: f.recovery_codes_left,
            passkeys: f.passkeys.into_iter().map(PasskeyDto::from).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordProof {
    #[schema(value_type = String, required = true)]
    password: Option<SecretString>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CodeRequest {
    /// The six digits the app shows.
    #[schema(required = true)]
    code: Option<String>,
}

/// Either proves it is the user.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RemoveTotpRequest {
    #[schema(value_type = String)]
    password: Option<SecretString>,
    /// A current code of the app.
    code: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TotpSetup {
    /// The seed in base32, for typing in by hand.
    secret: String,
    otpauth_uri: String,
    /// The URI as a QR code, an SVG document.
    qr_svg: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten codes, each working once. Shown this one time.
    recovery_codes: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequest {
    #[schema(required = true)]
    mfa_token: Option<String>,
    /// `totp` or `recovery_code`.
    #[schema(required = true)]
    method: Option<String>,
    #[schema(required = true)]
    code: Option<String>,
}

/// The URI as a QR code in SVG: drawn here, no script, no outside service.
pub fn qr_svg(uri: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        // A URI of a few hundred bytes always fits; if not, the typed
        // secret still works.
        Err(_) => String::new(),
    }
}

fn password_of(secret: Option<SecretString>) -> Result<Password> {
    secret
        .filter(|p| !p.expose_secret().is_empty())
        .map(Password::from)
        .ok_or_else(|| missing(&[("password", true)]))
}

/// The caller's second factors.
#[utoipa::path(get, path = "/v1/users/me/mfa", tag = "mfa", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = FactorsDto), (status = 401, body = Problem)))]
pub async fn get_factors(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<Json<FactorsDto>> {
    Ok(Json(state.services.mfa.factors(who.user_id).await?.into()))
}

/// Start adding an authenticator app (after the password): scan the QR code
/// or type the secret, then confirm with a code.
#[utoipa::path(post, path = "/v1/users/me/mfa/totp", tag = "mfa", security(("oauth2" = []), ("bearer" = [])),
    request_body = PasswordProof,
    responses((status = 200, body = TotpSetup), (status = 401, body = Problem),
        (status = 403, description = "`reauth_failed`", body = Problem),
        (status = 409, description = "`already_enrolled`", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn start_totp(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<PasswordProof>,
) -> Result<Response> {
    let password = password_of(body.password)?;
    let TotpEnrollment {
        secret,
        otpauth_uri,
    } = state
        .services
        .mfa
        .start_totp(&who, &password, &client)
        .await?;
    let qr_svg = qr_svg(&otpauth_uri);
    Ok(no_store(
        Json(TotpSetup {
            secret,
            otpauth_uri,
            qr_svg,
        })
        .into_response(),
    ))
}

/// Confirm the app with a code it shows: returns the recovery codes, once.
#[utoipa::path(post, path = "/v1/users/me/mfa/totp/confirm", tag = "mfa", security(("oauth2" = []), ("bearer" = [])),
    request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 400, description = "`invalid_code`", body = Problem),
        (status = 401, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn confirm_totp(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<CodeRequest>,
) -> Result<Response> {
    let code = body.code.ok_or_else(|| missing(&[("code", true)]))?;
    let recovery_codes = state
        .services
        .mfa
        .confirm_totp(&who, &code, &client)
        .await?;
    Ok(no_store(
        Json(RecoveryCodes { recovery_codes }).into_response(),
    ))
}

/// Remove the authenticator app, with the password or a current code.
#[utoipa::path(delete, path = "/v1/users/me/mfa/totp", tag = "mfa", security(("oauth2" = []), ("bearer" = [])),
    request_body = RemoveTotpRequest,
    responses((status = 204, description = "Removed"), (status = 401, body = Problem),
        (status = 403, description = "`reauth_failed`", body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn remove_totp(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<RemoveTotpRequest>,
) -> Result<StatusCode> {
    let password = body
        .password
        .filter(|p| !p.expose_secret().is_empty())
        .map(Password::from);
    let proof = match (&password, body.code.as_deref()) {
        (Some(password), _) => Proof::Password(password),
        (None, Some(code)) => Proof::Code(code),
        (None, None) => return Err(missing(&[("password", true)])),
    };
    state.services.mfa.remove_totp(&who, proof, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new set of recovery codes (after the password); the old set dies.
#[utoipa::path(post, path = "/v1/users/me/mfa/recovery-codes", tag = "mfa", security(("oauth2" = []), ("bearer" = [])),
    request_body = PasswordProof,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = Problem),
        (status = 403, description = "`reauth_failed`", body = Problem),
        (status = 404, description = "No second factor", body = Problem), (status = 422, body = Problem),
        (status = 429, body = Problem)))]
pub async fn renew_recovery_codes(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<PasswordProof>,
) -> Result<Response> {
    let password = password_of(body.password)?;
    let recovery_codes = state
        .services
        .mfa
        .renew_recovery_codes(&who, &password, &client)
        .await?;
    Ok(no_store(
        Json(RecoveryCodes { recovery_codes }).into_response(),
    ))
}

/// Finish a sign-in with a second factor: the `mfa_token` from the login
/// and a code from the app (or a recovery code).
#[utoipa::path(post, path = "/v1/auth/mfa/verify", tag = "auth", request_body = VerifyRequest,
    responses((status = 200, body = TokenPair),
        (status = 401, description = "`invalid_code` or `mfa_token_expired`", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn verify(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<VerifyRequest>,
) -> Result<Response> {
    let (Some(mfa_token), Some(method), Some(code)) = (body.mfa_token, body.method, body.code)
    else {
        return Err(missing(&[
            ("mfa_token", true),
            ("method", true),
            ("code", true),
        ]));
    };
    let method = Method::parse(&method)?;
    let issued = state
        .services
        .mfa
        .verify(&mfa_token, method, &code, client)
        .await?;
    Ok(no_store(Json(TokenPair::from(issued)).into_response()))
}

/// Remove every second factor of a user (a lost phone) and end their sessions.
#[utoipa::path(delete, path = "/v1/admin/users/{id}/mfa", tag = "admin", params(("id" = Uuid, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Reset"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn reset_factors(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<UsersWrite>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .admin
        .reset_factors(&granted, &client, path_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

//! /v1/users/me: the caller's own profile.

use axum::{Json, extract::State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::model::{Account, Password};
use crate::core::privacy::Export;
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, AuthUser, Client};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// A user account as the API shows it. Never holds a secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    id: Uuid,
    email: String,
    email_verified: bool,
    display_name: Option<String>,
    roles: Vec<String>,
    disabled: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_login_at: Option<DateTime<Utc>>,
    /// The language of the user's pages and emails; `null`: decided by the
    /// browser, then the tenant's and the server's default.
    #[schema(value_type = Option<Locale>)]
    locale: Option<String>,
}

/// The built-in languages (API.md, "Languages"); an operator may add more
/// with PALISADE_MESSAGES_DIR.
#[derive(ToSchema, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // a schema only: the value travels as a string
pub enum Locale {
    En,
    De,
    Fr,
    Es,
    Ja,
    Ar,
}

impl From<Account> for UserDto {
    fn from(Account { user, roles }: Account) -> Self {
        Self {
            id: user.id,
            email: user.email,
            email_verified: user.email_verified,
            display_name: user.display_name,
            roles,
            disabled: user.disabled,
            created_at: user.created_at,
            updated_at: user.updated_at,
            last_login_at: user.last_login_at,
            locale: user.locale,
        }
    }
}

/// Absent stays `None`; present (even `null`) becomes `Some`.
pub(super) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMeRequest {
    /// Up to 100 characters; `null` or "" clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 100, pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$", example = "Ada")]
    display_name: Option<Option<String>>,
    /// The user's language: one of the supported ones (422
    /// `unsupported_locale` otherwise); `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Locale>)]
    locale: Option<Option<String>>,
}

/// The caller's account.
#[utoipa::path(get, path = "/v1/users/me", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserDto), (status = 401, body = Problem)))]
pub async fn get_me(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<Json<UserDto>> {
    Ok(Json(
        state.services.accounts.profile(who.user_id).await?.into(),
    ))
}

/// Change the caller's profile.
#[utoipa::path(patch, path = "/v1/users/me", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    request_body = UpdateMeRequest,
    responses((status = 200, body = UserDto), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn update_me(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<UpdateMeRequest>,
) -> Result<Json<UserDto>> {
    let display_name = body.display_name.as_ref().map(Option::as_deref);
    let locale = body.locale.as_ref().map(Option::as_deref);
    let languages = state.config.catalog.languages();
    let account = state
        .services
        .accounts
        .update_profile(who.user_id, display_name, locale, languages)
        .await?;
    Ok(Json(account.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeleteMeRequest {
    /// The current password, to confirm.
    #[schema(value_type = String, required = true)]
    password: Option<secrecy::SecretString>,
}

/// A session as held, ended ones included.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSession {
    id: Uuid,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    ip: Option<String>,
    user_agent: Option<String>,
}

/// Everything Palisade holds about the caller. No hash, no token.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportDto {
    exported_at: DateTime<Utc>,
    user: UserDto,
    roles: Vec<String>,
    sessions: Vec<ExportedSession>,
    audit_events: Vec<super::audit::AuditEventDto>,
    /// Which second factors the user has; never a seed or a code.
    second_factors: super::mfa::FactorsDto,
    /// The apps the user let in (OpenID Connect consents).
    connected_apps: Vec<super::grants::GrantDto>,
    /// The user's identities at other providers.
    linked_identities: Vec<ExportedIdentity>,
}

/// An identity at another provider, as the export lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedIdentity {
    provider: String,
    /// The user's id at that provider.
    subject: String,
    email: Option<String>,
    linked_at: chrono::DateTime<chrono::Utc>,
    last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Download everything held about the caller (GDPR art. 15 and 20).
#[utoipa::path(get, path = "/v1/users/me/export", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = ExportDto, headers(("Content-Disposition" = String))), (status = 401, body = Problem)))]
pub async fn export_me(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<impl axum::response::IntoResponse> {
    let export = state.services.privacy.export(&who).await?;
    Ok(export_download(export))
}

/// The export as a JSON file download: the API's and the account page's.
pub fn export_download(export: Export) -> impl axum::response::IntoResponse {
    let body = ExportDto {
        exported_at: export.exported_at,
        roles: export.account.roles.clone(),
        user: export.account.into(),
        sessions: export
            .sessions
            .into_iter()
            .map(|s| ExportedSession {
                id: s.id,
                created_at: s.created_at,
                last_used_at: s.last_used_at,
                expires_at: s.expires_at,
                revoked_at: s.revoked_at,
                ip: s.ip,
                user_agent: s.user_agent,
            })
            .collect(),
        audit_events: export.events.into_iter().map(Into::into).collect(),
        second_factors: export.factors.into(),
        connected_apps: export.consents.into_iter().map(Into::into).collect(),
        linked_identities: export
            .identities
            .into_iter()
            .map(|i| ExportedIdentity {
                provider: i.provider,
                subject: i.subject,
                email: i.email,
                linked_at: i.linked_at,
                last_used_at: i.last_used_at,
            })
            .collect(),
    };
    let filename = format!(
        "attachment; filename=\"palisade-export-{}.json\"",
        export.exported_at.format("%Y%m%dT%H%M%SZ")
    );
    (
        [(axum::http::header::CONTENT_DISPOSITION, filename)],
        Json(body),
    )
}

/// Erase the caller's account and personal data (GDPR art. 17).
#[utoipa::path(delete, path = "/v1/users/me", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    request_body = DeleteMeRequest,
    responses((status = 204, description = "Erased"), (status = 401, body = Problem),
        (status = 403, description = "`reauth_failed`", body = Problem), (status = 409, description = "`last_admin`", body = Problem),
        (status = 429, description = "`rate_limited`: too many wrong passwords for this account from this client", body = Problem)))]
pub async fn delete_me(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<DeleteMeRequest>,
) -> Result<axum::http::StatusCode> {
    let Some(password) = body.password else {
        return Err(missing(&[("password", true)]));
    };
    let password = Password::from(password);
    state
        .services
        .privacy
        .delete_me(&who, &password, &client)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

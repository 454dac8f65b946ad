//! The form-encoded OAuth endpoints: token (RFC 6749, also at
//! /v1/auth/token), revocation (RFC 7009) and introspection (RFC 7662).
//! Each reads the client's credentials (HTTP Basic or the form, never
//! both), and answers every error the RFC 6749 way.

// A refusal here is the response to send, made once per request: boxing
// it would buy nothing.
#![allow(clippy::result_large_err)]

use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::core::Error;
use crate::core::clients::OAuthClient;
use crate::core::model::ClientInfo;
use crate::core::oauth::{ClientAuth, TokenHint, TokenRequest, TokenResponse};
use crate::web::shared::error::WebError;
use crate::web::shared::extract::{Client, body_bytes};
use crate::web::shared::problem::{OAuthError, oauth_error};
use crate::web::state::AppState;

/// The grants of the token endpoint.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Read by utoipa only: documents `grant_type`.
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
    Password,
    #[schema(rename = "urn:ietf:params:oauth:grant-type:device_code")]
    DeviceCode,
}

/// An RFC 6749 token request (form-encoded).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenForm {
    #[schema(value_type = GrantType, required = true)]
    grant_type: Option<String>,
    /// `authorization_code` grant.
    code: Option<String>,
    /// `authorization_code` grant: the one the authorization request used.
    redirect_uri: Option<String>,
    /// `authorization_code` grant: the PKCE verifier.
    code_verifier: Option<String>,
    /// `urn:ietf:params:oauth:grant-type:device_code` grant.
    device_code: Option<String>,
    /// `refresh_token` grant.
    #[schema(value_type = Option<String>)]
    refresh_token: Option<SecretString>,
    /// The email address (`password` grant, first-party clients).
    username: Option<String>,
    /// `password` grant.
    #[schema(value_type = Option<String>)]
    password: Option<SecretString>,
    /// `client_credentials` grant: the scopes wanted (default: all allowed).
    scope: Option<String>,
    /// The client, when not in `Authorization: Basic`. Absent: `palisade`.
    #[schema(example = "palisade")]
    client_id: Option<String>,
    /// A confidential client's secret (`client_secret_post`).
    #[schema(value_type = Option<String>)]
    client_secret: Option<SecretString>,
}

/// RFC 6749's token response.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenAnswer {
    access_token: String,
    #[schema(example = "Bearer")]
    token_type: &'static str,
    /// Seconds until the access token expires.
    expires_in: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    /// Seconds until the session, and so the refresh token, ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_expires_in: Option<u64>,
    /// With the `openid` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
    scope: String,
}

impl From<TokenResponse> for TokenAnswer {
    fn from(t: TokenResponse) -> Self {
        Self {
            access_token: t.access_token,
            token_type: "Bearer",
            expires_in: t.expires_in,
            refresh_token: t.refresh_token,
            refresh_expires_in: t.refresh_expires_in,
            id_token: t.id_token,
            scope: t.scope,
        }
    }
}

/// Token responses must not be cached by anyone.
pub fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn invalid(error: &'static str, description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, error, description)
}

/// 401 `invalid_client`, with the Basic challenge RFC 6749 §5.2 asks for.
fn invalid_client() -> Response {
    let mut response = oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Client authentication failed: unknown client, wrong secret, or a secret missing.",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"palisade\""),
    );
    response
}

/// A refusal of the core as RFC 6749 says it; rate limits, a busy server
/// and outages keep their status (the problem middleware words them).
fn refused(err: Error) -> Response {
    match err {
        Error::OAuth { error, description } => invalid(error, &description),
        Error::InvalidClient => invalid_client(),
        Error::MfaRequired { mfa_token } => mfa_required(mfa_token),
        other => WebError::from(other).into_response(),
    }
}

/// The password grant's answer for a user with a second factor: no tokens,
/// the `mfa_token` to finish with at /v1/auth/mfa/verify.
fn mfa_required(mfa_token: String) -> Response {
    let description =
        "The password is right; finish signing in with a second factor at /v1/auth/mfa/verify.";
    let mut response = invalid("mfa_required", description);
    let body = serde_json::json!({
        "error": "mfa_required",
        "error_description": description,
        "mfa_token": mfa_token,
    });
    *response.body_mut() = axum::body::Body::from(body.to_string());
    response
}

/// `application/x-www-form-urlencoded` (RFC 6749 §2.3.1 encodes Basic's
/// id and secret this way too).
fn form_decoded(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The id and secret of `Authorization: Basic`, if that is what was sent;
/// `Err` when it cannot be read.
fn basic(authorization: Option<&str>) -> Result<Option<(String, String)>, ()> {
    let Some((scheme, credentials)) = authorization.and_then(|v| v.trim().split_once(' ')) else {
        return Ok(None);
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(credentials.trim())
        .map_err(|_| ())?;
    let pair = String::from_utf8(raw).map_err(|_| ())?;
    let (id, secret) = pair.split_once(':').unwrap_or((pair.as_str(), ""));
    Ok(Some((
        form_decoded(id).ok_or(())?,
        form_decoded(secret).ok_or(())?,
    )))
}

/// The client's credentials from Basic or the form, never both.
fn client_auth(
    authorization: Option<&str>,
    form_id: Option<String>,
    form_secret: Option<SecretString>,
) -> Result<ClientAuth, Response> {
    let form_id = form_id.filter(|id| !id.is_empty());
    match basic(authorization) {
        Err(()) => Err(invalid_client()),
        Ok(Some((id, secret))) => {
            if form_secret.is_some() || form_id.as_ref().is_some_and(|f| *f != id) {
                return Err(invalid(
                    "invalid_request",
                    "Authenticate the client one way: Basic or the form, not both.",
                ));
            }
            Ok(ClientAuth {
                client_id: Some(id),
                secret: (!secret.is_empty()).then(|| SecretString::from(secret)),
            })
        }
        Ok(None) => Ok(ClientAuth {
            client_id: form_id,
            secret: form_secret,
        }),
    }
}

/// The form of an OAuth endpoint's request and the authorization header.
async fn read_form<T: serde::de::DeserializeOwned>(
    state: &AppState,
    request: Request,
) -> Result<(T, Option<String>), Response> {
    let form_encoded = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return Err(oauth_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request",
            "Send the request as application/x-www-form-urlencoded.",
        ));
    }
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = body_bytes(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let form = serde_urlencoded::from_bytes::<T>(&bytes)
        .map_err(|_| invalid("invalid_request", "The form could not be read."))?;
    Ok((form, authorization))
}

/// Whether the per-address sign-in budget is left to this endpoint: at
/// /v1/auth/token the rate-limit layer spends it on every request already.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Budget {
    SpentByLayer,
    PasswordGrantOnly,
}

/// The token endpoint, shared by both paths.
async fn token_endpoint(
    state: AppState,
    client: ClientInfo,
    request: Request,
    budget: Budget,
) -> Response {
    let (form, authorization) = match read_form::<TokenForm>(&state, request).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let auth = match client_auth(authorization.as_deref(), form.client_id, form.client_secret) {
        Ok(auth) => auth,
        Err(refusal) => return refusal,
    };
    // The password grant spends the sign-in budget of the client address,
    // like /v1/auth/*; the other grants are an app's own traffic.
    if budget == Budget::PasswordGrantOnly
        && form.grant_type.as_deref() == Some("password")
        && let Err(err) = state
            .services
            .throttle
            .take_request(client.ip.as_deref())
            .await
    {
        return WebError::from(err).into_response();
    }
    let oauth = &state.services.oauth;
    let authenticated = match oauth.client_of(&auth).await {
        Ok(c) => c,
        Err(err) => return refused(err),
    };
    let request = TokenRequest {
        grant_type: form.grant_type,
        code: form.code,
        redirect_uri: form.redirect_uri,
        code_verifier: form.code_verifier,
        device_code: form.device_code,
        refresh_token: form.refresh_token,
        username: form.username,
        password: form.password,
        scope: form.scope,
    };
    match oauth.token(&authenticated, request, client).await {
        Ok(answer) => no_store(Json(TokenAnswer::from(answer)).into_response()),
        Err(err) => refused(err),
    }
}

/// The OAuth 2.1 token endpoint: `authorization_code` (with PKCE),
/// `refresh_token`, `client_credentials`, and `password` for first-party
/// clients. Clients authenticate with Basic or the form (`client_secret_basic`,
/// `client_secret_post`); public clients send only `client_id`. Every error
/// is an RFC 6749 error object, never problem+json.
#[utoipa::path(post, path = "/oauth2/token", tag = "oauth",
    request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens", body = TokenAnswer),
        (status = 400, description = "`invalid_request`, `invalid_grant`, `unauthorized_client`, `invalid_scope` or `unsupported_grant_type`; `mfa_required` (with an `mfa_token` to finish at /v1/auth/mfa/verify) for a password grant of a user with a second factor", body = OAuthError),
        (status = 401, description = "`invalid_client`", body = OAuthError),
        (status = 413, description = "`invalid_request`: the body is larger than 64 KiB", body = OAuthError),
        (status = 415, description = "`invalid_request`: not application/x-www-form-urlencoded", body = OAuthError),
        (status = 429, description = "`temporarily_unavailable`: rate limited", body = OAuthError),
        (status = 503, description = "`temporarily_unavailable`: busy or the database is down", body = OAuthError),
    ))]
pub async fn token(
    State(state): State<AppState>,
    Client(client): Client,
    request: Request,
) -> Response {
    token_endpoint(state, client, request, Budget::PasswordGrantOnly).await
}

/// The same token endpoint, where first-party apps have always found it.
#[utoipa::path(post, path = "/v1/auth/token", tag = "auth",
    request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens", body = TokenAnswer),
        (status = 400, description = "`invalid_request`, `invalid_grant`, `unauthorized_client`, `invalid_scope` or `unsupported_grant_type`; `mfa_required` (with an `mfa_token` to finish at /v1/auth/mfa/verify) for a password grant of a user with a second factor", body = OAuthError),
        (status = 401, description = "`invalid_client`", body = OAuthError),
        (status = 413, description = "`invalid_request`: the body is larger than 64 KiB", body = OAuthError),
        (status = 415, description = "`invalid_request`: not application/x-www-form-urlencoded", body = OAuthError),
        (status = 429, description = "`temporarily_unavailable`: rate limited", body = OAuthError),
        (status = 503, description = "`temporarily_unavailable`: busy or the database is down", body = OAuthError),
    ))]
pub async fn first_party_token(
    State(state): State<AppState>,
    Client(client): Client,
    request: Request,
) -> Response {
    token_endpoint(state, client, request, Budget::SpentByLayer).await
}

/// A revocation or introspection request (form-encoded).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenQuestion {
    #[schema(value_type = String, required = true)]
    token: Option<SecretString>,
    /// `access_token` or `refresh_token`: where to look first.
    token_type_hint: Option<String>,
    client_id: Option<String>,
    #[schema(value_type = Option<String>)]
    client_secret: Option<SecretString>,
}

/// The client and token of a revocation or introspection request.
async fn question(
    state: &AppState,
    request: Request,
) -> Result<(OAuthClient, String, Option<TokenHint>), Response> {
    use secrecy::ExposeSecret as _;
    let (form, authorization) = read_form::<TokenQuestion>(state, request).await?;
    let auth = client_auth(authorization.as_deref(), form.client_id, form.client_secret)?;
    if auth.client_id.is_none() {
        return Err(invalid_client());
    }
    let client = state
        .services
        .oauth
        .client_of(&auth)
        .await
        .map_err(refused)?;
    let token = form
        .token
        .map(|t| t.expose_secret().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid("invalid_request", "token is required."))?;
    let hint = match form.token_type_hint.as_deref() {
        Some("access_token") => Some(TokenHint::AccessToken),
        Some("refresh_token") => Some(TokenHint::RefreshToken),
        _ => None,
    };
    Ok((client, token, hint))
}

/// RFC 7009 revocation: a refresh token ends its session's refresh chain,
/// an access token its session. Confidential clients authenticate; the
/// first-party public client `palisade` sends only its id. 200 whatever
/// the token.
#[utoipa::path(post, path = "/oauth2/revoke", tag = "oauth",
    request_body(content = TokenQuestion, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Revoked, or nothing to revoke"),
        (status = 400, description = "`invalid_request`", body = OAuthError),
        (status = 401, description = "`invalid_client`", body = OAuthError),
        (status = 413, description = "`invalid_request`: the body is larger than 64 KiB", body = OAuthError),
        (status = 415, description = "`invalid_request`: not application/x-www-form-urlencoded", body = OAuthError),
        (status = 503, description = "`temporarily_unavailable`: the database is down", body = OAuthError),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    Client(client): Client,
    request: Request,
) -> Response {
    let (oauth_client, token, hint) = match question(&state, request).await {
        Ok(q) => q,
        Err(refusal) => return refusal,
    };
    match state
        .services
        .oauth
        .revoke(&oauth_client, &token, hint, &client)
        .await
    {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(err) => refused(err),
    }
}

/// RFC 7662 introspection, for resource servers (confidential clients):
/// `{"active": false}` for an expired, revoked, foreign or unknown token.
#[utoipa::path(post, path = "/oauth2/introspect", tag = "oauth",
    request_body(content = TokenQuestion, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "What the token is", body = Object, example = json!({"active": true, "sub": "0192…", "client_id": "palisade", "scope": "openid", "exp": 1, "iat": 1, "sid": "0192…", "aud": "https://auth.example.com", "iss": "https://auth.example.com", "token_type": "Bearer"})),
        (status = 400, description = "`invalid_request`", body = OAuthError),
        (status = 401, description = "`invalid_client`: introspection needs a confidential client", body = OAuthError),
        (status = 413, description = "`invalid_request`: the body is larger than 64 KiB", body = OAuthError),
        (status = 415, description = "`invalid_request`: not application/x-www-form-urlencoded", body = OAuthError),
        (status = 503, description = "`temporarily_unavailable`: the database is down", body = OAuthError),
    ))]
pub async fn introspect(State(state): State<AppState>, request: Request) -> Response {
    let (client, token, _) = match question(&state, request).await {
        Ok(q) => q,
        Err(refusal) => return refusal,
    };
    let verified = match state.services.oauth.introspect(&client, &token).await {
        Ok(v) => v,
        Err(err) => return refused(err),
    };
    let body = match verified {
        None => json!({"active": false}),
        Some(v) => {
            let c = &v.claims;
            let mut body = json!({
                "active": true, "sub": c.sub, "client_id": c.client_id, "scope": c.scope,
                "exp": c.exp, "iat": c.iat, "aud": c.aud, "iss": c.iss, "jti": c.jti,
                "token_type": "Bearer",
            });
            if let Some(sid) = c.sid {
                body["sid"] = json!(sid);
            }
            body
        }
    };
    no_store(Json(body).into_response())
}

/// A device's request to be let in (RFC 8628 §3.1, form-encoded).
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeviceForm {
    /// What the device wants, e.g. `openid offline_access`.
    scope: Option<String>,
    client_id: Option<String>,
    #[schema(value_type = Option<String>)]
    client_secret: Option<SecretString>,
}

/// What the device shows its user and keeps for polling.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceAnswer {
    device_code: String,
    /// Eight letters, shown as `XXXX-XXXX`.
    #[schema(example = "BCDF-GHJK")]
    user_code: String,
    verification_uri: String,
    verification_uri_complete: String,
    expires_in: u64,
    /// Seconds between polls of the token endpoint.
    interval: u64,
}

/// RFC 8628 device authorization: a device without a browser gets a device
/// code to poll the token endpoint with, and a user code its user types at
/// `verification_uri`.
#[utoipa::path(post, path = "/oauth2/device_authorization", tag = "oauth",
    request_body(content = DeviceForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Codes", body = DeviceAnswer),
        (status = 400, description = "`invalid_request`, `unauthorized_client` or `invalid_scope`", body = OAuthError),
        (status = 401, description = "`invalid_client`", body = OAuthError),
        (status = 413, description = "`invalid_request`: the body is larger than 64 KiB", body = OAuthError),
        (status = 415, description = "`invalid_request`: not application/x-www-form-urlencoded", body = OAuthError),
        (status = 429, description = "`temporarily_unavailable`: rate limited", body = OAuthError),
        (status = 503, description = "`temporarily_unavailable`: the database is down", body = OAuthError),
    ))]
pub async fn device_authorization(State(state): State<AppState>, request: Request) -> Response {
    let (form, authorization) = match read_form::<DeviceForm>(&state, request).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let auth = match client_auth(authorization.as_deref(), form.client_id, form.client_secret) {
        Ok(auth) if auth.client_id.is_some() => auth,
        Ok(_) => return invalid_client(),
        Err(refusal) => return refusal,
    };
    let oauth = &state.services.oauth;
    let client = match oauth.client_of(&auth).await {
        Ok(c) => c,
        Err(err) => return refused(err),
    };
    match oauth.authorize_device(&client, form.scope.as_deref()).await {
        Ok(device) => {
            let page = format!("{}/device", oauth.issuer().trim_end_matches('/'));
            let complete = format!(
                "{page}?{}",
                serde_urlencoded::to_string([("user_code", device.user_code.as_str())])
                    .unwrap_or_default()
            );
            let answer = DeviceAnswer {
                device_code: device.device_code,
                user_code: device.user_code,
                verification_uri: page,
                verification_uri_complete: complete,
                expires_in: device.expires_in,
                interval: device.interval,
            };
            no_store(Json(answer).into_response())
        }
        Err(err) => refused(err),
    }
}

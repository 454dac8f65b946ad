//! Palisade as an OpenID Provider on the web: discovery, the authorization
//! endpoint and consent page (`authorize`), the form-encoded endpoints
//! (`token`: token, revocation, introspection) and userinfo. The rules are
//! `core::oauth`'s.

pub mod authorize;
pub mod device;
pub mod logout;
pub mod token;

use axum::{
    Json,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::core::clients::SCOPES;
use crate::web::shared::error::Result;
use crate::web::shared::error::WebError;
use crate::web::shared::extract::bearer_token;
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// The first value of `name` among request parameters.
fn first(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// The provider's metadata (OpenID Connect Discovery 1.0, RFC 8414).
fn metadata(state: &AppState) -> Value {
    let oauth = &state.services.oauth;
    let issuer = oauth.issuer().trim_end_matches('/').to_owned();
    let at = |path: &str| format!("{issuer}{path}");
    let signing: Vec<&str> = oauth.id_token_algorithm().into_iter().collect();
    // Under HS256 there are no ID tokens, so no `openid` either.
    let scopes: Vec<&str> = SCOPES
        .into_iter()
        .filter(|s| *s != "openid" || !signing.is_empty())
        .collect();
    json!({
        "issuer": oauth.issuer(),
        "authorization_endpoint": at("/oauth2/authorize"),
        "token_endpoint": at("/oauth2/token"),
        "userinfo_endpoint": at("/oauth2/userinfo"),
        "jwks_uri": at("/.well-known/jwks.json"),
        "revocation_endpoint": at("/oauth2/revoke"),
        "introspection_endpoint": at("/oauth2/introspect"),
        "end_session_endpoint": at("/oauth2/logout"),
        "device_authorization_endpoint": at("/oauth2/device_authorization"),
        "scopes_supported": scopes,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": [
            "authorization_code", "refresh_token", "client_credentials", "password",
            "urn:ietf:params:oauth:grant-type:device_code",
        ],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": signing,
        "claims_supported": [
            "iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce", "sid", "amr", "acr", "at_hash",
            "name", "preferred_username", "locale", "updated_at", "email", "email_verified", "roles",
        ],
        "ui_locales_supported": state.config.catalog.languages(),
        "prompt_values_supported": ["none", "login", "consent", "select_account"],
        "acr_values_supported": crate::core::tokens::ACR_VALUES,
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "authorization_response_iss_parameter_supported": true,
    })
}

fn cacheable(value: Value) -> Response {
    let mut response = Json(value).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// OpenID Connect discovery: where everything is and what is supported.
#[utoipa::path(get, path = "/.well-known/openid-configuration", tag = "oauth",
    responses((status = 200, description = "Provider metadata", body = Object)))]
pub async fn openid_configuration(State(state): State<AppState>) -> Response {
    cacheable(metadata(&state))
}

/// The same metadata as RFC 8414 authorization server metadata.
#[utoipa::path(get, path = "/.well-known/oauth-authorization-server", tag = "oauth",
    responses((status = 200, description = "Authorization server metadata", body = Object)))]
pub async fn authorization_server(State(state): State<AppState>) -> Response {
    cacheable(metadata(&state))
}

/// The signed-in user's claims, as the access token's scope allows
/// (`sub` always). Needs a token with the `openid` scope, of any client.
#[utoipa::path(get, path = "/oauth2/userinfo", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, description = "Claims", body = Object, example = json!({"sub": "0192…", "email": "ada@example.com", "email_verified": true})),
        (status = 403, description = "`forbidden`: the token lacks the openid scope", body = Problem)))]
pub async fn userinfo(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Response> {
    let token = bearer_token(&headers).ok_or(WebError::MissingToken)?;
    let claims = state.services.oauth.userinfo(token).await?;
    let mut response = Json(claims).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The same with POST (OpenID Connect Core §5.3.1).
#[utoipa::path(post, path = "/oauth2/userinfo", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, description = "Claims", body = Object),
        (status = 403, description = "`forbidden`: the token lacks the openid scope", body = Problem)))]
pub async fn userinfo_post(
    state: State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Response> {
    userinfo(state, headers).await
}

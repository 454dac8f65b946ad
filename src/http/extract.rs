//! Extractors: `AppJson` (JSON bodies whose every rejection is problem+json
//! with field errors), `AuthUser` (a verified bearer token of a live session)
//! and `Client` (address and user agent, for session listings).

use std::net::SocketAddr;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{HeaderMap, header, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::domain::sessions::{self, ClientInfo, Principal};
use crate::error::{Error, FieldError};

/// A JSON body. Not JSON, or not an object: 400 `malformed_request`; wrong
/// field types: 422 with the field named; no JSON content type: 415.
pub struct AppJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

pub(crate) async fn body_bytes(req: Request, state: &AppState) -> Result<Bytes, Error> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Error::PayloadTooLarge
        } else {
            Error::Malformed("The request body could not be read.".into())
        }
    })
}

/// Reads a JSON object into `T`, naming the field when a type is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| Error::Malformed("The body is not valid JSON.".into()))?;
    if !value.is_object() {
        return Err(Error::Malformed("The body must be a JSON object.".into()));
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let field = err.path().to_string();
        let message = err.inner().to_string();
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return Error::invalid(name, "required", "This field is required.");
        }
        let field = if field == "." { String::new() } else { field };
        Error::Validation(vec![FieldError::new(&field, "invalid_type", message)])
    })
}

impl<T: DeserializeOwned> FromRequest<AppState> for AppJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(Error::UnsupportedMediaType);
        }
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(AppJson)
    }
}

/// The caller, authenticated by `Authorization: Bearer <access token>` whose
/// session is still live.
pub struct AuthUser(pub Principal);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(Error::MissingToken);
        };
        let value = value.to_str().map_err(|_| Error::InvalidToken)?;
        let token = match value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return Err(Error::InvalidToken),
        };
        sessions::authenticate(state, token).await.map(AuthUser)
    }
}

/// Where a request comes from: the peer address and the User-Agent.
pub struct Client(pub ClientInfo);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Client(ClientInfo { ip, user_agent }))
    }
}

/// A 422 naming every absent field: `fields` pairs a name with whether it is missing.
pub fn missing(fields: &[(&str, bool)]) -> Error {
    Error::Validation(
        fields
            .iter()
            .filter(|(_, absent)| *absent)
            .map(|(name, _)| FieldError::new(name, "required", "This field is required."))
            .collect(),
    )
}

//! Extractors: `AppJson` (JSON bodies whose every rejection is problem+json
//! with field errors), `AuthUser` (a verified bearer token of a live session),
//! `RequirePermission` (the proof that the caller holds a permission now),
//! `Client` (address and user agent) and pagination.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::{
    body::Bytes,
    extract::{ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{HeaderMap, header, request::Parts},
};
use serde::de::DeserializeOwned;

use super::error::WebError;
use crate::core::admin::{PER_PAGE_DEFAULT, PER_PAGE_MAX};
use crate::core::locale::Said;
use crate::core::model::{ClientInfo, Principal};
use crate::core::rbac::{Granted, Needs};
use crate::core::{Error, FieldError};
use crate::web::state::AppState;

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

pub async fn body_bytes(req: Request, state: &AppState) -> Result<Bytes, WebError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            WebError::PayloadTooLarge
        } else {
            WebError::Malformed("The request body could not be read.".into())
        }
    })
}

/// Reads a JSON object into `T`, naming the field when a type is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| WebError::Malformed("The body is not valid JSON.".into()))?;
    if !value.is_object() {
        return Err(WebError::Malformed(
            "The body must be a JSON object.".into(),
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let field = err.path().to_string();
        let message = err.inner().to_string();
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return Error::from(
                FieldError::new(name, "required", "This field is required.")
                    .said(Said::new("field-required")),
            )
            .into();
        }
        let field = if field == "." { String::new() } else { field };
        // serde's words are English only: a page says something general.
        Error::Validation(vec![
            FieldError::new(&field, "invalid_type", message).said(Said::new("field-invalid-type")),
        ])
        .into()
    })
}

impl<T: DeserializeOwned> FromRequest<AppState> for AppJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(WebError::UnsupportedMediaType);
        }
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(AppJson)
    }
}

/// The token of `Authorization: Bearer <token>`; `None` when no Bearer
/// credentials were sent (no header, another scheme such as Basic, or an
/// empty token).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim()
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
}

/// The caller, authenticated by `Authorization: Bearer <access token>` whose
/// session is still live.
pub struct AuthUser(pub Principal);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // No Bearer credentials at all (none, or another scheme such as
        // Basic) is a challenge without an error (RFC 6750 §3.1).
        let token = bearer_token(&parts.headers).ok_or(WebError::MissingToken)?;
        let who = state.services.sessions.authenticate(token).await?;
        if !open_before_enrollment(parts.uri.path()) {
            state.services.mfa.require_enrolled(&who).await?;
        }
        Ok(AuthUser(who))
    }
}

/// What a user who must still set up a second factor may reach: their
/// profile, their factors, and signing out.
fn open_before_enrollment(path: &str) -> bool {
    path == "/v1/users/me"
        || path.starts_with("/v1/users/me/mfa")
        || path.starts_with("/v1/users/me/passkeys")
        || path.starts_with("/v1/auth/logout")
}

/// Where a request comes from: the client address and the User-Agent. The
/// address is the socket's peer, unless that peer is a trusted proxy
/// (PALISADE_TRUSTED_PROXIES): then X-Forwarded-For is read from the right,
/// skipping trusted proxies, and the first other address is the client. A
/// header sent by anyone else changes nothing.
pub struct Client(pub ClientInfo);

/// The client address behind `peer`, given the X-Forwarded-For values.
pub fn client_ip(peer: IpAddr, forwarded_for: &[&str], trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        // Whatever stands left of a hop we cannot read was not vouched for by
        // a proxy we trust: stop at the last address we could.
        let Ok(hop) = hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) else {
            break;
        };
        client = hop;
        if !is_trusted(&hop) {
            break;
        }
    }
    client
}

/// The client address of a request (see `Client`), from its connection
/// and headers; `None` without a connection (a request built in-process).
pub fn client_addr(
    extensions: &axum::http::Extensions,
    headers: &HeaderMap,
    trusted: &[ipnet::IpNet],
) -> Option<IpAddr> {
    let ConnectInfo(peer) = extensions.get::<ConnectInfo<SocketAddr>>()?;
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    Some(client_ip(peer.ip().to_canonical(), &forwarded, trusted))
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ip = client_addr(
            &parts.extensions,
            &parts.headers,
            &state.config.trusted_proxies,
        )
        .map(|ip| ip.to_string());
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let language = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|h| {
                crate::core::locale::from_accept_language(state.config.catalog.languages(), h)
            })
            .map(str::to_owned);
        Ok(Client(ClientInfo {
            ip,
            user_agent,
            language,
            language_chosen: false,
        }))
    }
}

/// An authenticated caller who holds permission `P` right now (their current
/// roles, not the token's claim), with the proof the admin service asks for.
/// 401 without a valid token, 403 `forbidden` without the permission.
/// Putting it in a handler's signature is the check.
pub struct RequirePermission<P: Needs>(pub Granted<P>);

impl<P: Needs> FromRequestParts<AppState> for RequirePermission<P> {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let AuthUser(who) = AuthUser::from_request_parts(parts, state).await?;
        Ok(Self(state.services.permissions.require::<P>(&who).await?))
    }
}

/// `page` (from 1) and `per_page` (default 20, at most 100) from the query.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub page: u64,
    pub per_page: u64,
}

impl Page {
    pub fn parse(query: &HashMap<String, String>) -> Result<Self, WebError> {
        let number = |name: &str, default: u64| -> Result<u64, FieldError> {
            // As documented: absent, or a whole number (not empty, not padded).
            match query.get(name) {
                None => Ok(default),
                Some(v) => match v.parse::<u64>() {
                    Ok(n) if (1..=1_000_000_000).contains(&n) => Ok(n),
                    _ => Err(
                        FieldError::new(name, "invalid", "Expected a whole number from 1.")
                            .said(Said::new("field-whole-number")),
                    ),
                },
            }
        };
        match (number("page", 1), number("per_page", PER_PAGE_DEFAULT)) {
            (Ok(page), Ok(per_page)) => Ok(Self {
                page,
                per_page: per_page.min(PER_PAGE_MAX),
            }),
            (a, b) => {
                Err(Error::Validation([a.err(), b.err()].into_iter().flatten().collect()).into())
            }
        }
    }
}

/// A path segment naming a resource by id: anything but a UUID names
/// nothing there (404).
pub fn path_id(raw: &str) -> Result<uuid::Uuid, Error> {
    uuid::Uuid::parse_str(raw).map_err(|_| Error::NotFound)
}

/// A query parameter, trimmed; `None` when absent or blank.
pub fn query_text<'a>(query: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The user listing's filters: `q` and `role`.
pub fn user_filter(query: &HashMap<String, String>) -> crate::core::ports::UserFilter {
    crate::core::ports::UserFilter {
        q: query_text(query, "q").map(str::to_owned),
        role: query_text(query, "role").map(str::to_owned),
    }
}

/// Query parameters as given (repeated keys: the last wins). Malformed
/// queries are 400 problem+json, through the problem middleware.
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .map(|pairs| QueryMap(pairs.into_iter().collect()))
            .map_err(|_| WebError::Malformed("The query string could not be read.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::client_ip;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let trusted = vec!["10.0.0.0/8".parse().unwrap()];
        let peer = "10.0.0.5".parse().unwrap();
        let outsider = "198.51.100.7".parse().unwrap();
        // An untrusted peer's header changes nothing.
        assert_eq!(client_ip(outsider, &["203.0.113.9"], &trusted), outsider);
        // Behind a trusted proxy: the rightmost untrusted hop.
        assert_eq!(
            client_ip(peer, &["1.2.3.4, 203.0.113.9, 10.0.0.7"], &trusted).to_string(),
            "203.0.113.9"
        );
        // A forged leftmost entry does not win.
        assert_eq!(
            client_ip(peer, &["6.6.6.6", "203.0.113.9"], &trusted).to_string(),
            "203.0.113.9"
        );
        // Nothing parsable: the proxy itself; and nothing left of an unreadable hop.
        assert_eq!(client_ip(peer, &["garbage"], &trusted), peer);
        assert_eq!(
            client_ip(peer, &["6.6.6.6, 203.0.113.9:4711"], &trusted),
            peer
        );
    }
}

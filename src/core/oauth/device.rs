//! The device authorization grant (RFC 8628): a device without a browser
//! (a TV, a CLI) gets a device code and a short user code; the user types
//! the user code on /device, signs in and consents; the device polls the
//! token endpoint until then, slowed down when it polls too fast.

use std::time::Duration;

use serde_json::json;

use super::{OAuth, scopes};
use crate::core::audit;
use crate::core::clients::{GrantType, OAuthClient};
use crate::core::clock::delta;
use crate::core::error::{Error, Result};
use crate::core::model::ClientInfo;
use crate::core::ports::{DeviceApproval, DevicePoll, NewDeviceGrant};
use crate::core::sessions::ClientSession;
use crate::core::tokens;

/// How long a device code lives (RFC 8628's example, the contract's 600).
pub const DEVICE_CODE_TTL: Duration = Duration::from_secs(600);
/// How often a device may poll, at first.
pub const POLL_INTERVAL: Duration = Duration::from_secs(5);
/// User codes: consonants only (no words, no vowels to misread), 20⁸ ≈ 2.6e10.
const USER_CODE_LETTERS: &[u8; 20] = b"BCDFGHJKLMNPQRSTVWXZ";

/// What the device shows and keeps.
#[derive(Debug)]
pub struct DeviceAuthorization {
    pub device_code: String,
    /// `XXXX-XXXX`.
    pub user_code: String,
    pub expires_in: u64,
    pub interval: u64,
}

/// A pending device request, as the device page asks about it.
#[derive(Debug)]
pub struct DeviceRequest {
    /// Normalized: eight letters, no dash.
    pub user_code: String,
    pub client: OAuthClient,
    pub scopes: Vec<String>,
}

/// Eight letters from the user-code alphabet, shown as `XXXX-XXXX`.
fn new_user_code() -> String {
    use rand::Rng as _;
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| USER_CODE_LETTERS[rng.gen_range(0..USER_CODE_LETTERS.len())] as char)
        .collect()
}

/// A user code as typed: any case, with or without the dash or spaces.
pub fn normalize_user_code(typed: &str) -> Option<String> {
    let letters: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = letters.len() == 8 && letters.bytes().all(|b| USER_CODE_LETTERS.contains(&b));
    valid.then_some(letters)
}

/// `ABCDEFGH` as `ABCD-EFGH`.
pub fn display_user_code(code: &str) -> String {
    match code.split_at_checked(4) {
        Some((a, b)) => format!("{a}-{b}"),
        None => code.to_owned(),
    }
}

impl OAuth {
    /// RFC 8628 §3.1: a device asks to be let in.
    pub async fn authorize_device(
        &self,
        client: &OAuthClient,
        scope: Option<&str>,
    ) -> Result<DeviceAuthorization> {
        if !client.allows(GrantType::DeviceCode) {
            return Err(Error::oauth(
                "unauthorized_client",
                "This client may not use the device flow.",
            ));
        }
        let asked = scopes(scope.unwrap_or_default());
        if asked.is_empty() || asked.iter().any(|s| !client.scopes.contains(s)) {
            return Err(Error::oauth(
                "invalid_scope",
                "Ask for scopes this client may have (openid for sign-in).",
            ));
        }
        if asked.iter().any(|s| s == "openid") && self.id_token_algorithm().is_none() {
            return Err(Error::oauth(
                "invalid_scope",
                "This server signs with HS256 and issues no ID tokens: openid is unavailable.",
            ));
        }
        let now = self.clock.now();
        let device_code = tokens::new_opaque_token();
        // 20⁸ codes: a clash with a live grant is rare, three in a row is
        // a broken random source.
        let mut user_code = new_user_code();
        for attempt in 1.. {
            let grant = NewDeviceGrant {
                device_code_hash: tokens::hash_token(&device_code),
                user_code: user_code.clone(),
                client_id: client.client_id.clone(),
                scope: asked.join(" "),
                expires_at: now + delta(DEVICE_CODE_TTL),
                interval_secs: i64::try_from(POLL_INTERVAL.as_secs()).unwrap_or(5),
            };
            if self.devices.create_device_grant(grant, now).await? {
                break;
            }
            if attempt == 3 {
                return Err(Error::bug("three user codes in a row were taken"));
            }
            user_code = new_user_code();
        }
        Ok(DeviceAuthorization {
            device_code,
            user_code: display_user_code(&user_code),
            expires_in: DEVICE_CODE_TTL.as_secs(),
            interval: POLL_INTERVAL.as_secs(),
        })
    }

    /// The pending request a user code names, for the device page.
    pub async fn device_request(&self, typed: &str) -> Result<Option<DeviceRequest>> {
        let Some(user_code) = normalize_user_code(typed) else {
            return Ok(None);
        };
        let now = self.clock.now();
        let Some(pending) = self.devices.pending_device(&user_code, now).await? else {
            return Ok(None);
        };
        let Some(client) = self.clients.find_client(&pending.client_id).await? else {
            return Ok(None);
        };
        Ok(Some(DeviceRequest {
            user_code,
            client,
            scopes: scopes(&pending.scope),
        }))
    }

    /// The signed-in user's answer for a device: consent is remembered as
    /// for the browser flow. False when the request is no longer pending.
    pub async fn answer_device(
        &self,
        request: &DeviceRequest,
        approval: Option<DeviceApproval>,
        info: &ClientInfo,
    ) -> Result<bool> {
        let now = self.clock.now();
        if let Some(approval) = &approval
            && !request.client.first_party
        {
            let event = audit::event(super::authorize::CONSENT_GRANTED, info)
                .actor(approval.user_id)
                .target(approval.user_id)
                .details(json!({"client_id": request.client.client_id, "scopes": request.scopes, "device": true}));
            self.consents
                .grant_consent(
                    approval.user_id,
                    &request.client.client_id,
                    &request.scopes,
                    event,
                    now,
                )
                .await?;
        }
        self.devices
            .answer_device(&request.user_code, approval, now)
            .await
    }

    /// The token endpoint's device-code grant: the RFC 8628 §3.5 answers
    /// until the user has answered, then tokens, once.
    pub(super) async fn exchange_device_code(
        &self,
        client: &OAuthClient,
        device_code: Option<&str>,
        info: &ClientInfo,
    ) -> Result<super::TokenResponse> {
        let code = device_code
            .filter(|c| !c.is_empty() && c.len() <= 256)
            .ok_or_else(|| Error::oauth("invalid_request", "device_code is required."))?;
        let now = self.clock.now();
        let poll = self
            .devices
            .poll_device(&tokens::hash_token(code), &client.client_id, now)
            .await?;
        let (scope, approval) = match poll {
            DevicePoll::Approved {
                scope, approval, ..
            } => (scope, approval),
            DevicePoll::Pending => {
                return Err(Error::oauth(
                    "authorization_pending",
                    "The user has not answered yet.",
                ));
            }
            DevicePoll::SlowDown => {
                return Err(Error::oauth(
                    "slow_down",
                    "Polled too fast: wait 5 s longer between polls.",
                ));
            }
            DevicePoll::Denied => return Err(Error::oauth("access_denied", "The user declined.")),
            DevicePoll::Expired => {
                return Err(Error::oauth("expired_token", "The device code expired."));
            }
            DevicePoll::Unknown => {
                return Err(Error::oauth(
                    "invalid_grant",
                    "The device code is invalid or used.",
                ));
            }
        };
        let with_refresh = client.allows(GrantType::RefreshToken)
            && (client.first_party || super::has(&scope, "offline_access"));
        let opened = self
            .sessions
            .start_for_client(
                ClientSession {
                    user_id: approval.user_id,
                    client_id: client.client_id.clone(),
                    scope,
                    amr: approval.amr,
                    auth_time: approval.auth_time,
                    with_refresh_token: with_refresh,
                },
                None,
                info,
            )
            .await
            .map_err(|e| match e {
                Error::AccountDisabled => Error::oauth("invalid_grant", "The account is disabled."),
                other => other,
            })?;
        self.respond(opened, None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_are_eight_consonants_read_in_any_case_with_or_without_the_dash() {
        let code = new_user_code();
        assert_eq!(normalize_user_code(&code).as_deref(), Some(code.as_str()));
        let shown = display_user_code(&code);
        assert_eq!(shown.len(), 9);
        assert_eq!(
            normalize_user_code(&shown.to_lowercase()).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(
            normalize_user_code("ABCD-EFGH"),
            None,
            "vowels are never in a code"
        );
        assert_eq!(normalize_user_code("BCDF"), None);
    }
}

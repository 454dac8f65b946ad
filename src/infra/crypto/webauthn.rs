//! WebAuthn ceremonies (Level 2) with `webauthn-rs-core`: the options a
//! browser needs, and the checks of what its authenticator answers
//! (challenge, origin, relying party id hash, signature, user presence,
//! counter). The core keeps the rules around it: who may start what, a
//! ceremony used once, a passkey owned by the user it signs in.
//!
//! The expert-level crate is used rather than `webauthn-rs` because the
//! contract asks for user verification *preferred* (the high-level crate
//! requires it) and for passkeys that can be discoverable. What that crate
//! leaves to its caller is done here or in the core: unique credential ids
//! (a unique index), the user handle checked against the passkey's owner,
//! and the state kept server-side (the ceremony table).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;
use uuid::Uuid;
use webauthn_rs_core::WebauthnCore;
use webauthn_rs_core::error::WebauthnError;
use webauthn_rs_core::proto::{
    AttestationConveyancePreference, AuthenticationState, Credential, CredentialID,
    PublicKeyCredential, RegisterPublicKeyCredential, RegistrationState,
    RequestRegistrationExtensions, ResidentKeyRequirement, UserVerificationPolicy,
};

use crate::core::error::{Error, Result};
use crate::core::ports::{Asserted, Assertion, CeremonyStart, NewPasskey, StoredPasskey, WebAuthn};

/// How long the browser may take (the ceremony row lives as long).
pub const CEREMONY_TTL: Duration = Duration::from_secs(300);

/// What is kept between a ceremony's start and finish.
#[derive(Serialize, Deserialize)]
enum State {
    Register(RegistrationState),
    Assert(AuthenticationState),
}

pub struct Verifier {
    core: WebauthnCore,
}

impl Verifier {
    /// A relying party `rp_id` (a host name) for pages served at `origin`.
    pub fn new(product_name: &str, rp_id: &str, origin: &str) -> anyhow::Result<Self> {
        let origin = Url::parse(origin)?;
        let host = origin.host_str().unwrap_or_default();
        // The browser refuses an id that is not the origin's host or a
        // suffix of it: say so at start, not at the first sign-in.
        if host != rp_id && !host.ends_with(&format!(".{rp_id}")) {
            anyhow::bail!(
                "PALISADE_WEBAUTHN_RP_ID {rp_id:?} is neither the public URL's host {host:?} nor a parent domain of it"
            );
        }
        let core = WebauthnCore::new_unsafe_experts_only(
            product_name,
            rp_id,
            vec![origin],
            CEREMONY_TTL,
            Some(false),
            Some(false),
        );
        Ok(Self { core })
    }
}

fn bug(what: &'static str, cause: impl std::fmt::Display) -> Error {
    tracing::error!(%cause, "{what}");
    Error::bug(what)
}

fn state_json(state: &State) -> Result<String> {
    serde_json::to_string(state).map_err(|e| bug("webauthn state", e))
}

fn options_json(options: &impl Serialize) -> Result<Value> {
    serde_json::to_value(options).map_err(|e| bug("webauthn options", e))
}

fn credential(stored: &StoredPasskey) -> Option<Credential> {
    serde_json::from_str(&stored.credential).ok()
}

fn ids(passkeys: &[StoredPasskey]) -> Vec<CredentialID> {
    passkeys
        .iter()
        .filter_map(credential)
        .map(|c| c.cred_id)
        .collect()
}

impl WebAuthn for Verifier {
    fn start_registration(
        &self,
        user_id: Uuid,
        email: &str,
        existing: &[StoredPasskey],
    ) -> Result<CeremonyStart> {
        let builder = self
            .core
            .new_challenge_register_builder(user_id.as_bytes(), email, email)
            .map_err(|e| bug("webauthn register options", e))?
            .attestation(AttestationConveyancePreference::None)
            .user_verification_policy(UserVerificationPolicy::Preferred)
            .exclude_credentials(Some(ids(existing)))
            .reject_synchronised_authenticators(false)
            .extensions(Some(RequestRegistrationExtensions {
                cred_props: Some(true),
                ..Default::default()
            }));
        let (mut options, state) = self
            .core
            .generate_challenge_register(builder)
            .map_err(|e| bug("webauthn register options", e))?;
        // Discoverable where the authenticator can (a whole sign-in with no
        // email typed), without refusing keys that cannot store one.
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.resident_key = Some(ResidentKeyRequirement::Preferred);
            selection.require_resident_key = false;
        }
        Ok(CeremonyStart {
            options: options_json(&options)?,
            state: state_json(&State::Register(state))?,
        })
    }

    fn finish_registration(&self, response: &Value, state: &str) -> Option<NewPasskey> {
        let Ok(State::Register(state)) = serde_json::from_str(state) else {
            return None;
        };
        let response: RegisterPublicKeyCredential =
            serde_json::from_value(response.clone()).ok()?;
        match self.core.register_credential(&response, &state, None) {
            Ok(credential) => Some(NewPasskey {
                credential_id: base64_url(credential.cred_id.as_slice()),
                credential: serde_json::to_string(&credential).ok()?,
            }),
            Err(e) => {
                tracing::info!(error = %e, "passkey registration refused");
                None
            }
        }
    }

    fn start_assertion(&self, allowed: &[StoredPasskey]) -> Result<CeremonyStart> {
        let credentials: Vec<Credential> = allowed.iter().filter_map(credential).collect();
        let (options, state) = self
            .core
            .new_challenge_authenticate_builder(
                credentials,
                Some(UserVerificationPolicy::Preferred),
            )
            .and_then(|b| self.core.generate_challenge_authenticate(b))
            .map_err(|e| bug("webauthn request options", e))?;
        Ok(CeremonyStart {
            options: options_json(&options)?,
            state: state_json(&State::Assert(state))?,
        })
    }

    fn asserted(&self, response: &Value) -> Option<Asserted> {
        let response: PublicKeyCredential = serde_json::from_value(response.clone()).ok()?;
        Some(Asserted {
            credential_id: base64_url(response.get_credential_id()),
            user_handle: response.get_user_unique_id().map(<[u8]>::to_vec),
        })
    }

    fn finish_assertion(
        &self,
        response: &Value,
        state: &str,
        passkey: &StoredPasskey,
    ) -> Assertion {
        let Ok(State::Assert(state)) = serde_json::from_str(state) else {
            return Assertion::Refused;
        };
        let Ok(response) = serde_json::from_value::<PublicKeyCredential>(response.clone()) else {
            return Assertion::Refused;
        };
        let Some(mut stored) = credential(passkey) else {
            return Assertion::Refused;
        };
        if response.raw_id.as_slice() != stored.cred_id.as_slice() {
            return Assertion::Refused;
        }
        match self
            .core
            .authenticate_single_credential(&response, &state, &stored)
        {
            Ok(result) if result.needs_update() => {
                // The counter moved on, or the backup flags changed (the
                // library allows only an upgrade of eligibility).
                stored.counter = stored.counter.max(result.counter());
                stored.backup_state = result.backup_state();
                stored.backup_eligible = result.backup_eligible();
                Assertion::Verified {
                    updated: serde_json::to_string(&stored).ok(),
                }
            }
            Ok(_) => Assertion::Verified { updated: None },
            Err(WebauthnError::CredentialPossibleCompromise) => Assertion::Cloned,
            Err(e) => {
                tracing::info!(error = %e, "passkey assertion refused");
                Assertion::Refused
            }
        }
    }
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

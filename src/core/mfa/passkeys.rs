//! Passkeys (WebAuthn): registering and removing them, signing in with one
//! alone (`amr: ["hwk"]`), or finishing a password sign-in's second step
//! with one. Each ceremony is kept server-side between start and finish,
//! finishes once and only what it was started for; the passkey must belong
//! to the user the ceremony is for; a counter that goes backwards is
//! refused and audited.

use std::time::Duration;

use serde_json::{Value, json};
use tracing::instrument;
use uuid::Uuid;

use super::Mfa;
use super::step::Finished;
use crate::core::audit::{
    self, LOGIN_FAILED, MFA_FAILED, PASSKEY_ADDED, PASSKEY_REFUSED, PASSKEY_REMOVED, PASSKEY_USED,
};
use crate::core::clock::delta;
use crate::core::error::{Error, Result};
use crate::core::model::{ClientInfo, Password, Principal};
use crate::core::ports::{
    Assertion, Ceremony, CeremonyPurpose, FactorChange, LoginWrite, PasskeyChange, PasskeyInfo,
    StoredPasskey,
};
use crate::core::sessions::Issued;
use crate::core::tokens::FIRST_PARTY_CLIENT;

/// How long a ceremony may take (as long as the browser is told).
pub const CEREMONY_TTL: Duration = Duration::from_secs(300);
/// The longest passkey name kept.
const NAME_MAX: usize = 100;

/// How a passkey alone signs in (RFC 8176: a hardware-bound key).
const PASSKEY_AMR: &[&str] = &["hwk"];
/// What a passkey adds as the second step.
const SECOND_FACTOR_AMR: &[&str] = &["hwk", "mfa"];

/// A passkey just registered, and the recovery codes made with it when it
/// is the user's first factor (shown this once).
#[derive(Debug, Clone)]
pub struct Registered {
    pub passkey: PasskeyInfo,
    pub recovery_codes: Option<Vec<String>>,
}

/// A started ceremony: the options for `navigator.credentials`, and the id
/// to finish it with.
#[derive(Debug, Clone)]
pub struct Started {
    pub ceremony_id: Uuid,
    pub options: Value,
}

/// The name a passkey is listed under: trimmed, at most 100 characters,
/// "Passkey" when none is given.
fn passkey_name(name: Option<&str>) -> String {
    let name: String = name
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_MAX)
        .collect();
    match name.is_empty() {
        true => "Passkey".to_owned(),
        false => name,
    }
}

impl Mfa {
    /// Starts registering a passkey: after the password, or without it
    /// within five minutes of signing in.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.start_passkey_registration")]
    pub async fn start_passkey_registration(
        &self,
        who: &Principal,
        password: Option<&Password>,
        name: Option<&str>,
        client: &ClientInfo,
    ) -> Result<Started> {
        let now = self.clock.now();
        let user = match password {
            Some(password) => self.accounts.reauthenticate(who, password, client).await?,
            None => {
                // A recent sign-in will do, if it was as strong as the
                // account: a user with a factor must have used one.
                if !self.accounts.freshly_signed_in(who).await? {
                    return Err(Error::ReauthFailed);
                }
                self.users
                    .find_user(who.user_id)
                    .await?
                    .ok_or(Error::InvalidToken)?
            }
        };
        let existing = self.passkeys.passkeys_of(user.id).await?;
        let start = self
            .webauthn
            .start_registration(user.id, &user.email, &existing)?;
        let ceremony_id = Uuid::new_v4();
        self.passkeys
            .create_ceremony(Ceremony {
                id: ceremony_id,
                purpose: CeremonyPurpose::Register,
                user_id: Some(user.id),
                step_hash: None,
                name: Some(passkey_name(name)),
                state: start.state,
                expires_at: now + delta(CEREMONY_TTL),
            })
            .await?;
        Ok(Started {
            ceremony_id,
            options: start.options,
        })
    }

    /// Finishes a registration with what the authenticator answered.
    /// `InvalidCredential` when it does not answer this user's ceremony.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.finish_passkey_registration")]
    pub async fn finish_passkey_registration(
        &self,
        who: &Principal,
        ceremony_id: Uuid,
        credential: &Value,
        client: &ClientInfo,
    ) -> Result<Registered> {
        let now = self.clock.now();
        let ceremony = self
            .passkeys
            .take_ceremony(ceremony_id, now)
            .await?
            .filter(|c| c.purpose == CeremonyPurpose::Register && c.user_id == Some(who.user_id))
            .ok_or(Error::InvalidCredential)?;
        let new = self
            .webauthn
            .finish_registration(credential, &ceremony.state)
            .ok_or(Error::InvalidCredential)?;
        let user = self
            .users
            .find_user(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let name = ceremony.name.unwrap_or_else(|| passkey_name(None));
        let change = PasskeyChange {
            notice: self.letters.factor_changed(
                &user.email,
                FactorChange::PasskeyAdded,
                user.locale.as_deref(),
            )?,
            event: audit::event(PASSKEY_ADDED, client)
                .actor(user.id)
                .target(user.id)
                .details(json!({"name": name})),
        };
        // A first factor comes with recovery codes, as an app's does.
        let first = !self.store.factors(user.id).await?.any();
        let (codes, hashes) = match first {
            true => {
                let (codes, hashes) = self.new_recovery_codes();
                (Some(codes), Some(hashes))
            }
            false => (None, None),
        };
        let added = self
            .passkeys
            .add_passkey(user.id, name, new, hashes, change, now)
            .await?
            .ok_or(Error::InvalidCredential)?;
        self.outbox.ring();
        Ok(Registered {
            passkey: added,
            recovery_codes: codes,
        })
    }

    /// Removes one of the caller's passkeys. `NotFound` when it has none
    /// by that id.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.remove_passkey")]
    pub async fn remove_passkey(
        &self,
        who: &Principal,
        id: Uuid,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = self
            .users
            .find_user(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let change = PasskeyChange {
            notice: self.letters.factor_changed(
                &user.email,
                FactorChange::PasskeyRemoved,
                user.locale.as_deref(),
            )?,
            event: audit::event(PASSKEY_REMOVED, client)
                .actor(user.id)
                .target(user.id)
                .details(json!({"passkey_id": id})),
        };
        if !self
            .passkeys
            .remove_passkey(user.id, id, change, self.clock.now())
            .await?
        {
            return Err(Error::NotFound);
        }
        self.outbox.ring();
        Ok(())
    }

    /// Starts a sign-in with a passkey alone. With an email that names a
    /// user with passkeys, the browser is offered those; without one, the
    /// authenticator chooses a discoverable passkey. An address that names
    /// no such user (unknown, without passkeys, or not an address at all)
    /// is offered a decoy: a credential id keyed from the address, the same
    /// at every try, so the answer tells nobody whether the account exists.
    #[instrument(skip_all, name = "mfa.start_passkey_sign_in")]
    pub async fn start_passkey_sign_in(&self, email: Option<&str>) -> Result<Started> {
        let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) else {
            return self
                .start_assertion(CeremonyPurpose::SignIn, None, None, &[])
                .await;
        };
        let user = match self.accounts.find_by_typed_email(email).await {
            Ok(typed) => typed.credentials.map(|c| c.user),
            Err(Error::Validation(_)) => None,
            Err(other) => return Err(other),
        };
        let allowed = match &user {
            Some(user) => self.passkeys.passkeys_of(user.id).await?,
            None => Vec::new(),
        };
        if let (Some(user), false) = (&user, allowed.is_empty()) {
            return self
                .start_assertion(CeremonyPurpose::SignIn, Some(user.id), None, &allowed)
                .await;
        }
        let mut started = self
            .start_assertion(CeremonyPurpose::SignIn, None, None, &[])
            .await?;
        let decoy = self.decoy_credential_id(email);
        if let Some(options) = started
            .options
            .get_mut("publicKey")
            .and_then(Value::as_object_mut)
        {
            options.insert(
                "allowCredentials".into(),
                json!([{"type": "public-key", "id": decoy, "transports": ["internal", "hybrid"]}]),
            );
        }
        Ok(started)
    }

    /// A credential id that names no passkey, the same for the same address
    /// (keyed, so nobody else can tell a decoy from a real id).
    fn decoy_credential_id(&self, email: &str) -> String {
        use base64::Engine as _;
        use sha2::{Digest as _, Sha256};
        let keyed = self
            .secrets
            .code_hash(&format!("passkey-decoy:{}", email.to_lowercase()));
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(keyed.as_bytes()))
    }

    /// Finishes a passkey sign-in: the session of the first-party client.
    /// `InvalidCredentials` for anything that does not verify.
    #[instrument(skip_all, name = "mfa.finish_passkey_sign_in")]
    pub async fn finish_passkey_sign_in(
        &self,
        ceremony_id: Uuid,
        credential: &Value,
        client: ClientInfo,
    ) -> Result<Issued> {
        let now = self.clock.now();
        let ceremony = self
            .passkeys
            .take_ceremony(ceremony_id, now)
            .await?
            .filter(|c| c.purpose == CeremonyPurpose::SignIn)
            .ok_or(Error::InvalidCredentials)?;
        let passkey = self
            .check_assertion(&ceremony, credential, LOGIN_FAILED, &client)
            .await?;
        let credentials = self
            .users
            .credentials(passkey.user_id)
            .await?
            .ok_or(Error::InvalidCredentials)?;
        self.accounts
            .may_sign_in(&credentials.user, &client)
            .await?;
        let login = LoginWrite {
            user_id: credentials.user.id,
            checked_hash: credentials.password_hash,
            new_hash: None,
        };
        self.audit_use(&passkey, &client).await?;
        let issued = self
            .sessions
            .start(login, PASSKEY_AMR, FIRST_PARTY_CLIENT, client)
            .await?;
        metrics::counter!("palisade_logins_total", "result" => "succeeded").increment(1);
        Ok(issued)
    }

    /// Starts finishing a second step with a passkey: the user's passkeys
    /// are offered. `MfaTokenExpired` when the step cannot be finished.
    #[instrument(skip_all, name = "mfa.start_passkey_step")]
    pub async fn start_passkey_step(&self, mfa_token: &str) -> Result<Started> {
        let (token_hash, step, _) = self.live_step(mfa_token, self.clock.now()).await?;
        let allowed = self.passkeys.passkeys_of(step.user_id).await?;
        if allowed.is_empty() {
            return Err(Error::MfaTokenExpired);
        }
        self.start_assertion(
            CeremonyPurpose::SecondFactor,
            Some(step.user_id),
            Some(token_hash),
            &allowed,
        )
        .await
    }

    /// Finishes a second step with a passkey. A refused passkey takes one
    /// of the step's five tries, like a wrong code.
    #[instrument(skip_all, name = "mfa.finish_passkey_step")]
    pub async fn finish_passkey_step(
        &self,
        mfa_token: &str,
        ceremony_id: Uuid,
        credential: &Value,
        client: ClientInfo,
    ) -> Result<Issued> {
        let now = self.clock.now();
        let (token_hash, step, credentials) = self.live_step(mfa_token, now).await?;
        if !self.store.take_try(&token_hash, now).await? {
            return Err(Error::MfaTokenExpired);
        }
        let ceremony = self
            .passkeys
            .take_ceremony(ceremony_id, now)
            .await?
            .filter(|c| {
                c.purpose == CeremonyPurpose::SecondFactor
                    && c.step_hash.as_deref() == Some(token_hash.as_str())
            })
            .ok_or(Error::InvalidCredentials)?;
        self.check_assertion(&ceremony, credential, MFA_FAILED, &client)
            .await?;
        let how = Finished {
            method: "passkey",
            action: PASSKEY_USED,
            amr: SECOND_FACTOR_AMR,
        };
        self.finish_step(&token_hash, step, credentials, how, client)
            .await
    }

    async fn start_assertion(
        &self,
        purpose: CeremonyPurpose,
        user_id: Option<Uuid>,
        step_hash: Option<String>,
        allowed: &[StoredPasskey],
    ) -> Result<Started> {
        let start = self.webauthn.start_assertion(allowed)?;
        let ceremony_id = Uuid::new_v4();
        self.passkeys
            .create_ceremony(Ceremony {
                id: ceremony_id,
                purpose,
                user_id,
                step_hash,
                name: None,
                state: start.state,
                expires_at: self.clock.now() + delta(CEREMONY_TTL),
            })
            .await?;
        Ok(Started {
            ceremony_id,
            options: start.options,
        })
    }

    /// The passkey an assertion proves, used (its counter stored): it must
    /// belong to the ceremony's user, or for a discoverable one, to the user
    /// its handle names. Refusals are audited under `failed_action`; a
    /// counter going backwards as `passkey.refused`.
    async fn check_assertion(
        &self,
        ceremony: &Ceremony,
        credential: &Value,
        failed_action: &'static str,
        client: &ClientInfo,
    ) -> Result<StoredPasskey> {
        let refused = Error::InvalidCredentials;
        let asserted = self
            .webauthn
            .asserted(credential)
            .ok_or(Error::InvalidCredentials)?;
        let Some(passkey) = self
            .passkeys
            .passkey_by_credential(&asserted.credential_id)
            .await?
        else {
            self.record_refusal(failed_action, None, "unknown_passkey", client)
                .await?;
            return Err(refused);
        };
        let owner = passkey.user_id;
        let handle_matches = match &asserted.user_handle {
            Some(handle) => handle.as_slice() == owner.as_bytes(),
            // A discoverable credential must say whose it is.
            None => ceremony.user_id.is_some(),
        };
        if ceremony.user_id.is_some_and(|u| u != owner) || !handle_matches {
            self.record_refusal(failed_action, Some(owner), "not_this_users_passkey", client)
                .await?;
            return Err(refused);
        }
        match self
            .webauthn
            .finish_assertion(credential, &ceremony.state, &passkey)
        {
            Assertion::Verified { updated } => {
                if !self
                    .passkeys
                    .use_passkey(&passkey, updated, self.clock.now())
                    .await?
                {
                    // Another use of the same counter value won.
                    self.record_refusal(PASSKEY_REFUSED, Some(owner), "counter_raced", client)
                        .await?;
                    return Err(refused);
                }
                Ok(passkey)
            }
            Assertion::Cloned => {
                tracing::warn!(user_id = %owner, passkey_id = %passkey.id, "passkey counter went backwards: refused");
                self.record_refusal(
                    PASSKEY_REFUSED,
                    Some(owner),
                    "counter_went_backwards",
                    client,
                )
                .await?;
                Err(refused)
            }
            Assertion::Refused => {
                self.record_refusal(failed_action, Some(owner), "assertion_refused", client)
                    .await?;
                Err(refused)
            }
        }
    }

    async fn record_refusal(
        &self,
        action: &'static str,
        user_id: Option<Uuid>,
        reason: &str,
        client: &ClientInfo,
    ) -> Result<()> {
        let mut event =
            audit::event(action, client).details(json!({"method": "passkey", "reason": reason}));
        event.target_id = user_id;
        self.audit.record(event).await
    }

    async fn audit_use(&self, passkey: &StoredPasskey, client: &ClientInfo) -> Result<()> {
        let event = audit::event(PASSKEY_USED, client)
            .actor(passkey.user_id)
            .target(passkey.user_id)
            .details(json!({"passkey_id": passkey.id, "name": passkey.name}));
        self.audit.record(event).await
    }
}

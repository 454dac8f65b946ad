//! The login codes of federated sign-in's app flow: after a sign-in at
//! another provider, an app without a backend gets a code at its redirect
//! URI and trades it, with its PKCE verifier, for the first-party client's
//! tokens. A login code is an authorization code of the first-party client
//! sealed for this purpose only: it lives 60 s, works once (its use is
//! written with the session it opens, and a replay ends that session), and
//! never reaches /oauth2/token.

use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

use super::{CODE_TTL, OAuth, codes, pkce_matches};
use crate::core::clock::delta;
use crate::core::error::{Error, FederationRefusal, Result};
use crate::core::model::ClientInfo;
use crate::core::ports::{AuthCode, UsedCode};
use crate::core::sessions::{ClientSession, Issued};
use crate::core::tokens::{self, FIRST_PARTY_CLIENT, FIRST_PARTY_SCOPE};

/// Who signed in through a provider, for an app.
pub struct LoginCodeFor<'a> {
    pub user_id: Uuid,
    pub redirect_uri: &'a str,
    pub code_challenge: &'a str,
    pub amr: Vec<String>,
    pub provider: &'a str,
    pub signed_in_at: DateTime<Utc>,
    /// The second step still to finish, when the user has a second factor.
    pub mfa_token: Option<String>,
}

fn invalid() -> Error {
    Error::Federation(FederationRefusal::InvalidLoginCode)
}

impl OAuth {
    pub fn issue_login_code(&self, login: LoginCodeFor<'_>) -> Result<String> {
        codes::seal_login(
            self.secrets.as_ref(),
            &AuthCode {
                client_id: FIRST_PARTY_CLIENT.to_owned(),
                user_id: login.user_id,
                redirect_uri: login.redirect_uri.to_owned(),
                scope: FIRST_PARTY_SCOPE.to_owned(),
                nonce: None,
                code_challenge: Some(login.code_challenge.to_owned()),
                auth_time: login.signed_in_at,
                amr: login.amr,
                expires_at: login.signed_in_at + delta(CODE_TTL),
                provider: Some(login.provider.to_owned()),
                mfa_token: login.mfa_token,
            },
        )
    }

    /// Trades a login code and its verifier for a TokenPair; `MfaRequired`
    /// with the step's token for a user with a second factor (the code
    /// then stays unused: the step itself works once).
    #[instrument(skip_all, name = "oauth.exchange_login_code")]
    pub async fn exchange_login_code(
        &self,
        login_code: &str,
        code_verifier: &str,
        info: &ClientInfo,
    ) -> Result<Issued> {
        let now = self.clock.now();
        let issued = codes::open_login(self.secrets.as_ref(), login_code).ok_or_else(invalid)?;
        // Only the app that holds the verifier can replay its code: a
        // code read from a URL alone ends nothing.
        let verified = issued
            .code_challenge
            .as_deref()
            .is_some_and(|challenge| pkce_matches(code_verifier, challenge));
        if !verified {
            return Err(invalid());
        }
        let code_hash = tokens::hash_token(login_code);
        if let Some(used) = self.codes.code_use(&code_hash, now).await? {
            self.code_replayed(used, info).await?;
            return Err(invalid());
        }
        if issued.expires_at <= now {
            return Err(invalid());
        }
        if let Some(mfa_token) = issued.mfa_token.clone() {
            return Err(Error::MfaRequired { mfa_token });
        }
        let opened = self
            .sessions
            .start_for_client(
                ClientSession {
                    user_id: issued.user_id,
                    client_id: FIRST_PARTY_CLIENT.to_owned(),
                    scope: issued.scope.clone(),
                    amr: issued.amr.clone(),
                    auth_time: issued.auth_time,
                    with_refresh_token: true,
                },
                Some(&UsedCode {
                    code_hash,
                    code: issued,
                }),
                info,
            )
            .await;
        match opened {
            // A racing use won: this one is a replay.
            Err(Error::InvalidToken) => Err(invalid()),
            other => other,
        }
    }
}

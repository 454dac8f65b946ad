//! What comes after the tokens: userinfo for a user's access token,
//! introspection (RFC 7662) and revocation (RFC 7009) for clients, and the
//! user's own view of the apps they let in (their consents), which they can
//! withdraw, ending those apps' sessions.

use std::sync::Arc;

use serde_json::{Map, Value, json};
use tracing::instrument;

use super::{OAuth, profile_claims};
use crate::core::audit;
use crate::core::clients::{ClientKind, OAuthClient};
use crate::core::error::{Error, Result};
use crate::core::model::{ClientInfo, Principal};
use crate::core::ports::{Consent, Verified};

pub const CONSENT_REVOKED: &str = "consent.revoked";
pub const TOKEN_REVOKED: &str = "token.revoked";

/// What an introspected token is (RFC 7662 §2.2); `None` for inactive.
pub type Introspection = Option<Arc<Verified>>;

/// RFC 7009's `token_type_hint`: where to look first (we look everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenHint {
    AccessToken,
    RefreshToken,
}

impl OAuth {
    /// The claims of the user behind an access token, as its scope allows
    /// (`sub` always). `InvalidToken` unless the token and session are live.
    pub async fn userinfo(&self, bearer: &str) -> Result<Map<String, Value>> {
        let (who, verified) = self.sessions.authenticate_for(bearer, None).await?;
        if !super::has(&verified.claims.scope, "openid") {
            return Err(Error::Forbidden);
        }
        let account = self
            .users
            .find_account(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let mut claims = profile_claims(&account, &verified.claims.scope);
        claims.insert("sub".into(), json!(who.user_id.to_string()));
        Ok(claims)
    }

    /// Introspection, for confidential clients (resource servers).
    pub async fn introspect(&self, client: &OAuthClient, token: &str) -> Result<Introspection> {
        if client.kind != ClientKind::Confidential {
            return Err(Error::InvalidClient);
        }
        self.sessions.introspect(token).await
    }

    /// Revocation: a refresh token ends its session (so its whole chain),
    /// an access token ends its session. Only the client the token was
    /// issued to can revoke it; anything else is quietly ignored, as the
    /// RFC answers 200 whatever the token.
    #[instrument(skip_all, fields(client_id = %client.client_id), name = "oauth.revoke")]
    pub async fn revoke(
        &self,
        client: &OAuthClient,
        token: &str,
        hint: Option<TokenHint>,
        info: &ClientInfo,
    ) -> Result<()> {
        let by_refresh = || async { self.sessions.session_of_refresh_token(token).await };
        let by_access = || async {
            Ok::<_, Error>(match self.sessions.introspect(token).await? {
                Some(verified) => match verified.claims.user_session() {
                    Some((_, sid)) => self.sessions.find(sid).await?,
                    None => None,
                },
                None => None,
            })
        };
        let session = match hint {
            Some(TokenHint::AccessToken) => match by_access().await? {
                Some(s) => Some(s),
                None => by_refresh().await?,
            },
            _ => match by_refresh().await? {
                Some(s) => Some(s),
                None => by_access().await?,
            },
        };
        let Some(session) = session.filter(|s| s.client_id == client.client_id) else {
            return Ok(());
        };
        let event = audit::event(TOKEN_REVOKED, info)
            .target(session.user_id)
            .details(json!({"client_id": client.client_id, "session_id": session.id}));
        self.sessions
            .end_session(session.id, session.user_id, event)
            .await?;
        Ok(())
    }

    /// The apps the user let in, with what they may see.
    pub async fn consents(&self, who: &Principal) -> Result<Vec<Consent>> {
        self.consents.consents_of(who.user_id).await
    }

    /// Withdraws the user's consent to a client and ends the client's
    /// sessions of the user; `NotFound` when there was none.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "oauth.withdraw_consent")]
    pub async fn withdraw_consent(
        &self,
        who: &Principal,
        client_id: &str,
        info: &ClientInfo,
    ) -> Result<()> {
        if client_id.is_empty() || client_id.len() > 128 {
            return Err(Error::NotFound);
        }
        let event = audit::event(CONSENT_REVOKED, info)
            .actor(who.user_id)
            .target(who.user_id)
            .details(json!({"client_id": client_id}));
        let ended = self
            .consents
            .revoke_consent(who.user_id, client_id, event, self.clock.now())
            .await?
            .ok_or(Error::NotFound)?;
        self.sessions.ended(ended).await;
        Ok(())
    }
}

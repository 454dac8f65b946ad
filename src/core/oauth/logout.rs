//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): who asks
//! (an `id_token_hint` this server signed, or a `client_id`), where the
//! browser may go afterwards (only a `post_logout_redirect_uri` the client
//! registered, exactly), and when the user must confirm first (no valid
//! hint, or a hint for someone else than the browser's user).

use serde_json::json;
use uuid::Uuid;

use super::OAuth;
use crate::core::audit;
use crate::core::error::Result;
use crate::core::locale::Said;
use crate::core::model::ClientInfo;

/// The parameters of a logout request, as sent.
#[derive(Debug, Clone, Default)]
pub struct LogoutRequest {
    pub id_token_hint: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub client_id: Option<String>,
}

/// What to do with a logout request.
#[derive(Debug)]
pub enum Logout {
    /// Nothing is safe to do: show this (and redirect nowhere).
    Refused(Said),
    /// Ask the user whether to sign out.
    Confirm,
    /// Sign out: the browser's session, and `user`'s sessions with
    /// `client_id` (only `session`, when the user is not here to say so);
    /// then go to `then` (with `state`), or say so.
    Proceed {
        user: Option<Uuid>,
        client_id: Option<String>,
        session: Option<Uuid>,
        then: Option<String>,
    },
}

impl OAuth {
    /// Checks a logout request for a browser whose user is `browser_user`;
    /// `confirmed` when the user answered the confirmation page.
    pub async fn check_logout(
        &self,
        r: &LogoutRequest,
        browser_user: Option<Uuid>,
        confirmed: bool,
    ) -> Result<Logout> {
        let hint = r
            .id_token_hint
            .as_deref()
            .filter(|h| !h.is_empty())
            .and_then(|h| self.tokens.read_id_token_hint(h, &self.policy.issuer));
        let named = r.client_id.clone().filter(|c| !c.is_empty());
        let client_id = match (&hint, named) {
            (Some((_, aud, _)), Some(named)) if *aud != named => {
                return Ok(Logout::Refused(Said::new("login-logout-refused-two-apps")));
            }
            (Some((_, aud, _)), _) => Some(aud.clone()),
            (None, named) => named,
        };
        let client = match &client_id {
            Some(id) => match self.clients.find_client(id).await? {
                Some(client) => Some(client),
                None => {
                    return Ok(Logout::Refused(Said::new("login-refused-unregistered")));
                }
            },
            None => None,
        };
        let then = match r
            .post_logout_redirect_uri
            .as_deref()
            .filter(|u| !u.is_empty())
        {
            None => None,
            Some(uri) => {
                let registered = client
                    .as_ref()
                    .is_some_and(|c| c.post_logout_redirect_uris.iter().any(|u| u == uri));
                if !registered {
                    return Ok(Logout::Refused(Said::new(
                        "login-logout-refused-redirect-uri",
                    )));
                }
                Some(with_state(uri, r.state.as_deref()))
            }
        };
        let hinted = hint.and_then(|(sub, _, sid)| Some((sub.parse::<Uuid>().ok()?, sid)));
        let (user, session) = match (hinted, browser_user) {
            // The hint is for whoever is signed in here.
            (Some((hinted, _)), Some(browser)) if hinted == browser => (Some(hinted), None),
            // Nobody is signed in here: a hint (which may be old and has
            // been in URLs) ends only the session it names.
            (Some((hinted, sid)), None) => (Some(hinted), Some(sid)),
            _ if confirmed => (browser_user, None),
            _ => return Ok(Logout::Confirm),
        };
        Ok(Logout::Proceed {
            user,
            client_id,
            session,
            then,
        })
    }

    /// Ends one session of `user` (the one an `id_token_hint` named).
    pub async fn end_hinted_session(
        &self,
        user: Uuid,
        session: Uuid,
        info: &ClientInfo,
    ) -> Result<()> {
        let event = audit::event(audit::LOGOUT, info)
            .actor(user)
            .target(user)
            .details(json!({"session_id": session, "rp_initiated": true}));
        self.sessions.end_session(session, user, event).await?;
        Ok(())
    }

    /// Ends `user`'s sessions with the client that asked to log out.
    pub async fn end_client_sessions(
        &self,
        user: Uuid,
        client_id: &str,
        info: &ClientInfo,
    ) -> Result<()> {
        let event = audit::event(audit::LOGOUT, info)
            .actor(user)
            .target(user)
            .details(json!({"client_id": client_id, "rp_initiated": true}));
        self.sessions
            .end_client_sessions(user, client_id, event)
            .await
    }
}

/// The URI with `state` added to its query.
fn with_state(uri: &str, state: Option<&str>) -> String {
    match state.filter(|s| !s.is_empty()) {
        None => uri.to_owned(),
        Some(state) => {
            let query = serde_urlencoded::to_string([("state", state)]).unwrap_or_default();
            let joiner = if uri.contains('?') { '&' } else { '?' };
            format!("{uri}{joiner}{query}")
        }
    }
}

//! The token endpoint's grants: which client is asking (authenticated by
//! its secret, or a public client by nothing), what it may ask for, and the
//! tokens each grant gives: `authorization_code` (PKCE, exact redirect URI,
//! single use, a replay ends what the first use opened), `refresh_token`
//! (bound to its client), `client_credentials` and `password` (first-party
//! clients only).

use secrecy::{ExposeSecret as _, SecretString};
use serde_json::json;
use tracing::instrument;

use super::{OAuth, codes, has, pkce_matches, profile_claims, scopes};
use crate::core::audit;
use crate::core::clients::{ClientKind, GrantType, OAuthClient};
use crate::core::error::{Error, Result};
use crate::core::mfa::step::SignIn;
use crate::core::model::{ClientInfo, Password};
use crate::core::ports::{AuthCode, CodeUse, UsedCode};
use crate::core::sessions::{ClientSession, Issued};
use crate::core::tokens::{self, AccessGrant, FIRST_PARTY_CLIENT, IdClaims, Subject};

pub const CODE_REUSED: &str = "code.reused";

/// How the client presented itself: its id, and its secret if it has one.
#[derive(Debug, Default)]
pub struct ClientAuth {
    pub client_id: Option<String>,
    pub secret: Option<SecretString>,
}

/// A token request's form fields.
#[derive(Debug, Default)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    /// `urn:ietf:params:oauth:grant-type:device_code` grant.
    pub device_code: Option<String>,
    pub refresh_token: Option<SecretString>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub scope: Option<String>,
}

/// A successful token response (RFC 6749 §5.1, plus `id_token`).
#[derive(Debug)]
pub struct TokenResponse {
    pub access_token: String,
    pub expires_in: u64,
    pub refresh_token: Option<String>,
    pub refresh_expires_in: Option<u64>,
    pub id_token: Option<String>,
    pub scope: String,
}

fn refused(error: &'static str, description: &str) -> Error {
    Error::oauth(error, description)
}

fn required(value: Option<&str>, name: &str) -> Result<String> {
    value
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::oauth("invalid_request", format!("{name} is required.")))
}

impl OAuth {
    /// The client behind a token request. Without any client id, the
    /// first-party client `palisade` (as before clients were registered).
    pub async fn client_of(&self, auth: &ClientAuth) -> Result<OAuthClient> {
        let id = auth.client_id.as_deref().unwrap_or(FIRST_PARTY_CLIENT);
        let secret = auth.secret.as_ref().map(|s| s.expose_secret());
        self.clients.authenticate(id, secret).await
    }

    /// Answers a token request for an authenticated client.
    #[instrument(skip_all, fields(client_id = %client.client_id), name = "oauth.token")]
    pub async fn token(
        &self,
        client: &OAuthClient,
        request: TokenRequest,
        info: ClientInfo,
    ) -> Result<TokenResponse> {
        let grant_type = required(request.grant_type.as_deref(), "grant_type")?;
        let Some(grant) = GrantType::parse(&grant_type) else {
            return Err(refused(
                "unsupported_grant_type",
                "Use authorization_code, refresh_token, client_credentials or password.",
            ));
        };
        if !client.allows(grant) {
            return Err(refused(
                "unauthorized_client",
                "This client may not use this grant type.",
            ));
        }
        match grant {
            GrantType::AuthorizationCode => self.exchange_code(client, request, &info).await,
            GrantType::RefreshToken => {
                let token = request
                    .refresh_token
                    .filter(|t| !t.expose_secret().is_empty())
                    .ok_or_else(|| refused("invalid_request", "refresh_token is required."))?;
                let issued = self
                    .sessions
                    .refresh(token.expose_secret(), &client.client_id, &info)
                    .await
                    .map_err(|e| match e {
                        Error::InvalidToken => refused(
                            "invalid_grant",
                            "The refresh token is invalid, expired or revoked.",
                        ),
                        other => other,
                    })?;
                self.respond(issued, None).await
            }
            GrantType::Password => {
                let username = required(request.username.as_deref(), "username")?;
                let password = request
                    .password
                    .filter(|p| !p.expose_secret().is_empty())
                    .ok_or_else(|| refused("invalid_request", "password is required."))?;
                let issued = self
                    .accounts
                    .login_for_client(
                        &username,
                        &Password::from(password),
                        &client.client_id,
                        info,
                    )
                    .await
                    .map_err(password_refused)?;
                match issued {
                    SignIn::Done(issued) => self.respond(issued, None).await,
                    SignIn::SecondFactor(step) => Err(Error::MfaRequired {
                        mfa_token: step.mfa_token,
                    }),
                }
            }
            GrantType::ClientCredentials => self.client_credentials(client, request.scope),
            GrantType::DeviceCode => {
                self.exchange_device_code(client, request.device_code.as_deref(), &info)
                    .await
            }
        }
    }

    /// `client_credentials`: a token for the client itself, with the scopes
    /// it asked for among those it may have (all of them when it asks none).
    fn client_credentials(
        &self,
        client: &OAuthClient,
        scope: Option<String>,
    ) -> Result<TokenResponse> {
        if client.kind != ClientKind::Confidential {
            return Err(refused("unauthorized_client", "Only confidential clients."));
        }
        let usable = |s: &String| s != "openid" && s != "offline_access";
        let asked = scopes(scope.as_deref().unwrap_or_default());
        if asked
            .iter()
            .any(|s| !usable(s) || !client.scopes.contains(s))
        {
            return Err(refused(
                "invalid_scope",
                "A scope this client may not have.",
            ));
        }
        let granted = if asked.is_empty() {
            client
                .scopes
                .iter()
                .filter(|s| usable(s))
                .cloned()
                .collect()
        } else {
            asked
        };
        let scope = granted.join(" ");
        let ttl = client
            .access_token_ttl
            .unwrap_or(self.sessions.policy().access_ttl);
        let audience = client.audience.as_deref().unwrap_or(&client.client_id);
        let access_token = self.tokens.issue(AccessGrant {
            subject: Subject::Client(&client.client_id),
            client_id: &client.client_id,
            scope: &scope,
            roles: vec![],
            amr: &[],
            audience,
            issuer: &self.policy.issuer,
            now: self.clock.now(),
            ttl,
        })?;
        metrics::counter!("palisade_tokens_issued_total").increment(1);
        Ok(TokenResponse {
            access_token,
            expires_in: ttl.as_secs(),
            refresh_token: None,
            refresh_expires_in: None,
            id_token: None,
            scope,
        })
    }

    /// `authorization_code`: the code works once, for the client it was
    /// issued to, with the same redirect URI and the PKCE verifier.
    async fn exchange_code(
        &self,
        client: &OAuthClient,
        request: TokenRequest,
        info: &ClientInfo,
    ) -> Result<TokenResponse> {
        let code = required(request.code.as_deref(), "code")?;
        let bad = || refused("invalid_grant", "The code is invalid, expired or used.");
        let now = self.clock.now();
        // Not ours, expired, or another client's: nothing to do (another
        // client's attempt changes nothing for the code's own client).
        let Some(issued) = codes::open(self.secrets.as_ref(), &code)
            .filter(|issued| issued.client_id == client.client_id)
        else {
            return Err(bad());
        };
        let code_hash = tokens::hash_token(&code);
        if let Some(used) = self.codes.code_use(&code_hash, now).await? {
            self.code_replayed(used, info).await?;
            return Err(bad());
        }
        if issued.expires_at <= now {
            return Err(bad());
        }
        check_exchange(&issued, client, &request)?;
        // Consent withdrawn since the code was issued voids it.
        if !client.first_party {
            let granted = self
                .consents
                .consented_scopes(issued.user_id, &client.client_id)
                .await?;
            if !issued
                .scope
                .split_whitespace()
                .all(|s| granted.iter().any(|g| g == s))
            {
                return Err(bad());
            }
        }
        let with_refresh = client.allows(GrantType::RefreshToken)
            && (client.first_party || has(&issued.scope, "offline_access"));
        let opened = self
            .sessions
            .start_for_client(
                ClientSession {
                    user_id: issued.user_id,
                    client_id: client.client_id.clone(),
                    scope: issued.scope.clone(),
                    amr: issued.amr.clone(),
                    auth_time: issued.auth_time,
                    with_refresh_token: with_refresh,
                },
                Some(&UsedCode {
                    code_hash: code_hash.clone(),
                    code: issued.clone(),
                }),
                info,
            )
            .await;
        let opened = match opened {
            Ok(opened) => opened,
            Err(Error::AccountDisabled) => {
                return Err(refused("invalid_grant", "The account is disabled."));
            }
            Err(Error::InvalidToken) => {
                // A racing use of the same code won: both uses are a replay,
                // so what the winner opened ends too.
                if let Some(used) = self.codes.code_use(&code_hash, now).await? {
                    self.code_replayed(used, info).await?;
                }
                return Err(bad());
            }
            Err(other) => return Err(other),
        };
        self.respond(opened, issued.nonce).await
    }

    /// A code came back after its first use: someone has a copy. End the
    /// session its first use opened, and say so in the audit log.
    pub(super) async fn code_replayed(&self, used: CodeUse, info: &ClientInfo) -> Result<()> {
        let CodeUse {
            session_id,
            user_id,
            client_id,
        } = used;
        let client_id = client_id.as_str();
        let event = audit::event(CODE_REUSED, info)
            .target(user_id)
            .details(json!({"client_id": client_id, "session_id": session_id}));
        let ended = match session_id {
            Some(id) => {
                self.sessions
                    .end_session(id, user_id, event.clone())
                    .await?
            }
            None => false,
        };
        if !ended {
            self.audit.record(event).await?;
        }
        tracing::warn!(%client_id, %user_id, "authorization code reused: its tokens were revoked");
        Ok(())
    }

    /// The token response for a session's new tokens, with an ID token
    /// when the scope has `openid`.
    pub(super) async fn respond(
        &self,
        issued: Issued,
        nonce: Option<String>,
    ) -> Result<TokenResponse> {
        let id_token = if has(&issued.scope, "openid") {
            self.id_token(&issued, nonce).await?
        } else {
            None
        };
        Ok(TokenResponse {
            refresh_expires_in: issued
                .refresh_token
                .as_ref()
                .map(|_| issued.refresh_expires_in),
            access_token: issued.access_token,
            expires_in: issued.expires_in,
            refresh_token: issued.refresh_token,
            id_token,
            scope: issued.scope,
        })
    }

    async fn id_token(&self, issued: &Issued, nonce: Option<String>) -> Result<Option<String>> {
        let session = &issued.session;
        let account = self
            .users
            .find_account(session.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let now = self.clock.now();
        let iat = now.timestamp();
        let ttl = i64::try_from(issued.expires_in).unwrap_or(i64::MAX);
        let claims = IdClaims {
            iss: self.policy.issuer.clone(),
            sub: session.user_id.to_string(),
            aud: session.client_id.clone(),
            azp: session.client_id.clone(),
            exp: iat.saturating_add(ttl),
            iat,
            auth_time: session.auth_time.timestamp(),
            nonce,
            sid: session.id,
            amr: session.amr.clone(),
            acr: tokens::acr_of(&session.amr).to_owned(),
            at_hash: None,
            profile: profile_claims(&account, &session.scope),
        };
        self.tokens
            .issue_id_token(claims, &issued.access_token, now)
    }
}

/// The code was issued to this client, for this redirect URI, with this
/// PKCE verifier (and none was sent when no challenge was).
fn check_exchange(code: &AuthCode, client: &OAuthClient, request: &TokenRequest) -> Result<()> {
    let bad = |why: &str| Err(refused("invalid_grant", why));
    if code.client_id != client.client_id {
        return bad("The code was issued to another client.");
    }
    if request.redirect_uri.as_deref() != Some(code.redirect_uri.as_str()) {
        return bad("redirect_uri differs from the authorization request's.");
    }
    match (&code.code_challenge, request.code_verifier.as_deref()) {
        (Some(challenge), Some(verifier)) if pkce_matches(verifier, challenge) => Ok(()),
        (Some(_), _) => bad("The code_verifier does not match the code_challenge."),
        (None, Some(_)) => bad("No code_challenge was sent for this code."),
        (None, None) => Ok(()),
    }
}

/// A password grant refused, as RFC 6749 says it; rate limits and outages
/// pass through (the web layer gives them their status and Retry-After).
fn password_refused(err: Error) -> Error {
    match err {
        Error::InvalidCredentials | Error::Validation(_) => {
            refused("invalid_grant", "Email or password is wrong.")
        }
        Error::AccountDisabled => refused("invalid_grant", "This account has been disabled."),
        Error::EmailNotVerified => refused("invalid_grant", "Verify your email address first."),
        other => other,
    }
}

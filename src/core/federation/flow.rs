//! The sign-in flows through another provider. Starting one writes
//! nothing: what the callback must check (the provider, the `nonce`, the
//! PKCE verifier, what the flow is for, the browser it began in, its
//! expiry) travels sealed in `state`, so any instance can finish it. The
//! callback checks the answer (`Upstream`), finds or links or creates the
//! user (`linking`), then signs them in, with the second step for a user
//! with a second factor unless the provider asserts one and is trusted to.

use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tracing::instrument;
use uuid::Uuid;

use super::Federation;
use super::admit::Admitted;
use crate::core::clock::delta;
use crate::core::error::{Error, FederationRefusal, FieldError, Result};
use crate::core::locale::Said;
use crate::core::mfa::step::{SecondStep, SignIn};
use crate::core::model::ClientInfo;
use crate::core::oauth::LoginCodeFor;
use crate::core::ports::{Provider, UpstreamRequest};
use crate::core::sessions::Issued;
use crate::core::tokens::{self, FEDERATED_AMR};

/// How long a person may take at the provider.
pub const FLOW_TTL: Duration = Duration::from_secs(600);
const STATE_CONTEXT: &str = "federation-flow";
/// Longer than any state we make (a `return_to` is capped below).
const MAX_STATE_LEN: usize = 8192;
const MAX_RETURN_TO: usize = 2048;
/// What a flow is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "for", rename_all = "snake_case")]
pub enum Purpose {
    /// The browser signs in and goes on to `return_to` (a same-origin
    /// path, such as an authorization request in progress).
    SignIn { return_to: Option<String> },
    /// A signed-in user connects the provider from /account.
    Connect { user_id: Uuid },
    /// An app gets a login code at its registered redirect URI.
    App {
        redirect_uri: String,
        code_challenge: String,
        state: Option<String>,
    },
}

#[derive(Debug, Serialize, Deserialize)]
struct Flow {
    provider: String,
    nonce: String,
    verifier: String,
    purpose: Purpose,
    /// SHA-256 of the browser's own cookie, so that a flow started in one
    /// browser cannot be finished in another (login CSRF); apps have PKCE.
    browser: Option<String>,
    expires_at: DateTime<Utc>,
}

/// What the provider sent the browser back with.
#[derive(Debug, Default, Clone, Copy)]
pub struct Callback<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// What a finished flow leads to.
#[allow(clippy::large_enum_variant)] // one per sign-in, moved once
pub enum Finished {
    SignedIn {
        issued: Issued,
        return_to: Option<String>,
    },
    SecondFactor {
        step: SecondStep,
        return_to: Option<String>,
    },
    Connected,
    /// Back to the app with its login code.
    App {
        redirect_uri: String,
        login_code: String,
        state: Option<String>,
    },
}

/// A flow's end: what it was for (when its state could be read, so the
/// web layer knows where a refusal goes), and how it went.
pub struct Outcome {
    pub purpose: Option<Purpose>,
    pub result: Result<Finished>,
}

fn refused(why: FederationRefusal) -> Error {
    Error::Federation(why)
}

fn browser_hash(cookie: &str) -> String {
    tokens::hex(&Sha256::digest(
        format!("federation-browser\0{cookie}").as_bytes(),
    ))
}

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Federation {
    /// Where our callback is for `slug`: the redirect URI to register at
    /// the provider.
    pub fn callback_uri(&self, slug: &str) -> String {
        format!("{}/login/{slug}/callback", self.public_url)
    }

    /// The enabled provider `slug`, or `NotFound`.
    async fn enabled(&self, slug: &str) -> Result<Provider> {
        self.store
            .provider(slug)
            .await?
            .filter(|p| p.enabled)
            .ok_or(Error::NotFound)
    }

    /// The providers people can sign in with: slug and name.
    pub async fn sign_in_choices(&self) -> Result<Vec<(String, String)>> {
        Ok(self
            .store
            .providers()
            .await?
            .into_iter()
            .filter(|p| p.enabled)
            .map(|p| (p.slug, p.display_name))
            .collect())
    }

    /// Starts a flow: the provider's authorization URL to send the browser
    /// to. `browser` is the browser's own cookie (none for an app).
    #[instrument(skip_all, fields(provider = %slug), name = "federation.start")]
    pub async fn start(
        &self,
        slug: &str,
        purpose: Purpose,
        browser: Option<&str>,
    ) -> Result<String> {
        let provider = self.enabled(slug).await?;
        let purpose = match purpose {
            Purpose::SignIn { return_to } => Purpose::SignIn {
                return_to: return_to.filter(|to| to.len() <= MAX_RETURN_TO),
            },
            Purpose::App {
                redirect_uri,
                code_challenge,
                state,
            } => {
                self.app_purpose(&redirect_uri, code_challenge, state)
                    .await?
            }
            Purpose::Connect { user_id } => {
                self.may_connect(user_id).await?;
                Purpose::Connect { user_id }
            }
        };
        let flow = Flow {
            provider: provider.slug.clone(),
            nonce: tokens::new_opaque_token(),
            verifier: tokens::new_opaque_token(),
            purpose,
            browser: browser.map(browser_hash),
            expires_at: self.clock.now() + delta(FLOW_TTL),
        };
        let json = serde_json::to_vec(&flow).map_err(|_| Error::bug("a flow as JSON"))?;
        let state = self.secrets.seal(&json, STATE_CONTEXT)?;
        let callback = self.callback_uri(slug);
        let challenge = s256(&flow.verifier);
        let request = UpstreamRequest {
            redirect_uri: &callback,
            state: &state,
            nonce: &flow.nonce,
            code_challenge: &challenge,
        };
        self.upstream.authorization_url(&provider, request).await
    }

    /// An app's flow, checked: a redirect URI some client registered, an
    /// S256 challenge, a state of reasonable size.
    async fn app_purpose(
        &self,
        redirect_uri: &str,
        code_challenge: String,
        state: Option<String>,
    ) -> Result<Purpose> {
        let Some(redirect_uri) = self.clients.first_party_redirect(redirect_uri).await? else {
            return Err(FieldError::new(
                "redirect_uri",
                "not_registered",
                "No registered first-party app has this redirect URI.",
            )
            .said(Said::new("field-app-redirect-unknown"))
            .into());
        };
        let shaped = code_challenge.len() == 43
            && code_challenge
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !shaped {
            return Err(FieldError::new(
                "code_challenge",
                "invalid_value",
                "Send the base64url SHA-256 of your code_verifier (43 characters).",
            )
            .said(Said::new("field-app-code-challenge"))
            .into());
        }
        if state.as_ref().is_some_and(|s| s.len() > 512) {
            return Err(
                FieldError::new("state", "too_long", "At most 512 characters.")
                    .said(Said::new("field-app-state-too-long"))
                    .into(),
            );
        }
        Ok(Purpose::App {
            redirect_uri,
            code_challenge,
            state,
        })
    }

    /// Finishes a flow at its callback.
    #[instrument(skip_all, fields(provider = %slug), name = "federation.finish")]
    pub async fn finish(
        &self,
        slug: &str,
        callback: Callback<'_>,
        browser: Option<&str>,
        signed_in_as: Option<Uuid>,
        client: ClientInfo,
    ) -> Outcome {
        let flow = match self.open_flow(slug, callback, browser) {
            Ok(flow) => flow,
            Err(err) => {
                return Outcome {
                    purpose: None,
                    result: Err(err),
                };
            }
        };
        let purpose = flow.purpose.clone();
        let result = self.finish_flow(flow, callback, signed_in_as, client).await;
        Outcome {
            purpose: Some(purpose),
            result,
        }
    }

    fn open_flow(&self, slug: &str, callback: Callback<'_>, browser: Option<&str>) -> Result<Flow> {
        let sealed = callback
            .state
            .filter(|s| s.len() <= MAX_STATE_LEN)
            .ok_or(refused(FederationRefusal::StateMismatch))?;
        let flow: Flow = self
            .secrets
            .open(sealed, STATE_CONTEXT)
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(refused(FederationRefusal::StateMismatch))?;
        let same_browser = match (&flow.purpose, &flow.browser) {
            (Purpose::App { .. }, _) => true,
            (_, Some(hash)) => browser.map(browser_hash).as_ref() == Some(hash),
            (_, None) => false,
        };
        if flow.provider != slug || !same_browser {
            return Err(refused(FederationRefusal::StateMismatch));
        }
        if flow.expires_at <= self.clock.now() {
            return Err(refused(FederationRefusal::Expired));
        }
        Ok(flow)
    }

    async fn finish_flow(
        &self,
        flow: Flow,
        callback: Callback<'_>,
        signed_in_as: Option<Uuid>,
        client: ClientInfo,
    ) -> Result<Finished> {
        if callback.error.is_some() {
            return Err(refused(FederationRefusal::Denied));
        }
        let code = callback
            .code
            .filter(|c| !c.is_empty() && c.len() <= 4096)
            .ok_or(refused(FederationRefusal::StateMismatch))?;
        let provider = self.enabled(&flow.provider).await?;
        let secret = self.client_secret(&provider)?;
        let callback_uri = self.callback_uri(&provider.slug);
        let state = callback.state.unwrap_or_default();
        let challenge = s256(&flow.verifier);
        let request = UpstreamRequest {
            redirect_uri: &callback_uri,
            state,
            nonce: &flow.nonce,
            code_challenge: &challenge,
        };
        let now = self.clock.now();
        let identity = self
            .upstream
            .identify(&provider, secret, code, request, &flow.verifier, now)
            .await?;
        match flow.purpose {
            Purpose::Connect { user_id } => {
                if signed_in_as != Some(user_id) {
                    return Err(refused(FederationRefusal::StateMismatch));
                }
                self.connect(&provider, user_id, &identity, &client).await?;
                Ok(Finished::Connected)
            }
            Purpose::SignIn { return_to } => {
                let user_id = self.user_for(&provider, &identity, &client).await?;
                match self.sign_in(&provider, user_id, &identity, client).await? {
                    SignIn::Done(issued) => Ok(Finished::SignedIn { issued, return_to }),
                    SignIn::SecondFactor(step) => Ok(Finished::SecondFactor { step, return_to }),
                }
            }
            Purpose::App {
                redirect_uri,
                code_challenge,
                state,
            } => {
                let user_id = self.user_for(&provider, &identity, &client).await?;
                // The session opens at the exchange (its use is what makes
                // the code single-use); a second step opens now.
                let admitted = self.admit(&provider, user_id, &identity, &client).await?;
                let (amr, mfa_token) = match admitted {
                    Admitted::Ready { amr, .. } => (amr, None),
                    Admitted::Step(step) => (vec![FEDERATED_AMR.to_owned()], Some(step.mfa_token)),
                };
                let login_code = self.oauth.issue_login_code(LoginCodeFor {
                    user_id,
                    redirect_uri: &redirect_uri,
                    code_challenge: &code_challenge,
                    amr,
                    provider: &provider.slug,
                    signed_in_at: now,
                    mfa_token,
                })?;
                Ok(Finished::App {
                    redirect_uri,
                    login_code,
                    state,
                })
            }
        }
    }
}

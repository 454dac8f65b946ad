//! The authorization endpoint's rules: which requests may redirect at all
//! (a known client and an exactly registered redirect URI, else an error
//! page, never a redirect), what the rest must carry (response type `code`,
//! known and allowed scopes, PKCE S256), when the user must sign in (again)
//! or consent, and the single-use code that ends it.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use uuid::Uuid;

use super::{CODE_TTL, OAuth, codes, scopes};
use crate::core::audit;
use crate::core::clients::{ClientKind, GrantType, OAuthClient};
use crate::core::clock::delta;
use crate::core::error::Result;
use crate::core::locale::Said;
use crate::core::model::ClientInfo;
use crate::core::ports::AuthCode;
use crate::core::redirects;
use crate::core::tokens;

pub const CONSENT_GRANTED: &str = "consent.granted";

/// The parameters of an authorization request, as sent.
#[derive(Debug, Clone, Default)]
pub struct AuthorizationRequest {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    /// Space-separated classes asked for: `mfa` (or OpenID PAPE's
    /// multi-factor URI) makes a single-factor session sign in again.
    pub acr_values: Option<String>,
    pub login_hint: Option<String>,
    /// An ID token naming the user the client expects (OIDC Core §3.1.2.1).
    pub id_token_hint: Option<String>,
}

/// The browser's signed-in user, as the authorization endpoint needs them.
#[derive(Debug, Clone)]
pub struct BrowserSession {
    pub user_id: Uuid,
    pub signed_in_at: DateTime<Utc>,
    pub amr: Vec<String>,
}

/// What to do with an authorization request.
#[derive(Debug)]
pub enum Authorized {
    /// No redirect is safe (unknown client or redirect URI): show this.
    Refused(Said),
    /// Back to the client: its redirect URI with these query parameters.
    Redirect {
        redirect_uri: String,
        params: Vec<(&'static str, String)>,
    },
    /// Sign in first (again, when `fresh`), then come back.
    SignIn {
        login_hint: Option<String>,
        fresh: bool,
    },
    /// Ask the user whether the client may have these scopes.
    Consent {
        client_name: String,
        scopes: Vec<String>,
    },
}

/// The user's answer on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

#[derive(Debug, Default)]
struct Prompt {
    none: bool,
    login: bool,
    consent: bool,
}

/// A request that may redirect, checked.
struct Checked {
    client: OAuthClient,
    redirect_uri: String,
    state: Option<String>,
    scope: Vec<String>,
    nonce: Option<String>,
    challenge: Option<String>,
    prompt: Prompt,
    max_age: Option<i64>,
    /// Whether the client asked for two factors (`acr_values`).
    wants_mfa: bool,
    login_hint: Option<String>,
    /// The `sub` of a valid `id_token_hint`: only that user may be answered.
    hinted_user: Option<String>,
}

/// The longest `state` and `nonce` we carry: generous, yet bounded.
const MAX_PARAM: usize = 512;

impl OAuth {
    /// The redirect URI to use, if the client registered `redirect_uri`.
    pub async fn registered_redirect(
        &self,
        client_id: &str,
        redirect_uri: &str,
    ) -> Result<Option<String>> {
        Ok(self
            .clients
            .find_client(client_id)
            .await?
            .and_then(|client| redirects::matching(redirect_uri, &client.redirect_uris)))
    }

    /// Decides what an authorization request leads to, for a browser with
    /// or without a signed-in user.
    pub async fn authorize(
        &self,
        request: &AuthorizationRequest,
        browser: Option<&BrowserSession>,
    ) -> Result<Authorized> {
        let checked = match self.check(request).await? {
            Ok(checked) => checked,
            Err(answer) => return Ok(answer),
        };
        let now = self.clock.now();
        let Some(browser) = browser else {
            return Ok(match checked.prompt.none {
                true => self.refuse(&checked, "login_required", "The user is not signed in."),
                false => sign_in(&checked, false),
            });
        };
        let too_old = checked.max_age.is_some_and(|max| {
            now.signed_duration_since(browser.signed_in_at) > TimeDelta::seconds(max)
        });
        // Another user than the client expects: never answer for them.
        let someone_else = checked
            .hinted_user
            .as_ref()
            .is_some_and(|sub| *sub != browser.user_id.to_string());
        // Asked for two factors, signed in with one: sign in again, which
        // asks a user with a factor for it. (The request comes back without
        // `acr_values`, so a user without one is not sent round in circles:
        // the ID token's `acr` says what was done.)
        let too_weak = checked.wants_mfa && tokens::acr_of(&browser.amr) != "mfa";
        if checked.prompt.login || too_old || someone_else || too_weak {
            return Ok(match checked.prompt.none {
                true => self.refuse(&checked, "login_required", "The user must sign in again."),
                false => sign_in(&checked, true),
            });
        }
        // First-party clients are not asked, unless they ask for it.
        if !checked.client.first_party || checked.prompt.consent {
            let covered = checked.client.first_party || {
                let granted = self
                    .consents
                    .consented_scopes(browser.user_id, &checked.client.client_id)
                    .await?;
                checked.scope.iter().all(|s| granted.contains(s))
            };
            if checked.prompt.consent || !covered {
                return Ok(match checked.prompt.none {
                    true => {
                        self.refuse(&checked, "consent_required", "The user has not consented.")
                    }
                    false => Authorized::Consent {
                        client_name: checked.client.name.clone(),
                        scopes: checked.scope.clone(),
                    },
                });
            }
        }
        self.issue_code(checked, browser, now).await
    }

    /// The user's answer on the consent page, for the same request.
    pub async fn decide(
        &self,
        request: &AuthorizationRequest,
        browser: &BrowserSession,
        decision: Decision,
        client: &ClientInfo,
    ) -> Result<Authorized> {
        let checked = match self.check(request).await? {
            Ok(checked) => checked,
            Err(answer) => return Ok(answer),
        };
        if decision == Decision::Deny {
            return Ok(self.refuse(&checked, "access_denied", "The user declined."));
        }
        let now = self.clock.now();
        if !checked.client.first_party {
            let event = audit::event(CONSENT_GRANTED, client)
                .actor(browser.user_id)
                .target(browser.user_id)
                .details(json!({
                    "client_id": checked.client.client_id,
                    "scopes": checked.scope,
                }));
            self.consents
                .grant_consent(
                    browser.user_id,
                    &checked.client.client_id,
                    &checked.scope,
                    event,
                    now,
                )
                .await?;
        }
        self.issue_code(checked, browser, now).await
    }

    async fn issue_code(
        &self,
        checked: Checked,
        browser: &BrowserSession,
        now: DateTime<Utc>,
    ) -> Result<Authorized> {
        let code = codes::seal(
            self.secrets.as_ref(),
            &AuthCode {
                client_id: checked.client.client_id.clone(),
                user_id: browser.user_id,
                redirect_uri: checked.redirect_uri.clone(),
                scope: checked.scope.join(" "),
                nonce: checked.nonce.clone(),
                code_challenge: checked.challenge.clone(),
                auth_time: browser.signed_in_at,
                amr: browser.amr.clone(),
                expires_at: now + delta(CODE_TTL),
                provider: None,
                mfa_token: None,
            },
        )?;
        let mut answer = self.back(&checked);
        if let Authorized::Redirect { params, .. } = &mut answer {
            params.insert(0, ("code", code));
        }
        Ok(answer)
    }

    /// A redirect back to the client carrying `state` and `iss` (RFC 9207).
    fn back(&self, checked: &Checked) -> Authorized {
        let mut params = Vec::new();
        if let Some(state) = &checked.state {
            params.push(("state", state.clone()));
        }
        params.push(("iss", self.policy.issuer.clone()));
        Authorized::Redirect {
            redirect_uri: checked.redirect_uri.clone(),
            params,
        }
    }

    fn refuse(&self, checked: &Checked, error: &str, description: &str) -> Authorized {
        let mut answer = self.back(checked);
        if let Authorized::Redirect { params, .. } = &mut answer {
            params.insert(0, ("error", error.to_owned()));
            params.insert(1, ("error_description", description.to_owned()));
        }
        answer
    }

    /// Checks a request: `Err` holds the answer when it fails (an error page
    /// before the redirect URI is trusted, an error redirect after).
    async fn check(&self, r: &AuthorizationRequest) -> Result<Result<Checked, Authorized>> {
        let client = match r.client_id.as_deref() {
            Some(id) => self.clients.find_client(id).await?,
            None => None,
        };
        let Some(client) = client else {
            return Ok(Err(Authorized::Refused(Said::new(
                "login-refused-unregistered",
            ))));
        };
        let Some(redirect_uri) = r
            .redirect_uri
            .as_deref()
            .and_then(|uri| redirects::matching(uri, &client.redirect_uris))
        else {
            return Ok(Err(Authorized::Refused(Said::new(
                "login-refused-redirect-uri",
            ))));
        };
        let mut checked = Checked {
            redirect_uri,
            state: r.state.clone().filter(|s| !s.is_empty()),
            scope: vec![],
            nonce: r.nonce.clone().filter(|n| !n.is_empty()),
            challenge: None,
            prompt: Prompt::default(),
            max_age: None,
            wants_mfa: false,
            login_hint: r.login_hint.clone().filter(|h| h.len() <= 254),
            hinted_user: None,
            client,
        };
        let failure = match self.check_parameters(r, &mut checked) {
            Ok(()) => return Ok(Ok(checked)),
            Err(failure) => failure,
        };
        // A state too long to echo is dropped from the error redirect.
        if checked.state.as_ref().is_some_and(|s| s.len() > MAX_PARAM) {
            checked.state = None;
        }
        Ok(Err(self.refuse(&checked, failure.0, &failure.1)))
    }

    /// The parameters after the redirect URI, into `checked`; the error
    /// code and description of the first that fails.
    fn check_parameters(
        &self,
        r: &AuthorizationRequest,
        c: &mut Checked,
    ) -> Result<(), (&'static str, String)> {
        let fail = |error: &'static str, why: &str| Err((error, why.to_owned()));
        if c.state.as_ref().is_some_and(|s| s.len() > MAX_PARAM)
            || c.nonce.as_ref().is_some_and(|n| n.len() > MAX_PARAM)
        {
            return fail(
                "invalid_request",
                "state and nonce have at most 512 characters.",
            );
        }
        if !c.client.allows(GrantType::AuthorizationCode) {
            return fail(
                "unauthorized_client",
                "This client may not use the authorization code flow.",
            );
        }
        match r.response_type.as_deref() {
            Some("code") => {}
            None => return fail("invalid_request", "response_type is required."),
            Some(_) => return fail("unsupported_response_type", "Only response_type=code."),
        }
        let asked = scopes(r.scope.as_deref().unwrap_or_default());
        if let Some(unknown) = asked.iter().find(|s| !c.client.scopes.contains(s)) {
            return Err((
                "invalid_scope",
                format!("The scope {unknown:?} is not available to this client."),
            ));
        }
        if asked.is_empty() {
            return fail("invalid_scope", "scope is required (openid for sign-in).");
        }
        if asked.iter().any(|s| s == "openid") && self.id_token_algorithm().is_none() {
            return fail(
                "invalid_scope",
                "This server signs with HS256 and issues no ID tokens: openid is unavailable.",
            );
        }
        c.scope = asked;
        c.challenge = pkce_challenge(r, &c.client)?;
        c.prompt = prompt(r.prompt.as_deref())?;
        c.wants_mfa = r.acr_values.as_deref().is_some_and(|asked| {
            asked
                .split_whitespace()
                .any(|v| v == "mfa" || v == tokens::ACR_PAPE_MULTI_FACTOR)
        });
        c.max_age = match r.max_age.as_deref() {
            None | Some("") => None,
            Some(text) => match text.parse::<i64>() {
                Ok(seconds) if seconds >= 0 => Some(seconds),
                _ => return fail("invalid_request", "max_age is a number of seconds."),
            },
        };
        if let Some(hint) = r.id_token_hint.as_deref().filter(|h| !h.is_empty()) {
            // Expired hints count: a hint names who, it grants nothing.
            let Some((sub, _, _)) = self.tokens.read_id_token_hint(hint, &self.policy.issuer)
            else {
                return fail(
                    "invalid_request",
                    "id_token_hint is not an ID token of this server.",
                );
            };
            c.hinted_user = Some(sub);
        }
        Ok(())
    }
}

/// The PKCE challenge: S256 only; required of public clients and of
/// confidential ones that require it.
fn pkce_challenge(
    r: &AuthorizationRequest,
    client: &OAuthClient,
) -> Result<Option<String>, (&'static str, String)> {
    let fail = |why: &str| Err(("invalid_request", why.to_owned()));
    match (
        r.code_challenge.as_deref(),
        r.code_challenge_method.as_deref(),
    ) {
        (Some(_), Some(method)) if method != "S256" => {
            fail("Only code_challenge_method=S256 is supported.")
        }
        (Some(_), None) => fail("code_challenge_method=S256 is required (plain is refused)."),
        (Some(challenge), Some(_)) => {
            let shaped = challenge.len() == 43
                && challenge
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if shaped {
                Ok(Some(challenge.to_owned()))
            } else {
                fail("code_challenge is not an S256 challenge.")
            }
        }
        (None, _) if client.kind == ClientKind::Public || client.require_pkce => {
            fail("PKCE is required: send code_challenge with code_challenge_method=S256.")
        }
        (None, _) => Ok(None),
    }
}

fn prompt(text: Option<&str>) -> Result<Prompt, (&'static str, String)> {
    let mut prompt = Prompt::default();
    for word in text.unwrap_or_default().split_whitespace() {
        match word {
            "none" => prompt.none = true,
            "login" => prompt.login = true,
            "consent" => prompt.consent = true,
            // One account per browser: choosing one is signing in.
            "select_account" => prompt.login = true,
            other => {
                return Err((
                    "invalid_request",
                    format!("Unknown prompt value {other:?}."),
                ));
            }
        }
    }
    if prompt.none && (prompt.login || prompt.consent) {
        return Err((
            "invalid_request",
            "prompt=none cannot be combined with other values.".into(),
        ));
    }
    Ok(prompt)
}

fn sign_in(checked: &Checked, fresh: bool) -> Authorized {
    Authorized::SignIn {
        login_hint: checked.login_hint.clone(),
        fresh,
    }
}

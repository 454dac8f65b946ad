//! Palisade as an OAuth 2.1 authorization server and OpenID Provider: the
//! authorization code flow with PKCE and consent (`authorize`), the token
//! endpoint's grants (`grants`), and what resource servers and users ask
//! of it afterwards (`resource`: userinfo, introspection, revocation,
//! consents). Every refusal is an `Error::OAuth` with its RFC 6749 code,
//! or `InvalidClient`.

mod authorize;
mod codes;
mod device;
mod grants;
mod login_codes;
mod logout;
mod resource;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

pub use authorize::{AuthorizationRequest, Authorized, BrowserSession, Decision};
pub use device::{DeviceAuthorization, DeviceRequest, display_user_code};
pub use grants::{ClientAuth, TokenRequest, TokenResponse};
pub use login_codes::LoginCodeFor;
pub use logout::{Logout, LogoutRequest};
pub use resource::{Introspection, TokenHint};

use super::accounts::Accounts;
use super::audit::Audit;
use super::clients::Clients;
use super::clock::SharedClock;
use super::model::Account;
use super::ports::{AccessTokens, CodeStore, ConsentStore, DeviceStore, Secrets, UserStore};
use super::sessions::Sessions;

/// How long an authorization code lives (the contract: 60 s).
pub const CODE_TTL: Duration = Duration::from_secs(60);

/// What the provider needs from the settings.
#[derive(Debug, Clone)]
pub struct OAuthPolicy {
    pub issuer: String,
}

pub struct OAuth {
    audit: Arc<Audit>,
    clients: Arc<Clients>,
    sessions: Arc<Sessions>,
    accounts: Arc<Accounts>,
    codes: Arc<dyn CodeStore>,
    /// Seals authorization codes.
    secrets: Arc<dyn Secrets>,
    consents: Arc<dyn ConsentStore>,
    devices: Arc<dyn DeviceStore>,
    users: Arc<dyn UserStore>,
    tokens: Arc<dyn AccessTokens>,
    clock: SharedClock,
    policy: OAuthPolicy,
}

/// The dependencies of `OAuth`, named so the wiring reads.
pub struct OAuthDeps {
    pub audit: Arc<Audit>,
    pub clients: Arc<Clients>,
    pub sessions: Arc<Sessions>,
    pub accounts: Arc<Accounts>,
    pub codes: Arc<dyn CodeStore>,
    pub secrets: Arc<dyn Secrets>,
    pub consents: Arc<dyn ConsentStore>,
    pub devices: Arc<dyn DeviceStore>,
    pub users: Arc<dyn UserStore>,
    pub tokens: Arc<dyn AccessTokens>,
    pub clock: SharedClock,
}

impl OAuth {
    pub fn new(deps: OAuthDeps, policy: OAuthPolicy) -> Self {
        Self {
            audit: deps.audit,
            clients: deps.clients,
            sessions: deps.sessions,
            accounts: deps.accounts,
            codes: deps.codes,
            secrets: deps.secrets,
            consents: deps.consents,
            devices: deps.devices,
            users: deps.users,
            tokens: deps.tokens,
            clock: deps.clock,
            policy,
        }
    }

    pub fn issuer(&self) -> &str {
        &self.policy.issuer
    }

    /// The algorithm ID tokens are signed with; `None` under HS256, where
    /// Palisade is an OAuth server but no OpenID Provider.
    pub fn id_token_algorithm(&self) -> Option<&'static str> {
        self.tokens.id_token_algorithm(self.clock.now())
    }
}

/// A space-separated scope parameter as a list, without repeats.
pub fn scopes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if !out.iter().any(|w| w == word) {
            out.push(word.to_owned());
        }
    }
    out
}

fn has(scope: &str, wanted: &str) -> bool {
    scope.split_whitespace().any(|s| s == wanted)
}

/// PKCE (RFC 7636): whether `verifier` is one the S256 `challenge` was
/// made from. A verifier is 43 to 128 unreserved characters.
pub fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    let shaped = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !shaped {
        return false;
    }
    let made = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    subtle::ConstantTimeEq::ct_eq(made.as_bytes(), challenge.as_bytes()).into()
}

/// The claims about the user that `scope` allows (OpenID Connect Core
/// §5.4), for ID tokens and userinfo.
pub fn profile_claims(
    account: &Account,
    scope: &str,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let user = &account.user;
    let mut claims = serde_json::Map::new();
    if has(scope, "profile") {
        if let Some(name) = &user.display_name {
            claims.insert("name".into(), json!(name));
        }
        claims.insert("preferred_username".into(), json!(user.email));
        if let Some(locale) = &user.locale {
            claims.insert("locale".into(), json!(locale));
        }
        claims.insert("updated_at".into(), json!(user.updated_at.timestamp()));
    }
    if has(scope, "email") {
        claims.insert("email".into(), json!(user.email));
        claims.insert("email_verified".into(), json!(user.email_verified));
    }
    if has(scope, "roles") {
        claims.insert("roles".into(), json!(account.roles));
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pkce_verifier_matches_only_its_s256_challenge() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge));
        assert!(!pkce_matches(verifier, verifier), "plain is refused");
        assert!(!pkce_matches("short", challenge));
    }

    #[test]
    fn scopes_split_on_spaces_without_repeats() {
        assert_eq!(scopes(" openid  email openid "), ["openid", "email"]);
        assert!(has("openid email", "email") && !has("openid emails", "email"));
    }
}

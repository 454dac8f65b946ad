//! Authorization codes that carry their own request: what the token request
//! must match, sealed with the secrets key (XChaCha20-Poly1305, bound to
//! this purpose), so issuing one writes nothing. Only a code's use is
//! written, with the session it opens, which is what makes it single-use
//! and lets a replay find what to end.

use crate::core::error::{Error, Result};
use crate::core::ports::{AuthCode, Secrets};

/// What a sealed code is bound to: it opens as nothing else (an OAuth
/// client's code is no app's login code, and the other way round).
const CONTEXT: &str = "oauth-code";
const LOGIN_CONTEXT: &str = "federated-login-code";
/// Longer than any code we issue (their request parameters are bounded);
/// anything longer is not ours.
pub const MAX_CODE_LEN: usize = 8192;

pub fn seal(secrets: &dyn Secrets, code: &AuthCode) -> Result<String> {
    seal_in(secrets, code, CONTEXT)
}

/// The code's content, if it is one of ours (expired or not: a replay of
/// an expired code still ends what its first use opened).
pub fn open(secrets: &dyn Secrets, text: &str) -> Option<AuthCode> {
    open_in(secrets, text, CONTEXT)
}

/// The same for the login codes of federated sign-in's app flow.
pub fn seal_login(secrets: &dyn Secrets, code: &AuthCode) -> Result<String> {
    seal_in(secrets, code, LOGIN_CONTEXT)
}

pub fn open_login(secrets: &dyn Secrets, text: &str) -> Option<AuthCode> {
    open_in(secrets, text, LOGIN_CONTEXT)
}

fn seal_in(secrets: &dyn Secrets, code: &AuthCode, context: &str) -> Result<String> {
    let json = serde_json::to_vec(code).map_err(|_| Error::bug("an authorization code as JSON"))?;
    secrets.seal(&json, context)
}

fn open_in(secrets: &dyn Secrets, text: &str, context: &str) -> Option<AuthCode> {
    if text.len() > MAX_CODE_LEN {
        return None;
    }
    let json = secrets.open(text, context)?;
    serde_json::from_slice(&json).ok()
}

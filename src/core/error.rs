//! The core's error: every refusal a rule can make, and the failures of what
//! the core relies on (storage unreachable, a bug), with their cause kept
//! for the one log line the web layer writes. Nothing about HTTP here: the
//! web layer maps each variant to a status and a problem `code` in one place.

use crate::core::locale::Said;

/// One invalid input field, reported in problem+json's `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    /// Stable machine-readable code: `required`, `invalid_email`, `too_short`, …
    pub code: &'static str,
    /// In English, for the API.
    pub message: String,
    /// The same for a page, in the reader's language (`field-*` messages);
    /// none: the page says `field-<code>`.
    #[serde(skip)]
    pub page: Option<Said>,
}

impl FieldError {
    pub fn new(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code,
            message: message.into(),
            page: None,
        }
    }

    /// What a page says instead of `message`: message `id` of `locales/`.
    pub fn said(mut self, said: Said) -> Self {
        self.page = Some(said);
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Email or password wrong, or no such account: deliberately one answer.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A token was sent but is invalid or revoked.
    #[error("invalid token")]
    InvalidToken,
    /// A genuine access token past its `exp`: the client should refresh.
    #[error("token expired")]
    TokenExpired,
    #[error("account disabled")]
    AccountDisabled,
    #[error("email not verified")]
    EmailNotVerified,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("email taken")]
    EmailTaken,
    /// A reset or verification token that is unknown, used, expired or void.
    #[error("invalid one-time token")]
    InvalidOneTimeToken,
    /// The current password given to confirm a sensitive change is wrong.
    #[error("re-authentication failed")]
    ReauthFailed,
    /// The change would leave no enabled admin.
    #[error("last admin")]
    LastAdmin,
    #[error("role exists")]
    RoleExists,
    /// Builtin roles cannot be changed or deleted.
    #[error("builtin role")]
    BuiltinRole,
    /// A token request's client is unknown, or its secret is wrong or
    /// missing (or present for a public client): deliberately one answer.
    #[error("invalid client")]
    InvalidClient,
    /// An OAuth request refused the RFC 6749 way: its `error` code
    /// (`invalid_grant`, `invalid_scope`, …) and a description for people.
    #[error("oauth refusal: {error}")]
    OAuth {
        error: &'static str,
        description: String,
    },
    /// The built-in client `palisade` cannot be changed or deleted.
    #[error("builtin client")]
    BuiltinClient,
    /// A second factor of this kind is already enrolled.
    #[error("already enrolled")]
    AlreadyEnrolled,
    /// The code confirming an enrollment is wrong (400).
    #[error("invalid code")]
    InvalidCode,
    /// The second step's code is wrong (401).
    #[error("wrong second factor")]
    WrongCode,
    /// An identity provider's answer did not check out: a token by a key
    /// it does not publish, another sign-in's nonce, a refused code.
    #[error("identity provider's answer refused")]
    UpstreamRefused,
    /// Unlinking would leave the user no way to sign in (409).
    #[error("last login method")]
    LastLoginMethod,
    /// A sign-in through another provider that cannot go on; the person
    /// is told why and offered to start again.
    #[error("federated sign-in refused: {0:?}")]
    Federation(FederationRefusal),
    /// An identity provider with this slug is connected already (409).
    #[error("provider exists")]
    ProviderExists,
    #[error("tenant exists")]
    TenantExists,
    /// No one may make an account here (the tenant's `allow_signup`): 403.
    #[error("sign-up disabled")]
    SignupClosed,
    /// A host another tenant is served at.
    #[error("host taken")]
    HostTaken,
    #[error("the default tenant")]
    DefaultTenant,
    /// The caller holds a role that must use a second factor and has none
    /// yet: only enrolling is open (403).
    #[error("second factor enrollment required")]
    MfaEnrollmentRequired,
    /// A passkey registration the authenticator's answer does not complete
    /// (400): wrong challenge, origin or relying party, or a credential
    /// registered already.
    #[error("invalid credential")]
    InvalidCredential,
    /// The `mfa_token` is unknown, used, expired or spent its tries.
    #[error("mfa token expired")]
    MfaTokenExpired,
    /// The password was right; the second step is next (the password grant
    /// answers this; the JSON login answers 200 with the step instead).
    #[error("second factor required")]
    MfaRequired { mfa_token: String },
    /// An existing account whose email nobody verified cannot simply be made
    /// an admin: anyone could have registered it.
    #[error(
        "an account with this email exists, but its address is not verified: anyone could have registered it. Verify it first, or pass --promote-existing if you know it is yours"
    )]
    UnverifiedAccount,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Too much work queued (password hashing): try again in a moment.
    #[error("busy")]
    Busy,
    /// The database cannot be reached; the caller may retry.
    #[error("database unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// A bug or an unexpected failure. The cause is logged, never sent.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a sign-in through another provider stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FederationRefusal {
    /// The flow's `state` is not ours, or was made for another browser or
    /// provider.
    StateMismatch,
    /// The flow took longer than it may.
    Expired,
    /// The person declined at the provider (`error=access_denied`) or the
    /// provider stopped the flow with another error.
    Denied,
    /// An account with the provider's address exists and may not be linked
    /// by it: sign in with the password and connect from /account.
    LinkWithPassword,
    /// No account, and the provider may not create one.
    SignupClosed,
    /// The provider gave no address to make an account with.
    NoEmail,
    /// The identity is linked to another user.
    IdentityTaken,
    /// The user already has another identity at this provider.
    AlreadyLinked,
    /// An app's login code is unknown, used or expired, or its verifier
    /// does not match.
    InvalidLoginCode,
}

impl Error {
    /// An unexpected failure, with what caused it (kept for the log).
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }

    /// A failure described in words, where there is no error value.
    pub fn bug(what: &'static str) -> Self {
        Self::Internal(anyhow::anyhow!(what))
    }

    /// An OAuth refusal (see `Error::OAuth`).
    pub fn oauth(error: &'static str, description: impl Into<String>) -> Self {
        Self::OAuth {
            error,
            description: description.into(),
        }
    }

    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A validation error naming every absent field: `fields` pairs a name
    /// with whether it is missing.
    pub fn missing(fields: &[(&str, bool)]) -> Self {
        Self::Validation(
            fields
                .iter()
                .filter(|(_, absent)| *absent)
                .map(|(name, _)| {
                    FieldError::new(name, "required", "This field is required.")
                        .said(Said::new("field-required"))
                })
                .collect(),
        )
    }

    /// The cause chain of a failure, for the one log line (`None` for a
    /// refusal, which is no failure).
    pub fn cause(&self) -> Option<String> {
        match self {
            Self::Unavailable(cause) | Self::Internal(cause) => Some(format!("{cause:#}")),
            _ => None,
        }
    }
}

impl From<FieldError> for Error {
    /// One invalid field (`Error::invalid` with the page's words).
    fn from(field: FieldError) -> Self {
        Self::Validation(vec![field])
    }
}

/// One field's result as a service result.
pub fn field<T>(result: Result<T, FieldError>) -> Result<T> {
    result.map_err(|e| Error::Validation(vec![e]))
}

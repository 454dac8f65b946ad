//! The domain error type. Every failure a service can report is one variant here;
//! `http::error` maps them to status codes and problem+json in one place.

use sea_orm::DbErr;

/// One invalid input field, reported in problem+json's `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    /// Stable machine-readable code: `required`, `invalid_email`, `too_short`, …
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code,
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The body is not JSON, or not the shape the endpoint takes.
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    /// Email or password wrong, or no such account: deliberately one answer.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// No bearer token was sent.
    #[error("missing bearer token")]
    MissingToken,
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
    /// An existing account whose email nobody verified cannot simply be made
    /// an admin: anyone could have registered it.
    #[error(
        "an account with this email exists, but its address is not verified: anyone could have registered it. Verify it first, or pass --promote-existing if you know it is yours"
    )]
    UnverifiedAccount,
    /// Builtin roles cannot be changed or deleted.
    #[error("builtin role")]
    BuiltinRole,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Too much work queued (password hashing): try again in a moment.
    #[error("busy")]
    Busy,
    /// The database cannot be reached; the caller may retry.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure. The message is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }
}

/// Whether the database could not be reached (as opposed to refusing a query):
/// those failures are 503 and heal when it comes back.
fn is_unreachable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, SqlxError};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => matches!(
            e.as_ref(),
            SqlxError::Io(_)
                | SqlxError::Tls(_)
                | SqlxError::PoolTimedOut
                | SqlxError::PoolClosed
                | SqlxError::WorkerCrashed
                | SqlxError::Protocol(_)
        ),
        _ => false,
    }
}

impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        if is_unreachable(&err) {
            Self::Unavailable(err.to_string())
        } else {
            Self::Internal(err.to_string())
        }
    }
}

//! The web layer's errors: the core's refusals and failures, plus what only
//! a transport can get wrong (an unreadable body, a missing token). One
//! exhaustive mapping gives each its status, stable `code`, title and words;
//! problem+json and the hosted pages both say what it says.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::problem::{Cause, problem_response};
use crate::core::Error;
use crate::core::error::FederationRefusal;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Core(#[from] Error),
    /// The body or query is not what the endpoint reads (not JSON, not an
    /// object, an unreadable form).
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    /// No bearer token was sent.
    #[error("missing bearer token")]
    MissingToken,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request timeout")]
    Timeout,
}

pub type Result<T, E = WebError> = std::result::Result<T, E>;

/// What every surface says about an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub status: StatusCode,
    /// Stable and machine-readable: clients branch on it.
    pub code: &'static str,
    pub title: &'static str,
    /// A sentence for people.
    pub detail: String,
}

fn said(status: StatusCode, code: &'static str, title: &'static str, detail: &str) -> Described {
    Described {
        status,
        code,
        title,
        detail: detail.to_owned(),
    }
}

fn describe_federation(why: FederationRefusal) -> Described {
    use FederationRefusal as F;
    use StatusCode as S;
    match why {
        F::StateMismatch => said(
            S::BAD_REQUEST,
            "state_mismatch",
            "Sign-in could not be finished",
            "This sign-in was not started in this browser, or its link was changed. Start again.",
        ),
        F::Expired => said(
            S::BAD_REQUEST,
            "flow_expired",
            "Sign-in took too long",
            "The sign-in was not finished in time. Start again.",
        ),
        F::Denied => said(
            S::FORBIDDEN,
            "access_denied",
            "Sign-in cancelled",
            "The sign-in was cancelled at the provider, or it did not allow it. You can try again, or sign in another way.",
        ),
        F::LinkWithPassword => said(
            S::CONFLICT,
            "link_with_password",
            "Sign in with your password first",
            "An account with this email address already exists. Sign in with your password, then connect this provider from your account page.",
        ),
        F::SignupClosed => said(
            S::FORBIDDEN,
            "signup_closed",
            "No account yet",
            "There is no account for this identity, and this provider cannot create one. Register first, or sign in another way.",
        ),
        F::NoEmail => said(
            S::UNPROCESSABLE_ENTITY,
            "email_missing",
            "No email address",
            "The provider did not share a verified email address, which an account needs. Allow it at the provider, or register with your email address.",
        ),
        F::IdentityTaken => said(
            S::CONFLICT,
            "identity_taken",
            "Connected to another account",
            "This identity already signs in to another account here.",
        ),
        F::AlreadyLinked => said(
            S::CONFLICT,
            "identity_exists",
            "Already connected",
            "Your account is already connected to another identity at this provider: disconnect it first.",
        ),
        F::InvalidLoginCode => said(
            S::BAD_REQUEST,
            "invalid_login_code",
            "Invalid login code",
            "The login code is invalid, used or expired, or the code_verifier does not match it.",
        ),
    }
}

/// The core's errors, each once. No `_` arm: a new variant must be given
/// its answer here before anything compiles.
fn describe_core(err: &Error) -> Described {
    use StatusCode as S;
    match err {
        Error::Validation(_) => said(
            S::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Validation failed",
            "One or more fields are invalid.",
        ),
        Error::InvalidCredentials => said(
            S::UNAUTHORIZED,
            "invalid_credentials",
            "Invalid credentials",
            "Email or password is wrong.",
        ),
        Error::InvalidToken => said(
            S::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "The token is invalid or revoked: sign in again.",
        ),
        Error::TokenExpired => said(
            S::UNAUTHORIZED,
            "token_expired",
            "Token expired",
            "The access token has expired: get a new one with the refresh token.",
        ),
        Error::AccountDisabled => said(
            S::FORBIDDEN,
            "account_disabled",
            "Account disabled",
            "This account has been disabled.",
        ),
        Error::EmailNotVerified => said(
            S::FORBIDDEN,
            "email_not_verified",
            "Email not verified",
            "Verify your email address before logging in.",
        ),
        Error::Forbidden => said(
            S::FORBIDDEN,
            "forbidden",
            "Forbidden",
            "You lack the permission for this.",
        ),
        Error::NotFound => said(S::NOT_FOUND, "not_found", "Not found", "No such resource."),
        Error::EmailTaken => said(
            S::CONFLICT,
            "email_taken",
            "Email taken",
            "An account with this email address already exists.",
        ),
        Error::InvalidOneTimeToken => said(
            S::BAD_REQUEST,
            "invalid_token",
            "Invalid token",
            "This link is invalid, used or expired. Ask for a new one.",
        ),
        Error::ReauthFailed => said(
            S::FORBIDDEN,
            "reauth_failed",
            "Re-authentication failed",
            "The current password is wrong.",
        ),
        Error::LastAdmin => said(
            S::CONFLICT,
            "last_admin",
            "Last admin",
            "At least one enabled admin must remain.",
        ),
        Error::RoleExists => said(
            S::CONFLICT,
            "role_exists",
            "Role exists",
            "A role with this name already exists.",
        ),
        Error::BuiltinRole => said(
            S::CONFLICT,
            "builtin_role",
            "Builtin role",
            "Builtin roles cannot be changed or deleted.",
        ),
        Error::InvalidClient => said(
            S::UNAUTHORIZED,
            "invalid_client",
            "Invalid client",
            "The client is unknown or did not authenticate.",
        ),
        Error::OAuth { description, .. } => said(
            S::BAD_REQUEST,
            "invalid_request",
            "Invalid request",
            description,
        ),
        Error::BuiltinClient => said(
            S::CONFLICT,
            "builtin_client",
            "Builtin client",
            "The built-in client palisade cannot be changed or deleted.",
        ),
        Error::AlreadyEnrolled => said(
            S::CONFLICT,
            "already_enrolled",
            "Already enrolled",
            "An authenticator app is already set up: remove it first.",
        ),
        Error::InvalidCode => said(
            S::BAD_REQUEST,
            "invalid_code",
            "Invalid code",
            "The code is wrong or too old: type the one the app shows now.",
        ),
        Error::WrongCode => said(
            S::UNAUTHORIZED,
            "invalid_code",
            "Invalid code",
            "The code is wrong, used or too old.",
        ),
        Error::UpstreamRefused => said(
            S::UNAUTHORIZED,
            "provider_refused",
            "Sign-in refused",
            "The identity provider's answer could not be verified: start again.",
        ),
        Error::Federation(why) => describe_federation(*why),
        Error::LastLoginMethod => said(
            S::CONFLICT,
            "last_login_method",
            "Last way to sign in",
            "This is your only way to sign in: set a password or add a passkey first.",
        ),
        Error::SignupClosed => said(
            S::FORBIDDEN,
            "signup_disabled",
            "Sign-up disabled",
            "New accounts cannot be made here: ask an administrator for an invitation.",
        ),
        Error::TenantExists => said(
            S::CONFLICT,
            "tenant_exists",
            "Tenant exists",
            "A tenant with this slug exists.",
        ),
        Error::HostTaken => said(
            S::CONFLICT,
            "host_taken",
            "Host taken",
            "Another tenant is served at one of these hosts.",
        ),
        Error::DefaultTenant => said(
            S::CONFLICT,
            "default_tenant",
            "The default tenant",
            "The default tenant holds the platform's administration and cannot be deleted.",
        ),
        Error::ProviderExists => said(
            S::CONFLICT,
            "provider_exists",
            "Provider exists",
            "An identity provider with this slug is connected already.",
        ),
        Error::MfaEnrollmentRequired => said(
            S::FORBIDDEN,
            "mfa_enrollment_required",
            "Second factor required",
            "Your role must use a second factor: set one up under /v1/users/me/mfa or on your account page first.",
        ),
        Error::InvalidCredential => said(
            S::BAD_REQUEST,
            "invalid_credential",
            "Invalid passkey",
            "The passkey could not be registered: start again.",
        ),
        Error::MfaTokenExpired => said(
            S::UNAUTHORIZED,
            "mfa_token_expired",
            "Sign-in expired",
            "The second step expired or failed too often: sign in again.",
        ),
        Error::MfaRequired { .. } => said(
            S::UNAUTHORIZED,
            "mfa_required",
            "Second factor required",
            "Finish signing in with a second factor.",
        ),
        Error::UnverifiedAccount => said(
            S::CONFLICT,
            "unverified_account",
            "Unverified account",
            "This account's email address is not verified.",
        ),
        Error::RateLimited { .. } => said(
            S::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests",
            "Slow down and try again later.",
        ),
        Error::Busy => said(
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service busy",
            "Too many requests are being handled; try again in a moment.",
        ),
        Error::Unavailable(_) => said(
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            "The database cannot be reached; try again shortly.",
        ),
        Error::Internal(_) => said(
            S::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "Something went wrong on our side. Quote the request id when reporting it.",
        ),
    }
}

impl WebError {
    pub fn describe(&self) -> Described {
        use StatusCode as S;
        match self {
            Self::Core(err) => describe_core(err),
            Self::Malformed(why) => said(
                S::BAD_REQUEST,
                "malformed_request",
                "Malformed request",
                why,
            ),
            Self::UnsupportedMediaType => said(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported media type",
                "Send the body as application/json.",
            ),
            Self::PayloadTooLarge => said(
                S::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Payload too large",
                "The request body is larger than 64 KiB.",
            ),
            Self::MissingToken => said(
                S::UNAUTHORIZED,
                "unauthorized",
                "Unauthorized",
                "This endpoint needs an access token: Authorization: Bearer <token>.",
            ),
            Self::MethodNotAllowed => said(
                S::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
                "This path does not take this method.",
            ),
            Self::Timeout => said(
                S::REQUEST_TIMEOUT,
                "timeout",
                "Request timeout",
                "The request took too long.",
            ),
        }
    }

    /// The headers that go with the answer: the RFC 6750 challenge, and how
    /// long to wait before trying again.
    fn headers(&self) -> Vec<(header::HeaderName, HeaderValue)> {
        let challenge =
            |value: &'static str| vec![(header::WWW_AUTHENTICATE, HeaderValue::from_static(value))];
        match self {
            Self::MissingToken => challenge("Bearer"),
            Self::Core(Error::InvalidToken) => challenge("Bearer error=\"invalid_token\""),
            Self::Core(Error::TokenExpired) => challenge(
                "Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
            ),
            Self::Core(Error::Busy) => vec![(header::RETRY_AFTER, HeaderValue::from_static("1"))],
            Self::Core(Error::RateLimited { retry_after_secs }) => {
                vec![(
                    header::RETRY_AFTER,
                    HeaderValue::from((*retry_after_secs).max(1)),
                )]
            }
            // The pool reconnects within seconds of the database returning.
            Self::Core(Error::Unavailable(_)) => {
                vec![(header::RETRY_AFTER, HeaderValue::from_static("2"))]
            }
            _ => Vec::new(),
        }
    }
}

/// A 422 naming every absent field: `fields` pairs a name with whether it is missing.
pub fn missing(fields: &[(&str, bool)]) -> WebError {
    Error::missing(fields).into()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let described = self.describe();
        let errors = match &self {
            Self::Core(Error::Validation(fields)) => Some(fields.as_slice()),
            _ => None,
        };
        let mut response = problem_response(&described, errors);
        for (name, value) in self.headers() {
            response.headers_mut().insert(name, value);
        }
        if let Self::Core(err) = &self
            && let Some(cause) = err.cause()
        {
            response.extensions_mut().insert(Cause(cause));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(response: &Response, name: header::HeaderName) -> Option<&str> {
        response.headers().get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn every_refusal_has_its_documented_status_and_code() {
        let cases: Vec<(WebError, u16, &str)> = vec![
            (
                Error::invalid("email", "required", "x").into(),
                422,
                "validation_failed",
            ),
            (Error::InvalidCredentials.into(), 401, "invalid_credentials"),
            (Error::InvalidToken.into(), 401, "unauthorized"),
            (Error::TokenExpired.into(), 401, "token_expired"),
            (Error::AccountDisabled.into(), 403, "account_disabled"),
            (Error::EmailNotVerified.into(), 403, "email_not_verified"),
            (Error::Forbidden.into(), 403, "forbidden"),
            (Error::NotFound.into(), 404, "not_found"),
            (Error::EmailTaken.into(), 409, "email_taken"),
            (Error::InvalidOneTimeToken.into(), 400, "invalid_token"),
            (Error::ReauthFailed.into(), 403, "reauth_failed"),
            (Error::LastAdmin.into(), 409, "last_admin"),
            (Error::RoleExists.into(), 409, "role_exists"),
            (Error::BuiltinRole.into(), 409, "builtin_role"),
            (Error::InvalidClient.into(), 401, "invalid_client"),
            (Error::BuiltinClient.into(), 409, "builtin_client"),
            (Error::UnverifiedAccount.into(), 409, "unverified_account"),
            (
                Error::RateLimited {
                    retry_after_secs: 3,
                }
                .into(),
                429,
                "rate_limited",
            ),
            (Error::Busy.into(), 503, "unavailable"),
            (
                Error::Unavailable(anyhow::anyhow!("down")).into(),
                503,
                "unavailable",
            ),
            (Error::bug("boom").into(), 500, "internal"),
            (WebError::Malformed("x".into()), 400, "malformed_request"),
            (
                WebError::UnsupportedMediaType,
                415,
                "unsupported_media_type",
            ),
            (WebError::PayloadTooLarge, 413, "payload_too_large"),
            (WebError::MissingToken, 401, "unauthorized"),
            (WebError::MethodNotAllowed, 405, "method_not_allowed"),
            (WebError::Timeout, 408, "timeout"),
        ];
        for (err, status, code) in cases {
            let described = err.describe();
            assert_eq!(
                (described.status.as_u16(), described.code),
                (status, code),
                "{err:?}"
            );
        }
    }

    #[test]
    fn a_failure_keeps_its_cause_for_the_log_and_out_of_the_body() {
        let response =
            WebError::from(Error::internal(anyhow::anyhow!("secret cause"))).into_response();
        let Some(Cause(cause)) = response.extensions().get::<Cause>() else {
            panic!("no cause");
        };
        assert!(cause.contains("secret cause"));
        assert_eq!(
            header(&response, header::CONTENT_TYPE),
            Some("application/problem+json")
        );
    }

    #[test]
    fn token_errors_carry_their_bearer_challenge() {
        let expired = WebError::from(Error::TokenExpired).into_response();
        assert!(header(&expired, header::WWW_AUTHENTICATE).is_some_and(|v| v.contains("expired")));
        let missing = WebError::MissingToken.into_response();
        assert_eq!(header(&missing, header::WWW_AUTHENTICATE), Some("Bearer"));
        let limited = WebError::from(Error::RateLimited {
            retry_after_secs: 0,
        })
        .into_response();
        assert_eq!(header(&limited, header::RETRY_AFTER), Some("1"));
    }
}

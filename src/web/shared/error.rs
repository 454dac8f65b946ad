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
use crate::core::locale::{Said, SaidValue};

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
    /// In English, for the API.
    pub title: &'static str,
    /// A sentence for people, in English, for the API.
    pub detail: String,
    /// What a page says instead, in the reader's language. Every variant
    /// has its own; `None` only for the API's answer to what no handler
    /// saw (problem.rs `generic_problem`), which no page shows.
    pub page: Option<PageWords>,
}

/// An error page's words in `locales/` terms: message `error-*` of
/// `locales/en/errors.ftl` (the detail) and its `.title` (the heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWords {
    pub title: Said,
    pub detail: Said,
}

impl PageWords {
    /// With variable `$name`, for the detail and the title alike.
    pub fn with(mut self, name: &'static str, value: impl Into<SaidValue>) -> Self {
        let value = value.into();
        self.title = self.title.with(name, value.clone());
        self.detail = self.detail.with(name, value);
        self
    }
}

/// The `PageWords` of message `$id` (a literal of `locales/en/errors.ftl`):
/// the message is the detail, its `.title` attribute the heading.
macro_rules! page {
    ($id:literal) => {
        $crate::web::shared::error::PageWords {
            title: $crate::core::locale::Said::new(concat!($id, ".title")),
            detail: $crate::core::locale::Said::new($id),
        }
    };
}
pub(crate) use page;

impl Described {
    /// The page's words: heading and sentence (see the field `page`).
    pub fn page_words(&self) -> PageWords {
        self.page
            .clone()
            .unwrap_or_else(|| page!("error-request-failed"))
    }

    /// The page's sentence, in `locales/` terms.
    pub fn page(&self) -> Said {
        self.page_words().detail
    }

    /// The page's heading, in `locales/` terms.
    pub fn page_title(&self) -> Said {
        self.page_words().title
    }
}

fn said(
    status: StatusCode,
    code: &'static str,
    title: &'static str,
    detail: &str,
    page: PageWords,
) -> Described {
    Described {
        status,
        code,
        title,
        detail: detail.to_owned(),
        page: Some(page),
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
            page!("error-state-mismatch"),
        ),
        F::Expired => said(
            S::BAD_REQUEST,
            "flow_expired",
            "Sign-in took too long",
            "The sign-in was not finished in time. Start again.",
            page!("error-flow-expired"),
        ),
        F::Denied => said(
            S::FORBIDDEN,
            "access_denied",
            "Sign-in cancelled",
            "The sign-in was cancelled at the provider, or it did not allow it. You can try again, or sign in another way.",
            page!("error-access-denied"),
        ),
        F::LinkWithPassword => said(
            S::CONFLICT,
            "link_with_password",
            "Sign in with your password first",
            "An account with this email address already exists. Sign in with your password, then connect this provider from your account page.",
            page!("error-link-with-password"),
        ),
        F::SignupClosed => said(
            S::FORBIDDEN,
            "signup_closed",
            "No account yet",
            "There is no account for this identity, and this provider cannot create one. Register first, or sign in another way.",
            page!("error-federation-signup-closed"),
        ),
        F::NoEmail => said(
            S::UNPROCESSABLE_ENTITY,
            "email_missing",
            "No email address",
            "The provider did not share a verified email address, which an account needs. Allow it at the provider, or register with your email address.",
            page!("error-email-missing"),
        ),
        F::IdentityTaken => said(
            S::CONFLICT,
            "identity_taken",
            "Connected to another account",
            "This identity already signs in to another account here.",
            page!("error-identity-taken"),
        ),
        F::AlreadyLinked => said(
            S::CONFLICT,
            "identity_exists",
            "Already connected",
            "Your account is already connected to another identity at this provider: disconnect it first.",
            page!("error-identity-exists"),
        ),
        F::InvalidLoginCode => said(
            S::BAD_REQUEST,
            "invalid_login_code",
            "Invalid login code",
            "The login code is invalid, used or expired, or the code_verifier does not match it.",
            page!("error-invalid-login-code"),
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
            page!("error-validation-failed"),
        ),
        Error::InvalidCredentials => said(
            S::UNAUTHORIZED,
            "invalid_credentials",
            "Invalid credentials",
            "Email or password is wrong.",
            page!("error-invalid-credentials"),
        ),
        Error::InvalidToken => said(
            S::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "The token is invalid or revoked: sign in again.",
            page!("error-invalid-token"),
        ),
        Error::TokenExpired => said(
            S::UNAUTHORIZED,
            "token_expired",
            "Token expired",
            "The access token has expired: get a new one with the refresh token.",
            page!("error-token-expired"),
        ),
        Error::AccountDisabled => said(
            S::FORBIDDEN,
            "account_disabled",
            "Account disabled",
            "This account has been disabled.",
            page!("error-account-disabled"),
        ),
        Error::EmailNotVerified => said(
            S::FORBIDDEN,
            "email_not_verified",
            "Email not verified",
            "Verify your email address before logging in.",
            page!("error-email-not-verified"),
        ),
        Error::Forbidden => said(
            S::FORBIDDEN,
            "forbidden",
            "Forbidden",
            "You lack the permission for this.",
            page!("error-forbidden"),
        ),
        Error::NotFound => said(
            S::NOT_FOUND,
            "not_found",
            "Not found",
            "No such resource.",
            page!("error-not-found"),
        ),
        Error::EmailTaken => said(
            S::CONFLICT,
            "email_taken",
            "Email taken",
            "An account with this email address already exists.",
            page!("error-email-taken"),
        ),
        Error::InvalidOneTimeToken => said(
            S::BAD_REQUEST,
            "invalid_token",
            "Invalid token",
            "This link is invalid, used or expired. Ask for a new one.",
            page!("error-invalid-one-time-token"),
        ),
        Error::ReauthFailed => said(
            S::FORBIDDEN,
            "reauth_failed",
            "Re-authentication failed",
            "The current password is wrong.",
            page!("error-reauth-failed"),
        ),
        Error::LastAdmin => said(
            S::CONFLICT,
            "last_admin",
            "Last admin",
            "At least one enabled admin must remain.",
            page!("error-last-admin"),
        ),
        Error::RoleExists => said(
            S::CONFLICT,
            "role_exists",
            "Role exists",
            "A role with this name already exists.",
            page!("error-role-exists"),
        ),
        Error::BuiltinRole => said(
            S::CONFLICT,
            "builtin_role",
            "Builtin role",
            "Builtin roles cannot be changed or deleted.",
            page!("error-builtin-role"),
        ),
        Error::InvalidClient => said(
            S::UNAUTHORIZED,
            "invalid_client",
            "Invalid client",
            "The client is unknown or did not authenticate.",
            page!("error-invalid-client"),
        ),
        Error::OAuth { description, .. } => said(
            S::BAD_REQUEST,
            "invalid_request",
            "Invalid request",
            description,
            // The description is free English text (core/oauth): a page
            // says something general instead.
            page!("error-invalid-request"),
        ),
        Error::BuiltinClient => said(
            S::CONFLICT,
            "builtin_client",
            "Builtin client",
            "The built-in client palisade cannot be changed or deleted.",
            page!("error-builtin-client"),
        ),
        Error::AlreadyEnrolled => said(
            S::CONFLICT,
            "already_enrolled",
            "Already enrolled",
            "An authenticator app is already set up: remove it first.",
            page!("error-already-enrolled"),
        ),
        Error::InvalidCode => said(
            S::BAD_REQUEST,
            "invalid_code",
            "Invalid code",
            "The code is wrong or too old: type the one the app shows now.",
            page!("error-invalid-code"),
        ),
        Error::WrongCode => said(
            S::UNAUTHORIZED,
            "invalid_code",
            "Invalid code",
            "The code is wrong, used or too old.",
            page!("error-wrong-code"),
        ),
        Error::UpstreamRefused => said(
            S::UNAUTHORIZED,
            "provider_refused",
            "Sign-in refused",
            "The identity provider's answer could not be verified: start again.",
            page!("error-upstream-refused"),
        ),
        Error::Federation(why) => describe_federation(*why),
        Error::LastLoginMethod => said(
            S::CONFLICT,
            "last_login_method",
            "Last way to sign in",
            "This is your only way to sign in: set a password or add a passkey first.",
            page!("error-last-login-method"),
        ),
        Error::SignupClosed => said(
            S::FORBIDDEN,
            "signup_disabled",
            "Sign-up disabled",
            "New accounts cannot be made here: ask an administrator for an invitation.",
            page!("error-signup-closed"),
        ),
        Error::TenantExists => said(
            S::CONFLICT,
            "tenant_exists",
            "Tenant exists",
            "A tenant with this slug exists.",
            page!("error-tenant-exists"),
        ),
        Error::HostTaken => said(
            S::CONFLICT,
            "host_taken",
            "Host taken",
            "Another tenant is served at one of these hosts.",
            page!("error-host-taken"),
        ),
        Error::DefaultTenant => said(
            S::CONFLICT,
            "default_tenant",
            "The default tenant",
            "The default tenant holds the platform's administration and cannot be deleted.",
            page!("error-default-tenant"),
        ),
        Error::ProviderExists => said(
            S::CONFLICT,
            "provider_exists",
            "Provider exists",
            "An identity provider with this slug is connected already.",
            page!("error-provider-exists"),
        ),
        Error::MfaEnrollmentRequired => said(
            S::FORBIDDEN,
            "mfa_enrollment_required",
            "Second factor required",
            "Your role must use a second factor: set one up under /v1/users/me/mfa or on your account page first.",
            page!("error-mfa-enrollment-required"),
        ),
        Error::InvalidCredential => said(
            S::BAD_REQUEST,
            "invalid_credential",
            "Invalid passkey",
            "The passkey could not be registered: start again.",
            page!("error-invalid-passkey"),
        ),
        Error::MfaTokenExpired => said(
            S::UNAUTHORIZED,
            "mfa_token_expired",
            "Sign-in expired",
            "The second step expired or failed too often: sign in again.",
            page!("error-mfa-token-expired"),
        ),
        Error::MfaRequired { .. } => said(
            S::UNAUTHORIZED,
            "mfa_required",
            "Second factor required",
            "Finish signing in with a second factor.",
            page!("error-mfa-required"),
        ),
        Error::UnverifiedAccount => said(
            S::CONFLICT,
            "unverified_account",
            "Unverified account",
            "This account's email address is not verified.",
            page!("error-unverified-account"),
        ),
        Error::RateLimited { .. } => said(
            S::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests",
            "Slow down and try again later.",
            page!("error-rate-limited"),
        ),
        Error::Busy => said(
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service busy",
            "Too many requests are being handled; try again in a moment.",
            page!("error-busy"),
        ),
        Error::Unavailable(_) => said(
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            "The database cannot be reached; try again shortly.",
            page!("error-unavailable"),
        ),
        Error::Internal(_) => said(
            S::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "Something went wrong on our side. Quote the request id when reporting it.",
            page!("error-internal"),
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
                // `why` is English text: a page says something general.
                page!("error-malformed-request"),
            ),
            Self::UnsupportedMediaType => said(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported media type",
                "Send the body as application/json.",
                page!("error-unsupported-media-type"),
            ),
            Self::PayloadTooLarge => said(
                S::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Payload too large",
                "The request body is larger than 64 KiB.",
                page!("error-payload-too-large"),
            ),
            Self::MissingToken => said(
                S::UNAUTHORIZED,
                "unauthorized",
                "Unauthorized",
                "This endpoint needs an access token: Authorization: Bearer <token>.",
                page!("error-missing-token").with("header", "Authorization: Bearer <token>"),
            ),
            Self::MethodNotAllowed => said(
                S::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
                "This path does not take this method.",
                page!("error-method-not-allowed"),
            ),
            Self::Timeout => said(
                S::REQUEST_TIMEOUT,
                "timeout",
                "Request timeout",
                "The request took too long.",
                page!("error-timeout"),
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
    use crate::infra::i18n::Catalog;

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

    /// Every error, each variant once (`describe_core`'s match keeps the
    /// list of variants honest; this one is for the words).
    fn every_error() -> Vec<WebError> {
        use FederationRefusal as F;
        let mut all: Vec<WebError> = [
            F::StateMismatch,
            F::Expired,
            F::Denied,
            F::LinkWithPassword,
            F::SignupClosed,
            F::NoEmail,
            F::IdentityTaken,
            F::AlreadyLinked,
            F::InvalidLoginCode,
        ]
        .into_iter()
        .map(|why| Error::Federation(why).into())
        .collect();
        all.extend(
            [
                Error::invalid("email", "required", "x"),
                Error::InvalidCredentials,
                Error::InvalidToken,
                Error::TokenExpired,
                Error::AccountDisabled,
                Error::EmailNotVerified,
                Error::Forbidden,
                Error::NotFound,
                Error::EmailTaken,
                Error::InvalidOneTimeToken,
                Error::ReauthFailed,
                Error::LastAdmin,
                Error::RoleExists,
                Error::BuiltinRole,
                Error::InvalidClient,
                Error::BuiltinClient,
                Error::AlreadyEnrolled,
                Error::InvalidCode,
                Error::WrongCode,
                Error::UpstreamRefused,
                Error::LastLoginMethod,
                Error::SignupClosed,
                Error::TenantExists,
                Error::HostTaken,
                Error::DefaultTenant,
                Error::ProviderExists,
                Error::MfaEnrollmentRequired,
                Error::InvalidCredential,
                Error::MfaTokenExpired,
                Error::MfaRequired {
                    mfa_token: "t".into(),
                },
                Error::UnverifiedAccount,
                Error::RateLimited {
                    retry_after_secs: 3,
                },
                Error::Busy,
                Error::Unavailable(anyhow::anyhow!("down")),
                Error::bug("boom"),
            ]
            .map(WebError::from),
        );
        all.extend([
            WebError::UnsupportedMediaType,
            WebError::PayloadTooLarge,
            WebError::MissingToken,
            WebError::MethodNotAllowed,
            WebError::Timeout,
        ]);
        all
    }

    #[test]
    fn every_error_page_says_in_english_what_the_api_says() {
        let catalog = std::sync::Arc::new(Catalog::built_in().expect("the built-in messages"));
        let words = catalog.words("en", "Palisade");
        let mut ids = std::collections::BTreeSet::new();
        for err in every_error() {
            let described = err.describe();
            let page = described.page.clone().expect("its page words");
            assert!(ids.insert(page.detail.id), "{} twice", page.detail.id);
            assert_eq!(words.say(&page.title), described.title, "{err:?}");
            assert_eq!(words.say(&page.detail), described.detail, "{err:?}");
        }
        // English text the API alone hears: a page says something general.
        for err in [
            WebError::Malformed("The form could not be read.".into()),
            Error::oauth("invalid_scope", "Ask for other scopes.").into(),
        ] {
            let described = err.describe();
            assert_eq!(words.say(&described.page_title()), described.title);
            let page = words.say(&described.page());
            assert!(!page.is_empty() && page != described.detail, "{page}");
        }
    }

    #[test]
    fn a_field_error_says_on_a_page_what_it_says_to_the_api() {
        use crate::core::{redirects, validate};
        let catalog = std::sync::Arc::new(Catalog::built_in().expect("the built-in messages"));
        let words = catalog.words("en", "Palisade");
        let long = "x".repeat(300);
        let refused = [
            validate::email("email", "").err(),
            validate::email("email", &format!("{long}@example.com")).err(),
            validate::email("email", "not an address").err(),
            validate::password_min_length("password", "short", 12).err(),
            validate::new_password_length("password", "short").err(),
            validate::new_password_length("password", &long).err(),
            validate::password_strength("password", "password", &[]).err(),
            validate::display_name("name", &long).err(),
            validate::display_name("name", "a\u{7}").err(),
            redirects::check("uri", "https://example.com/*", false).err(),
            redirects::check("uri", "http://example.com/cb", false).err(),
            redirects::check("uri", "ftp://example.com/cb", false).err(),
            redirects::check("uri", "https://example.com/cb#x", false).err(),
        ];
        let mut fields: Vec<_> = refused.into_iter().flatten().collect();
        let Error::Validation(missing) = Error::missing(&[("email", true)]) else {
            panic!("not a validation error");
        };
        fields.extend(missing);
        assert_eq!(fields.len(), 14);
        for field in fields {
            let said = field.page.as_ref().expect("its page words");
            assert_eq!(words.say(said), field.message, "{said:?}");
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

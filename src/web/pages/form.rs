//! Posted forms: reading them (with the CSRF check, so no handler can forget
//! it), and the API's errors turned into messages beside the fields.

use axum::{
    extract::{FromRequest, Request},
    http::StatusCode,
};
use secrecy::SecretString;
use subtle::ConstantTimeEq as _;

use super::Failure;
use super::session::CsrfCookie;
use crate::core::Error;
use crate::core::model::Password;
use crate::infra::i18n::Words;
use crate::web::shared::error::WebError;
use crate::web::state::AppState;

/// A posted `application/x-www-form-urlencoded` form whose `csrf_token` is
/// this browser's and this session's. Anything else is refused before the
/// handler runs.
pub struct Form(Vec<(String, String)>);

impl FromRequest<AppState> for Form {
    type Rejection = Failure;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Failure> {
        let posted = Posted::from_request(request, state).await?;
        if !posted.from_this_site {
            tracing::info!("form refused: CSRF token missing or not this session's");
            return Err(Failure::Csrf);
        }
        Ok(posted.form)
    }
}

/// A posted form and whether it carries this browser's CSRF token: for the
/// one endpoint other sites may post to (RP-initiated logout), which then
/// asks before it acts.
pub struct Posted {
    pub form: Form,
    pub from_this_site: bool,
}

impl FromRequest<AppState> for Posted {
    type Rejection = Failure;

    async fn from_request(request: Request, _: &AppState) -> Result<Self, Failure> {
        let csrf = request
            .extensions()
            .get::<CsrfCookie>()
            .cloned()
            .ok_or_else(|| Failure::from(Error::bug("a form outside page_layer")))?;
        // Browsers say where a request comes from: another site's form is
        // refused whatever token it carries.
        let cross_site = request
            .headers()
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site");
        let expected = csrf.csrf_token(csrf.session_cookie(request.headers()));
        let bytes = axum::body::to_bytes(request.into_body(), crate::web::BODY_LIMIT)
            .await
            .map_err(|_| WebError::PayloadTooLarge)?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| WebError::Malformed("The form could not be read.".into()))?;
        let form = Form(pairs);
        let given = form.get("csrf_token");
        let from_this_site = !cross_site && bool::from(given.as_bytes().ct_eq(expected.as_bytes()));
        Ok(Self {
            form,
            from_this_site,
        })
    }
}

impl Form {
    /// The field as typed (the last, if sent more than once), or "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every field, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.0.clone()
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// The field, trimmed, or `None` when absent or blank.
    pub fn optional(&self, name: &str) -> Option<&str> {
        Some(self.get(name).trim()).filter(|v| !v.is_empty())
    }

    /// A password field, kept out of logs and never shown again.
    pub fn password(&self, name: &str) -> Password {
        Password::from(SecretString::from(self.get(name).to_owned()))
    }

    /// Whether the field was sent at all.
    pub fn sent(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Whether `name` was sent with `value` (a ticked checkbox).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }

    /// Only the fields `names` (every value), to show again: never a
    /// password or the token.
    pub fn keep(&self, names: &[&str]) -> Self {
        Self(
            self.0
                .iter()
                .filter(|(k, _)| names.contains(&k.as_str()))
                .cloned()
                .collect(),
        )
    }

    /// Nothing typed: what a page shows before the first post.
    pub fn empty() -> Self {
        Self(Vec::new())
    }

    /// A form with these values, to show again.
    pub fn with(values: &[(&str, &str)]) -> Self {
        Self(
            values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }
}

/// What went wrong with a form: a message for the whole form, and one per
/// field (shown next to it, linked with `aria-describedby`).
#[derive(Debug, Default)]
pub struct Errors {
    pub summary: Option<String>,
    fields: Vec<(String, String)>,
}

impl Errors {
    /// The same errors said in the summary alone, for a page that does not
    /// draw the form's fields next to them.
    pub fn summarized(self) -> Self {
        if self.fields.is_empty() {
            return self;
        }
        let said: Vec<String> = self
            .fields
            .into_iter()
            .map(|(_, message)| message)
            .collect();
        Self {
            summary: Some(said.join(" ")),
            fields: Vec::new(),
        }
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, message)| message.as_str())
    }

    /// One field's message, already in the page's language (and the
    /// form's summary).
    pub fn field_error(words: &Words, name: &str, message: String) -> Self {
        Self {
            summary: Some(words.t("form-correct-fields")),
            fields: vec![(name.to_owned(), message)],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.fields.is_empty()
    }

    /// Turns a service's refusal into messages and the status to answer
    /// with. `password_field` names the field a wrong current password
    /// concerns. Failures that are not about the form (the database is down,
    /// a bug, the session ended) stay failures and get their own page.
    pub fn from_error(
        err: Error,
        password_field: &str,
        words: &Words,
    ) -> Result<(StatusCode, Self), Failure> {
        let err = WebError::from(err);
        let said = err.describe();
        let status = said.status;
        let detail = words.say(&said.page());
        let WebError::Core(err) = err else {
            return Err(err.into());
        };
        let mut errors = Self::default();
        match err {
            Error::Validation(fields) => {
                errors.summary = Some(words.t("form-correct-fields"));
                errors.fields = fields
                    .into_iter()
                    .map(|f| {
                        let message = match &f.page {
                            Some(said) => words.say(said),
                            None => words.t(&format!("field-{}", f.code)),
                        };
                        (f.field, message)
                    })
                    .collect();
            }
            Error::EmailTaken => errors.fields.push(("email".to_owned(), detail)),
            Error::ReauthFailed => errors.fields.push((password_field.to_owned(), detail)),
            Error::RateLimited { retry_after_secs } => {
                errors.summary =
                    Some(words.t1("form-too-many-attempts", "seconds", retry_after_secs.max(1)));
            }
            Error::InvalidCredentials
            | Error::AccountDisabled
            | Error::EmailNotVerified
            | Error::InvalidOneTimeToken
            | Error::LastAdmin
            | Error::RoleExists
            | Error::BuiltinRole
            | Error::BuiltinClient
            | Error::AlreadyEnrolled
            | Error::InvalidCode
            | Error::WrongCode
            | Error::MfaTokenExpired
            | Error::InvalidCredential
            | Error::LastLoginMethod
            | Error::ProviderExists
            | Error::TenantExists
            | Error::HostTaken
            | Error::DefaultTenant
            | Error::Busy => errors.summary = Some(detail),
            other => return Err(Failure::from(other)),
        }
        Ok((status, errors))
    }
}

//! Email: what each message says (askama templates, plain text and HTML:
//! the `Letters` port), how it travels (`transport`), the outbox worker that
//! delivers it (`worker`) and the mail room (`Outbox` port: the doorbell and
//! written-out copies). Links are built from PALISADE_PUBLIC_URL, never from
//! a request's Host header. Nothing here logs a body or a token.

pub mod transport;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use async_trait::async_trait;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::core::error::{Error, Result};
use crate::core::locale;
use crate::core::model::Letter;
use crate::core::ports::{FactorChange, Letters, Outbox};
use crate::infra::i18n::{Catalog, Words};

/// What every email's templates show, in the recipient's language: it
/// derefs to its `Words`, so templates write `{{ c.t("mail-hello") }}`.
/// `expires_in` is empty for notices.
struct Context<'a> {
    words: Words,
    subject: String,
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: String,
    /// For notices of factor changes: the message id of the sentence that
    /// tells what happened (it takes `$email`).
    change: &'static str,
}

impl std::ops::Deref for Context<'_> {
    type Target = Words;

    fn deref(&self) -> &Words {
        &self.words
    }
}

/// One plain-text and one HTML template per kind of email, over `Context`.
macro_rules! mail_templates {
    ($($name:ident => $path:literal),* $(,)?) => {
        $(
            #[derive(Template)]
            #[template(path = $path)]
            struct $name<'a> {
                c: &'a Context<'a>,
            }
        )*
    };
}

mail_templates! {
    VerifyText => "mail/verify.txt",
    VerifyHtml => "mail/verify.html",
    ResetText => "mail/reset.txt",
    ResetHtml => "mail/reset.html",
    ChangedText => "mail/password_changed.txt",
    ChangedHtml => "mail/password_changed.html",
    FactorText => "mail/factor_changed.txt",
    FactorHtml => "mail/factor_changed.html",
}

/// A subject on one line: a message may span lines, a header may not.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(template: &impl Template) -> Result<String> {
    template.render().map_err(Error::internal)
}

fn compose(c: &Context<'_>, text: &impl Template, html: &impl Template) -> Result<Letter> {
    Ok(Letter {
        recipient: c.email.to_owned(),
        subject: c.subject.clone(),
        text_body: render(text)?,
        html_body: render(html)?,
    })
}

/// The subject and body sentence (`$email`) of each factor-change notice.
fn factor_messages(change: FactorChange) -> (&'static str, &'static str) {
    match change {
        FactorChange::TotpAdded => (
            "mail-factor-totp-added-subject",
            "mail-factor-totp-added-body",
        ),
        FactorChange::TotpRemoved => (
            "mail-factor-totp-removed-subject",
            "mail-factor-totp-removed-body",
        ),
        FactorChange::RecoveryCodesRenewed => (
            "mail-factor-codes-renewed-subject",
            "mail-factor-codes-renewed-body",
        ),
        FactorChange::PasskeyAdded => (
            "mail-factor-passkey-added-subject",
            "mail-factor-passkey-added-body",
        ),
        FactorChange::PasskeyRemoved => (
            "mail-factor-passkey-removed-subject",
            "mail-factor-passkey-removed-body",
        ),
        FactorChange::SignInConnected => (
            "mail-factor-sign-in-connected-subject",
            "mail-factor-sign-in-connected-body",
        ),
        FactorChange::SignInDisconnected => (
            "mail-factor-sign-in-disconnected-subject",
            "mail-factor-sign-in-disconnected-body",
        ),
        FactorChange::FactorsReset => ("mail-factor-reset-subject", "mail-factor-reset-body"),
    }
}

/// What the letters say, with the product's name and links, in the
/// recipient's language.
pub struct MailLetters {
    pub product: String,
    /// Without a trailing slash.
    pub public_url: String,
    pub reset_token_ttl: Duration,
    pub verify_token_ttl: Duration,
    pub catalog: Arc<Catalog>,
    /// The language of recipients who have none (tenant's, else server's).
    pub default_locale: String,
}

impl MailLetters {
    /// A link to a hosted page carrying a token: `{PUBLIC_URL}{path}?token=…`.
    fn token_link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.public_url)
    }

    /// The words for a recipient: their language if spoken, else the default.
    fn words(&self, locale: Option<&str>) -> Words {
        let lang = locale
            .and_then(|l| locale::matching(self.catalog.languages(), l))
            .unwrap_or(&self.default_locale);
        self.catalog.words(lang, &self.product)
    }

    /// The context of one email: `subject_id` is a message id.
    fn context<'a>(
        &'a self,
        locale: Option<&str>,
        subject_id: &str,
        to: &'a str,
        link: &'a str,
        expires_in: Option<Duration>,
    ) -> Context<'a> {
        let words = self.words(locale);
        Context {
            subject: one_line(&words.t(subject_id)),
            expires_in: expires_in.map(|d| words.duration(d)).unwrap_or_default(),
            words,
            product: &self.product,
            email: to,
            link,
            change: "",
        }
    }
}

impl Letters for MailLetters {
    /// The email asking the user to confirm their address.
    fn verification(&self, to: &str, token: &str, locale: Option<&str>) -> Result<Letter> {
        let link = self.token_link("/verify-email", token);
        let c = self.context(
            locale,
            "mail-verify-subject",
            to,
            &link,
            Some(self.verify_token_ttl),
        );
        compose(&c, &VerifyText { c: &c }, &VerifyHtml { c: &c })
    }

    /// The email with a password reset link.
    fn reset(&self, to: &str, token: &str, locale: Option<&str>) -> Result<Letter> {
        let link = self.token_link("/reset-password", token);
        let c = self.context(
            locale,
            "mail-reset-subject",
            to,
            &link,
            Some(self.reset_token_ttl),
        );
        compose(&c, &ResetText { c: &c }, &ResetHtml { c: &c })
    }

    /// The notice after a password change, pointing to the reset page in
    /// case it was not the user.
    fn password_changed(&self, to: &str, locale: Option<&str>) -> Result<Letter> {
        let link = format!("{}/forgot-password", self.public_url);
        let c = self.context(locale, "mail-changed-subject", to, &link, None);
        compose(&c, &ChangedText { c: &c }, &ChangedHtml { c: &c })
    }

    /// The notice after a second factor was added or removed, pointing to
    /// the reset page in case it was not the user.
    fn factor_changed(
        &self,
        to: &str,
        change: FactorChange,
        locale: Option<&str>,
    ) -> Result<Letter> {
        let (subject, body) = factor_messages(change);
        let link = format!("{}/forgot-password", self.public_url);
        let c = Context {
            change: body,
            ..self.context(locale, subject, to, &link, None)
        };
        compose(&c, &FactorText { c: &c }, &FactorHtml { c: &c })
    }
}

/// The outbox's side outside the database: the doorbell that wakes the
/// worker, and the folder of written-out copies (when no SMTP server is set).
pub struct MailRoom {
    doorbell: Notify,
    copies: PathBuf,
}

impl MailRoom {
    pub fn new(copies: PathBuf) -> Self {
        Self {
            doorbell: Notify::new(),
            copies,
        }
    }

    /// Resolves when someone rings.
    pub async fn rung(&self) {
        self.doorbell.notified().await;
    }
}

#[async_trait]
impl Outbox for MailRoom {
    fn ring(&self) {
        self.doorbell.notify_one();
    }

    async fn forget(&self, message_ids: &[Uuid]) {
        for id in message_ids {
            let _ = tokio::fs::remove_file(self.copies.join(format!("{id}.eml"))).await;
        }
    }

    /// Copies older than the outbox retention: they hold addresses and links.
    async fn purge_copies(&self, older_than: Duration) -> u64 {
        let Ok(mut dir) = tokio::fs::read_dir(&self.copies).await else {
            return 0;
        };
        let mut deleted = 0;
        while let Ok(Some(entry)) = dir.next_entry().await {
            let path = entry.path();
            let old = entry
                .metadata()
                .await
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > older_than);
            if old
                // A `.partial` is an email a crash left half-written.
                && path.extension().is_some_and(|e| e == "eml" || e == "partial")
                && tokio::fs::remove_file(&path).await.is_ok()
            {
                deleted += 1;
            }
        }
        deleted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters() -> MailLetters {
        MailLetters {
            product: "Palisade".into(),
            public_url: "http://127.0.0.1:8080".into(),
            reset_token_ttl: Duration::from_secs(1800),
            verify_token_ttl: Duration::from_secs(86_400),
            catalog: Arc::new(Catalog::built_in().unwrap()),
            default_locale: "en".into(),
        }
    }

    #[test]
    fn durations_read_like_people_write_them() {
        let words = letters().words(None);
        assert_eq!(words.duration(Duration::from_secs(1800)), "30 minutes");
        assert_eq!(words.duration(Duration::from_secs(86_400)), "1 day");
        assert_eq!(words.duration(Duration::from_secs(7200)), "2 hours");
        assert_eq!(words.duration(Duration::from_secs(90)), "90 seconds");
    }

    #[test]
    fn html_parts_escape_what_they_show() {
        let mail = letters()
            .verification("<b>ada</b>@example.com", "tok", None)
            .unwrap();
        assert!(!mail.html_body.contains("<b>ada"), "{}", mail.html_body);
        assert!(mail.html_body.contains("ada"));
        assert!(
            mail.text_body
                .contains("http://127.0.0.1:8080/verify-email?token=tok")
        );
        assert!(mail.text_body.contains("expires in 1 day"));
    }

    #[test]
    fn english_reads_as_it_did() {
        let letters = letters();
        let mail = letters.reset("ada@example.com", "tok", None).unwrap();
        assert_eq!(mail.subject, "Reset your Palisade password");
        assert!(
            mail.html_body
                .starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">")
        );
        assert!(mail.html_body.contains(
            "<p>Someone (hopefully you) asked to reset the password of the Palisade account for <strong>ada@example.com</strong>.</p>"
        ), "{}", mail.html_body);
        assert!(
            mail.text_body
                .contains("expires in 30 minutes. Setting a new password")
        );
        let notice = letters
            .factor_changed("ada@example.com", FactorChange::TotpAdded, Some("en-GB"))
            .unwrap();
        assert_eq!(notice.subject, "An authenticator app was added (Palisade)");
        assert!(notice.text_body.contains(
            "An authenticator app was added as a second factor on your Palisade account (ada@example.com)."
        ), "{}", notice.text_body);
        assert!(
            notice.html_body.contains(
                "<a href=\"http://127.0.0.1:8080/forgot-password\">reset it now</a>, then check"
            ),
            "{}",
            notice.html_body
        );
    }

    #[test]
    fn subjects_are_one_line() {
        assert_eq!(one_line("Reset\n  your   password "), "Reset your password");
    }
}

//! Email: what each message says (askama templates, plain text and HTML:
//! the `Letters` port), how it travels (`transport`), the outbox worker that
//! delivers it (`worker`) and the mail room (`Outbox` port: the doorbell and
//! written-out copies). Links are built from PALISADE_PUBLIC_URL, never from
//! a request's Host header. Nothing here logs a body or a token.

pub mod transport;
pub mod worker;

use std::path::PathBuf;
use std::time::Duration;

use askama::Template;
use async_trait::async_trait;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::core::error::{Error, Result};
use crate::core::model::Letter;
use crate::core::ports::{FactorChange, Letters, Outbox};

/// What every email's templates show. `expires_in` is empty for notices.
struct Context<'a> {
    subject: &'a str,
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: &'a str,
    /// For notices of factor changes: what happened, as a sentence's start.
    change: &'a str,
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

/// "30 minutes", "24 hours", "1 day": how long a link lives, for people.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (n, unit) = if secs >= 86_400 && secs.is_multiple_of(86_400) {
        (secs / 86_400, "day")
    } else if secs >= 3_600 && secs.is_multiple_of(3_600) {
        (secs / 3_600, "hour")
    } else if secs >= 60 && secs.is_multiple_of(60) {
        (secs / 60, "minute")
    } else {
        (secs, "second")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

fn render(template: &impl Template) -> Result<String> {
    template.render().map_err(Error::internal)
}

fn compose(c: &Context<'_>, text: &impl Template, html: &impl Template) -> Result<Letter> {
    Ok(Letter {
        recipient: c.email.to_owned(),
        subject: c.subject.to_owned(),
        text_body: render(text)?,
        html_body: render(html)?,
    })
}

/// What the letters say, with the product's name and links.
pub struct MailLetters {
    pub product: String,
    /// Without a trailing slash.
    pub public_url: String,
    pub reset_token_ttl: Duration,
    pub verify_token_ttl: Duration,
}

impl MailLetters {
    /// A link to a hosted page carrying a token: `{PUBLIC_URL}/{page}?token=…`.
    fn token_link(&self, page: &str, token: &str) -> String {
        format!("{}/{page}?token={token}", self.public_url)
    }
}

impl Letters for MailLetters {
    /// The email asking the user to confirm their address.
    fn verification(&self, to: &str, token: &str) -> Result<Letter> {
        let product = self.product.as_str();
        let c = Context {
            subject: &format!("Verify your email address for {product}"),
            product,
            email: to,
            link: &self.token_link("verify-email", token),
            expires_in: &human_duration(self.verify_token_ttl),
            change: "",
        };
        compose(&c, &VerifyText { c: &c }, &VerifyHtml { c: &c })
    }

    /// The email with a password reset link.
    fn reset(&self, to: &str, token: &str) -> Result<Letter> {
        let product = self.product.as_str();
        let c = Context {
            subject: &format!("Reset your {product} password"),
            product,
            email: to,
            link: &self.token_link("reset-password", token),
            expires_in: &human_duration(self.reset_token_ttl),
            change: "",
        };
        compose(&c, &ResetText { c: &c }, &ResetHtml { c: &c })
    }

    /// The notice after a password change, pointing to the reset page in
    /// case it was not the user.
    fn password_changed(&self, to: &str) -> Result<Letter> {
        let product = self.product.as_str();
        let c = Context {
            subject: &format!("Your {product} password was changed"),
            product,
            email: to,
            link: &format!("{}/forgot-password", self.public_url),
            expires_in: "",
            change: "",
        };
        compose(&c, &ChangedText { c: &c }, &ChangedHtml { c: &c })
    }

    /// The notice after a second factor was added or removed, pointing to
    /// the reset page in case it was not the user.
    fn factor_changed(&self, to: &str, change: FactorChange) -> Result<Letter> {
        let product = self.product.as_str();
        let (subject, what) = match change {
            FactorChange::TotpAdded => (
                "An authenticator app was added",
                "An authenticator app was added as a second factor",
            ),
            FactorChange::TotpRemoved => (
                "An authenticator app was removed",
                "The authenticator app was removed from the second factors",
            ),
            FactorChange::RecoveryCodesRenewed => (
                "New recovery codes were made",
                "New recovery codes were made (the old ones no longer work)",
            ),
            FactorChange::PasskeyAdded => (
                "A passkey was added",
                "A passkey was added: it signs you in, or confirms a sign-in with your password",
            ),
            FactorChange::PasskeyRemoved => (
                "A passkey was removed",
                "A passkey was removed from your account",
            ),
            FactorChange::SignInConnected => (
                "A sign-in was connected to your account",
                "A sign-in through another provider (such as Google or GitHub) was connected: it now signs you in",
            ),
            FactorChange::SignInDisconnected => (
                "A sign-in was disconnected from your account",
                "A sign-in through another provider was disconnected from your account",
            ),
            FactorChange::FactorsReset => (
                "Your second factors were reset",
                "An administrator removed every second factor and signed out every session",
            ),
        };
        let c = Context {
            subject: &format!("{subject} ({product})"),
            product,
            email: to,
            link: &format!("{}/forgot-password", self.public_url),
            expires_in: "",
            change: what,
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

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(human_duration(Duration::from_secs(1800)), "30 minutes");
        assert_eq!(human_duration(Duration::from_secs(86_400)), "1 day");
        assert_eq!(human_duration(Duration::from_secs(7200)), "2 hours");
        assert_eq!(human_duration(Duration::from_secs(90)), "90 seconds");
    }

    #[test]
    fn html_parts_escape_what_they_show() {
        let letters = MailLetters {
            product: "Palisade".into(),
            public_url: "http://127.0.0.1:8080".into(),
            reset_token_ttl: Duration::from_secs(1800),
            verify_token_ttl: Duration::from_secs(86_400),
        };
        let mail = letters
            .verification("<b>ada</b>@example.com", "tok")
            .unwrap();
        assert!(!mail.html_body.contains("<b>ada"), "{}", mail.html_body);
        assert!(mail.html_body.contains("ada"));
        assert!(
            mail.text_body
                .contains("http://127.0.0.1:8080/verify-email?token=tok")
        );
        assert!(mail.text_body.contains("expires in 1 day"));
    }
}

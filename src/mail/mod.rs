//! Email: what each message says (askama templates, plain text and HTML), how
//! it travels (`transport`), and the outbox worker that delivers it
//! (`worker`). Links are built from PALISADE_PUBLIC_URL, never from a
//! request's Host header. Nothing here logs a body or a token.

pub mod transport;
pub mod worker;

use std::time::Duration;

use askama::Template;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::outbox::NewEmail;

/// What every email's templates show. `expires_in` is empty for notices.
struct Context<'a> {
    subject: &'a str,
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: &'a str,
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

/// A link to a hosted page carrying a token: `{PUBLIC_URL}/{page}?token=…`.
fn token_link(config: &Config, page: &str, token: &str) -> String {
    format!("{}/{page}?token={token}", config.public_url)
}

fn compose(c: &Context<'_>, text: &impl Template, html: &impl Template) -> Result<NewEmail> {
    Ok(NewEmail {
        recipient: c.email.to_owned(),
        subject: c.subject.to_owned(),
        text_body: render(text)?,
        html_body: render(html)?,
    })
}

/// The email asking the user to confirm their address.
pub fn verification_email(config: &Config, email: &str, token: &str) -> Result<NewEmail> {
    let product = config.product_name.as_str();
    let c = Context {
        subject: &format!("Verify your email address for {product}"),
        product,
        email,
        link: &token_link(config, "verify-email", token),
        expires_in: &human_duration(config.verify_token_ttl),
    };
    compose(&c, &VerifyText { c: &c }, &VerifyHtml { c: &c })
}

/// The email with a password reset link.
pub fn reset_email(config: &Config, email: &str, token: &str) -> Result<NewEmail> {
    let product = config.product_name.as_str();
    let c = Context {
        subject: &format!("Reset your {product} password"),
        product,
        email,
        link: &token_link(config, "reset-password", token),
        expires_in: &human_duration(config.reset_token_ttl),
    };
    compose(&c, &ResetText { c: &c }, &ResetHtml { c: &c })
}

/// The notice after a password change, pointing to the reset page in case it
/// was not the user.
pub fn password_changed_email(config: &Config, email: &str) -> Result<NewEmail> {
    let product = config.product_name.as_str();
    let c = Context {
        subject: &format!("Your {product} password was changed"),
        product,
        email,
        link: &format!("{}/forgot-password", config.public_url),
        expires_in: "",
    };
    compose(&c, &ChangedText { c: &c }, &ChangedHtml { c: &c })
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
        let config = Config::for_database("sqlite://x.db").unwrap();
        let mail = verification_email(&config, "<b>ada</b>@example.com", "tok").unwrap();
        assert!(!mail.html_body.contains("<b>ada"), "{}", mail.html_body);
        assert!(mail.html_body.contains("ada"));
        assert!(
            mail.text_body
                .contains("http://127.0.0.1:8080/verify-email?token=tok")
        );
        assert!(mail.text_body.contains("expires in 1 day"));
    }
}

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

#[derive(Template)]
#[template(path = "mail/verify.txt")]
struct VerifyText<'a> {
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: &'a str,
}

#[derive(Template)]
#[template(path = "mail/verify.html")]
struct VerifyHtml<'a> {
    subject: &'a str,
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: &'a str,
}

#[derive(Template)]
#[template(path = "mail/reset.txt")]
struct ResetText<'a> {
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: &'a str,
}

#[derive(Template)]
#[template(path = "mail/reset.html")]
struct ResetHtml<'a> {
    subject: &'a str,
    product: &'a str,
    email: &'a str,
    link: &'a str,
    expires_in: &'a str,
}

#[derive(Template)]
#[template(path = "mail/password_changed.txt")]
struct ChangedText<'a> {
    product: &'a str,
    email: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "mail/password_changed.html")]
struct ChangedHtml<'a> {
    subject: &'a str,
    product: &'a str,
    email: &'a str,
    link: &'a str,
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

/// The email asking the user to confirm their address.
pub fn verification_email(config: &Config, email: &str, token: &str) -> Result<NewEmail> {
    let product = config.product_name.as_str();
    let link = token_link(config, "verify-email", token);
    let expires_in = human_duration(config.verify_token_ttl);
    let subject = format!("Verify your email address for {product}");
    Ok(NewEmail {
        recipient: email.to_owned(),
        text_body: render(&VerifyText {
            product,
            email,
            link: &link,
            expires_in: &expires_in,
        })?,
        html_body: render(&VerifyHtml {
            subject: &subject,
            product,
            email,
            link: &link,
            expires_in: &expires_in,
        })?,
        subject,
    })
}

/// The email with a password reset link.
pub fn reset_email(config: &Config, email: &str, token: &str) -> Result<NewEmail> {
    let product = config.product_name.as_str();
    let link = token_link(config, "reset-password", token);
    let expires_in = human_duration(config.reset_token_ttl);
    let subject = format!("Reset your {product} password");
    Ok(NewEmail {
        recipient: email.to_owned(),
        text_body: render(&ResetText {
            product,
            email,
            link: &link,
            expires_in: &expires_in,
        })?,
        html_body: render(&ResetHtml {
            subject: &subject,
            product,
            email,
            link: &link,
            expires_in: &expires_in,
        })?,
        subject,
    })
}

/// The notice after a password change, pointing to the reset page in case it
/// was not the user.
pub fn password_changed_email(config: &Config, email: &str) -> Result<NewEmail> {
    let product = config.product_name.as_str();
    let link = format!("{}/forgot-password", config.public_url);
    let subject = format!("Your {product} password was changed");
    Ok(NewEmail {
        recipient: email.to_owned(),
        text_body: render(&ChangedText {
            product,
            email,
            link: &link,
        })?,
        html_body: render(&ChangedHtml {
            subject: &subject,
            product,
            email,
            link: &link,
        })?,
        subject,
    })
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

//! Input rules shared by every endpoint: email form, password length and
//! strength, display name. Each returns the field errors it finds, so a request
//! with several problems hears about all of them at once.

use super::email::{EMAIL_MAX, EmailAddress, EmailError};
use super::error::FieldError;
use super::locale::Said;

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const DISPLAY_NAME_MAX: usize = 100;
/// zxcvbn scores 0..=4; below 2 means "guessable within ~10^6 tries".
const MIN_STRENGTH: u8 = 2;
/// How much of a password zxcvbn judges (about 0.15 s of CPU at worst).
pub const STRENGTH_PREFIX: usize = 40;

/// The address, normalized, or the field error saying why it is not one
/// (see `EmailAddress::parse`).
pub fn email(field: &str, raw: &str) -> Result<EmailAddress, FieldError> {
    EmailAddress::parse(raw).map_err(|err| match err {
        EmailError::Required => FieldError::new(field, "required", "An email address is required.")
            .said(Said::new("field-email-required")),
        EmailError::TooLong => FieldError::new(
            field,
            "too_long",
            format!("An email address has at most {EMAIL_MAX} characters."),
        )
        .said(Said::new("field-email-too-long").with("max", EMAIL_MAX)),
        EmailError::Invalid => FieldError::new(
            field,
            "invalid_email",
            "This is not an email address we can send to.",
        )
        .said(Said::new("field-email-invalid")),
    })
}

/// The length rules of a new password: cheap, checked before anything else.
/// A tenant's own shortest password (at least `PASSWORD_MIN`, which
/// `new_password_length` checks).
pub fn password_min_length(field: &str, password: &str, min: usize) -> Result<(), FieldError> {
    if password.chars().count() < min {
        return Err(FieldError::new(
            field,
            "too_short",
            format!("A password has at least {min} characters."),
        )
        .said(Said::new("field-password-too-short").with("min", min)));
    }
    Ok(())
}

pub fn new_password_length(field: &str, password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(FieldError::new(
            field,
            "too_short",
            format!("A password has at least {PASSWORD_MIN} characters."),
        )
        .said(Said::new("field-password-too-short").with("min", PASSWORD_MIN)));
    }
    if length > PASSWORD_MAX {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("A password has at most {PASSWORD_MAX} characters."),
        )
        .said(Said::new("field-password-too-long").with("max", PASSWORD_MAX)));
    }
    Ok(())
}

/// How guessable a new password is (zxcvbn), judged on its first
/// `STRENGTH_PREFIX` characters: zxcvbn's cost grows steeply with length (a
/// 128-character password of l33t characters takes over a second), and a
/// prefix that long that is hard to guess makes the whole hard to guess.
/// `context` holds words the password must not lean on (the email, the
/// display name). CPU-heavy: run it through `PasswordHasher::check_new_password`,
/// after the cheap checks passed.
pub fn password_strength(
    field: &str,
    password: &str,
    context: &[String],
) -> Result<(), FieldError> {
    let judged: String = password.chars().take(STRENGTH_PREFIX).collect();
    let mut inputs: Vec<&str> = context
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    // The parts of an email address are what a guesser tries first.
    for c in context {
        if let Some((local, domain)) = c.split_once('@') {
            inputs.push(local);
            inputs.extend(domain.split('.'));
        }
    }
    let score = zxcvbn::zxcvbn(&judged, &inputs).score() as u8;
    if score < MIN_STRENGTH {
        return Err(FieldError::new(
            field,
            "too_weak",
            "This password is too easy to guess: use a longer phrase or mix in unusual words.",
        )
        .said(Said::new("field-password-too-weak")));
    }
    Ok(())
}

/// A display name: trimmed; empty means none.
pub fn display_name(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let name = raw.trim();
    if name.chars().count() > DISPLAY_NAME_MAX {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("A display name has at most {DISPLAY_NAME_MAX} characters."),
        )
        .said(Said::new("field-display-name-too-long").with("max", DISPLAY_NAME_MAX)));
    }
    // The raw input: a control character at either end is refused too, not
    // trimmed away (the API's schema says no control characters at all).
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "invalid",
            "A display name cannot hold control characters.",
        )
        .said(Said::new("field-display-name-control")));
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_password(password: &str, context: &[&str]) -> Result<(), FieldError> {
        let context: Vec<String> = context.iter().map(|c| (*c).to_owned()).collect();
        new_password_length("password", password)?;
        password_strength("password", password, &context)
    }

    #[test]
    fn common_passwords_are_too_weak() {
        for weak in ["password", "12345678", "password123", "qwertyuiop"] {
            assert_eq!(
                new_password(weak, &[]).unwrap_err().code,
                "too_weak",
                "{weak}"
            );
        }
        assert!(new_password("correct horse battery staple", &[]).is_ok());
    }

    #[test]
    fn a_password_made_of_the_email_is_too_weak() {
        let err = new_password("adalovelace2", &["adalovelace@example.com"]).unwrap_err();
        assert_eq!(err.code, "too_weak");
    }

    #[test]
    fn strength_is_judged_on_a_bounded_prefix() {
        // A weak beginning is weak whatever follows; a strong one is strong.
        let weak_start = format!("{}{}", "password".repeat(5), "x7#Qe!2Lz".repeat(8));
        assert_eq!(new_password(&weak_start, &[]).unwrap_err().code, "too_weak");
        let pathological: String = "4@8({[<36919!|70$5+7%2".chars().cycle().take(128).collect();
        assert!(new_password(&pathological, &[]).is_ok());
    }

    #[test]
    fn lengths_are_checked_first_and_cheaply() {
        assert_eq!(
            new_password_length("p", "short").unwrap_err().code,
            "too_short"
        );
        assert_eq!(
            new_password_length("p", &"x".repeat(129)).unwrap_err().code,
            "too_long"
        );
    }
}

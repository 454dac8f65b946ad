//! Input rules shared by every endpoint: email form, password length and
//! strength, display name. Each returns the field errors it finds, so a request
//! with several problems hears about all of them at once.

use crate::error::FieldError;

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const DISPLAY_NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
/// zxcvbn scores 0..=4; below 2 means "guessable within ~10^6 tries".
const MIN_STRENGTH: u8 = 2;

/// Trims and lower-cases an email, or says why it is not one.
pub fn email(field: &str, raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::new(
            field,
            "required",
            "An email address is required.",
        ));
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("An email address has at most {EMAIL_MAX} characters."),
        ));
    }
    let valid = match email.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && !local.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
                && !local
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c))
        }
        None => false,
    };
    if !valid {
        return Err(FieldError::new(
            field,
            "invalid_email",
            "This is not a valid email address.",
        ));
    }
    Ok(email)
}

/// Length and strength of a new password. `context` holds words the password
/// must not lean on (the email, the display name).
pub fn new_password(field: &str, password: &str, context: &[&str]) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(FieldError::new(
            field,
            "too_short",
            format!("A password has at least {PASSWORD_MIN} characters."),
        ));
    }
    if length > PASSWORD_MAX {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("A password has at most {PASSWORD_MAX} characters."),
        ));
    }
    let mut inputs: Vec<&str> = context.iter().copied().filter(|s| !s.is_empty()).collect();
    // The parts of an email address are what a guesser tries first.
    for c in context {
        if let Some((local, domain)) = c.split_once('@') {
            inputs.push(local);
            inputs.extend(domain.split('.'));
        }
    }
    let score = zxcvbn::zxcvbn(password, &inputs).score() as u8;
    if score < MIN_STRENGTH {
        return Err(FieldError::new(
            field,
            "too_weak",
            "This password is too easy to guess: use a longer phrase or mix in unusual words.",
        ));
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
        ));
    }
    // The raw input: a control character at either end is refused too, not
    // trimmed away (the API's schema says no control characters at all).
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "invalid",
            "A display name cannot hold control characters.",
        ));
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            email("email", "  Ada@Example.COM ").unwrap(),
            "ada@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "ada@exa mple.com",
            "ada@@example.com",
        ] {
            assert_eq!(
                email("email", bad).unwrap_err().code,
                "invalid_email",
                "{bad}"
            );
        }
    }

    #[test]
    fn common_passwords_are_too_weak() {
        for weak in ["password", "12345678", "password123", "qwertyuiop"] {
            assert_eq!(
                new_password("password", weak, &[]).unwrap_err().code,
                "too_weak",
                "{weak}"
            );
        }
        assert!(new_password("password", "correct horse battery staple", &[]).is_ok());
    }

    #[test]
    fn a_password_made_of_the_email_is_too_weak() {
        let err =
            new_password("password", "adalovelace2", &["adalovelace@example.com"]).unwrap_err();
        assert_eq!(err.code, "too_weak");
    }
}

//! Email addresses: one type, parsed once at the edge and used everywhere.
//! An address is what the mail library (lettre) can send to, normalized so
//! that one mailbox has one spelling (NFC, lower case), and refused when it
//! could pass for another: invisible or control characters, compatibility
//! forms (fullwidth letters), or letters of confusable scripts mixed in one
//! part (a Cyrillic `о` among Latin letters).

use unicode_normalization::UnicodeNormalization as _;

/// The longest address the contract takes, in characters.
pub const EMAIL_MAX: usize = 254;
/// RFC 5321: the local part has at most 64 octets.
const LOCAL_MAX_BYTES: usize = 64;

/// A normalized email address that the mail transport can send to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

/// Why a string is not an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailError {
    Required,
    TooLong,
    Invalid,
}

impl EmailAddress {
    /// Trims, normalizes (NFC, lower case) and checks an address.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Required);
        }
        // Refused rather than cleaned up: what a person sees must be what
        // is stored, or two addresses that look alike become two accounts.
        if trimmed.chars().any(invisible) {
            return Err(EmailError::Invalid);
        }
        let nfc: String = trimmed.nfc().collect();
        let address: String = nfc.to_lowercase().nfc().collect();
        if address.chars().count() > EMAIL_MAX {
            return Err(EmailError::TooLong);
        }
        // Fullwidth letters, ligatures, superscripts: another spelling of
        // an address that already has a plain one.
        if !address.nfkc().eq(address.chars()) {
            return Err(EmailError::Invalid);
        }
        // The mail library's own parser: what it refuses, it cannot send to.
        let parsed: lettre::Address = address.parse().map_err(|_| EmailError::Invalid)?;
        let (local, domain) = (parsed.user(), parsed.domain());
        let local_ok = local.len() <= LOCAL_MAX_BYTES
            && !local.contains('"')
            && !local
                .chars()
                .any(|c| c.is_whitespace() || "<>()[],;:\\".contains(c))
            && one_script(local);
        // A name with a dot, not an IP literal; every label one script.
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                    && one_script(label)
            });
        if !(local_ok && domain_ok) {
            return Err(EmailError::Invalid);
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// The same address decomposed (NFD): how some input methods spelled it
    /// before addresses were normalized.
    pub fn decomposed(&self) -> String {
        self.0.nfd().collect()
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters that show as nothing (or as a space): controls, format
/// characters (zero-width space, soft hyphen, bidi controls), variation
/// selectors, fillers, private use.
fn invisible(c: char) -> bool {
    let u = u32::from(c);
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            u,
            0x00AD
                | 0x034F
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x115F..=0x1160
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xE000..=0xF8FF
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0001
                | 0xE0020..=0xE007F
                | 0xE0100..=0xE01EF
                | 0xF0000..
        )
}

/// Scripts whose letters pass for each other's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
}

fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    match u32::from(c) {
        0x0041..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F => {
            Some(Script::Latin)
        }
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Some(Script::Greek),
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
            Some(Script::Cyrillic)
        }
        0x0531..=0x058F | 0xFB13..=0xFB17 => Some(Script::Armenian),
        _ => None,
    }
}

/// Whether the letters of `part` that belong to a confusable script all
/// belong to the same one.
fn one_script(part: &str) -> bool {
    let mut seen = None;
    part.chars()
        .filter_map(script)
        .all(|s| *seen.get_or_insert(s) == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lower_cased_and_composed() {
        let address = EmailAddress::parse("  Ada@Example.COM ").unwrap();
        assert_eq!(address.as_str(), "ada@example.com");
        // Decomposed and composed é are one address.
        let nfd = EmailAddress::parse("jose\u{301}@example.com").unwrap();
        let nfc = EmailAddress::parse("jos\u{e9}@example.com").unwrap();
        assert_eq!(nfd, nfc);
        assert_eq!(nfc.decomposed(), "jose\u{301}@example.com");
        // Internationalized domains and addresses are addresses.
        assert!(EmailAddress::parse("ada@müller.de").is_ok());
        assert!(EmailAddress::parse("андрей@пример.рф").is_ok());
    }

    #[test]
    fn lookalikes_are_refused() {
        for lookalike in [
            "root\u{200b}@example.com",                     // zero-width space
            "r\u{43e}\u{43e}t@example.com",                 // Cyrillic о among Latin letters
            "root@ex\u{430}mple.com",                       // Cyrillic а in a Latin label
            "\u{ff52}\u{ff4f}\u{ff4f}\u{ff54}@example.com", // fullwidth letters
            "ro\u{ad}ot@example.com",                       // soft hyphen
            "root\u{202e}@example.com",                     // right-to-left override
            "root\u{fe0f}@example.com",                     // variation selector
            "root@example.com\u{0}",                        // NUL
        ] {
            assert_eq!(
                EmailAddress::parse(lookalike),
                Err(EmailError::Invalid),
                "{lookalike:?}"
            );
        }
    }

    #[test]
    fn what_the_mail_library_cannot_send_to_is_refused() {
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "ada@exa mple.com",
            "ada@@example.com",
            "ada..x@example.com",
            ".ada@example.com",
            "ada.@example.com",
            "ada@[127.0.0.1]",
            "ada@-example.com",
            "\"ada\"@example.com",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        assert_eq!(EmailAddress::parse("  "), Err(EmailError::Required));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(EmailAddress::parse(&long_local), Err(EmailError::Invalid));
    }
}

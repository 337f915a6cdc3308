//! Secrets: the admin key and one-time key values. Neither ever prints itself.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The organization's admin key. `Debug` is redacted and there is no `Display`,
/// so it cannot end up in a log, a panic message or an error report by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminKey(String);

/// Why a pasted string is not an admin key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyShapeError {
    #[error("Paste an admin key: it is empty.")]
    Empty,
    #[error(
        "This is a project key (sk-proj-…). Keyward needs an admin key (sk-admin-…), created by an organization \
            owner under Settings → Admin keys."
    )]
    ProjectKey,
    #[error("An admin key starts with sk-admin-.")]
    WrongPrefix,
    #[error("That key looks cut short: an admin key is longer.")]
    TooShort,
    #[error("An admin key has no spaces or line breaks inside it.")]
    Whitespace,
    #[error(
        "The pasted key contains a character that is not part of an admin key ({0}). Copy it again from the source, or \
            type it."
    )]
    ForeignCharacter(String),
}

/// Characters that copy-paste brings along invisibly (zero-width spaces and joiners, the byte
/// order mark, soft hyphens, direction marks). They are never part of a key, so they are dropped.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

impl AdminKey {
    /// Checks the shape (`sk-admin-…`) of a pasted key. Surrounding whitespace and invisible
    /// characters are dropped; anything else outside `[A-Za-z0-9_-]` is refused with its name,
    /// since no HTTP header could carry it.
    pub fn parse(raw: &str) -> Result<Self, KeyShapeError> {
        let cleaned: String = raw.chars().filter(|c| !is_invisible(*c)).collect();
        let key = cleaned.trim();
        if key.is_empty() {
            return Err(KeyShapeError::Empty);
        }
        if key.chars().any(char::is_whitespace) {
            return Err(KeyShapeError::Whitespace);
        }
        if let Some(c) = key
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(KeyShapeError::ForeignCharacter(format!(
                "U+{:04X}",
                c as u32
            )));
        }
        if key.starts_with("sk-proj-") || key.starts_with("sk-svcacct-") {
            return Err(KeyShapeError::ProjectKey);
        }
        if !key.starts_with("sk-admin-") {
            return Err(KeyShapeError::WrongPrefix);
        }
        if key.len() < "sk-admin-".len() + 8 {
            return Err(KeyShapeError::TooShort);
        }
        Ok(Self(key.to_owned()))
    }

    /// Wraps a key without checking its shape (tests, emulator keys).
    /// Whether an admin key the API lists (by its redacted value, `sk-admin...def`) may be this
    /// one: same start, same end. A redacted value shows little, so several keys may match; the
    /// caller treats each as possibly this one. Only the redacted parts are compared, in memory.
    pub fn matches_redacted(&self, redacted: &str) -> bool {
        let Some((head, tail)) = redacted
            .split_once("...")
            .or_else(|| redacted.split_once('…'))
        else {
            return false;
        };
        !tail.is_empty()
            && head.len() + tail.len() <= self.0.len()
            && self.0.starts_with(head)
            && self.0.ends_with(tail)
    }

    pub fn new_unchecked(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The raw key, for the Authorization header and the session store only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminKey([redacted])")
    }
}

/// A secret the API shows once (a new service-account key's value).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_cleaned_and_foreign_ones_refused() {
        let k = AdminKey::parse("\u{FEFF}sk-admin-abcdef\u{200B}123456\u{2060} ").unwrap();
        assert_eq!(k.expose(), "sk-admin-abcdef123456");
        assert_eq!(
            AdminKey::parse("sk-admin-abcdéf123456"),
            Err(KeyShapeError::ForeignCharacter("U+00E9".into()))
        );
        assert!(matches!(
            AdminKey::parse("sk-admin-abc\u{00A0}def123456"),
            Err(KeyShapeError::Whitespace)
        ));
        // The message names the character's code, never the key.
        let msg = AdminKey::parse("sk-admin-secretpart\u{2028}x")
            .unwrap_err()
            .to_string();
        assert!(!msg.contains("secretpart"), "{msg}");
    }

    #[test]
    fn shape_checks() {
        assert_eq!(AdminKey::parse("  "), Err(KeyShapeError::Empty));
        assert_eq!(
            AdminKey::parse("sk-proj-abcdefghijkl"),
            Err(KeyShapeError::ProjectKey)
        );
        assert_eq!(
            AdminKey::parse("hello-world-123"),
            Err(KeyShapeError::WrongPrefix)
        );
        assert_eq!(
            AdminKey::parse("sk-admin-abc"),
            Err(KeyShapeError::TooShort)
        );
        assert_eq!(
            AdminKey::parse("sk-admin-abc def ghi jk"),
            Err(KeyShapeError::Whitespace)
        );
        let k = AdminKey::parse(" sk-admin-abcdefgh12345 \n").unwrap();
        assert_eq!(k.expose(), "sk-admin-abcdefgh12345");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let k = AdminKey::new_unchecked("sk-admin-TOPSECRET-value");
        assert!(!format!("{k:?}").contains("TOPSECRET"));
        let s = Secret::new("sk-svcacct-TOPSECRET");
        assert!(!format!("{s:?}").contains("TOPSECRET"));
        assert!(!format!("{:?}", Some(&s)).contains("TOPSECRET"));
    }
}

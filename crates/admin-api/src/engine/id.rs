//! The API's ID alphabet, checked wherever an ID enters: a route, an answer, a path.
//!
//! An ID that is `.` or `..` (in any case or percent-spelling) would walk the request path: the
//! browser resolves dot segments before sending, even encoded as `%2E%2E`, so
//! `/projects/%2E%2E/users` becomes `/organization/users`. Such an ID is refused, never encoded.

use crate::engine::error::{ApiError, ErrorKind};
use serde::{Deserialize, Deserializer};

/// The longest ID accepted; the API's are far shorter.
const MAX_LEN: usize = 200;

/// True for an ID the API could have issued: ASCII letters, digits, `_` and `-`, starting with a
/// letter or digit. A `.` is allowed after the first character, because rate-limit IDs carry a
/// model name (`rl-gpt-4.1`); a leading dot is not, so no ID can be a dot segment or start one.
pub fn is_valid(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= MAX_LEN
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `id` itself, or the error that says it is not an ID (nothing is sent).
pub fn check(id: &str) -> Result<&str, ApiError> {
    if is_valid(id) {
        Ok(id)
    } else {
        Err(ApiError::new(
            ErrorKind::InvalidId,
            format!("“{}” is not a valid ID: nothing was sent.", shown(id)),
        ))
    }
}

/// An ID as safe short text for a message: control characters dropped, long ones cut.
pub fn shown(id: &str) -> String {
    let clean: String = id.chars().filter(|c| !c.is_control()).take(60).collect();
    if clean.chars().count() < id.chars().count() {
        format!("{clean}…")
    } else {
        clean
    }
}

/// Marks a serde error from an answer whose ID is outside the alphabet (see `client::parse`).
pub(crate) const REFUSED: &str = "is not a valid ID";

/// `deserialize_with` for the ID fields of answers: an answer that names a path-walking ID is
/// refused as it is read, before any view or request can use it.
pub fn de<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let id = String::deserialize(d)?;
    if is_valid(&id) {
        Ok(id)
    } else {
        Err(serde::de::Error::custom(format!(
            "“{}” {REFUSED}",
            shown(&id)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_ids_pass() {
        for id in [
            "proj_abc123",
            "key_XYZ",
            "user-abc",
            "svc_acct_1",
            "rl-gpt-4.1-a1b2c3",
            "9",
        ] {
            assert!(is_valid(id), "{id}");
            assert_eq!(check(id), Ok(id));
        }
    }

    #[test]
    fn walks_and_strangers_are_refused() {
        for id in [
            "", ".", "..", "...", ".x", "%2e", "%2E%2E", ".%2E", "%2e.", "a/b", "/", "a\\b", "a?b",
            "a#b", "a%2Fb", "a b", "ключ", "_lead", "-lead", "a\u{0}b",
        ] {
            assert!(!is_valid(id), "{id:?}");
            let e = check(id).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidId, "{id:?}");
        }
        assert!(!is_valid(&"a".repeat(MAX_LEN + 1)));
    }

    #[test]
    fn answers_with_bad_ids_do_not_parse() {
        #[derive(serde::Deserialize)]
        struct Thing {
            #[serde(deserialize_with = "de")]
            #[allow(dead_code)]
            id: String,
        }
        assert!(serde_json::from_str::<Thing>(r#"{"id":"proj_1"}"#).is_ok());
        let e = serde_json::from_str::<Thing>(r#"{"id":".."}"#)
            .err()
            .unwrap();
        assert!(e.to_string().contains(REFUSED), "{e}");
    }
}

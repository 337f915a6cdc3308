//! URL building: a path segment is only ever an ID in the API's alphabet (`crate::id`); query
//! values and the app's own hash links are percent-encoded components.

use crate::engine::error::ApiError;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986 unreserved characters stay; everything else (`/`, `?`, `#`, `%`, `..` dots aside) is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One path segment of an API request. Only an ID in the API's alphabet becomes one: anything
/// else is refused, never encoded, because a browser resolves `%2E%2E` as `..` before sending.
pub fn segment(id: &str) -> Result<&str, ApiError> {
    crate::engine::id::check(id)
}

/// Percent-encodes text for a query value or a hash link (never for an API path: see
/// [`segment`]). Dots stay, so a hash link is for the app's own router only.
pub fn component(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// Builds `?a=b&c=d` (empty when there are no pairs).
pub fn query(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let mut out = String::from("?");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(
            &utf8_percent_encode(k, SEGMENT)
                .to_string()
                .replace("%5B%5D", "[]")
                .replace("%5B", "[")
                .replace("%5D", "]"),
        );
        out.push('=');
        out.push_str(&utf8_percent_encode(v, SEGMENT).to_string());
    }
    out
}

/// Decodes a percent-encoded component (used by the emulator).
pub fn decode(component: &str) -> String {
    percent_encoding::percent_decode_str(component)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_ids_or_nothing() {
        assert_eq!(segment("key_abc"), Ok("key_abc"));
        assert_eq!(segment("rl-gpt-4.1-abc"), Ok("rl-gpt-4.1-abc"));
        // Decoded or not, no spelling of a dot segment, no slash and no empty ID becomes a path.
        for id in [
            ".", "..", "%2e%2E", ".%2E", "%2E.", "a/b", "a%2Fb", "", "ключ", "100%",
        ] {
            let e = segment(id).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::InvalidId, "{id}");
            assert!(segment(&decode(id)).is_err(), "{id} decoded");
        }
    }

    #[test]
    fn components_round_trip() {
        assert_eq!(component("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(component("100%"), "100%25");
        assert_eq!(component("ключ"), "%D0%BA%D0%BB%D1%8E%D1%87");
        assert_eq!(decode(&component("a/b ü")), "a/b ü");
    }

    #[test]
    fn query_keeps_brackets_in_names() {
        let q = query(&[
            ("event_types[]".into(), "api_key.deleted".into()),
            ("effective_at[gte]".into(), "5".into()),
            ("after".into(), "a&b=c".into()),
        ]);
        assert_eq!(
            q,
            "?event_types[]=api_key.deleted&effective_at[gte]=5&after=a%26b%3Dc"
        );
        assert_eq!(query(&[]), "");
    }
}

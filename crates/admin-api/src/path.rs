//! URL building: IDs are percent-encoded as path segments, query values as query components.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986 unreserved characters stay; everything else (`/`, `?`, `#`, `%`, `..` dots aside) is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes one path segment. `.` and `..` are encoded too, so an ID can never walk the path.
pub fn segment(id: &str) -> String {
    match id {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        _ => utf8_percent_encode(id, SEGMENT).to_string(),
    }
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
    fn segments_cannot_escape() {
        assert_eq!(segment("key_abc"), "key_abc");
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("100%"), "100%25");
        assert_eq!(segment("ключ"), "%D0%BA%D0%BB%D1%8E%D1%87");
        assert_eq!(decode(&segment("a/b ü")), "a/b ü");
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

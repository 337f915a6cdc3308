//! Text made case-insensitive for search. `str::to_lowercase` is exact but carries Unicode's
//! case tables (about 12 KB of the wasm); in the browser the page's own `toLowerCase` gives the
//! same answer, and ASCII (almost every name and ID) never leaves Rust.

/// `s` lowercased, as `str::to_lowercase` would.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        fold_unicode(s)
    }
}

#[cfg(target_arch = "wasm32")]
fn fold_unicode(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
fn fold_unicode(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn lowercases_ascii_and_unicode() {
        assert_eq!(fold("Prod-KEY_1"), "prod-key_1");
        assert_eq!(fold("ÄRGER Straße ΟΔΟΣ"), "ärger straße οδος");
    }
}

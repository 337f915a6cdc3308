//! Which API base URLs the admin key may be sent to: exactly the origins the page's CSP
//! (`connect-src` in `index.html`) and the extension (its CSP and host permissions in
//! `manifest.json`) allow, so a base the parser accepts is never one the browser then blocks as
//! if CORS had. Tests below hold the three lists together.

/// The origins this build may call, as CSP sources. A self-hosted copy behind a proxy adds the
/// proxy's origin here, to `connect-src` in `index.html` and `manifest.json`, and to the
/// manifest's `optional_host_permissions` (the tests say when one is missed). `[::1]` is not
/// here: Chromium rejects an IPv6 literal as a CSP source, so it could never be reached.
pub const ALLOWED_ORIGINS: [&str; 4] = [
    "https://api.openai.com",
    "https://*.openai.com",
    "http://127.0.0.1:*",
    "http://localhost:*",
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error(
        "The API base URL must start with https:// (or http:// on 127.0.0.1 or localhost for local testing)."
    )]
    Scheme,
    #[error(
        "Plain http is allowed only to this machine (127.0.0.1 or localhost); use https:// for anything else."
    )]
    RemoteHttp,
    #[error(
        "This build may send the admin key only to api.openai.com or another openai.com host (or to 127.0.0.1 or \
            localhost for local testing). A self-hosted copy can allow its own proxy: see the README's hosting notes."
    )]
    NotAllowed,
    #[error("The API base URL has no host.")]
    NoHost,
    #[error("The API base URL must not contain a user name, a password, a query or a fragment.")]
    Extras,
    #[error("The API base URL's host or port is not valid.")]
    BadHost,
}

/// Checks and normalises a base URL (no trailing slash). An empty entry means the default.
pub fn check(raw: &str, default: &str) -> Result<String, BaseUrlError> {
    let url = raw.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(default.to_owned());
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(r) = lower.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(BaseUrlError::Scheme);
    };
    if rest.contains(['?', '#', '@', '\\']) {
        return Err(BaseUrlError::Extras);
    }
    let authority = rest.split('/').next().unwrap_or("");
    let (host, port) = split_port(authority)?;
    if host.is_empty() {
        return Err(BaseUrlError::NoHost);
    }
    if let Some(p) = port
        && (p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(BaseUrlError::BadHost);
    }
    let valid_name = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with('-');
    if host.starts_with('[') {
        // An IPv6 literal can't be a CSP source: the browser would block it.
        return Err(BaseUrlError::NotAllowed);
    }
    if !valid_name {
        return Err(BaseUrlError::BadHost);
    }
    let loopback = matches!(host, "127.0.0.1" | "localhost");
    if !secure && !loopback {
        return Err(BaseUrlError::RemoteHttp);
    }
    if secure && !(loopback || host == "api.openai.com" || host.ends_with(".openai.com")) {
        return Err(BaseUrlError::NotAllowed);
    }
    // Keep the path's case (proxies may care); the scheme and host are lower-cased.
    let path = &url[url.len() - (rest.len() - authority.len())..];
    let scheme = if secure { "https" } else { "http" };
    Ok(format!("{scheme}://{authority}{path}"))
}

/// `host[:port]`, with `[::1]` kept whole.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), BaseUrlError> {
    if let Some(end) = authority.find(']') {
        let (host, tail) = authority.split_at(end + 1);
        return match tail.strip_prefix(':') {
            Some(p) => Ok((host, Some(p))),
            None if tail.is_empty() => Ok((host, None)),
            None => Err(BaseUrlError::BadHost),
        };
    }
    Ok(match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: &str = "https://api.openai.com/v1";

    #[test]
    fn openai_over_https_http_only_to_loopback() {
        assert_eq!(check("", DEFAULT).unwrap(), DEFAULT);
        assert_eq!(
            check(" https://eu.api.openai.com/v1/ ", DEFAULT).unwrap(),
            "https://eu.api.openai.com/v1"
        );
        for ok in [
            "http://127.0.0.1:8787/v1",
            "http://localhost:3000/v1",
            "HTTP://LOCALHOST/v1",
            "https://localhost:8443/v1",
        ] {
            assert!(check(ok, DEFAULT).is_ok(), "{ok}");
        }
        assert_eq!(
            check("http://127.0.0.1:8787/V1", DEFAULT).unwrap(),
            "http://127.0.0.1:8787/V1"
        );
    }

    #[test]
    fn lookalikes_are_refused() {
        for (bad, why) in [
            ("http://localhost.evil.tld/v1", BaseUrlError::RemoteHttp),
            ("http://127.0.0.1.nip.io/v1", BaseUrlError::RemoteHttp),
            ("http://localhost@evil.tld/v1", BaseUrlError::Extras),
            ("https://api.openai.com@evil.tld/v1", BaseUrlError::Extras),
            ("http://example.com/v1", BaseUrlError::RemoteHttp),
            ("ftp://example.com", BaseUrlError::Scheme),
            ("javascript:alert(1)", BaseUrlError::Scheme),
            ("https:///v1", BaseUrlError::NoHost),
            ("https://api.openai.com:99999999/v1", BaseUrlError::BadHost),
            ("https://api.openai.com/v1?x=1", BaseUrlError::Extras),
            ("https://exa mple.com/v1", BaseUrlError::BadHost),
            ("http://[::2]:80/v1", BaseUrlError::NotAllowed),
            ("http://[::1]:8080/v1", BaseUrlError::NotAllowed),
            ("http://localhost:/v1", BaseUrlError::BadHost),
            ("https://proxy.example.com/v1", BaseUrlError::NotAllowed),
            ("https://openai.com.evil.tld/v1", BaseUrlError::NotAllowed),
            ("https://evilopenai.com/v1", BaseUrlError::NotAllowed),
        ] {
            assert_eq!(check(bad, DEFAULT), Err(why), "{bad}");
        }
    }

    /// The `connect-src` sources of a CSP text (without `'self'`).
    fn connect_src(csp: &str) -> Vec<String> {
        let directive = csp
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix("connect-src "))
            .expect("a connect-src directive");
        let mut sources: Vec<String> = directive
            .split_whitespace()
            .filter(|s| *s != "'self'")
            .map(str::to_owned)
            .collect();
        sources.sort();
        sources
    }

    fn allowed() -> Vec<String> {
        let mut all: Vec<String> = ALLOWED_ORIGINS.iter().map(|s| s.to_string()).collect();
        all.sort();
        all
    }

    #[test]
    fn the_page_csp_allows_exactly_what_the_parser_accepts() {
        let html = include_str!("../../index.html");
        let csp = html
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a CSP meta tag");
        assert_eq!(connect_src(csp), allowed());
        assert!(csp.trim_start().starts_with("default-src 'none'"), "{csp}");
        // Each allowed source takes a base the parser accepts, and nothing the parser refuses.
        for (source, base) in ALLOWED_ORIGINS.iter().zip([
            "https://api.openai.com/v1",
            "https://eu.api.openai.com/v1",
            "http://127.0.0.1:8787/v1",
            "http://localhost:3000/v1",
        ]) {
            assert!(check(base, DEFAULT).is_ok(), "{source}: {base}");
        }
    }

    #[test]
    fn the_extension_asks_only_for_what_the_csp_allows() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../manifest.json")).unwrap();
        let csp = manifest["content_security_policy"]["extension_pages"]
            .as_str()
            .unwrap();
        assert_eq!(connect_src(csp), allowed());
        // Host permissions are match patterns: `https://*.openai.com/*` for `https://*.openai.com`,
        // `http://127.0.0.1/*` for `http://127.0.0.1:*` (a match pattern has no port).
        let mut hosts: Vec<String> = ["host_permissions", "optional_host_permissions"]
            .iter()
            .flat_map(|k| manifest[k].as_array().cloned().unwrap_or_default())
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        hosts.sort();
        let mut want: Vec<String> = ALLOWED_ORIGINS
            .iter()
            .map(|o| format!("{}/*", o.trim_end_matches(":*")))
            .collect();
        want.sort();
        assert_eq!(hosts, want);
    }
}

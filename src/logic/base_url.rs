//! Which API base URLs the admin key may be sent to: https anywhere, plain http only to this
//! machine (127.0.0.1, localhost, [::1]) for the emulator or a local proxy.

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error(
        "The API base URL must start with https:// (or http:// on 127.0.0.1, localhost or [::1] for local testing)."
    )]
    Scheme,
    #[error(
        "Plain http is allowed only to this machine (127.0.0.1, localhost or [::1]); use https:// for anything else."
    )]
    RemoteHttp,
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
    if !(valid_name || host == "[::1]") {
        return Err(BaseUrlError::BadHost);
    }
    if !secure && !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(BaseUrlError::RemoteHttp);
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
    fn https_anywhere_http_only_to_loopback() {
        assert_eq!(check("", DEFAULT).unwrap(), DEFAULT);
        assert_eq!(
            check(" https://eu.api.openai.com/v1/ ", DEFAULT).unwrap(),
            "https://eu.api.openai.com/v1"
        );
        for ok in [
            "http://127.0.0.1:8787/v1",
            "http://localhost:3000/v1",
            "http://[::1]:8080/v1",
            "HTTP://LOCALHOST/v1",
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
            ("http://[::2]:80/v1", BaseUrlError::BadHost),
            ("http://localhost:/v1", BaseUrlError::BadHost),
        ] {
            assert_eq!(check(bad, DEFAULT), Err(why), "{bad}");
        }
    }
}

//! One error type for every failure, carrying what the UI needs to say the right thing.

use crate::engine::transport::{HttpResponse, TransportError};
use crate::engine::wire::ErrorBody;
use std::time::Duration;

/// What went wrong, in the terms the UI speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401 with a wrong, revoked or malformed admin key.
    InvalidKey,
    /// 401/403 because the key lacks a scope or the user lacks a role.
    MissingPermission,
    NotFound,
    /// 400/422: the API refused the request as asked.
    BadRequest,
    Conflict,
    RateLimited,
    Server,
    /// No response: offline, DNS, connection dropped, or blocked by CORS in a browser.
    Network,
    Timeout,
    /// A response we could not understand: HTML, truncated or wrongly shaped JSON.
    Malformed,
    /// A list whose cursor repeats or is missing while `has_more` is true.
    Pagination,
    /// The session ended (Lock) before or while the request ran; nothing more will be sent.
    Cancelled,
    /// The user stopped the work (a scan's Stop) before this request: nothing was sent, and
    /// the work can pick up here.
    Stopped,
    /// An ID outside the API's alphabet, from a link or an answer: refused, nothing was sent.
    InvalidId,
}

/// An API failure. `Clone` so it can live in signals; never contains the admin key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.summary())]
pub struct ApiError {
    pub kind: ErrorKind,
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// OpenAI's `error.type`, e.g. `invalid_request_error`. (Boxed strings keep the error small.)
    pub error_type: Option<Box<str>>,
    /// OpenAI's `error.code`, e.g. `invalid_api_key`.
    pub code: Option<Box<str>>,
    pub param: Option<Box<str>>,
    /// The server's message (secrets scrubbed) or our own description.
    pub message: String,
    /// From `retry-after-ms`/`retry-after` when the browser let us read it.
    pub retry_after: Option<Duration>,
    /// True when the body was OpenAI's own error shape (`{"error":{…}}`), so the answer came from
    /// the API and not from a proxy or gateway in front of it.
    pub structured: bool,
    /// OpenAI's `x-request-id`, when the browser let us read it (support asks for it).
    pub request_id: Option<Box<str>>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            status: None,
            error_type: None,
            code: None,
            param: None,
            message: redact_secrets(&message.into()),
            retry_after: None,
            structured: false,
            request_id: None,
        }
    }

    pub fn from_transport(err: &TransportError) -> Self {
        match err {
            TransportError::Timeout => {
                Self::new(ErrorKind::Timeout, "The API did not answer in time.")
            }
            TransportError::Cancelled => {
                Self::new(ErrorKind::Cancelled, "Stopped: the session was locked.")
            }
            TransportError::TooLarge(limit) => Self::new(
                ErrorKind::Malformed,
                format!(
                    "The answer ran past {} MB, more than any answer of the Administration API, \
                     so Keyward stopped reading it.",
                    limit >> 20
                ),
            ),
            TransportError::Network(detail) => Self::new(
                ErrorKind::Network,
                if detail.is_empty() {
                    "Could not reach the API.".to_owned()
                } else {
                    format!("Could not reach the API ({detail}).")
                },
            ),
        }
    }

    /// Work the user stopped before this request.
    pub fn stopped() -> Self {
        Self::new(ErrorKind::Stopped, "Stopped before this part was read.")
    }

    pub fn malformed(status: u16, what: &str) -> Self {
        Self {
            status: Some(status),
            ..Self::new(
                ErrorKind::Malformed,
                format!("The API sent a response Keyward could not read ({what})."),
            )
        }
    }

    /// Classifies a non-2xx response.
    pub fn from_response(resp: &HttpResponse) -> Self {
        let status = resp.status;
        let parsed: Option<ErrorBody> = serde_json::from_str(&resp.body).ok();
        let detail = parsed.map(|b| b.error);
        let structured = detail
            .as_ref()
            .is_some_and(|d| !d.message.trim().is_empty());
        let message = match &detail {
            Some(d) if !d.message.trim().is_empty() => d.message.clone(),
            _ if looks_like_html(&resp.body) => format!(
                "HTTP {status} with an HTML page instead of JSON (a proxy or gateway error)."
            ),
            _ => format!("HTTP {status} with no error details."),
        };
        // Every string the server supplies is scrubbed, not just the message.
        let scrubbed = |s: Option<&str>| s.map(|s| redact_secrets(s).into_boxed_str());
        let code: Option<Box<str>> = detail.as_ref().and_then(|d| scrubbed(d.code.as_deref()));
        let lower = message.to_ascii_lowercase();
        let kind = match status {
            401 if code.as_deref() == Some("invalid_api_key")
                || lower.contains("incorrect api key") =>
            {
                ErrorKind::InvalidKey
            }
            401 | 403
                if lower.contains("insufficient permissions")
                    || lower.contains("missing scope") =>
            {
                ErrorKind::MissingPermission
            }
            401 => ErrorKind::InvalidKey,
            403 => ErrorKind::MissingPermission,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            408 => ErrorKind::Timeout,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::BadRequest,
        };
        Self {
            kind,
            status: Some(status),
            error_type: detail.as_ref().and_then(|d| scrubbed(d.kind.as_deref())),
            code,
            param: detail.as_ref().and_then(|d| scrubbed(d.param.as_deref())),
            message: redact_secrets(&message),
            retry_after: crate::engine::retry::retry_after(resp),
            structured,
            request_id: resp.header("x-request-id").map(|v| {
                v.chars()
                    .filter(|c| c.is_ascii_graphic())
                    .take(128)
                    .collect()
            }),
        }
    }

    /// One line for a toast or a log: kind, status and the server's message.
    pub fn summary(&self) -> String {
        match self.status {
            Some(s) => format!("{} (HTTP {s}): {}", self.kind.title(), self.message),
            None => format!("{}: {}", self.kind.title(), self.message),
        }
    }

    /// What the user can do about it.
    pub fn advice(&self) -> &'static str {
        match self.kind {
            ErrorKind::InvalidKey => {
                "Check the admin key: it may be mistyped, revoked or expired. Create one under Settings → \
                    Organization → Admin keys."
            }
            ErrorKind::MissingPermission => {
                "This admin key lacks a scope this needs (api.management.read to view, api.management.write to \
                    change). Use an unrestricted admin key or one with those scopes."
            }
            ErrorKind::NotFound => {
                "It no longer exists, or it belongs to another organization. Refresh the list."
            }
            ErrorKind::BadRequest => "The API refused this request as asked; its message says why.",
            ErrorKind::Conflict => "Something changed at the same time. Refresh and try again.",
            ErrorKind::RateLimited => {
                "The API is rate-limiting this organization. Wait a little and try again."
            }
            ErrorKind::Server => "OpenAI's servers had a problem. Try again in a moment.",
            ErrorKind::Network => {
                "Check your connection. A web page may also be blocked by the browser (CORS) from calling the API \
                    directly."
            }
            ErrorKind::Timeout => {
                "The API took too long. Try again; a change you made may or may not have happened, so refresh before \
                    repeating it."
            }
            ErrorKind::Malformed => {
                "A proxy or a different server may be answering instead of the API. Check the API base URL under \
                    Advanced."
            }
            ErrorKind::Pagination => {
                "The API's list paging went wrong. Refresh to start the list again."
            }
            ErrorKind::Cancelled => "Nothing more was sent after the lock.",
            ErrorKind::Stopped => "Nothing more was sent after Stop. Retry to pick up here.",
            ErrorKind::InvalidId => {
                "IDs are letters, digits, _ and -. The link or answer that gave this one was altered or is not from \
                    the API."
            }
        }
    }

    pub fn is_auth(&self) -> bool {
        self.kind == ErrorKind::InvalidKey
    }
}

impl ErrorKind {
    pub fn title(self) -> &'static str {
        match self {
            ErrorKind::InvalidKey => "Admin key not accepted",
            ErrorKind::MissingPermission => "Missing permission",
            ErrorKind::NotFound => "Not found",
            ErrorKind::BadRequest => "Request refused",
            ErrorKind::Conflict => "Conflict",
            ErrorKind::RateLimited => "Rate limited",
            ErrorKind::Server => "OpenAI server error",
            ErrorKind::Network => "Network error or blocked by the browser",
            ErrorKind::Timeout => "Timed out",
            ErrorKind::Malformed => "Unexpected response",
            ErrorKind::Pagination => "Broken list paging",
            ErrorKind::Cancelled => "Stopped by lock",
            ErrorKind::Stopped => "Stopped",
            ErrorKind::InvalidId => "Not a valid ID",
        }
    }
}

fn looks_like_html(body: &str) -> bool {
    let head = body
        .trim_start()
        .get(..64)
        .unwrap_or(body.trim_start())
        .to_ascii_lowercase();
    head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with('<')
}

/// Replaces anything that looks like an OpenAI key (`sk-…`) with `sk-***`, so a server that echoes
/// a key back can't put it in our UI or logs.
pub fn redact_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("sk-") {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos + 3..];
        let len = tail
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '*' || c == '.')
            })
            .unwrap_or(tail.len());
        if len >= 4 {
            out.push_str("sk-***");
        } else {
            out.push_str(&rest[pos..pos + 3 + len]);
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        }
    }

    #[test]
    fn classifies_openai_errors() {
        let e = ApiError::from_response(&resp(
            401,
            concat!(
                r#"{"error":{"message":"Incorrect API key provided: sk-admin-abcd1234xyz.","#,
                r#""type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
            ),
        ));
        assert_eq!(e.kind, ErrorKind::InvalidKey);
        assert_eq!(e.code.as_deref(), Some("invalid_api_key"));
        assert!(!e.message.contains("abcd1234"), "{}", e.message);
        let e = ApiError::from_response(&resp(
            401,
            concat!(
                r#"{"error":{"message":"You have insufficient permissions for this operation. "#,
                r#"Missing scopes: api.management.read.","type":"invalid_request_error","param":null,"code":null}}"#
            ),
        ));
        assert_eq!(e.kind, ErrorKind::MissingPermission);
        let e = ApiError::from_response(&resp(403, r#"{"error":{"message":"nope"}}"#));
        assert_eq!(e.kind, ErrorKind::MissingPermission);
        assert_eq!(
            ApiError::from_response(&resp(404, "{}")).kind,
            ErrorKind::NotFound
        );
        assert_eq!(
            ApiError::from_response(&resp(429, "")).kind,
            ErrorKind::RateLimited
        );
        let e = ApiError::from_response(&resp(502, "<html><body>Bad gateway</body></html>"));
        assert_eq!(e.kind, ErrorKind::Server);
        assert!(e.message.contains("HTML"));
        assert_eq!(
            ApiError::from_response(&resp(400, "not json")).kind,
            ErrorKind::BadRequest
        );
    }

    #[test]
    fn structured_only_for_openai_error_bodies() {
        let json = ApiError::from_response(&resp(
            404,
            r#"{"error":{"message":"No such API key.","type":"invalid_request_error","param":null,"code":null}}"#,
        ));
        assert!(json.structured);
        let html = ApiError::from_response(&resp(404, "<html><body>Not Found</body></html>"));
        assert_eq!(html.kind, ErrorKind::NotFound);
        assert!(!html.structured);
        assert!(!ApiError::from_response(&resp(404, r#"{"detail":"nope"}"#)).structured);
        let with_id = ApiError::from_response(&HttpResponse {
            status: 500,
            headers: vec![("x-request-id".into(), "req_abc123".into())],
            body: String::new(),
        });
        assert_eq!(with_id.request_id.as_deref(), Some("req_abc123"));
    }

    #[test]
    fn redacts_keys_anywhere() {
        assert_eq!(
            redact_secrets("key sk-admin-SECRET123 was bad"),
            "key sk-*** was bad"
        );
        assert_eq!(redact_secrets("sk-abc...def"), "sk-***");
        assert_eq!(
            redact_secrets("no keys here, sk- alone"),
            "no keys here, sk- alone"
        );
        assert_eq!(redact_secrets("ünïcode sk-proj-AAAA✓"), "ünïcode sk-***✓");
    }

    #[test]
    fn every_server_string_is_redacted() {
        let e = ApiError::from_response(&resp(
            400,
            concat!(
                r#"{"error":{"message":"bad","type":"sk-admin-TYPELEAK1","#,
                r#""param":"sk-proj-PARAMLEAK","code":"sk-admin-CODELEAK9"}}"#
            ),
        ));
        let all = format!("{e:?}");
        for leak in ["TYPELEAK", "PARAMLEAK", "CODELEAK"] {
            assert!(!all.contains(leak), "{all}");
        }
        assert_eq!(e.code.as_deref(), Some("sk-***"));
    }

    #[test]
    fn display_and_debug_never_show_key() {
        let e = ApiError::from_response(&resp(
            401,
            r#"{"error":{"message":"Incorrect API key provided: sk-admin-LEAKME99","code":"invalid_api_key"}}"#,
        ));
        assert!(!format!("{e}").contains("LEAKME"));
        assert!(!format!("{e:?}").contains("LEAKME"));
    }
}

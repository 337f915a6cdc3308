//! When and how long to wait before retrying a GET, following the official SDKs.

use crate::engine::decimal;
use crate::engine::transport::HttpResponse;
use std::time::Duration;

/// Exponential backoff with jitter: `min(initial × 2^n, max)`, less up to 25 %.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub initial_delay: Duration,
    pub max_delay: Duration,
    /// A server asking for a longer wait than this is not retried: the user is told instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// The SDKs' defaults: two retries, 0.5 s to 8 s.
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `retry` (0-based); `jitter` is uniform in [0, 1).
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let base = self.initial_delay.as_secs_f64() * 2f64.powi(retry.min(30) as i32);
        let capped = base.min(self.max_delay.as_secs_f64());
        Duration::from_secs_f64(capped * (1.0 - 0.25 * jitter.clamp(0.0, 1.0)))
    }

    /// The wait before retrying after `resp`, or `None` if it must not be retried.
    pub fn delay_after(&self, resp: &HttpResponse, retry: u32, jitter: f64) -> Option<Duration> {
        if !should_retry(resp) {
            return None;
        }
        match retry_after(resp) {
            Some(d) if d > self.max_retry_after => None,
            Some(d) => Some(d),
            None => Some(self.backoff(retry, jitter)),
        }
    }
}

/// 408, 409, 429 and 5xx are retried, unless the server says `x-should-retry`.
pub fn should_retry(resp: &HttpResponse) -> bool {
    match resp.header("x-should-retry") {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    matches!(resp.status, 408 | 409 | 429) || resp.status >= 500
}

/// The longest `retry-after` we represent; anything longer reads as this (a server can send any
/// number, and `Duration::from_secs_f64` panics past its range).
pub const RETRY_AFTER_CEILING: Duration = Duration::from_secs(24 * 3600);

/// `retry-after-ms` (milliseconds) or `retry-after` (seconds), when readable, clamped to
/// [`RETRY_AFTER_CEILING`]. The HTTP-date form is ignored: we then back off on our own.
pub fn retry_after(resp: &HttpResponse) -> Option<Duration> {
    let seconds = |v: &str, unit_ns: u64| {
        let ns = decimal::nanos(v.trim(), unit_ns)?;
        Some(Duration::from_nanos(
            ns.min(RETRY_AFTER_CEILING.as_nanos()) as u64
        ))
    };
    if let Some(d) = resp
        .header("retry-after-ms")
        .and_then(|v| seconds(v, 1_000_000))
    {
        return Some(d);
    }
    resp.header("retry-after")
        .and_then(|v| seconds(v, 1_000_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)]) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: String::new(),
        }
    }

    #[test]
    fn backoff_doubles_caps_and_jitters() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(p.backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(p.backoff(10, 0.0), Duration::from_secs(8));
        assert_eq!(p.backoff(0, 1.0), Duration::from_millis(375));
        assert!(p.backoff(3, 0.5) < Duration::from_secs(4));
    }

    #[test]
    fn which_statuses_retry() {
        for s in [408, 409, 429, 500, 502, 503, 504] {
            assert!(should_retry(&resp(s, &[])), "{s}");
        }
        for s in [400, 401, 403, 404, 422] {
            assert!(!should_retry(&resp(s, &[])), "{s}");
        }
        assert!(!should_retry(&resp(503, &[("x-should-retry", "false")])));
        assert!(should_retry(&resp(400, &[("x-should-retry", "true")])));
    }

    #[test]
    fn honours_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay_after(&resp(429, &[("retry-after", "2")]), 0, 0.0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.delay_after(
                &resp(429, &[("Retry-After-Ms", "150"), ("retry-after", "9")]),
                0,
                0.0
            ),
            Some(Duration::from_millis(150))
        );
        assert_eq!(
            p.delay_after(&resp(429, &[("retry-after", "3600")]), 0, 0.0),
            None
        );
        assert_eq!(
            p.delay_after(
                &resp(429, &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]),
                1,
                0.0
            ),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            p.delay_after(&resp(404, &[("retry-after", "1")]), 0, 0.0),
            None
        );
    }

    #[test]
    fn huge_retry_after_is_clamped_not_a_panic() {
        for v in ["1e300", "18446744073709551616", "1.7976931348623157e308"] {
            let r = resp(429, &[("retry-after", v), ("retry-after-ms", v)]);
            assert_eq!(retry_after(&r), Some(RETRY_AFTER_CEILING), "{v}");
            assert_eq!(RetryPolicy::default().delay_after(&r, 0, 0.5), None);
        }
        assert_eq!(retry_after(&resp(429, &[("retry-after", "-5")])), None);
        assert_eq!(retry_after(&resp(429, &[("retry-after", "NaN")])), None);
        assert_eq!(retry_after(&resp(429, &[("retry-after", "inf")])), None);
    }
}

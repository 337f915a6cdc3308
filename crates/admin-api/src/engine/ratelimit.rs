//! The API's rate-limit headers (`x-ratelimit-remaining-requests`, `x-ratelimit-reset-requests`,
//! documented in OpenAI's rate-limit guide). When a response carries them and the browser lets
//! us read them, the client sends no more than the window has left instead of learning the
//! limit from 429s: a 429 on a DELETE costs the user a key that must be retried by hand.

use crate::engine::decimal;
use crate::engine::transport::HttpResponse;
use std::time::Duration;

/// What the current window allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    /// Requests left in the window (may go below zero as requests leave).
    pub remaining: i64,
    /// Until the window is full again.
    pub reset: Duration,
}

/// The budget a response states, if it states one.
pub fn budget_of(resp: &HttpResponse) -> Option<Budget> {
    let remaining = resp
        .header("x-ratelimit-remaining-requests")?
        .trim()
        .parse::<i64>()
        .ok()?;
    let reset = resp
        .header("x-ratelimit-reset-requests")
        .and_then(parse_reset)
        .unwrap_or(Duration::from_secs(1));
    Some(Budget { remaining, reset })
}

/// What the client should believe after an answer states `seen`, while `in_flight` other
/// requests are still on their way (the answer did not count them yet). Answers can arrive out
/// of order: within one window an older, higher count must not raise the budget again. A reset
/// time that jumps up means a new window, whose count replaces the old one.
pub fn merge(current: Option<Budget>, seen: Budget, in_flight: usize) -> Budget {
    let seen = Budget {
        remaining: seen.remaining - in_flight as i64,
        ..seen
    };
    match current {
        Some(now) if seen.reset <= now.reset + Duration::from_millis(50) => Budget {
            remaining: now.remaining.min(seen.remaining),
            reset: now.reset.min(seen.reset),
        },
        _ => seen,
    }
}

/// Reads a reset time as OpenAI writes it: `1s`, `20ms`, `6m0s`, `1.5s`, `1h2m3s`.
pub fn parse_reset(text: &str) -> Option<Duration> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    // A day at most: a nonsense header must not park the client for ever.
    const DAY_NS: u128 = 86_400 * 1_000_000_000;
    let mut total = 0u128;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..digits];
        rest = &rest[digits..];
        let (unit_ns, unit_len) = if rest.starts_with("ms") {
            (1_000_000, 2)
        } else if rest.starts_with('h') {
            (3_600_000_000_000, 1)
        } else if rest.starts_with('m') {
            (60_000_000_000, 1)
        } else if rest.starts_with('s') {
            (1_000_000_000, 1)
        } else {
            return None;
        };
        total = total.saturating_add(decimal::nanos(number, unit_ns)?);
        rest = &rest[unit_len..];
    }
    Some(Duration::from_nanos(total.min(DAY_NS) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_formats() {
        assert_eq!(parse_reset("1s"), Some(Duration::from_secs(1)));
        assert_eq!(parse_reset("20ms"), Some(Duration::from_millis(20)));
        assert_eq!(parse_reset("6m0s"), Some(Duration::from_secs(360)));
        assert_eq!(parse_reset("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_reset("1h2m3s"), Some(Duration::from_secs(3723)));
        assert_eq!(parse_reset("99999h"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_reset(""), None);
        assert_eq!(parse_reset("soon"), None);
        assert_eq!(parse_reset("5x"), None);
    }

    #[test]
    fn a_late_answer_never_raises_the_budget_within_a_window() {
        let b = |remaining, ms| Budget {
            remaining,
            reset: Duration::from_millis(ms),
        };
        // Two answers of one window arrive in the wrong order: the lower count stands.
        let first = merge(None, b(3, 400), 0);
        assert_eq!(first, b(3, 400));
        assert_eq!(merge(Some(first), b(4, 420), 0), b(3, 400));
        // Requests still in flight are counted against it.
        assert_eq!(merge(Some(first), b(2, 380), 2), b(0, 380));
        // A new window (its reset jumped back up to about a second) replaces the count.
        assert_eq!(merge(Some(b(0, 30)), b(49, 990), 1), b(48, 990));
    }

    #[test]
    fn budget_needs_the_remaining_count() {
        let resp = |h: &[(&str, &str)]| HttpResponse {
            status: 200,
            headers: h
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: String::new(),
        };
        assert_eq!(budget_of(&resp(&[])), None);
        assert_eq!(
            budget_of(&resp(&[
                ("x-ratelimit-remaining-requests", "4"),
                ("x-ratelimit-reset-requests", "250ms")
            ])),
            Some(Budget {
                remaining: 4,
                reset: Duration::from_millis(250)
            })
        );
        assert_eq!(
            budget_of(&resp(&[("x-ratelimit-remaining-requests", "x")])),
            None
        );
    }
}

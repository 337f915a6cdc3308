//! The user's preferences for this tab, typed: each one read, checked and written here alone
//! (in `sessionStorage`, beside the session; never the key). What a stored text may hold is
//! decided by the plain parsers below, tested natively.

use crate::logic::idle::DEFAULT_IDLE_MINUTES;
use crate::logic::inventory::{CONCURRENCY, CONCURRENCY_CHOICES};
use crate::logic::usage::{DEFAULT_WINDOW, WINDOWS};
use crate::platform::store::{pref, set_pref};

/// Idle minutes before the lock a user may choose.
pub const IDLE_RANGE: std::ops::RangeInclusive<u32> = 1..=720;

pub fn idle_minutes() -> u32 {
    parse_idle(pref("idle_minutes").as_deref())
}

pub fn set_idle_minutes(minutes: u32) {
    set_pref("idle_minutes", Some(&minutes.to_string()));
}

/// Key listings the scan runs at once.
pub fn scan_lanes() -> usize {
    parse_lanes(pref("scan_lanes").as_deref())
}

pub fn set_scan_lanes(lanes: usize) {
    set_pref("scan_lanes", Some(&lanes.to_string()));
}

/// Whether the scan lists archived projects' keys too.
pub fn scan_archived() -> bool {
    pref("scan_archived").as_deref() != Some("no")
}

pub fn set_scan_archived(on: bool) {
    set_pref("scan_archived", Some(if on { "yes" } else { "no" }));
}

/// The usage and cost window, in days.
pub fn usage_days() -> u32 {
    parse_window(pref("usage_days").as_deref())
}

pub fn set_usage_days(days: u32) {
    set_pref("usage_days", Some(&days.to_string()));
}

/// Whether this tab runs the demo (so a reload starts it again).
pub fn demo_mode() -> bool {
    pref("mode").as_deref() == Some("demo")
}

pub fn set_demo_mode(on: bool) {
    set_pref("mode", on.then_some("demo"));
}

fn parse_idle(text: Option<&str>) -> u32 {
    text.and_then(|m| m.parse().ok())
        .filter(|m| IDLE_RANGE.contains(m))
        .unwrap_or(DEFAULT_IDLE_MINUTES)
}

fn parse_lanes(text: Option<&str>) -> usize {
    text.and_then(|n| n.parse().ok())
        .filter(|n| CONCURRENCY_CHOICES.contains(n))
        .unwrap_or(CONCURRENCY)
}

fn parse_window(text: Option<&str>) -> u32 {
    text.and_then(|d| d.parse().ok())
        .filter(|d| WINDOWS.contains(d))
        .unwrap_or(DEFAULT_WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_are_checked_and_anything_else_is_the_default() {
        assert_eq!(parse_idle(Some("45")), 45);
        assert_eq!(parse_idle(Some("0")), DEFAULT_IDLE_MINUTES);
        assert_eq!(parse_idle(Some("99999")), DEFAULT_IDLE_MINUTES);
        assert_eq!(parse_idle(None), DEFAULT_IDLE_MINUTES);
        assert_eq!(parse_lanes(Some("4")), 4);
        assert_eq!(parse_lanes(Some("3")), CONCURRENCY);
        assert_eq!(parse_lanes(Some("x")), CONCURRENCY);
        assert_eq!(parse_window(Some("30")), 30);
        assert_eq!(parse_window(Some("12")), DEFAULT_WINDOW);
    }
}

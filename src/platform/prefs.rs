//! The user's preferences for this tab, typed: each one read, checked and written here alone
//! (in `sessionStorage`, beside the session; never the key). What a stored text may hold is
//! decided by the plain parsers below, tested natively.

use crate::logic::idle::DEFAULT_IDLE_MINUTES;
use crate::logic::inventory::{CONCURRENCY, CONCURRENCY_CHOICES};
use crate::logic::keyless::{QUIET_DAYS, QUIET_RANGE};
use crate::logic::usage::{DEFAULT_WINDOW, WINDOWS};
use crate::platform::store::{pref, set_pref};
use leptos::prelude::*;

/// The preferences the app shows and work reads, as signals: each setter writes the signal and
/// the store together. `Copy`; they belong to the app and outlive every session.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub idle_minutes: RwSignal<u32>,
    /// How many key listings the scan runs at once (the user can change it).
    pub scan_lanes: RwSignal<usize>,
    /// Whether the scan lists archived projects' keys too (the user can leave them out).
    pub scan_archived: RwSignal<bool>,
    /// The usage and cost window in days (the user picks 7 or 30).
    pub usage_days: RwSignal<u32>,
    /// Days without use after a keyless rule before the old keys' revoke is offered.
    pub quiet_days: RwSignal<u32>,
}

impl Prefs {
    /// This tab's stored preferences (defaults where none is stored).
    pub fn load() -> Self {
        Self {
            idle_minutes: RwSignal::new(idle_minutes()),
            scan_lanes: RwSignal::new(scan_lanes()),
            scan_archived: RwSignal::new(scan_archived()),
            usage_days: RwSignal::new(usage_days()),
            quiet_days: RwSignal::new(parse_quiet(pref("quiet_days").as_deref())),
        }
    }

    pub fn set_idle_minutes(&self, minutes: u32) {
        self.idle_minutes.set(minutes);
        store_idle_minutes(minutes);
    }

    pub fn set_scan_lanes(&self, lanes: usize) {
        self.scan_lanes.set(lanes);
        store_scan_lanes(lanes);
    }

    pub fn set_scan_archived(&self, on: bool) {
        self.scan_archived.set(on);
        store_scan_archived(on);
    }

    pub fn set_usage_days(&self, days: u32) {
        self.usage_days.set(days);
        store_usage_days(days);
    }

    pub fn set_quiet_days(&self, days: u32) {
        let days = parse_quiet(Some(&days.to_string()));
        self.quiet_days.set(days);
        set_pref("quiet_days", Some(&days.to_string()));
    }
}

/// Idle minutes before the lock a user may choose.
pub const IDLE_RANGE: std::ops::RangeInclusive<u32> = 1..=720;

fn idle_minutes() -> u32 {
    parse_idle(pref("idle_minutes").as_deref())
}

fn store_idle_minutes(minutes: u32) {
    set_pref("idle_minutes", Some(&minutes.to_string()));
}

/// Key listings the scan runs at once.
fn scan_lanes() -> usize {
    parse_lanes(pref("scan_lanes").as_deref())
}

fn store_scan_lanes(lanes: usize) {
    set_pref("scan_lanes", Some(&lanes.to_string()));
}

/// Whether the scan lists archived projects' keys too.
fn scan_archived() -> bool {
    pref("scan_archived").as_deref() != Some("no")
}

fn store_scan_archived(on: bool) {
    set_pref("scan_archived", Some(if on { "yes" } else { "no" }));
}

/// The usage and cost window, in days.
fn usage_days() -> u32 {
    parse_window(pref("usage_days").as_deref())
}

fn store_usage_days(days: u32) {
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

fn parse_quiet(text: Option<&str>) -> u32 {
    text.and_then(|d| d.parse().ok())
        .filter(|d| QUIET_RANGE.contains(d))
        .unwrap_or(QUIET_DAYS)
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
        assert_eq!(parse_quiet(Some("30")), 30);
        assert_eq!(parse_quiet(Some("0")), QUIET_DAYS);
        assert_eq!(parse_quiet(Some("-3")), QUIET_DAYS);
    }
}

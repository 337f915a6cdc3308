//! The table's filters that are more than a field: dates against now, permissions, findings.

use crate::logic::findings::{Finding, Findings};
use crate::logic::keys::DAY;
use crate::logic::permissions::Permission;

/// A date filter; what "within" and "over" mean depends on the column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFilter {
    /// Created / used in the last N days; expires in the next N days.
    Within(u32),
    /// Created / last used more than N days ago.
    Over(u32),
    /// Never used; never expires.
    Never,
    /// Expired already.
    Expired,
}

impl DateFilter {
    pub fn id(self) -> String {
        match self {
            DateFilter::Within(n) => n.to_string(),
            DateFilter::Over(n) => format!("over-{n}"),
            DateFilter::Never => "never".into(),
            DateFilter::Expired => "expired".into(),
        }
    }
    pub fn from_id(id: &str) -> Option<Self> {
        match id {
            "never" => Some(DateFilter::Never),
            "expired" => Some(DateFilter::Expired),
            _ => match id.strip_prefix("over-") {
                Some(n) => n.parse().ok().map(DateFilter::Over),
                None => id.parse().ok().map(DateFilter::Within),
            },
        }
    }
}

/// The choices each date column offers, with their labels.
pub fn created_choices() -> Vec<(DateFilter, &'static str)> {
    vec![
        (DateFilter::Within(7), "Created in the last 7 days"),
        (DateFilter::Within(30), "Created in the last 30 days"),
        (DateFilter::Over(90), "Created over 90 days ago"),
        (DateFilter::Over(365), "Created over a year ago"),
    ]
}
pub fn used_choices() -> Vec<(DateFilter, &'static str)> {
    vec![
        (DateFilter::Within(7), "Used in the last 7 days"),
        (DateFilter::Within(30), "Used in the last 30 days"),
        (DateFilter::Over(30), "Last used over 30 days ago"),
        (DateFilter::Over(90), "Last used over 90 days ago"),
        (DateFilter::Never, "Never used"),
    ]
}
pub fn expiry_choices() -> Vec<(DateFilter, &'static str)> {
    vec![
        (DateFilter::Within(30), "Expires in the next 30 days"),
        (DateFilter::Expired, "Expired"),
        (DateFilter::Never, "Never expires"),
    ]
}

/// Keys with these permissions, or those the audit log no longer tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermissionFilter {
    Is(Permission),
    Unknown,
}

impl PermissionFilter {
    pub fn id(self) -> &'static str {
        match self {
            PermissionFilter::Is(p) => p.id(),
            PermissionFilter::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        if id == "unknown" {
            return Some(PermissionFilter::Unknown);
        }
        Permission::from_id(id).map(PermissionFilter::Is)
    }

    /// Every choice, for the filter's options.
    pub fn choices() -> impl Iterator<Item = (PermissionFilter, &'static str)> {
        Permission::ALL
            .into_iter()
            .map(|p| (PermissionFilter::Is(p), p.name()))
            .chain([(
                PermissionFilter::Unknown,
                "Unknown (older than the audit log)",
            )])
    }

    pub(super) fn keep(self, known: Option<Permission>) -> bool {
        match self {
            PermissionFilter::Is(p) => known == Some(p),
            PermissionFilter::Unknown => known.is_none(),
        }
    }
}

/// One finding, or any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingFilter {
    Any,
    Only(Finding),
}

impl FindingFilter {
    pub fn id(self) -> &'static str {
        match self {
            FindingFilter::Any => "attention",
            FindingFilter::Only(f) => f.id(),
        }
    }
    pub fn from_id(id: &str) -> Option<Self> {
        if id == "attention" {
            return Some(FindingFilter::Any);
        }
        Finding::from_id(id).map(FindingFilter::Only)
    }
    pub(super) fn keep(self, f: Findings) -> bool {
        match self {
            FindingFilter::Any => !f.is_empty(),
            FindingFilter::Only(one) => f.has(one),
        }
    }
}

pub(super) fn date_keep(filter: Option<DateFilter>, at: Option<i64>, past: bool, now: i64) -> bool {
    let Some(filter) = filter else { return true };
    let days = |n: u32| i64::from(n) * DAY;
    match (filter, at) {
        (DateFilter::Never, at) => at.is_none(),
        (DateFilter::Expired, Some(t)) => t <= now,
        (DateFilter::Within(n), Some(t)) if past => now - t < days(n),
        (DateFilter::Within(n), Some(t)) => t > now && t - now <= days(n),
        (DateFilter::Over(n), Some(t)) => now - t >= days(n),
        _ => false,
    }
}

//! The written policy: thresholds, the guard rails required, a severity per check, and checks
//! switched off with a stated reason. A versioned JSON document with a published schema
//! (`policy.schema.json`), read by `document`.

use super::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version this Keyward reads and writes.
pub const VERSION: u32 = 1;

/// The schema, published with the app (and offered for download on the Review page).
pub const SCHEMA: &str = include_str!("policy.schema.json");

/// Day counts a policy may set.
pub const DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub version: u32,
    /// A project key older than this fails "older than the maximum age".
    #[serde(default = "defaults::max_key_age_days")]
    pub max_key_age_days: u32,
    /// A key unused this long fails "unused" (the key tables' stale threshold too).
    #[serde(default = "defaults::unused_days")]
    pub unused_days: u32,
    #[serde(default = "defaults::max_owners")]
    pub max_owners: u32,
    #[serde(default = "defaults::max_admin_keys")]
    pub max_admin_keys: u32,
    #[serde(default = "defaults::yes")]
    pub require_spend_limit: bool,
    #[serde(default = "defaults::yes")]
    pub require_model_policy: bool,
    /// A severity other than the check's own, by check ID.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Checks switched off, by ID, each with its reason.
    #[serde(default)]
    pub off: BTreeMap<String, String>,
}

mod defaults {
    pub fn max_key_age_days() -> u32 {
        365
    }
    pub fn unused_days() -> u32 {
        90
    }
    pub fn max_owners() -> u32 {
        3
    }
    pub fn max_admin_keys() -> u32 {
        5
    }
    pub fn yes() -> bool {
        true
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            version: VERSION,
            max_key_age_days: defaults::max_key_age_days(),
            unused_days: defaults::unused_days(),
            max_owners: defaults::max_owners(),
            max_admin_keys: defaults::max_admin_keys(),
            require_spend_limit: true,
            require_model_policy: true,
            severity: BTreeMap::new(),
            off: BTreeMap::new(),
        }
    }
}

impl Policy {
    /// The document, as exported and kept.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The check's severity under this policy.
    pub fn severity_of(&self, id: &str, own: Severity) -> Severity {
        self.severity.get(id).copied().unwrap_or(own)
    }
}

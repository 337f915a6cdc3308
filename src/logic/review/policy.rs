//! The written policy: thresholds, the guard rails required, a severity per check, and checks
//! switched off with a stated reason. A versioned JSON document with a published schema
//! (`policy.schema.json`); a document that is not valid, or from a newer version, is refused
//! with its line and the reason, and the current policy stays as it was.

use super::Severity;
use super::checks::CHECKS;
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

/// Why a document was refused, and on which line (1-based) when one is to blame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "Line {l}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// The line of the first place `needle` is written in `text`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() + 1)
}

impl Policy {
    /// Reads a document; refuses it whole, with the line and the reason.
    pub fn parse(text: &str) -> Result<Self, Refusal> {
        let refuse = |line, reason: String| Err(Refusal { line, reason });
        // The version first: a newer document is refused as such, not for its new fields.
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => return refuse(Some(e.line()), format!("not valid JSON: {}", plain(&e))),
        };
        match value.get("version").map(|v| v.as_u64()) {
            None => return refuse(None, "\"version\" is missing: write \"version\": 1.".into()),
            Some(Some(v)) if v > u64::from(VERSION) => {
                return refuse(
                    line_of(text, "\"version\""),
                    format!(
                        "version {v} is newer than this Keyward reads ({VERSION}): update Keyward."
                    ),
                );
            }
            Some(Some(v)) if v >= 1 => {}
            Some(_) => {
                return refuse(
                    line_of(text, "\"version\""),
                    "\"version\" must be 1.".into(),
                );
            }
        }
        let policy: Policy = match serde_json::from_str(text) {
            Ok(p) => p,
            Err(e) => return refuse(Some(e.line()), plain(&e)),
        };
        for (name, days) in [
            ("max_key_age_days", policy.max_key_age_days),
            ("unused_days", policy.unused_days),
        ] {
            if !DAYS.contains(&days) {
                return refuse(
                    line_of(text, &format!("\"{name}\"")),
                    format!(
                        "\"{name}\" must be from {} to {} days.",
                        DAYS.start(),
                        DAYS.end()
                    ),
                );
            }
        }
        for id in policy.severity.keys().chain(policy.off.keys()) {
            if !CHECKS.iter().any(|c| c.id == id) {
                return refuse(
                    line_of(text, &format!("\"{id}\"")),
                    format!("there is no check \"{id}\"."),
                );
            }
        }
        if let Some((id, _)) = policy.off.iter().find(|(_, why)| why.trim().is_empty()) {
            return refuse(
                line_of(text, &format!("\"{id}\"")),
                format!("\"{id}\" is switched off without a reason: say why."),
            );
        }
        Ok(policy)
    }

    /// The document, as exported and kept.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The check's severity under this policy.
    pub fn severity_of(&self, id: &str, own: Severity) -> Severity {
        self.severity.get(id).copied().unwrap_or(own)
    }
}

/// serde's message without its " at line N column M" (the line is said apart).
fn plain(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = s.split(" at line ").next().unwrap_or(&s).to_owned();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
        + "."
}

//! The Review as a report: what an auditor keeps (the policy in full, each check's result with
//! its failing items, what was not checked and why, the fixes run), exported as JSON; and what
//! changed since an earlier report: fixed, new and still failing, per check.

use super::policy::Policy;
use super::{Item, Outcome, Severity};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The report format's version.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub keyward_report: u32,
    /// Which organization, as far as the page can tell (the API base and its size).
    pub organization: String,
    /// UTC, ISO 8601.
    pub generated_at: String,
    pub score: Option<u32>,
    pub policy: Policy,
    pub checks: Vec<CheckReport>,
    /// The fixes run in this session, each with its tally.
    #[serde(default)]
    pub fixes: Vec<String>,
}

impl Report {
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// An earlier report, read back; refused with the reason when it is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let r: Report =
            serde_json::from_str(text).map_err(|e| format!("Not a Keyward report: {e}"))?;
        if r.keyward_report > FORMAT {
            return Err(format!(
                "This report's format ({}) is newer than this Keyward reads.",
                r.keyward_report
            ));
        }
        Ok(r)
    }
}

/// What changed for one check since an earlier report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub id: String,
    pub title: String,
    pub fixed: Vec<Item>,
    pub new: Vec<Item>,
    pub still: Vec<Item>,
}

fn failing(o: &Outcome) -> &[Item] {
    match o {
        Outcome::Fail { items } => items,
        _ => &[],
    }
}

/// Per check of `now`, what was fixed, what is new and what still fails since `before`; checks
/// with no change at all are left out.
pub fn changes(before: &Report, now: &Report) -> Vec<Change> {
    now.checks
        .iter()
        .filter_map(|c| {
            let was: &[Item] = before
                .checks
                .iter()
                .find(|b| b.id == c.id)
                .map_or(&[], |b| failing(&b.outcome));
            let is = failing(&c.outcome);
            let ids = |xs: &[Item]| xs.iter().map(|i| i.id.clone()).collect::<HashSet<_>>();
            let (was_ids, is_ids) = (ids(was), ids(is));
            let change = Change {
                id: c.id.clone(),
                title: c.title.clone(),
                fixed: was
                    .iter()
                    .filter(|i| !is_ids.contains(&i.id))
                    .cloned()
                    .collect(),
                new: is
                    .iter()
                    .filter(|i| !was_ids.contains(&i.id))
                    .cloned()
                    .collect(),
                still: is
                    .iter()
                    .filter(|i| was_ids.contains(&i.id))
                    .cloned()
                    .collect(),
            };
            (!(change.fixed.is_empty() && change.new.is_empty() && change.still.is_empty()))
                .then_some(change)
        })
        .collect()
}

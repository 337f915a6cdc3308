//! One guard rail applied to many projects, as a reviewed job: the change, every project with
//! its current value → the new one, and each project's outcome. Only what the API proved is
//! counted as set; an answer that proves nothing is read back before it is reported.

use super::{RailRow, cell, limit_text, model_policy_text};
use crate::logic::usage::money;
use admin_api::types::*;
use admin_api::{ApiError, ErrorKind};

/// The guard rail to apply.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A monthly spend limit, in cents.
    Limit(i64),
    /// An alert added at this threshold (cents), to these addresses.
    Alert {
        cents: i64,
        recipients: Vec<String>,
    },
    /// A model policy: an allow list (`allow`) or a deny list.
    Models {
        allow: bool,
        ids: Vec<String>,
    },
    Tool {
        tool: HostedTool,
        on: bool,
    },
    /// A retention type (wire name).
    Retention(String),
}

impl Change {
    /// The change in words: "Spend limit $500.00 a month".
    pub fn describe(&self) -> String {
        match self {
            Self::Limit(c) => format!("Spend limit {} a month", money(*c, "usd")),
            Self::Alert { cents, recipients } => {
                format!(
                    "An alert at {} to {}",
                    money(*cents, "usd"),
                    recipients.join(", ")
                )
            }
            Self::Models { allow, ids } => {
                let verb = if *allow { "Allow only" } else { "Deny" };
                format!("{verb} {}", ids.join(", "))
            }
            Self::Tool { tool, on } => {
                format!("{} {}", tool.label(), if *on { "on" } else { "off" })
            }
            Self::Retention(r) => format!("Retention: {}", retention_label(r)),
        }
    }

    /// What the project has now, in the same words as the new value.
    pub fn current(&self, row: &RailRow) -> String {
        let r = &row.rails;
        match self {
            Self::Limit(_) => cell(&r.limit, |l| limit_text(l.as_ref())),
            Self::Alert { .. } => cell(&r.alerts, |a| format!("{} alerts", a.len())),
            Self::Models { .. } => cell(&r.models, |m| model_policy_text(m.as_ref())),
            Self::Tool { tool, .. } => cell(&r.tools, |t| {
                (if t.enabled(*tool) { "on" } else { "off" }).into()
            }),
            Self::Retention(_) => cell(&r.retention, |d| {
                retention_label(&d.retention_type).to_owned()
            }),
        }
    }

    /// The new value, in the review's words.
    pub fn new_value(&self) -> String {
        match self {
            Self::Limit(c) => money(*c, "usd"),
            Self::Alert { cents, .. } => format!("+ alert at {}", money(*cents, "usd")),
            Self::Models { allow, ids } => model_policy_text(Some(&policy(*allow, ids))),
            Self::Tool { on, .. } => (if *on { "on" } else { "off" }).into(),
            Self::Retention(r) => retention_label(r).to_owned(),
        }
    }

    /// Whether what was read back shows the change made (for an answer that proved nothing).
    /// An alert can't be told apart from one made before, so it is never assumed.
    pub fn is_in_place(&self, rails: &super::ProjectRails) -> bool {
        match self {
            Self::Limit(c) => matches!(&rails.limit, Some(Ok(Some(l))) if l.threshold_amount == *c),
            Self::Alert { .. } => false,
            Self::Models { allow, ids } => {
                matches!(&rails.models, Some(Ok(Some(p))) if p.is_allow_list() == *allow && p.model_ids == *ids)
            }
            Self::Tool { tool, on } => {
                matches!(&rails.tools, Some(Ok(t)) if t.enabled(*tool) == *on)
            }
            Self::Retention(r) => matches!(&rails.retention, Some(Ok(d)) if d.retention_type == *r),
        }
    }
}

/// The policy a [`Change::Models`] sends.
pub fn policy(allow: bool, ids: &[String]) -> ModelPermissions {
    ModelPermissions {
        object: String::new(),
        mode: if allow { "allow_list" } else { "deny_list" }.into(),
        model_ids: ids.to_vec(),
    }
}

/// Where one project stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Waiting,
    /// Its one write is on its way.
    InFlight,
    Set,
    /// The API refused it (its reason): nothing changed.
    Refused(String),
    /// No answer proved anything, and reading back did not show it: it may or may not be set.
    Unknown(String),
    /// The run stopped before its turn: nothing was sent.
    NotAttempted,
}

impl Outcome {
    pub fn describe(&self) -> String {
        match self {
            Self::Waiting => "Waiting.".into(),
            Self::InFlight => "Sending…".into(),
            Self::Set => "Set.".into(),
            Self::Refused(why) => format!("Refused, nothing changed: {why}"),
            Self::Unknown(why) => format!("Unknown: it may or may not be set ({why})."),
            Self::NotAttempted => "Not attempted: the run stopped before this project.".into(),
        }
    }

    /// For the outcome list's colours (the same classes as a revoke's).
    pub fn tone(&self) -> &'static str {
        match self {
            Self::Set => "ok",
            Self::Waiting | Self::InFlight => "open",
            _ => "bad",
        }
    }
}

/// What an error says about a write: refused (the API answered no) or unknown.
pub fn outcome_of(e: &ApiError) -> Outcome {
    match e.kind {
        ErrorKind::BadRequest
        | ErrorKind::NotFound
        | ErrorKind::MissingPermission
        | ErrorKind::InvalidKey
        | ErrorKind::Conflict
        | ErrorKind::InvalidId
        | ErrorKind::Stopped => Outcome::Refused(e.message.clone()),
        _ => Outcome::Unknown(e.summary()),
    }
}

/// One project of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub project_id: String,
    pub project_name: String,
    /// Its value when the user reviewed it.
    pub before: String,
    pub outcome: Outcome,
}

/// A run: the change and every project's line, in the reviewed order.
#[derive(Clone, Debug, PartialEq)]
pub struct Apply {
    pub change: Change,
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplyCounts {
    pub set: usize,
    pub refused: usize,
    pub unknown: usize,
    pub not_attempted: usize,
    pub open: usize,
}

impl Apply {
    /// The review: every chosen row with its current value.
    pub fn plan(change: Change, rows: &[&RailRow]) -> Self {
        let lines = rows
            .iter()
            .map(|r| Line {
                project_id: r.project.id.clone(),
                project_name: r.project.display_name().to_owned(),
                before: change.current(r),
                outcome: Outcome::Waiting,
            })
            .collect();
        Self { change, lines }
    }

    pub fn set(&mut self, i: usize, outcome: Outcome) {
        if let Some(l) = self.lines.get_mut(i) {
            l.outcome = outcome;
        }
    }

    /// The run is over: what never got its turn was not attempted; a write cut in flight is
    /// unknown, never guessed.
    pub fn close(&mut self) {
        for l in &mut self.lines {
            match l.outcome {
                Outcome::Waiting => l.outcome = Outcome::NotAttempted,
                Outcome::InFlight => {
                    l.outcome =
                        Outcome::Unknown("The run ended while this write was on its way.".into())
                }
                _ => {}
            }
        }
    }

    pub fn counts(&self) -> ApplyCounts {
        let mut c = ApplyCounts::default();
        for l in &self.lines {
            match l.outcome {
                Outcome::Set => c.set += 1,
                Outcome::Refused(_) => c.refused += 1,
                Outcome::Unknown(_) => c.unknown += 1,
                Outcome::NotAttempted => c.not_attempted += 1,
                Outcome::Waiting | Outcome::InFlight => c.open += 1,
            }
        }
        c
    }

    /// A new run of the projects not set (refused, unknown, not attempted), for Retry.
    pub fn rest(&self) -> Option<Self> {
        let lines: Vec<Line> = self
            .lines
            .iter()
            .filter(|l| {
                !matches!(
                    l.outcome,
                    Outcome::Set | Outcome::Waiting | Outcome::InFlight
                )
            })
            .map(|l| Line {
                outcome: Outcome::Waiting,
                ..l.clone()
            })
            .collect();
        (!lines.is_empty()).then(|| Self {
            change: self.change.clone(),
            lines,
        })
    }

    /// The run in one sentence.
    pub fn headline(&self) -> String {
        let c = self.counts();
        let mut parts = vec![format!("{} of {} set", c.set, self.lines.len())];
        if c.refused > 0 {
            parts.push(format!("{} refused", c.refused));
        }
        if c.unknown > 0 {
            parts.push(format!("{} unknown", c.unknown));
        }
        if c.not_attempted > 0 {
            parts.push(format!("{} not attempted", c.not_attempted));
        }
        format!("{}: {}.", self.change.describe(), parts.join(", "))
    }
}

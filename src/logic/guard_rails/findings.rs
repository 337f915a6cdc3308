//! What needs attention in a project's guard rails. Each finding's count filters the table.

use super::RailRow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RailFinding {
    /// No spend limit: a leaked key can spend without end.
    NoLimit,
    /// Every model may be called.
    NoModelPolicy,
    /// Spend is past 80 % of the limit, not yet at it.
    Past80,
    /// The limit is reached: the project's requests are refused.
    Stopped,
    /// An alert at or above the limit can never fire before spending stops.
    AlertNeverFires,
    /// The project's limit is above the organization's.
    AboveOrg,
}

impl RailFinding {
    pub const ALL: [RailFinding; 6] = [
        Self::Stopped,
        Self::Past80,
        Self::NoLimit,
        Self::AlertNeverFires,
        Self::AboveOrg,
        Self::NoModelPolicy,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::NoLimit => "No spend limit",
            Self::NoModelPolicy => "No model policy",
            Self::Past80 => "Past 80 % of the limit",
            Self::Stopped => "Limit reached",
            Self::AlertNeverFires => "Alert at or above the limit",
            Self::AboveOrg => "Above the organization's limit",
        }
    }

    /// Why it matters, in a sentence.
    pub fn why(self) -> &'static str {
        match self {
            Self::NoLimit => "A leaked or runaway key can spend without end.",
            Self::NoModelPolicy => "Its keys may call every model, the most expensive too.",
            Self::Past80 => "Requests will be refused once the limit is reached.",
            Self::Stopped => "Spending is stopped: the project's requests are refused this month.",
            Self::AlertNeverFires => "Spending stops before such an alert can be sent.",
            Self::AboveOrg => "The organization's lower limit stops spending first.",
        }
    }

    /// For the hash and `data-testid`s.
    pub fn id(self) -> &'static str {
        match self {
            Self::NoLimit => "no-limit",
            Self::NoModelPolicy => "no-model-policy",
            Self::Past80 => "past-80",
            Self::Stopped => "stopped",
            Self::AlertNeverFires => "alert-never-fires",
            Self::AboveOrg => "above-org",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// A row's findings, in [`RailFinding::ALL`] order; only what was read can be found.
pub fn of(row: &RailRow, org_limit: Option<i64>) -> Vec<RailFinding> {
    let limit = row.limit().map(|l| l.threshold_amount);
    let stopped = row.is_stopped();
    RailFinding::ALL
        .into_iter()
        .filter(|f| match f {
            RailFinding::Stopped => stopped,
            RailFinding::Past80 => !stopped && row.used_percent().is_some_and(|p| p >= 80),
            RailFinding::NoLimit => row.has_no_limit(),
            RailFinding::AlertNeverFires => limit.is_some_and(|l| {
                row.alerts()
                    .is_some_and(|a| a.iter().any(|a| a.threshold_amount >= l))
            }),
            RailFinding::AboveOrg => matches!((limit, org_limit), (Some(p), Some(o)) if p > o),
            RailFinding::NoModelPolicy => row
                .models()
                .is_some_and(|m| m.is_none_or(|p| p.allows_every_model())),
        })
        .collect()
}

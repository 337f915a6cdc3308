//! Every project's guard rails side by side: what each may spend (limit, alerts), call (models,
//! hosted tools) and keep (retention), with month-to-date spend, the findings, and the table's
//! sort, filters and hash. Plain data and functions, natively tested.

pub mod bulk;
pub mod export;
pub mod findings;
pub mod input;
pub mod ranges;
pub mod table;
#[cfg(test)]
mod tests;

use crate::logic::usage::money;
use admin_api::types::*;

/// One read of one guard rail: not read yet (`None`), read, or unreadable with a plain note
/// (the key lacks the scope, the API failed) shown where the value would be.
pub type Slot<T> = Option<Result<T, String>>;

/// A project's guard rails as far as they were read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectRails {
    pub limit: Slot<Option<SpendLimit>>,
    pub alerts: Slot<Vec<SpendAlert>>,
    pub models: Slot<Option<ModelPermissions>>,
    pub tools: Slot<HostedToolPermissions>,
    pub retention: Slot<DataRetention>,
    pub tiers: Slot<ServiceTierSettings>,
}

/// The organization's own: limit, alerts, retention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrgRails {
    pub limit: Slot<Option<SpendLimit>>,
    pub alerts: Slot<Vec<SpendAlert>>,
    pub retention: Slot<DataRetention>,
}

impl OrgRails {
    pub fn limit_cents(&self) -> Option<i64> {
        match &self.limit {
            Some(Ok(Some(l))) => Some(l.threshold_amount),
            _ => None,
        }
    }
}

/// One project's row: the project, its spend this month and its guard rails.
#[derive(Clone, Debug, PartialEq)]
pub struct RailRow {
    pub project: Project,
    /// Month-to-date spend in cents; `None` while unknown (costs not read, or unreadable).
    pub spent: Option<i64>,
    pub rails: ProjectRails,
}

/// A policy in a few words: "any model", "allow 3", "deny 2".
pub fn model_policy_text(policy: Option<&ModelPermissions>) -> String {
    match policy {
        None => "any model".into(),
        Some(p) if p.allows_every_model() => "any model".into(),
        Some(p) if p.is_allow_list() => format!("allow {}", p.model_ids.len()),
        Some(p) => format!("deny {}", p.model_ids.len()),
    }
}

impl RailRow {
    pub fn limit(&self) -> Option<&SpendLimit> {
        match &self.rails.limit {
            Some(Ok(Some(l))) => Some(l),
            _ => None,
        }
    }

    /// True when the limit was read and there is none.
    pub fn has_no_limit(&self) -> bool {
        matches!(self.rails.limit, Some(Ok(None)))
    }

    /// Spend as a whole percentage of the limit (rounded down), when both are known.
    pub fn used_percent(&self) -> Option<i64> {
        let limit = self.limit()?.threshold_amount;
        let spent = self.spent?;
        (limit > 0).then(|| spent.saturating_mul(100) / limit)
    }

    /// Spending is stopped: the API says the limit enforces, or the spend reached it.
    pub fn is_stopped(&self) -> bool {
        self.limit().is_some_and(|l| {
            l.enforcement.is_enforcing() || self.spent.is_some_and(|s| s >= l.threshold_amount)
        })
    }

    pub fn alerts(&self) -> Option<&[SpendAlert]> {
        match &self.rails.alerts {
            Some(Ok(a)) => Some(a),
            _ => None,
        }
    }

    pub fn lowest_alert(&self) -> Option<i64> {
        self.alerts()?.iter().map(|a| a.threshold_amount).min()
    }

    pub fn models(&self) -> Option<Option<&ModelPermissions>> {
        match &self.rails.models {
            Some(Ok(m)) => Some(m.as_ref()),
            _ => None,
        }
    }

    pub fn tools_off(&self) -> Option<Vec<HostedTool>> {
        match &self.rails.tools {
            Some(Ok(t)) => Some(t.off()),
            _ => None,
        }
    }

    pub fn retention(&self) -> Option<&str> {
        match &self.rails.retention {
            Some(Ok(r)) => Some(&r.retention_type),
            _ => None,
        }
    }

    pub fn tiers(&self) -> Option<String> {
        match &self.rails.tiers {
            Some(Ok(t)) => Some(format!("{} · {}", t.default, t.enabled_tiers.describe())),
            _ => None,
        }
    }
}

/// What a cell shows for a slot: its value's words, "…" while unread, or its note.
pub fn cell<T>(slot: &Slot<T>, show: impl FnOnce(&T) -> String) -> String {
    match slot {
        None => "…".into(),
        Some(Ok(v)) => show(v),
        Some(Err(note)) => note.clone(),
    }
}

/// "$1,250.00", or "none".
pub fn limit_text(limit: Option<&SpendLimit>) -> String {
    limit.map_or_else(|| "none".into(), |l| money(l.threshold_amount, "usd"))
}

/// Where things sit on the spend bar, in percent of its width: the bar spans the larger of the
/// limit and the spend (plus room for alerts above the limit), so every mark fits.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub spent: f64,
    pub limit: Option<f64>,
    pub alerts: Vec<f64>,
}

pub fn bar(spent: i64, limit: Option<i64>, alerts: &[i64]) -> Bar {
    let top = alerts
        .iter()
        .copied()
        .chain(limit)
        .chain([spent, 1])
        .max()
        .unwrap_or(1) as f64;
    let at = |c: i64| (c.max(0) as f64 / top * 100.0).clamp(0.0, 100.0);
    Bar {
        spent: at(spent),
        limit: limit.map(at),
        alerts: alerts.iter().map(|a| at(*a)).collect(),
    }
}

/// The bar in words, for screen readers and for anyone who prefers them.
pub fn bar_words(spent: i64, limit: Option<i64>, alerts: &[i64]) -> String {
    let mut out = format!("{} spent this month", money(spent, "usd"));
    match limit {
        Some(l) if l > 0 => out.push_str(&format!(
            " of a {} limit ({} %)",
            money(l, "usd"),
            spent.saturating_mul(100) / l
        )),
        _ => out.push_str(", no limit"),
    }
    if !alerts.is_empty() {
        let list: Vec<String> = alerts.iter().map(|a| money(*a, "usd")).collect();
        out.push_str(&format!("; alerts at {}", list.join(", ")));
    }
    out.push('.');
    out
}

/// Every project's guard rails as the session has read them.
#[derive(Clone, Debug, Default)]
pub struct GuardState {
    pub org: OrgRails,
    /// One row per project, in the API's order.
    pub rows: Vec<RailRow>,
    /// The organization's month-to-date spend in cents, or why it is unknown; `None` until read.
    pub org_spent: Option<Result<i64, String>>,
    /// The project list could not be read: nothing else was.
    pub error: Option<admin_api::ApiError>,
    pub running: bool,
    pub loaded: bool,
    /// Projects whose guard rails were read, of all.
    pub done: usize,
}

impl GuardState {
    /// The row of a project, to update in place after a write.
    pub fn row_mut(&mut self, project_id: &str) -> Option<&mut RailRow> {
        self.rows.iter_mut().find(|r| r.project.id == project_id)
    }
}

/// What a cell says when a guard rail could not be read.
pub fn note_of(e: &admin_api::ApiError) -> String {
    match e.kind {
        admin_api::ErrorKind::MissingPermission => {
            "No access: the admin key lacks this scope".into()
        }
        _ => format!("Unreadable: {}", e.summary()),
    }
}

/// A read as a slot: its value, or its note.
pub fn slot<T>(answer: Result<T, admin_api::ApiError>) -> Slot<T> {
    Some(answer.map_err(|e| note_of(&e)))
}

//! The Spend & limits table: sort on every column, a filter on every column (text, ranges,
//! policies), findings, archived projects, and their hash query
//! (`#/spend?finding=stopped&used=80-&sort=used&dir=desc`).

use super::findings::{self, RailFinding};
use super::ranges::{Range, RangeColumn};
use super::{RailRow, model_policy_text};
use crate::logic::fold::fold;
use admin_api::path::{component, decode};
use admin_api::types::{
    DEFAULT_TIERS, HostedTool, OPTIONAL_TIERS, RETENTION_TYPES, retention_label,
};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RailSort {
    #[default]
    Name,
    Spend,
    Limit,
    Used,
    Alerts,
    Models,
    Tools,
    Retention,
    Tiers,
}

impl RailSort {
    pub const ALL: [RailSort; 9] = [
        Self::Name,
        Self::Spend,
        Self::Limit,
        Self::Used,
        Self::Alerts,
        Self::Models,
        Self::Tools,
        Self::Retention,
        Self::Tiers,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Spend => "spend",
            Self::Limit => "limit",
            Self::Used => "used",
            Self::Alerts => "alerts",
            Self::Models => "models",
            Self::Tools => "tools",
            Self::Retention => "retention",
            Self::Tiers => "tiers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Project",
            Self::Spend => "Spend this month",
            Self::Limit => "Limit",
            Self::Used => "Used",
            Self::Alerts => "Alerts",
            Self::Models => "Models",
            Self::Tools => "Tools off",
            Self::Retention => "Retention",
            Self::Tiers => "Service tiers",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Numbers read best largest first; words A to Z.
    pub fn default_descending(self) -> bool {
        matches!(
            self,
            Self::Spend | Self::Limit | Self::Used | Self::Alerts | Self::Tools
        )
    }
}

/// A filter on the model-policy column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelsFilter {
    /// No policy (or an empty deny list): every model.
    Any,
    Allow,
    Deny,
}

impl ModelsFilter {
    pub const ALL: [ModelsFilter; 3] = [Self::Any, Self::Allow, Self::Deny];

    pub fn id(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Allow => "allow",
            Self::Deny => "deny",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Any => "Any model",
            Self::Allow => "An allow list",
            Self::Deny => "A deny list",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    fn keeps(self, row: &RailRow) -> bool {
        match row.models() {
            None => false,
            Some(p) => match (self, p) {
                (Self::Any, None) => true,
                (Self::Any, Some(p)) => p.allows_every_model(),
                (Self::Allow, Some(p)) => p.is_allow_list(),
                (Self::Deny, Some(p)) => !p.is_allow_list() && !p.allows_every_model(),
                _ => false,
            },
        }
    }
}

/// What the table shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RailQuery {
    pub text: String,
    pub finding: Option<RailFinding>,
    /// Column filters: the model policy, a hosted tool that is off, a retention (wire name).
    pub models: Option<ModelsFilter>,
    pub tool_off: Option<HostedTool>,
    pub retention: Option<&'static str>,
    /// Service tiers: the default tier, and an optional tier requests may ask for.
    pub tier_default: Option<&'static str>,
    pub tier_on: Option<&'static str>,
    /// Bounds on spend, limit, used and alerts, in `RangeColumn::ALL` order.
    pub ranges: [Range; 4],
    pub archived: bool,
    pub sort: RailSort,
    pub descending: bool,
}

impl RailQuery {
    /// The rows it keeps, as indexes into `rows`, in its order. Unknown values sort last.
    pub fn select(&self, rows: &[RailRow], org_limit: Option<i64>) -> Vec<usize> {
        let needle = fold(self.text.trim());
        let mut out: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                (self.archived || !r.project.is_archived())
                    && (needle.is_empty()
                        || fold(r.project.display_name()).contains(&needle)
                        || r.project.id.to_ascii_lowercase().contains(&needle))
                    && self
                        .finding
                        .is_none_or(|f| findings::of(r, org_limit).contains(&f))
                    && self.models.is_none_or(|m| m.keeps(r))
                    && self
                        .tool_off
                        .is_none_or(|t| r.tools_off().is_some_and(|off| off.contains(&t)))
                    && self
                        .retention
                        .is_none_or(|want| r.retention() == Some(want))
                    && self.keeps_tiers(r)
                    && RangeColumn::ALL
                        .iter()
                        .zip(self.ranges)
                        .all(|(col, range)| range.keeps(col.value(r)))
            })
            .collect();
        out.sort_by(|&a, &b| {
            let (a, b) = (&rows[a], &rows[b]);
            let by = match self.sort {
                RailSort::Name => {
                    Cmp::Known(fold(a.project.display_name()).cmp(&fold(b.project.display_name())))
                }
                RailSort::Spend => known(a.spent, b.spent),
                RailSort::Limit => known(
                    a.limit().map(|l| l.threshold_amount),
                    b.limit().map(|l| l.threshold_amount),
                ),
                RailSort::Used => known(a.used_percent(), b.used_percent()),
                RailSort::Alerts => known(a.alerts().map(<[_]>::len), b.alerts().map(<[_]>::len)),
                RailSort::Models => known(
                    a.models().map(model_policy_text),
                    b.models().map(model_policy_text),
                ),
                RailSort::Tools => known(
                    a.tools_off().map(|t| t.len()),
                    b.tools_off().map(|t| t.len()),
                ),
                RailSort::Retention => known(
                    a.retention().map(retention_label),
                    b.retention().map(retention_label),
                ),
                RailSort::Tiers => known(a.tiers(), b.tiers()),
            };
            let ord = match by {
                Cmp::Known(o) if self.descending => o.reverse(),
                Cmp::Known(o) | Cmp::UnknownLast(o) => o,
            };
            ord.then_with(|| a.project.id.cmp(&b.project.id))
        });
        out
    }

    pub fn range(&self, col: RangeColumn) -> Range {
        self.ranges[col as usize]
    }

    pub fn range_mut(&mut self, col: RangeColumn) -> &mut Range {
        &mut self.ranges[col as usize]
    }

    fn keeps_tiers(&self, r: &RailRow) -> bool {
        if self.tier_default.is_none() && self.tier_on.is_none() {
            return true;
        }
        let Some(Ok(t)) = &r.rails.tiers else {
            return false;
        };
        self.tier_default.is_none_or(|d| t.default == d)
            && self.tier_on.is_none_or(|on| t.enabled_tiers.allows(on))
    }

    /// The hash query; defaults are left out.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if let Some(f) = self.finding {
            pairs.push(("finding", f.id().into()));
        }
        if let Some(m) = self.models {
            pairs.push(("models", m.id().into()));
        }
        if let Some(t) = self.tool_off {
            pairs.push(("tool_off", t.wire().into()));
        }
        if let Some(r) = self.retention {
            pairs.push(("retention", r.into()));
        }
        if let Some(t) = self.tier_default {
            pairs.push(("tier", t.into()));
        }
        if let Some(t) = self.tier_on {
            pairs.push(("tier_on", t.into()));
        }
        for (col, range) in RangeColumn::ALL.iter().zip(self.ranges) {
            if !range.is_open() {
                pairs.push((col.id(), range.to_query(*col)));
            }
        }
        if self.archived {
            pairs.push(("archived", "1".into()));
        }
        if self.sort != RailSort::Name {
            pairs.push(("sort", self.sort.id().into()));
        }
        if self.descending != self.sort.default_descending() {
            pairs.push(("dir", if self.descending { "desc" } else { "asc" }.into()));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", component(v)))
            .collect();
        format!("?{}", body.join("&"))
    }

    /// The query a hash asks for; anything unknown is ignored.
    pub fn from_hash(hash: &str) -> Self {
        let mut q = Self::default();
        let Some((_, query)) = hash.split_once('?') else {
            return q;
        };
        let mut dir = None;
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            match k {
                "q" => q.text = v.chars().take(200).collect(),
                "finding" => q.finding = RailFinding::from_id(&v),
                "archived" => q.archived = v == "1",
                "models" => q.models = ModelsFilter::from_id(&v),
                "tool_off" => q.tool_off = HostedTool::from_wire(&v),
                // Only a type the API has: a link can't put other text in the view.
                "retention" => {
                    q.retention = RETENTION_TYPES
                        .iter()
                        .find(|(w, _)| *w == v)
                        .map(|(w, _)| *w)
                }
                "tier" => q.tier_default = DEFAULT_TIERS.into_iter().find(|t| *t == v),
                "tier_on" => q.tier_on = OPTIONAL_TIERS.into_iter().find(|t| *t == v),
                "spend" | "limit" | "used" | "alerts" => {
                    if let Some(col) = RangeColumn::ALL.into_iter().find(|c| c.id() == k) {
                        *q.range_mut(col) = Range::from_query(col, &v);
                    }
                }
                "sort" => q.sort = RailSort::from_id(&v).unwrap_or_default(),
                "dir" => dir = Some(v == "desc"),
                _ => {}
            }
        }
        q.descending = dir.unwrap_or(q.sort.default_descending());
        q
    }
}

/// How two cells compare: both known (the direction applies), or one unknown (it goes last
/// whichever the direction).
enum Cmp {
    Known(Ordering),
    UnknownLast(Ordering),
}

fn known<T: Ord>(a: Option<T>, b: Option<T>) -> Cmp {
    match (a, b) {
        (Some(a), Some(b)) => Cmp::Known(a.cmp(&b)),
        (None, None) => Cmp::Known(Ordering::Equal),
        (Some(_), None) => Cmp::UnknownLast(Ordering::Less),
        (None, Some(_)) => Cmp::UnknownLast(Ordering::Greater),
    }
}

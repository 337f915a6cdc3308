//! Range filters on the table's number columns (spend, limit, used, alerts): bounds typed as
//! the column shows them, kept in the hash as `spend=10-250.50`.

use super::RailRow;
use crate::logic::money::{MoneyError, parse_dollars};

/// A number column that filters by range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeColumn {
    Spend,
    Limit,
    Used,
    Alerts,
}

impl RangeColumn {
    pub const ALL: [RangeColumn; 4] = [Self::Spend, Self::Limit, Self::Used, Self::Alerts];

    pub fn id(self) -> &'static str {
        match self {
            Self::Spend => "spend",
            Self::Limit => "limit",
            Self::Used => "used",
            Self::Alerts => "alerts",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Spend => "Spend ($)",
            Self::Limit => "Limit ($)",
            Self::Used => "Used (%)",
            Self::Alerts => "Alerts",
        }
    }

    fn in_dollars(self) -> bool {
        matches!(self, Self::Spend | Self::Limit)
    }

    /// The row's value in the column's unit (cents for money); `None` when unknown or absent,
    /// which no range keeps.
    pub fn value(self, row: &RailRow) -> Option<i64> {
        match self {
            Self::Spend => row.spent,
            Self::Limit => row.limit().map(|l| l.threshold_amount),
            Self::Used => row.used_percent(),
            Self::Alerts => row.alerts().and_then(|a| i64::try_from(a.len()).ok()),
        }
    }

    /// A bound as typed: empty is no bound; dollars to exact cents (zero allowed), others whole.
    pub fn parse(self, text: &str) -> Result<Option<i64>, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if self.in_dollars() {
            return match parse_dollars(t) {
                Ok(c) => Ok(Some(c)),
                Err(MoneyError::NotPositive) => Ok(Some(0)),
                Err(e) => Err(e.to_string()),
            };
        }
        match t.trim_end_matches('%').trim().parse::<u32>() {
            Ok(n) if n <= 1_000_000 => Ok(Some(i64::from(n))),
            _ => Err("Type a whole number, like 80.".into()),
        }
    }

    /// A bound as the field and the hash show it: `12.5` dollars → "12.50", `1200` → "12".
    pub fn text(self, v: i64) -> String {
        if !self.in_dollars() {
            return v.to_string();
        }
        match v % 100 {
            0 => (v / 100).to_string(),
            c => format!("{}.{c:02}", v / 100),
        }
    }
}

/// Inclusive bounds; either may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl Range {
    pub fn is_open(self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    pub fn keeps(self, value: Option<i64>) -> bool {
        if self.is_open() {
            return true;
        }
        value.is_some_and(|v| self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m))
    }

    /// `min-max`, either side empty.
    pub fn to_query(self, col: RangeColumn) -> String {
        let side = |b: Option<i64>| b.map(|v| col.text(v)).unwrap_or_default();
        format!("{}-{}", side(self.min), side(self.max))
    }

    /// The range a hash value asks for; a side that doesn't parse is left open.
    pub fn from_query(col: RangeColumn, v: &str) -> Self {
        let (lo, hi) = v.split_once('-').unwrap_or((v, ""));
        Self {
            min: col.parse(lo).ok().flatten(),
            max: col.parse(hi).ok().flatten(),
        }
    }
}

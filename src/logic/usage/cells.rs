//! What a key's usage and cost cells say: the text, and the explanation shown on hover.

use super::{KeyUsage, UsageState, grouped, money, summary};

/// One cell's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Shown on hover; none when the text says it all.
    pub title: Option<String>,
}

/// What the cells say while traffic and cost are not known for a key, and the costs' currency.
/// One for the whole table: it follows the usage read, not the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// "No access", "Reading…", "Unknown" or "—".
    pub usage: &'static str,
    /// Lower-case ISO 4217.
    pub currency: String,
}

impl Unknown {
    pub fn of(state: &UsageState) -> Self {
        let usage = if state.denied.is_some() {
            "No access"
        } else if state.running {
            "Reading…"
        } else if !state.failed.is_empty() {
            "Unknown"
        } else {
            "—"
        };
        Self {
            usage,
            currency: state.currency().to_owned(),
        }
    }
}

/// The usage cell: "1.2k req · 3.4M tok" with the exact counts on hover, or why it is unknown.
pub fn usage(usage: Option<KeyUsage>, unknown: &Unknown) -> Cell {
    match usage {
        Some(u) => Cell {
            text: summary(u),
            title: Some(format!(
                "{} requests and {} tokens in the last {} days",
                grouped(u.requests.max(0) as u64),
                grouped(u.tokens.max(0) as u64),
                u.days
            )),
        },
        None => Cell {
            text: unknown.usage.into(),
            title: None,
        },
    }
}

/// The cost cell, when the cost is known (`Some` cents): the amount. Traffic known but no cost
/// means the costs grouped by key could not be read.
pub fn cost(usage: Option<KeyUsage>, unknown: &Unknown) -> Cell {
    match usage.map(|u| u.cents) {
        Some(Some(c)) => Cell {
            text: money(c, &unknown.currency),
            title: None,
        },
        Some(None) => Cell {
            text: "Unknown".into(),
            title: Some("Costs per key could not be read".into()),
        },
        None => Cell {
            text: "—".into(),
            title: None,
        },
    }
}

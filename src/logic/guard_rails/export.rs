//! The Spend & limits table as CSV and JSON: what it shows, one row per project, amounts in
//! whole cents, findings by name and by ID.

use super::findings::{self, RailFinding};
use super::{RailRow, model_policy_text};
use crate::logic::export::cell;
use serde_json::{Value, json};

const HEADER: [&str; 14] = [
    "project_id",
    "project_name",
    "project_status",
    "spent_cents",
    "limit_cents",
    "used_percent",
    "enforcing",
    "alerts",
    "lowest_alert_cents",
    "models",
    "tools_off",
    "retention",
    "service_tiers",
    "findings",
];

fn fields(r: &RailRow, org_limit: Option<i64>) -> [String; 14] {
    let opt = |v: Option<i64>| v.map_or_else(String::new, |v| v.to_string());
    let found: Vec<RailFinding> = findings::of(r, org_limit);
    [
        r.project.id.clone(),
        r.project.display_name().to_owned(),
        if r.project.is_archived() {
            "archived"
        } else {
            "active"
        }
        .into(),
        opt(r.spent),
        opt(r.limit().map(|l| l.threshold_amount)),
        opt(r.used_percent()),
        r.limit()
            .map_or_else(String::new, |_| r.is_stopped().to_string()),
        r.alerts().map_or_else(String::new, |a| a.len().to_string()),
        opt(r.lowest_alert()),
        r.models().map_or_else(String::new, model_policy_text),
        r.tools_off().map_or_else(String::new, |t| {
            t.iter().map(|t| t.wire()).collect::<Vec<_>>().join(" ")
        }),
        r.retention().unwrap_or_default().to_owned(),
        r.tiers().unwrap_or_default(),
        found.iter().map(|f| f.id()).collect::<Vec<_>>().join(" "),
    ]
}

/// RFC 4180, formulas defused (names come from the API).
pub fn to_csv(rows: &[&RailRow], org_limit: Option<i64>) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for r in rows {
        let cells: Vec<String> = fields(r, org_limit).iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The rows with the organization's limit and the month they count.
pub fn to_json(rows: &[&RailRow], org_limit: Option<i64>, month_start: i64) -> String {
    let data: Vec<Value> = rows
        .iter()
        .map(|r| {
            let f = fields(r, org_limit);
            let obj: serde_json::Map<String, Value> = HEADER
                .iter()
                .zip(f)
                .map(|(k, v)| ((*k).to_owned(), Value::String(v)))
                .collect();
            Value::Object(obj)
        })
        .collect();
    json!({
        "organization_limit_cents": org_limit,
        "month_start": month_start,
        "projects": data,
    })
    .to_string()
}

//! The key inventory as CSV or JSON.

use super::findings::{Finding, Findings, Thresholds};
use super::key_table::{KeyRow, OwnerKind};
use super::time::iso;
use admin_api::types::OwnerAccess;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub project_id: String,
    pub project_name: String,
    pub project_status: String,
    pub key_id: String,
    pub key_name: String,
    pub redacted_value: String,
    pub owner_type: String,
    pub owner_id: String,
    pub owner: String,
    pub owner_has_access: String,
    pub created: String,
    pub last_used: String,
    pub expires: String,
    /// Finding IDs, `;`-separated (`stale;owner-left`).
    pub findings: String,
}

/// One key as exported: the redacted value only (the API never gives more).
pub fn row(r: &KeyRow, findings: Findings) -> Row {
    let key = &r.key;
    Row {
        project_id: r.project_id.clone(),
        project_name: r.project_name.clone(),
        project_status: if r.archived { "archived" } else { "active" }.into(),
        key_id: key.id.clone(),
        key_name: key.name.clone(),
        redacted_value: key.redacted_value.clone(),
        owner_type: match r.owner_kind {
            OwnerKind::ServiceAccount => "service_account",
            OwnerKind::User => "user",
        }
        .into(),
        owner_id: key.owner.id().unwrap_or_default().to_owned(),
        owner: key.owner.label(),
        owner_has_access: match key.owner_project_access {
            OwnerAccess::Active => "yes",
            OwnerAccess::Inactive => "no",
            OwnerAccess::Unknown => "unknown",
        }
        .into(),
        created: iso(key.created_at),
        last_used: key.last_used_at.map(iso).unwrap_or_else(|| "never".into()),
        expires: key.expires_at.map(iso).unwrap_or_else(|| "never".into()),
        findings: findings
            .iter()
            .map(Finding::id)
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// The JSON export: when, with which thresholds, the count of each finding, then every key.
#[derive(Serialize)]
struct Document<'a> {
    generated_at: String,
    unused_days: u32,
    expiring_days: u32,
    projects: usize,
    findings: Vec<FindingCount>,
    keys: &'a [Row],
}

#[derive(Serialize)]
struct FindingCount {
    finding: &'static str,
    keys: usize,
}

const HEADER: [&str; 14] = [
    "project_id",
    "project_name",
    "project_status",
    "key_id",
    "key_name",
    "redacted_value",
    "owner_type",
    "owner_id",
    "owner",
    "owner_has_access",
    "created",
    "last_used",
    "expires",
    "findings",
];

/// RFC 4180 CSV. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
/// get a leading `'`: names come from the API and are untrusted.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for r in rows {
        let cells = [
            &r.project_id,
            &r.project_name,
            &r.project_status,
            &r.key_id,
            &r.key_name,
            &r.redacted_value,
            &r.owner_type,
            &r.owner_id,
            &r.owner,
            &r.owner_has_access,
            &r.created,
            &r.last_used,
            &r.expires,
            &r.findings,
        ];
        out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) || guarded != guarded.trim() {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

pub fn to_json(rows: &[Row], projects: usize, t: Thresholds, now: i64) -> String {
    let findings = Finding::ALL
        .iter()
        .map(|f| {
            let n = rows
                .iter()
                .filter(|r| r.findings.split(';').any(|x| x == f.id()))
                .count();
            FindingCount {
                finding: f.id(),
                keys: n,
            }
        })
        .collect();
    let doc = Document {
        generated_at: iso(now),
        unused_days: t.unused_days,
        expiring_days: t.expiring_days,
        projects,
        findings,
        keys: rows,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        let csv = to_csv(&[]);
        assert!(csv.starts_with("project_id,project_name"));
        assert!(csv.trim_end().ends_with(",findings"));
    }
}

//! The key inventory as CSV or JSON: the keys a table shows (with the filter that chose them)
//! or every key, each with its permissions, usage, cost and findings by the names the UI shows.

use super::findings::{Finding, Findings, Thresholds};
use super::key_table::{KeyRow, OwnerKind};
use super::permissions::Permission;
use super::time::iso;
use super::usage::KeyUsage;
use admin_api::types::OwnerAccess;
use serde::Serialize;

/// What an export holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    /// Every key of the inventory.
    All,
    /// The keys a table showed, in its order, and the filter that chose them.
    Shown(Filter),
}

/// A table's filter, as the export states it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Filter {
    /// The view's link query (`?finding=owner-left&sort=name`), to open it again.
    pub query: String,
    /// The filters in words ("Finding: Owner left project").
    pub description: Vec<String>,
    /// Keys in the view before filtering.
    pub of: usize,
}

/// What else is known of a key when it is exported.
#[derive(Clone, Copy, Debug, Default)]
pub struct Extra<'a> {
    pub findings: Findings,
    /// Its scopes, when the audit log told them.
    pub scopes: Option<&'a [String]>,
    /// Its traffic and cost in the usage window, when read.
    pub usage: Option<KeyUsage>,
}

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
    /// "All permissions", "Read-only", "Restricted" or "unknown".
    pub permissions: String,
    /// The scopes themselves, space-separated (empty for all permissions or unknown).
    pub scopes: String,
    /// In the usage window; empty when unknown.
    pub requests: String,
    pub tokens: String,
    /// In cents of the export's currency; empty when unknown.
    pub cost_cents: String,
    /// Finding names as the UI shows them, `; `-separated.
    pub findings: String,
    /// The same findings' stable IDs, `;`-separated (`stale;owner-left`).
    pub finding_ids: String,
}

/// One key as exported: the redacted value only (the API never gives more).
pub fn row(r: &KeyRow, extra: Extra, t: Thresholds) -> Row {
    let key = &r.key;
    let known = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    Row {
        project_id: r.project_id.to_string(),
        project_name: r.project_name.to_string(),
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
        permissions: extra
            .scopes
            .map_or("unknown", |s| Permission::of(s).name())
            .into(),
        scopes: extra.scopes.map(|s| s.join(" ")).unwrap_or_default(),
        requests: known(extra.usage.map(|u| u.requests)),
        tokens: known(extra.usage.map(|u| u.tokens)),
        cost_cents: known(extra.usage.and_then(|u| u.cents)),
        findings: extra
            .findings
            .iter()
            .map(|f| f.name(t))
            .collect::<Vec<_>>()
            .join("; "),
        finding_ids: extra
            .findings
            .iter()
            .map(Finding::id)
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// The JSON export: when, what it holds (and the filter that chose it), the thresholds, the
/// count of each finding, then every key.
#[derive(Serialize)]
struct Document<'a> {
    generated_at: String,
    /// "shown" (a table's filtered view) or "all" (every key of the inventory).
    scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<&'a Filter>,
    unused_days: u32,
    expiring_days: u32,
    usage_days: u32,
    currency: &'a str,
    projects: usize,
    findings: Vec<FindingCount>,
    keys: &'a [Row],
}

#[derive(Serialize)]
struct FindingCount {
    finding: &'static str,
    name: String,
    keys: usize,
}

const HEADER: [&str; 20] = [
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
    "permissions",
    "scopes",
    "requests",
    "tokens",
    "cost_cents",
    "findings",
    "finding_ids",
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
            &r.permissions,
            &r.scopes,
            &r.requests,
            &r.tokens,
            &r.cost_cents,
            &r.findings,
            &r.finding_ids,
        ];
        out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn cell(value: &str) -> String {
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

/// What the JSON says besides the rows.
pub struct About<'a> {
    pub scope: &'a Scope,
    pub projects: usize,
    pub thresholds: Thresholds,
    pub usage_days: u32,
    pub currency: &'a str,
    pub now: i64,
}

pub fn to_json(rows: &[Row], about: About) -> String {
    let t = about.thresholds;
    let findings = Finding::ALL
        .iter()
        .map(|f| {
            let n = rows
                .iter()
                .filter(|r| r.finding_ids.split(';').any(|x| x == f.id()))
                .count();
            FindingCount {
                finding: f.id(),
                name: f.name(t),
                keys: n,
            }
        })
        .collect();
    let (scope, filter) = match about.scope {
        Scope::All => ("all", None),
        Scope::Shown(f) => ("shown", Some(f)),
    };
    let doc = Document {
        generated_at: iso(about.now),
        scope,
        filter,
        unused_days: t.unused_days,
        expiring_days: t.expiring_days,
        usage_days: about.usage_days,
        currency: about.currency,
        projects: about.projects,
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
        assert!(csv.trim_end().ends_with(",findings,finding_ids"));
    }
}

//! A key table's state in the hash query (`#/keys?finding=stale&sort=name&sel=…`), so a view
//! can be bookmarked and shared; IDs from a link keep only the API's alphabet.

use super::{
    DateFilter, FindingFilter, LinkedIds, OwnerKind, PermissionFilter, Selection, Sort, SortKey,
    TableQuery,
};
use crate::logic::findings;
use crate::logic::usage::TrafficFilter;
use admin_api::id;
use admin_api::path::{component, decode};

/// The most keys a link's selection names; a larger selection is left out of the hash.
pub const LINKED_SELECTION: usize = 500;

/// The hash query (`?q=…&sort=…`) for a table's state; defaults are left out.
/// `unused_days`: the policy's, so the hash names the day count only when it differs.
pub fn to_query(
    q: &TableQuery,
    selected: &Selection,
    with_project: bool,
    unused_days: u32,
) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !q.text.is_empty() {
        pairs.push(("q", q.text.clone()));
    }
    if with_project && let Some(p) = &q.project {
        pairs.push(("project", p.clone()));
    }
    if let Some(k) = q.owner_kind {
        pairs.push(("owner", k.id().into()));
    }
    if let Some(f) = q.finding {
        pairs.push(("finding", f.id().into()));
    }
    if let Some(t) = q.traffic {
        pairs.push(("traffic", t.id().into()));
    }
    if let Some(p) = q.permission {
        pairs.push(("perm", p.id().into()));
    }
    for (name, f) in [
        ("created", q.created),
        ("used", q.used),
        ("expires", q.expires),
    ] {
        if let Some(f) = f {
            pairs.push((name, f.id()));
        }
    }
    if q.sort != Sort::default() {
        pairs.push(("sort", q.sort.key.id().into()));
        pairs.push(("dir", if q.sort.ascending { "asc" } else { "desc" }.into()));
    }
    if q.thresholds.unused_days != unused_days {
        pairs.push(("days", q.thresholds.unused_days.to_string()));
    }
    // A selection beyond what a link can carry stays in the view: 100,000 IDs would make an
    // address of megabytes, rewritten on every tick.
    if !selected.is_empty() && selected.len() <= LINKED_SELECTION {
        let mut ids: Vec<&str> = selected.ids().collect();
        ids.sort_unstable();
        let ids: Vec<String> = ids.into_iter().map(component).collect();
        pairs.push(("sel", ids.join(",")));
    }
    if pairs.is_empty() {
        return String::new();
    }
    let body: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| {
            // The selection's IDs are encoded one by one; its commas stay readable.
            let v = if k == "sel" { v } else { component(&v) };
            format!("{k}={v}")
        })
        .collect();
    format!("?{}", body.join("&"))
}

/// Reads a table's state from a hash (`#/keys?…`); anything unknown keeps its default.
/// `unused_days`: the policy's, the default and one of the day counts a link may name.
pub fn from_hash(hash: &str, unused_days: u32) -> (TableQuery, LinkedIds) {
    let mut q = TableQuery::default();
    q.thresholds.unused_days = unused_days;
    let mut selected = LinkedIds::default();
    let Some((_, query)) = hash.split_once('?') else {
        return (q, selected);
    };
    let mut ascending = None;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "q" => q.text = decode(v),
            "project" => q.project = Some(decode(v)).filter(|p| id::is_valid(p)),
            "owner" => q.owner_kind = OwnerKind::from_id(&decode(v)),
            "finding" => q.finding = FindingFilter::from_id(&decode(v)),
            "traffic" => q.traffic = TrafficFilter::from_id(&decode(v)),
            "perm" => q.permission = PermissionFilter::from_id(&decode(v)),
            "created" => q.created = DateFilter::from_id(&decode(v)),
            "used" => q.used = DateFilter::from_id(&decode(v)),
            "expires" => q.expires = DateFilter::from_id(&decode(v)),
            "sort" => {
                if let Some(key) = SortKey::ALL.into_iter().find(|s| s.id() == decode(v)) {
                    q.sort.key = key;
                }
            }
            "dir" => ascending = Some(v == "asc"),
            "days" => {
                if let Ok(d) = decode(v).parse::<u32>()
                    && (findings::DAY_CHOICES.contains(&d) || d == unused_days)
                {
                    q.thresholds.unused_days = d;
                }
            }
            // IDs from a link: only those in the API's alphabet are kept.
            "sel" => {
                selected = v
                    .split(',')
                    .map(decode)
                    .filter(|s| id::is_valid(s))
                    .collect()
            }
            _ => {}
        }
    }
    if let Some(a) = ascending {
        q.sort.ascending = a;
    }
    (q, selected)
}

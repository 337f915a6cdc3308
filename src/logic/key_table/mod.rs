//! The key table's model: one row per key of the inventory, the filters, sort and search a
//! view applies, and their place in the URL's hash query. Built for 100,000 keys: rows are built
//! once per project listing (`rows`), each sort's order of every row once per list of rows
//! (`order`), and a view is a list of row indices that a filter walks in row order.

use super::findings::{self, Finding, Findings, Thresholds};
use super::fold::fold;
use super::inventory::Inventory;
use super::permissions::KeyScopes;
use super::usage::{KeyUsage, TrafficFilter};
use admin_api::types::{Owner, ProjectApiKey};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Shared rows: cloning the list clones pointers, never keys.
pub type Rows = Arc<Vec<Arc<KeyRow>>>;

/// Each row's findings, in row order. Service accounts are counted over the rows given;
/// `scopes` holds the permissions the audit log told (keys missing from it are unknown).
pub fn findings_of(
    rows: &[Arc<KeyRow>],
    scopes: &KeyScopes,
    t: Thresholds,
    now: i64,
) -> Vec<Findings> {
    // The keys of one owner share one record (see `Inventory::owners`): rows are counted by
    // its address, a number to hash, and only each record's ID is hashed to add them up.
    let mut per_record: FxHashMap<*const Owner, (&str, usize)> = FxHashMap::default();
    for r in rows {
        if let Some(sa) = r.service_account_id() {
            per_record
                .entry(Arc::as_ptr(&r.key.owner))
                .or_insert((sa, 0))
                .1 += 1;
        }
    }
    let mut per_account: FxHashMap<&str, usize> = FxHashMap::default();
    for &(sa, n) in per_record.values() {
        *per_account.entry(sa).or_default() += n;
    }
    rows.iter()
        .map(|r| {
            let sa_keys = per_record
                .get(&Arc::as_ptr(&r.key.owner))
                .map_or(0, |(sa, _)| per_account.get(sa).copied().unwrap_or(0));
            let known = scopes.get(&r.key.id).map(Vec::as_slice);
            findings::of(&r.key, r.archived, sa_keys, known, t, now)
        })
        .collect()
}

/// One key's findings, as the table would show them, with what the inventory knows of its
/// project (archived?) and of its service account's other keys.
pub fn findings_in(
    inv: &Inventory,
    project_id: &str,
    key: &ProjectApiKey,
    scopes: Option<&[String]>,
    t: Thresholds,
    now: i64,
) -> Findings {
    let archived = inv
        .projects
        .iter()
        .any(|p| p.id == project_id && p.is_archived());
    let sa_keys = key.owner.service_account.as_ref().map_or(0, |sa| {
        inv.parts
            .get(project_id)
            .map_or(1, |part| part.of_service_account(&sa.id))
    });
    findings::of(key, archived, sa_keys, scopes, t, now)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Project,
    Name,
    Owner,
    Created,
    LastUsed,
    Expires,
    /// Requests in the usage window.
    Usage,
    /// Cost in the usage window.
    Cost,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Project,
        SortKey::Name,
        SortKey::Owner,
        SortKey::Created,
        SortKey::LastUsed,
        SortKey::Expires,
        SortKey::Usage,
        SortKey::Cost,
    ];
    /// True for the columns of the usage window, whose order changes with the usage.
    pub fn by_usage(self) -> bool {
        matches!(self, SortKey::Usage | SortKey::Cost)
    }
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Project => "project",
            SortKey::Name => "name",
            SortKey::Owner => "owner",
            SortKey::Created => "created",
            SortKey::LastUsed => "used",
            SortKey::Expires => "expires",
            SortKey::Usage => "usage",
            SortKey::Cost => "cost",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub ascending: bool,
}

impl Default for Sort {
    /// Most recently used first: what people look for.
    fn default() -> Self {
        Self {
            key: SortKey::LastUsed,
            ascending: false,
        }
    }
}

impl Sort {
    /// Clicking a column: the same column flips direction, another starts at its natural order.
    pub fn toggle(self, key: SortKey) -> Self {
        if self.key == key {
            Self {
                key,
                ascending: !self.ascending,
            }
        } else {
            Self::natural(key)
        }
    }

    /// A column's first order: names A to Z, figures and dates highest first.
    pub fn natural(key: SortKey) -> Self {
        Self {
            key,
            ascending: matches!(key, SortKey::Name | SortKey::Owner | SortKey::Project),
        }
    }
}

/// Everything that decides which rows a table shows, and in what order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableQuery {
    pub text: String,
    pub project: Option<String>,
    pub owner_kind: Option<OwnerKind>,
    pub finding: Option<FindingFilter>,
    pub created: Option<DateFilter>,
    pub used: Option<DateFilter>,
    pub expires: Option<DateFilter>,
    pub traffic: Option<TrafficFilter>,
    pub permission: Option<PermissionFilter>,
    pub sort: Sort,
    pub thresholds: Thresholds,
}

impl TableQuery {
    /// The filters in words, for an export of the view ("Finding: Owner left project"). The
    /// sort is left out: the rows come in the order shown.
    pub fn describe(&self, usage_days: u32) -> Vec<String> {
        let mut out = Vec::new();
        if !self.text.trim().is_empty() {
            out.push(format!("Search: {}", self.text.trim()));
        }
        if let Some(p) = &self.project {
            out.push(format!("Project: {p}"));
        }
        if let Some(k) = self.owner_kind {
            out.push(
                match k {
                    OwnerKind::User => "Owner: users' keys",
                    OwnerKind::ServiceAccount => "Owner: service accounts' keys",
                }
                .into(),
            );
        }
        match self.finding {
            Some(FindingFilter::Any) => out.push("Finding: any (needs attention)".into()),
            Some(FindingFilter::Only(f)) => {
                out.push(format!("Finding: {}", f.name(self.thresholds)))
            }
            None => {}
        }
        if let Some(p) = self.permission {
            let name = PermissionFilter::choices()
                .find(|(c, _)| *c == p)
                .map_or("", |(_, n)| n);
            out.push(format!("Permissions: {name}"));
        }
        for (value, choices) in [
            (self.created, created_choices()),
            (self.used, used_choices()),
            (self.expires, expiry_choices()),
        ] {
            if let Some((_, label)) = value.and_then(|v| choices.into_iter().find(|(c, _)| *c == v))
            {
                out.push(label.to_owned());
            }
        }
        if let Some(t) = self.traffic {
            out.push(t.label(usage_days));
        }
        out
    }

    /// The query with no finding chosen, and no sort: the findings panel counts within it.
    pub fn without_finding(&self) -> TableQuery {
        TableQuery {
            finding: None,
            sort: Sort::default(),
            ..self.clone()
        }
    }

    fn keep(&self, row: &KeyRow, findings: Findings, usage: Option<KeyUsage>, now: i64) -> bool {
        self.keep_findings(findings) && self.keep_row(row, usage, now)
    }

    /// The filters on a row's findings: at hand, while the row is a pointer away, so tested
    /// first.
    fn keep_findings(&self, findings: Findings) -> bool {
        self.finding.is_none_or(|f| f.keep(findings))
            && self
                .permission
                .is_none_or(|p| p.keep(findings.permission()))
    }

    /// True when a filter other than the findings' asks about the row itself.
    fn reads_rows(&self) -> bool {
        self.project.is_some()
            || self.owner_kind.is_some()
            || self.created.is_some()
            || self.used.is_some()
            || self.expires.is_some()
            || self.traffic.is_some()
    }

    fn keep_row(&self, row: &KeyRow, usage: Option<KeyUsage>, now: i64) -> bool {
        self.project
            .as_deref()
            .is_none_or(|p| p == &*row.project_id)
            && self.owner_kind.is_none_or(|k| k == row.owner_kind)
            && (self.created.is_none()
                || date_keep(self.created, Some(row.key.created_at), true, now))
            && (self.used.is_none() || date_keep(self.used, row.key.last_used_at, true, now))
            && (self.expires.is_none() || date_keep(self.expires, row.key.expires_at, false, now))
            && self
                .traffic
                .is_none_or(|t| t.keep(usage, row.key.last_used_at, now))
    }

    /// The indices of the rows to show, in order.
    /// `usage` is each row's traffic (shorter than `rows`, or empty, when unknown).
    pub fn select(
        &self,
        rows: &[Arc<KeyRow>],
        findings: &[Findings],
        usage: &[Option<KeyUsage>],
        now: i64,
    ) -> Vec<u32> {
        let all = order::of(rows, usage, self.sort);
        self.select_within(&all, rows, findings, usage, now)
    }

    /// True when every row this query keeps was kept by `prev` too, in the same order: only the
    /// search text grew (typing on). The previous result can then be narrowed instead of
    /// filtering and sorting every row again.
    pub fn narrows(&self, prev: &TableQuery) -> bool {
        fold(&self.text).starts_with(&fold(&prev.text))
            && TableQuery {
                text: prev.text.clone(),
                ..self.clone()
            } == *prev
    }

    /// The rows of `order` this query keeps, in that order. `order` is every row in the
    /// query's sort (see [`Orders`]), or the result of a query this one
    /// [`narrows`](TableQuery::narrows).
    pub fn select_within(
        &self,
        order: &[u32],
        rows: &[Arc<KeyRow>],
        findings: &[Findings],
        usage: &[Option<KeyUsage>],
        now: i64,
    ) -> Vec<u32> {
        if self.filters_nothing() {
            return order
                .iter()
                .copied()
                .filter(|&i| (i as usize) < rows.len())
                .collect();
        }
        if order.len() > IN_ROW_ORDER {
            // Many rows: test them in row order, as they lie in memory (the order's own
            // sequence jumps all over it), then keep the order's sequence.
            // Asked about more than half the rows: testing them all costs less than marking them.
            let kept = if order.len() * 2 > rows.len() {
                self.kept_in_order(rows, findings, usage, now, |_| true)
            } else {
                let mut asked = Bits::new(rows.len());
                order.iter().for_each(|&i| asked.set(i));
                self.kept_in_order(rows, findings, usage, now, |i| asked.has(i))
            };
            return order.iter().copied().filter(|&i| kept.has(i)).collect();
        }
        let mut needle = Needle::new(&self.text);
        order
            .iter()
            .copied()
            .filter(|&i| {
                let i = i as usize;
                i < rows.len()
                    && self.keep_at(i, rows, findings, usage, now)
                    && needle.keep(&rows[i])
            })
            .collect()
    }

    /// The rows `asked` about that this query keeps, tested in row order.
    fn kept_in_order(
        &self,
        rows: &[Arc<KeyRow>],
        findings: &[Findings],
        usage: &[Option<KeyUsage>],
        now: i64,
        asked: impl Fn(u32) -> bool,
    ) -> Bits {
        let mut needle = Needle::new(&self.text);
        let filters = !TableQuery {
            text: String::new(),
            ..self.clone()
        }
        .filters_nothing();
        let mut kept = Bits::new(rows.len());
        if !filters && !needle.is_empty() {
            needle.keep_all_in_order(rows, asked, &mut kept);
            return kept;
        }
        let reads_rows = self.reads_rows();
        for i in 0..rows.len() {
            if asked(i as u32)
                && (!filters
                    || (self.keep_findings(findings.get(i).copied().unwrap_or_default())
                        && (!reads_rows || self.keep_at(i, rows, findings, usage, now))))
                && (needle.is_empty() || needle.keep_in_order(rows, i))
            {
                kept.set(i as u32);
            }
        }
        kept
    }

    /// True when every row passes: no search, no filter.
    fn filters_nothing(&self) -> bool {
        let TableQuery {
            text,
            project,
            owner_kind,
            finding,
            created,
            used,
            expires,
            traffic,
            permission,
            sort: _,
            thresholds: _,
        } = self;
        text.trim().is_empty()
            && project.is_none()
            && owner_kind.is_none()
            && finding.is_none()
            && created.is_none()
            && used.is_none()
            && expires.is_none()
            && traffic.is_none()
            && permission.is_none()
    }

    /// The indices of the rows that pass the filters, in row order.
    pub fn matching(
        &self,
        rows: &[Arc<KeyRow>],
        findings: &[Findings],
        usage: &[Option<KeyUsage>],
        now: i64,
    ) -> Vec<u32> {
        self.kept_in_order(rows, findings, usage, now, |_| true)
            .ones()
            .collect()
    }

    fn keep_at(
        &self,
        i: usize,
        rows: &[Arc<KeyRow>],
        findings: &[Findings],
        usage: &[Option<KeyUsage>],
        now: i64,
    ) -> bool {
        self.keep(
            &rows[i],
            findings.get(i).copied().unwrap_or_default(),
            usage.get(i).copied().flatten(),
            now,
        )
    }
}

/// Past this many rows, a filter tests them in row order (see `select_within`).
const IN_ROW_ORDER: usize = 4096;

/// How many of `indices` have each finding (the panel's counts), and how many have any.
pub fn finding_counts(indices: &[u32], findings: &[Findings]) -> ([usize; Finding::COUNT], usize) {
    // Rows are counted by their set of findings (a few hundred at most), then each set's count
    // goes to its findings: one step per row instead of one per row and finding.
    let mut per_set = vec![0usize; 1 << Finding::COUNT];
    for &i in indices {
        let mask = findings.get(i as usize).copied().unwrap_or_default().mask();
        if let Some(n) = per_set.get_mut(usize::from(mask)) {
            *n += 1;
        }
    }
    let mut counts = [0usize; Finding::COUNT];
    let mut any = 0;
    for (mask, &n) in per_set.iter().enumerate().skip(1).filter(|(_, n)| **n > 0) {
        any += n;
        for (slot, finding) in counts.iter_mut().zip(Finding::ALL) {
            if mask & (1 << finding as usize) != 0 {
                *slot += n;
            }
        }
    }
    (counts, any)
}

/// Each row's last-used age bucket, in row order: counting a view's then reads a byte per row
/// instead of following a pointer to each.
pub fn age_buckets(rows: &[Arc<KeyRow>], now: i64) -> Vec<u8> {
    rows.iter()
        .map(|r| findings::age_bucket(r.key.last_used_at, now) as u8)
        .collect()
}

/// How many of `indices` fall in each last-used age bucket (`buckets` from [`age_buckets`]).
pub fn age_histogram(indices: &[u32], buckets: &[u8]) -> [usize; 7] {
    let mut out = [0usize; 7];
    for &i in indices {
        if let Some(slot) = buckets
            .get(i as usize)
            .and_then(|&b| out.get_mut(usize::from(b)))
        {
            *slot += 1;
        }
    }
    out
}

mod bits;
mod filters;
mod hash;
mod order;
mod rows;
mod search;
mod selection;
mod texts;
use bits::Bits;
use filters::date_keep;
pub use filters::{
    DateFilter, FindingFilter, PermissionFilter, created_choices, expiry_choices, used_choices,
};
pub use hash::{from_hash, to_query};
pub use order::{Orders, Traffic};
pub use rows::{KeyRow, OwnerKind, Owners, ProjectPart, RowCache};
use search::Needle;
pub use selection::{LinkedIds, Selection};

#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod selection_tests;
#[cfg(test)]
mod tests;

//! Usage per key and cost per project, summed from the API's buckets: what the usage column,
//! the key page's sparkline and the Projects page show. The API's answers are taken as they
//! are: a key's usage and its `last_used_at` are never made to agree.

use super::keys::DAY;
#[cfg(test)]
use admin_api::types::UsagePage;
use admin_api::types::UsageResult;
use admin_api::{ApiError, ErrorKind, UsageEndpoint};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

pub mod cells;

/// The windows a user can pick, in days.
pub const WINDOWS: [u32; 2] = [7, 30];
pub const DEFAULT_WINDOW: u32 = 7;

/// The first second of the window: the start of the UTC day `days - 1` days before today, so
/// the window holds `days` daily buckets, today's (partial) one last.
pub fn window_start(now: i64, days: u32) -> i64 {
    now.div_euclid(DAY) * DAY - (i64::from(days) - 1) * DAY
}

/// One key's traffic in the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KeyUsage {
    pub requests: i64,
    pub tokens: i64,
    /// The window it covers, in days.
    pub days: u32,
    /// What it cost in the window, in cents (`None` when costs per key could not be read).
    pub cents: Option<i64>,
}

impl KeyUsage {
    pub fn has_traffic(&self) -> bool {
        self.requests > 0 || self.tokens > 0
    }
}

/// One key's traffic and cost in a window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyTraffic {
    pub requests: i64,
    pub tokens: i64,
    /// Requests per day of the window (index 0 = its first day); empty when it had none.
    pub daily: Box<[i64]>,
    pub cents: i64,
}

/// Every key's traffic in one window, summed over every endpoint that groups by key, and its
/// cost. One map, keyed with Fx: the key table looks up every key (100,000 at most) when the
/// usage arrives, and at that size each map more costs megabytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsageTable {
    pub days: u32,
    pub start: i64,
    pub keys: FxHashMap<Box<str>, KeyTraffic>,
    /// Whether the costs grouped by key were read (a key they leave out cost nothing).
    pub costs_read: bool,
}

/// The keys of a table still to add into another (see [`UsageTable::merging`]).
pub struct Merging {
    keys: std::collections::hash_map::IntoIter<Box<str>, KeyTraffic>,
}

impl UsageTable {
    pub fn new(days: u32, now: i64) -> Self {
        Self {
            days,
            start: window_start(now, days),
            ..Self::default()
        }
    }

    fn entry(&mut self, id: &str) -> &mut KeyTraffic {
        if !self.keys.contains_key(id) {
            self.keys.insert(id.into(), KeyTraffic::default());
        }
        self.keys.get_mut(id).expect("inserted above")
    }

    /// Adds one page of buckets grouped by `api_key_id`. Results without a key ID, and buckets
    /// outside the window, are left out. The usage job sums results as it parses them
    /// ([`UsageTable::add_result`]); tests compare that with whole pages.
    #[cfg(test)]
    pub fn add(&mut self, page: &UsagePage) {
        for bucket in &page.data {
            let start = bucket.start_time;
            bucket
                .results
                .iter()
                .for_each(|r| self.add_result(start, r));
        }
    }

    /// Adds one result of a bucket that starts at `start`, as `UsageTable::add` (for tests) does.
    pub fn add_result(&mut self, start: i64, r: &UsageResult) {
        let days = self.days as usize;
        let day = (start - self.start).div_euclid(DAY);
        let Some(day) = usize::try_from(day).ok().filter(|d| *d < days) else {
            return;
        };
        let Some(id) = r.api_key_id.as_deref().filter(|id| !id.is_empty()) else {
            return;
        };
        let requests = r.requests();
        let entry = self.entry(id);
        entry.requests = entry.requests.saturating_add(requests);
        entry.tokens = entry.tokens.saturating_add(r.tokens());
        if entry.daily.is_empty() {
            entry.daily = vec![0; days].into();
        }
        entry.daily[day] = entry.daily[day].saturating_add(requests);
    }

    /// Adds another table of the same window (one endpoint's traffic, summed apart): the same
    /// as adding that endpoint's pages here.
    pub fn merge(&mut self, other: UsageTable) {
        let mut merging = self.merging(other);
        while !self.merge_some(&mut merging, usize::MAX) {}
    }

    /// Starts adding `other` as [`UsageTable::merge`] does, its keys then added a few at a time
    /// ([`UsageTable::merge_some`]): at 100,000 keys a merge holds the page for milliseconds.
    pub fn merging(&mut self, mut other: UsageTable) -> Merging {
        // Sums are the same either way round: the larger map is kept, the smaller walked (the
        // first endpoint's table is taken whole), so the page hashes fewer keys per endpoint.
        if self.keys.len() < other.keys.len() {
            std::mem::swap(&mut self.keys, &mut other.keys);
        }
        self.costs_read |= other.costs_read;
        Merging {
            keys: other.keys.into_iter(),
        }
    }

    /// Adds up to `n` more keys of the table being merged; true once every key is added.
    pub fn merge_some(&mut self, merging: &mut Merging, n: usize) -> bool {
        for (id, theirs) in merging.keys.by_ref().take(n) {
            let mine = self.keys.entry(id).or_default();
            mine.requests = mine.requests.saturating_add(theirs.requests);
            mine.tokens = mine.tokens.saturating_add(theirs.tokens);
            mine.cents = mine.cents.saturating_add(theirs.cents);
            if mine.daily.is_empty() {
                mine.daily = theirs.daily;
            } else {
                for (day, n) in mine.daily.iter_mut().zip(theirs.daily) {
                    *day = day.saturating_add(n);
                }
            }
        }
        merging.keys.len() == 0
    }

    /// Takes the costs grouped by key (`key_costs` for tests).
    pub fn set_costs(&mut self, cents: FxHashMap<String, i64>) {
        for (id, cents) in cents {
            self.entry(&id).cents = cents;
        }
        self.costs_read = true;
    }

    /// A key's traffic: zero when the API reported none for it (`None` if nothing was read).
    pub fn of(&self, key_id: &str) -> KeyUsage {
        let known = self.keys.get(key_id);
        KeyUsage {
            requests: known.map_or(0, |k| k.requests),
            tokens: known.map_or(0, |k| k.tokens),
            days: self.days,
            cents: self.costs_read.then(|| known.map_or(0, |k| k.cents)),
        }
    }

    /// A key's requests per day of the window (zeros when it had none).
    pub fn series(&self, key_id: &str) -> Vec<i64> {
        match self.keys.get(key_id) {
            Some(k) if !k.daily.is_empty() => k.daily.to_vec(),
            _ => vec![0; self.days as usize],
        }
    }
}

/// Costs grouped by `api_key_id`: each key's sum in cents (whole pages, for tests; the usage job
/// uses [`add_key_cost`]).
#[cfg(test)]
pub fn key_costs(pages: &[UsagePage]) -> KeyCosts {
    let mut out = KeyCosts::default();
    for r in pages.iter().flat_map(|p| &p.data).flat_map(|b| &b.results) {
        add_key_cost(&mut out, r);
    }
    out
}

/// Each key's cost in cents.
pub type KeyCosts = FxHashMap<String, i64>;

/// Adds one result of the costs grouped by key, as `key_costs` (for tests) does.
pub fn add_key_cost(out: &mut KeyCosts, r: &UsageResult) {
    let (Some(id), Some(amount)) = (r.api_key_id.as_deref(), &r.amount) else {
        return;
    };
    add_cents(out, id, amount.value.map_or(0, to_cents));
}

/// Adds the costs of another page of the same read.
pub fn merge_key_costs(into: &mut KeyCosts, from: KeyCosts) {
    for (id, cents) in from {
        add_cents(into, &id, cents);
    }
}

fn add_cents(out: &mut KeyCosts, id: &str, cents: i64) {
    if let Some(slot) = out.get_mut(id) {
        *slot = slot.saturating_add(cents);
    } else {
        out.insert(id.to_owned(), cents);
    }
}

/// What one read of the usage job comes to, summed where it was read (in the worker, or in
/// the page where none runs): the pages themselves, tens of megabytes of JSON at 100,000 keys,
/// are never kept.
#[derive(Clone, Debug, PartialEq)]
pub enum UsagePart {
    /// One endpoint's traffic per key, as a table of the job's window.
    Traffic(UsageTable),
    /// The costs grouped by project and line item.
    Costs(Costs),
    /// The costs grouped by key, in cents.
    KeyCosts(KeyCosts),
}

/// What the session knows of usage in its chosen window.
#[derive(Clone, Debug, Default)]
pub struct UsageState {
    /// The job reading it: a read of another window that is still finishing writes nothing.
    pub job: u64,
    pub days: u32,
    pub running: bool,
    /// Endpoints read, of all of them.
    pub done: usize,
    pub total: usize,
    pub table: UsageTable,
    /// The admin key may not read usage (it lacks `api.usage.read`): nothing else is tried.
    pub denied: Option<ApiError>,
    /// Endpoints that failed; what the others gave is kept.
    pub failed: Vec<(UsageEndpoint, ApiError)>,
    /// Endpoints this API does not offer (404): left out, not an error.
    pub absent: Vec<UsageEndpoint>,
    /// Whether a load ever finished for this window (numbers can be shown).
    pub loaded: bool,
    /// Cost per project in the window, once read (or why it could not be).
    pub costs: Option<Result<Costs, ApiError>>,
}

/// What every project cost in the window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Costs {
    pub per_project: HashMap<String, ProjectCost>,
    /// Lower-case ISO 4217, as the API sends it.
    pub currency: String,
}

impl Costs {
    /// A project's cost: zero when the API reported none for it.
    pub fn of(&self, project_id: &str) -> ProjectCost {
        self.per_project
            .get(project_id)
            .cloned()
            .unwrap_or_default()
    }
}

impl UsageState {
    /// The costs' currency (lower-case ISO 4217): dollars until the costs are read.
    pub fn currency(&self) -> &str {
        self.costs
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .map_or("usd", |c| c.currency.as_str())
    }

    /// Usage of a key, when it can be told: loaded, allowed, and every endpoint read.
    pub fn of(&self, key_id: &str) -> Option<KeyUsage> {
        self.complete().then(|| self.table.of(key_id))
    }

    /// Loaded without a failure: a key with no result then truly had no traffic.
    pub fn complete(&self) -> bool {
        self.loaded && self.denied.is_none() && self.failed.is_empty()
    }

    /// Takes an endpoint's failure: a missing scope denies them all.
    pub fn fail(&mut self, endpoint: UsageEndpoint, error: ApiError) {
        match error.kind {
            ErrorKind::MissingPermission | ErrorKind::InvalidKey if self.denied.is_none() => {
                self.denied = Some(error)
            }
            ErrorKind::MissingPermission | ErrorKind::InvalidKey => {}
            ErrorKind::NotFound => self.absent.push(endpoint),
            _ => self.failed.push((endpoint, error)),
        }
    }
}

/// "1.2k", "3.4M": counts as a column has room for.
pub fn compact(n: i64) -> String {
    let n = n.max(0);
    let scaled = |div: i64, unit: &str| {
        let tenths = (n * 10 + div / 2) / div;
        if tenths >= 100 {
            format!("{}{unit}", tenths / 10)
        } else {
            format!("{}.{}{unit}", tenths / 10, tenths % 10)
        }
    };
    match n {
        0..1_000 => n.to_string(),
        1_000..999_950 => scaled(1_000, "k"),
        999_950..999_950_000 => scaled(1_000_000, "M"),
        _ => scaled(1_000_000_000, "B"),
    }
}

/// The usage cell: "1.2k req · 3.4M tok", or "No traffic". Each count keeps its unit on its
/// line (no-break spaces): a narrow column breaks at the dot only.
pub fn summary(u: KeyUsage) -> String {
    if !u.has_traffic() {
        return "No traffic".into();
    }
    format!(
        "{}\u{a0}req · {}\u{a0}tok",
        compact(u.requests),
        compact(u.tokens)
    )
}

/// A filter on traffic against `last_used_at`; the two are compared, never reconciled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrafficFilter {
    /// Some traffic in the window.
    Busy,
    /// No traffic in the window.
    Quiet,
    /// Last used (per `last_used_at`) before the window, or never, yet traffic in it.
    StaleButBusy,
    /// Last used in the window (per `last_used_at`), yet no traffic reported.
    UsedButQuiet,
    /// Cost something in the window (costs grouped by key).
    Costly,
}

impl TrafficFilter {
    pub const ALL: [TrafficFilter; 5] = [
        TrafficFilter::Busy,
        TrafficFilter::Quiet,
        TrafficFilter::StaleButBusy,
        TrafficFilter::UsedButQuiet,
        TrafficFilter::Costly,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TrafficFilter::Busy => "busy",
            TrafficFilter::Quiet => "quiet",
            TrafficFilter::StaleButBusy => "stale-busy",
            TrafficFilter::UsedButQuiet => "used-quiet",
            TrafficFilter::Costly => "costly",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    pub fn label(self, days: u32) -> String {
        match self {
            TrafficFilter::Busy => format!("Traffic in the last {days} days"),
            TrafficFilter::Quiet => format!("No traffic in the last {days} days"),
            TrafficFilter::StaleButBusy => {
                format!("Unused for {days} days per last use, yet has traffic")
            }
            TrafficFilter::UsedButQuiet => format!("Used in the last {days} days, yet no traffic"),
            TrafficFilter::Costly => format!("Cost money in the last {days} days"),
        }
    }

    /// Whether a key passes. Unknown usage (not loaded, denied, failed) passes no filter.
    pub fn keep(self, usage: Option<KeyUsage>, last_used_at: Option<i64>, now: i64) -> bool {
        let Some(u) = usage else { return false };
        let used_in_window = last_used_at.is_some_and(|t| t >= window_start(now, u.days.max(1)));
        match self {
            TrafficFilter::Busy => u.has_traffic(),
            TrafficFilter::Quiet => !u.has_traffic(),
            TrafficFilter::StaleButBusy => u.has_traffic() && !used_in_window,
            TrafficFilter::UsedButQuiet => !u.has_traffic() && used_in_window,
            TrafficFilter::Costly => u.cents.is_some_and(|c| c > 0),
        }
    }
}

/// A sparkline's polyline points for daily values, in a `width` × `height` box (integers, one
/// pixel of margin), the highest day at the top. Empty for no values.
pub fn sparkline(values: &[i64], width: i64, height: i64) -> String {
    if values.is_empty() {
        return String::new();
    }
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let steps = (values.len() as i64 - 1).max(1);
    let inner = (height - 2).max(1);
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let x = i as i64 * (width - 2) / steps + 1;
            let y = height - 1 - v.max(0) * inner / max;
            format!("{x},{y}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One project's cost in the window, with its line items (largest first).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectCost {
    pub cents: i64,
    pub items: Vec<(String, i64)>,
}

/// Line items shown one by one; the rest are summed into one "Other" row.
pub const LINE_ITEMS_SHOWN: usize = 7;

/// A project's line-item rows as shown: the largest `shown` ones, then one row for the rest
/// ("Other (3 line items)"), so the rows always add up to the project's total.
pub fn line_item_rows(cost: &ProjectCost, shown: usize) -> Vec<(String, i64)> {
    let mut rows: Vec<(String, i64)> = cost.items.iter().take(shown).cloned().collect();
    let rest = &cost.items[rows.len()..];
    let listed: i64 = rows.iter().map(|r| r.1).fold(0, i64::saturating_add);
    // Whatever the items do not explain (a result without a line item) is in "Other" too.
    let other = cost.cents.saturating_sub(listed);
    if !rest.is_empty() || other != 0 {
        let label = match rest.len() {
            0 => "Other".to_owned(),
            1 => format!("Other ({})", rest[0].0),
            n => format!("Other ({n} line items)"),
        };
        rows.push((label, other));
    }
    rows
}

/// Costs grouped by `project_id` and `line_item`, summed per project in cents.
/// The currency is what the API said (`usd` unless told otherwise).
#[cfg(test)]
pub fn project_costs(pages: &[UsagePage]) -> Costs {
    let mut sum = CostSum::default();
    for r in pages.iter().flat_map(|p| &p.data).flat_map(|b| &b.results) {
        sum.add(r);
    }
    sum.finish()
}

/// `project_costs` (for tests) as its results are read, one at a time.
#[derive(Debug, Default)]
pub struct CostSum {
    per_project: HashMap<String, ProjectCost>,
    currency: Option<String>,
}

impl CostSum {
    /// Adds one result of the costs grouped by project and line item.
    pub fn add(&mut self, r: &UsageResult) {
        let Some(amount) = &r.amount else { return };
        if self.currency.is_none() {
            self.currency = amount.currency.clone();
        }
        let project = r.project_id.as_deref().unwrap_or_default();
        let item = r.line_item.as_deref().unwrap_or("Other");
        self.add_cents(project, item, amount.value.map_or(0, to_cents));
    }

    /// Adds the sums of another page of the same read.
    pub fn merge(&mut self, other: CostSum) {
        if self.currency.is_none() {
            self.currency = other.currency;
        }
        for (project, cost) in other.per_project {
            for (item, cents) in cost.items {
                self.add_cents(&project, &item, cents);
            }
        }
    }

    fn add_cents(&mut self, project: &str, item: &str, cents: i64) {
        if !self.per_project.contains_key(project) {
            self.per_project
                .insert(project.to_owned(), ProjectCost::default());
        }
        let entry = self.per_project.get_mut(project).expect("inserted above");
        entry.cents = entry.cents.saturating_add(cents);
        match entry.items.iter_mut().find(|(name, _)| name == item) {
            Some(slot) => slot.1 = slot.1.saturating_add(cents),
            None => entry.items.push((item.to_owned(), cents)),
        }
    }

    /// The costs per project, each project's line items largest first.
    pub fn finish(mut self) -> Costs {
        for cost in self.per_project.values_mut() {
            cost.items
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Costs {
            per_project: self.per_project,
            currency: self.currency.unwrap_or_else(|| "usd".into()),
        }
    }
}

/// Dollars (as the API sends them) to whole cents, without panicking on any float.
pub fn to_cents(value: f64) -> i64 {
    let c = (value * 100.0).round();
    if c.is_finite() {
        c.clamp(i64::MIN as f64, i64::MAX as f64) as i64
    } else {
        0
    }
}

/// "1,234,567": a whole count with thousands separators.
pub fn grouped(n: u64) -> String {
    let mut digits = n.to_string();
    let mut i = digits.len() as isize - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    digits
}

/// "$12.34" for `usd`, "12.34 EUR" for other currencies.
pub fn money(cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let digits = grouped(c / 100);
    if currency.eq_ignore_ascii_case("usd") {
        format!("{sign}${digits}.{:02}", c % 100)
    } else {
        format!(
            "{sign}{digits}.{:02} {}",
            c % 100,
            currency.to_ascii_uppercase()
        )
    }
}

#[cfg(test)]
mod tests;

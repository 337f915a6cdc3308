//! The rows a key table shows, with the inputs they came from, so typing on narrows the last
//! result instead of filtering every row again, and an unchanged query costs nothing.

use crate::logic::findings::Findings;
use crate::logic::key_table::{KeyRow, Rows, TableQuery, Traffic};
use std::sync::Arc;

/// The rows a table shows, with the inputs they came from.
#[derive(Clone)]
pub(super) struct Shown {
    pub(super) query: TableQuery,
    rows: Arc<Vec<Arc<KeyRow>>>,
    findings: Arc<Vec<Findings>>,
    usage: Traffic,
    pub(super) order: Arc<Vec<u32>>,
}

impl Shown {
    /// Keeps `prev` for the same query and inputs, narrows it when the search only grew, else
    /// filters every row: in `sorted()`'s order (every row in the query's sort), or in row
    /// order when there is none.
    pub(super) fn compute(
        prev: Option<&Shown>,
        query: TableQuery,
        rows: Arc<Vec<Arc<KeyRow>>>,
        findings: Arc<Vec<Findings>>,
        usage: Traffic,
        now: i64,
        sorted: Option<&dyn Fn() -> Arc<Vec<u32>>>,
    ) -> Shown {
        let same = prev.filter(|p| p.computed_from(&rows, &findings, &usage));
        let order = match (same, sorted) {
            (Some(p), _) if p.query == query => p.order.clone(),
            (Some(p), _) if query.narrows(&p.query) => {
                Arc::new(query.select_within(&p.order, &rows, &findings, &usage, now))
            }
            (_, Some(sorted)) => {
                Arc::new(query.select_within(&sorted(), &rows, &findings, &usage, now))
            }
            (_, None) => Arc::new(query.matching(&rows, &findings, &usage, now)),
        };
        Shown {
            query,
            rows,
            findings,
            usage,
            order,
        }
    }
}

impl Shown {
    /// The same rows, as the result of `query` (which keeps the same rows, in any order).
    pub(super) fn with_query(self, query: TableQuery) -> Shown {
        Shown { query, ..self }
    }

    /// True when these are the very inputs this result came from.
    pub(super) fn computed_from(
        &self,
        rows: &Rows,
        findings: &Arc<Vec<Findings>>,
        usage: &Traffic,
    ) -> bool {
        Arc::ptr_eq(&self.rows, rows)
            && Arc::ptr_eq(&self.findings, findings)
            && Arc::ptr_eq(&self.usage, usage)
    }
}

/// True when two lists hold the very same rows (a scan's update elsewhere changes nothing here).
pub(super) fn same_rows(
    a: Option<&Arc<Vec<Arc<KeyRow>>>>,
    b: Option<&Arc<Vec<Arc<KeyRow>>>>,
) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| Arc::ptr_eq(x, y))
        }
        _ => false,
    }
}

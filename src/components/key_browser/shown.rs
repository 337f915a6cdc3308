//! The rows a key table shows, with the inputs they came from, so typing on narrows the last
//! result instead of filtering and sorting every row again.

use crate::logic::findings::Findings;
use crate::logic::key_table::{KeyRow, TableQuery};
use crate::logic::usage::KeyUsage;
use std::sync::Arc;

/// The rows a table shows, with the inputs they came from.
pub(super) struct Shown {
    query: TableQuery,
    rows: Arc<Vec<Arc<KeyRow>>>,
    findings: Arc<Vec<Findings>>,
    usage: Arc<Vec<Option<KeyUsage>>>,
    pub(super) order: Arc<Vec<u32>>,
}

impl Shown {
    /// Narrows `prev` when the query allows it (same rows, the search only grew), else filters
    /// every row (and sorts, when `sorted`).
    pub(super) fn compute(
        prev: Option<&Shown>,
        query: TableQuery,
        rows: Arc<Vec<Arc<KeyRow>>>,
        findings: Arc<Vec<Findings>>,
        usage: Arc<Vec<Option<KeyUsage>>>,
        now: i64,
        sorted: bool,
    ) -> Shown {
        let order = match prev {
            Some(p)
                if Arc::ptr_eq(&p.rows, &rows)
                    && Arc::ptr_eq(&p.findings, &findings)
                    && Arc::ptr_eq(&p.usage, &usage)
                    && query.narrows(&p.query) =>
            {
                query.select_within(&p.order, &rows, &findings, &usage, now)
            }
            _ if sorted => query.select(&rows, &findings, &usage, now),
            _ => query.matching(&rows, &findings, &usage, now),
        };
        Shown {
            query,
            rows,
            findings,
            usage,
            order: Arc::new(order),
        }
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

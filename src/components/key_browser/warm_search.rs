//! The search's and the filters' code run once, on the rows already listed, while the scan
//! goes on and the page is idle; the results are thrown away. The browser compiles wasm code
//! for speed only once it has run a while: at 100,000 keys the first "z" typed cost 16–20 ms
//! and the same keystroke 5–10 ms once any search had run before it (see the README's
//! benchmark). Warmed while the keys come in, the first keystroke and the first filter change
//! find that code ready, as the column sorts find their orders (`warm_orders`).

use super::shown::Shown;
use crate::logic::findings::{Finding, Findings};
use crate::logic::key_table::{self, FindingFilter, Rows, TableQuery, Traffic};
use crate::platform::browser;
use leptos::prelude::*;
use std::sync::Arc;

/// Fewer rows than this search fast enough on code not yet optimised.
const FIRST: usize = 5_000;
/// Rows added before the next warm-up: a few runs over a growing list, not one per page.
const STEP: usize = 25_000;

/// The searches run, as typing makes them: a letter over every row (answered from each key's
/// mask of letters), then a word that narrows it (a search of the keys' texts, which skips to
/// the word's rarest letter, as it does for most words), then one that leaves few rows
/// (searched row by row); and a filter.
fn queries() -> [TableQuery; 4] {
    let text = |t: &str| TableQuery {
        text: t.into(),
        ..TableQuery::default()
    };
    let filter = TableQuery {
        finding: Some(FindingFilter::Only(Finding::Unused)),
        ..TableQuery::default()
    };
    [text("q"), text("qu"), text("qui"), filter]
}

/// What the searches read: the view's own memos.
#[derive(Clone, Copy)]
struct Inputs {
    rows: Memo<Rows>,
    findings: Memo<Arc<Vec<Findings>>>,
    traffic: Memo<Traffic>,
    now: i64,
}

/// Runs the searches over the rows of now each time the list has grown by [`STEP`] rows (and
/// once it holds [`FIRST`]), one search per idle moment. Stops with the view.
pub(super) fn warm(
    rows: Memo<Rows>,
    findings: Memo<Arc<Vec<Findings>>>,
    traffic: Memo<Traffic>,
    now: i64,
) {
    let inputs = Inputs {
        rows,
        findings,
        traffic,
        now,
    };
    let next = StoredValue::new(FIRST);
    Effect::new(move |_| {
        let len = rows.with(|r| r.len());
        if len < next.get_value() {
            return;
        }
        next.set_value(len + STEP);
        browser::when_idle(move || step(inputs, None, 0));
    });
}

/// Runs search `n` (narrowing the last result where typing would), then waits for the next
/// idle moment.
fn step(inputs: Inputs, prev: Option<Shown>, n: usize) {
    let Some(query) = queries().into_iter().nth(n) else {
        return;
    };
    // The view is gone: its values are disposed.
    let (Some(rows), Some(findings), Some(traffic)) = (
        inputs.rows.try_get_untracked(),
        inputs.findings.try_get_untracked(),
        inputs.traffic.try_get_untracked(),
    ) else {
        return;
    };
    let all = || Arc::new((0..rows.len() as u32).collect::<Vec<u32>>());
    let shown = Shown::compute(
        prev.as_ref(),
        query,
        rows.clone(),
        findings.clone(),
        traffic,
        inputs.now,
        Some(&all),
    );
    // Counted as the findings panel counts a result (kept from the optimiser: unused).
    std::hint::black_box(key_table::finding_counts(&shown.order, &findings));
    browser::when_idle(move || step(inputs, Some(shown), n + 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_searches_narrow_as_typing_does_and_the_filter_starts_afresh() {
        let [letter, word, longer, filter] = queries();
        // A letter over every row: one character, answered from the keys' masks.
        assert_eq!(letter.text.chars().count(), 1);
        assert!(word.narrows(&letter) && longer.narrows(&word));
        assert!(!filter.narrows(&longer) && filter.text.is_empty() && filter.finding.is_some());
    }
}

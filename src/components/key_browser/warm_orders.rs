//! Each column's first sort, made while the page is idle: a click on a column header then
//! finds its order ready instead of sorting 100,000 rows while the user waits.

use crate::logic::key_table::{Orders, Rows, Traffic};
use crate::platform::browser;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::time::Duration;

/// Quiet time after the last change to the rows or usage: a scan changes them many times a
/// second, and each change would make every order again.
const SETTLE: Duration = Duration::from_millis(500);

/// The rows and usage the orders are made for, and which of their changes this is.
#[derive(Clone, Copy)]
struct Warming {
    orders: StoredValue<Orders>,
    rows: Memo<Rows>,
    traffic: Memo<Traffic>,
    round: StoredValue<u64>,
}

/// Makes each column's natural order (see `Orders::missing`) for the rows and usage of now,
/// one column per idle moment, once they have settled. Stops when they change or the view
/// closes.
pub(super) fn warm(orders: StoredValue<Orders>, rows: Memo<Rows>, traffic: Memo<Traffic>) {
    let w = Warming {
        orders,
        rows,
        traffic,
        round: StoredValue::new(0),
    };
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let stop = move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    };
    Effect::new(move |_| {
        rows.track();
        traffic.track();
        stop();
        w.round.update_value(|r| *r += 1);
        let round = w.round.get_value();
        let start = move || browser::when_idle(move || step(w, round, 0));
        pending.set_value(set_timeout_with_handle(start, SETTLE).ok());
    });
    on_cleanup(stop);
}

/// Makes the first order missing from column `from` on, then waits for the next idle moment.
fn step(w: Warming, round: u64, from: usize) {
    // A later change started a round of its own, or the view is gone (its values disposed).
    if w.round.try_get_value() != Some(round) {
        return;
    }
    let (Some(rows), Some(usage)) = (w.rows.try_get_untracked(), w.traffic.try_get_untracked())
    else {
        return;
    };
    let missing = w
        .orders
        .try_with_value(|o| o.missing(&rows, &usage, from))
        .flatten();
    if let Some((n, sort)) = missing
        && (w.orders)
            .try_update_value(|o| drop(o.get(&rows, &usage, sort)))
            .is_some()
    {
        browser::when_idle(move || step(w, round, n + 1));
    }
}

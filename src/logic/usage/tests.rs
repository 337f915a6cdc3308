//! The usage sums, filters and line items, natively.

use super::*;
use admin_api::types::{CostAmount, UsageBucket, UsageResult};

#[test]
fn line_item_rows_always_add_up_to_the_total() {
    let items: Vec<(String, i64)> = (0..12)
        .map(|i| (format!("item {i}"), 1000 - i * 37))
        .collect();
    let cents = items.iter().map(|i| i.1).sum();
    let cost = ProjectCost { cents, items };
    let rows = line_item_rows(&cost, LINE_ITEMS_SHOWN);
    assert_eq!(rows.len(), LINE_ITEMS_SHOWN + 1);
    assert_eq!(rows.last().unwrap().0, "Other (5 line items)");
    assert_eq!(rows.iter().map(|r| r.1).sum::<i64>(), cost.cents);
    // Few items: all shown, nothing added.
    let few = ProjectCost {
        cents: 30,
        items: vec![("a".into(), 20), ("b".into(), 10)],
    };
    assert_eq!(line_item_rows(&few, LINE_ITEMS_SHOWN), few.items);
    // One item too many is named, not counted.
    let eight: Vec<(String, i64)> = (0..8).map(|i| (format!("i{i}"), 10)).collect();
    let rows = line_item_rows(
        &ProjectCost {
            cents: 80,
            items: eight,
        },
        LINE_ITEMS_SHOWN,
    );
    assert_eq!(rows.last().unwrap(), &("Other (i7)".to_owned(), 10));
}

const NOW: i64 = 1_800_000_000;

fn page(buckets: Vec<(i64, Vec<UsageResult>)>) -> UsagePage {
    UsagePage {
        object: "page".into(),
        data: buckets
            .into_iter()
            .map(|(start_time, results)| UsageBucket {
                object: "bucket".into(),
                start_time,
                end_time: start_time + DAY,
                results,
            })
            .collect(),
        has_more: false,
        next_page: None,
    }
}

fn result(key: Option<&str>, requests: i64, input: i64, output: i64) -> UsageResult {
    UsageResult {
        api_key_id: key.map(Into::into),
        num_model_requests: requests,
        input_tokens: input,
        output_tokens: output,
        ..UsageResult::default()
    }
}

#[test]
fn the_window_holds_whole_days_ending_today() {
    let start = window_start(NOW, 7);
    assert_eq!(start % DAY, 0);
    assert!(NOW - start >= 6 * DAY && NOW - start < 7 * DAY);
}

#[test]
fn sums_per_key_and_day_over_endpoints() {
    let mut t = UsageTable::new(7, NOW);
    let d0 = t.start;
    // Completions and a search endpoint (which counts `num_requests`) for the same key.
    t.add(&page(vec![
        (
            d0,
            vec![result(Some("k1"), 3, 100, 50), result(None, 99, 9, 9)],
        ),
        (
            d0 + 6 * DAY,
            vec![result(Some("k1"), 2, 10, 0), result(Some("k2"), 1, 1, 1)],
        ),
    ]));
    let search = UsageResult {
        api_key_id: Some("k1".into()),
        num_requests: 4,
        ..UsageResult::default()
    };
    t.add(&page(vec![
        (d0 + DAY, vec![search]),
        (d0 - DAY, vec![result(Some("k1"), 50, 0, 0)]),
    ]));
    assert_eq!(
        t.of("k1"),
        KeyUsage {
            requests: 9,
            tokens: 160,
            days: 7,
            cents: None
        }
    );
    assert_eq!(t.series("k1"), vec![3, 4, 0, 0, 0, 0, 2]);
    assert_eq!(
        t.of("k3"),
        KeyUsage {
            requests: 0,
            tokens: 0,
            days: 7,
            cents: None
        }
    );
    assert_eq!(t.series("k3"), vec![0; 7]);
}

#[test]
fn endpoints_summed_apart_then_merged_give_the_same_table() {
    let d0 = window_start(NOW, 7);
    let endpoints = [
        page(vec![
            (d0, vec![result(Some("k1"), 3, 100, 50)]),
            (d0 + 6 * DAY, vec![result(Some("k2"), 1, 1, 1)]),
        ]),
        page(vec![
            (d0 + 2 * DAY, vec![result(Some("k1"), 4, 0, 7)]),
            (d0 - DAY, vec![result(Some("k3"), 50, 0, 0)]),
        ]),
        page(vec![(
            d0 + 6 * DAY,
            vec![result(Some("k2"), i64::MAX, 0, 0)],
        )]),
    ];
    let mut together = UsageTable::new(7, NOW);
    endpoints.iter().for_each(|p| together.add(p));
    let mut merged = UsageTable::new(7, NOW);
    for p in &endpoints {
        let mut apart = UsageTable::new(7, NOW);
        apart.add(p);
        merged.merge(apart);
    }
    assert_eq!(merged, together);
    assert_eq!(merged.series("k1"), vec![3, 0, 4, 0, 0, 0, 0]);
    assert_eq!(merged.of("k2").requests, i64::MAX);
    assert!(!merged.keys.contains_key("k3"), "outside the window");
}

/// The usage job adds each endpoint's table a few keys at a time: the same table as at once.
#[test]
fn a_merge_made_a_few_keys_at_a_time_gives_the_same_table() {
    let d0 = window_start(NOW, 7);
    let first = page(vec![(
        d0,
        (1..10)
            .map(|k| result(Some(&format!("k{k}")), k, k, k))
            .collect(),
    )]);
    let second = page(vec![
        (
            d0 + DAY,
            (4..20)
                .map(|k| result(Some(&format!("k{k}")), 1, 2, 3))
                .collect(),
        ),
        (d0, vec![result(Some("k5"), i64::MAX, 0, 0)]),
    ]);
    let table = |p: &UsagePage| {
        let mut t = UsageTable::new(7, NOW);
        t.add(p);
        t
    };
    let mut whole = table(&first);
    whole.merge(table(&second));
    for n in [1, 3, 16] {
        let mut steps = table(&first);
        let mut merging = steps.merging(table(&second));
        let mut calls = 1;
        while !steps.merge_some(&mut merging, n) {
            calls += 1;
        }
        assert_eq!(steps, whole, "{n} keys at a time");
        // The smaller table (9 keys) is the one walked, n keys per call.
        assert_eq!(calls, 9usize.div_ceil(n), "{n} keys at a time");
    }
    assert_eq!(whole.of("k5").requests, i64::MAX);
    assert_eq!(whole.series("k4"), vec![4, 1, 0, 0, 0, 0, 0]);
}

#[test]
fn costs_per_key_are_unknown_until_read_then_zero_for_keys_left_out() {
    let mut t = UsageTable::new(7, NOW);
    t.add(&page(vec![(t.start, vec![result(Some("k1"), 2, 5, 5)])]));
    assert_eq!(t.of("k1").cents, None);
    t.set_costs(FxHashMap::from_iter([
        ("k1".to_owned(), 150),
        ("k9".to_owned(), 7),
    ]));
    assert_eq!((t.of("k1").cents, t.of("k1").requests), (Some(150), 2));
    assert_eq!(t.of("k9").cents, Some(7));
    assert!(!t.of("k9").has_traffic(), "a cost alone is no traffic");
    assert_eq!(t.series("k9"), vec![0; 7]);
    assert_eq!(t.of("k2").cents, Some(0));
}

#[test]
fn usage_is_told_only_when_complete() {
    let mut s = UsageState {
        days: 7,
        loaded: true,
        table: UsageTable::new(7, NOW),
        ..UsageState::default()
    };
    assert_eq!(s.of("k").map(|u| u.requests), Some(0));
    s.fail(
        UsageEndpoint::Images,
        ApiError::new(ErrorKind::NotFound, "no"),
    );
    assert!(s.complete(), "an endpoint the API lacks is not a failure");
    s.fail(
        UsageEndpoint::Embeddings,
        ApiError::new(ErrorKind::Server, "boom"),
    );
    assert_eq!(s.of("k"), None);
    let mut denied = UsageState {
        loaded: true,
        ..UsageState::default()
    };
    denied.fail(
        UsageEndpoint::Completions,
        ApiError::new(
            ErrorKind::MissingPermission,
            "Missing scopes: api.usage.read",
        ),
    );
    assert!(denied.denied.is_some() && denied.of("k").is_none());
}

#[test]
fn traffic_filters_compare_without_reconciling() {
    let busy = Some(KeyUsage {
        requests: 5,
        tokens: 10,
        days: 30,
        cents: None,
    });
    let quiet = Some(KeyUsage {
        requests: 0,
        tokens: 0,
        days: 30,
        cents: None,
    });
    let old = Some(NOW - 60 * DAY);
    let recent = Some(NOW - DAY);
    use TrafficFilter::*;
    assert!(StaleButBusy.keep(busy, old, NOW));
    assert!(StaleButBusy.keep(busy, None, NOW));
    assert!(!StaleButBusy.keep(busy, recent, NOW));
    assert!(!StaleButBusy.keep(quiet, old, NOW));
    assert!(UsedButQuiet.keep(quiet, recent, NOW));
    assert!(!UsedButQuiet.keep(quiet, old, NOW));
    assert!(!UsedButQuiet.keep(busy, recent, NOW));
    assert!(Busy.keep(busy, old, NOW) && Quiet.keep(quiet, recent, NOW));
    // Unknown usage passes no traffic filter.
    assert!(
        TrafficFilter::ALL
            .iter()
            .all(|f| !f.keep(None, recent, NOW))
    );
    assert!(
        TrafficFilter::ALL
            .iter()
            .all(|f| TrafficFilter::from_id(f.id()) == Some(*f))
    );
}

#[test]
fn compact_counts() {
    assert_eq!(compact(0), "0");
    assert_eq!(compact(999), "999");
    assert_eq!(compact(1_000), "1.0k");
    assert_eq!(compact(1_250), "1.3k");
    assert_eq!(compact(12_345), "12k");
    assert_eq!(compact(999_949), "999k");
    assert_eq!(compact(999_950), "1.0M");
    assert_eq!(compact(3_400_000), "3.4M");
    assert_eq!(compact(5_000_000_000), "5.0B");
    assert_eq!(compact(-5), "0");
    assert_eq!(
        summary(KeyUsage {
            requests: 1_200,
            tokens: 3_400_000,
            days: 7,
            cents: None
        }),
        "1.2k\u{a0}req · 3.4M\u{a0}tok"
    );
    assert_eq!(summary(KeyUsage::default()), "No traffic");
}

#[test]
fn sparkline_points_fit_the_box() {
    assert_eq!(sparkline(&[], 100, 20), "");
    assert_eq!(sparkline(&[0, 10, 5], 102, 22), "1,21 51,1 101,11");
    assert_eq!(sparkline(&[0, 0], 10, 10), "1,9 9,9");
    assert_eq!(sparkline(&[7], 10, 10), "1,1");
}

#[test]
fn costs_per_project_and_line_item() {
    let cost = |project: &str, item: &str, value: f64| UsageResult {
        project_id: Some(project.into()),
        line_item: Some(item.into()),
        amount: Some(CostAmount {
            value: Some(value),
            currency: Some("usd".into()),
        }),
        ..UsageResult::default()
    };
    let pages = vec![page(vec![
        (
            NOW,
            vec![
                cost("p1", "gpt, input", 1.01),
                cost("p1", "gpt, output", 2.5),
                cost("p2", "gpt, input", 0.1),
            ],
        ),
        (
            NOW + DAY,
            vec![cost("p1", "gpt, output", 2.5), cost("p1", "bad", f64::NAN)],
        ),
    ])];
    let costs = project_costs(&pages);
    assert_eq!(costs.currency, "usd");
    assert_eq!(costs.of("p1").cents, 601);
    assert_eq!(costs.of("p1").items[0], ("gpt, output".to_owned(), 500));
    assert_eq!(costs.of("p2").cents, 10);
    assert_eq!(costs.of("p9"), ProjectCost::default());
    assert_eq!(money(123_456_789, "usd"), "$1,234,567.89");
    assert_eq!(money(5, "usd"), "$0.05");
    assert_eq!(money(-250, "eur"), "-2.50 EUR");
    assert_eq!(grouped(923_416), "923,416");
    assert_eq!(grouped(12), "12");
}

/// The usage job sums each page as it is read and merges the pages' sums: the same as summing
/// every page at once, for traffic, costs per project and costs per key.
#[test]
fn pages_summed_apart_then_merged_give_the_same_sums() {
    let cost = |project: &str, key: &str, item: Option<&str>, value: f64| UsageResult {
        project_id: Some(project.into()),
        api_key_id: Some(key.into()),
        line_item: item.map(Into::into),
        num_model_requests: (value * 10.0) as i64,
        input_tokens: 7,
        amount: Some(CostAmount {
            value: Some(value),
            currency: Some("eur".into()),
        }),
        ..UsageResult::default()
    };
    let start = window_start(NOW, 7);
    let pages = vec![
        page(vec![
            (
                start,
                vec![
                    cost("p1", "k1", Some("in"), 1.0),
                    cost("p2", "k2", None, 0.5),
                ],
            ),
            (start + DAY, vec![cost("p1", "k1", Some("out"), 2.0)]),
        ]),
        page(vec![
            (
                start + 2 * DAY,
                vec![
                    cost("p1", "k3", Some("in"), 0.25),
                    cost("p2", "k2", None, 1.0),
                ],
            ),
            (start + 9 * DAY, vec![cost("p1", "k1", Some("in"), 4.0)]),
        ]),
    ];
    let (mut table, mut sum, mut keys) = (
        UsageTable::new(7, NOW),
        CostSum::default(),
        KeyCosts::default(),
    );
    for p in &pages {
        let (mut t, mut s, mut k) = (
            UsageTable::new(7, NOW),
            CostSum::default(),
            KeyCosts::default(),
        );
        for b in &p.data {
            for r in &b.results {
                t.add_result(b.start_time, r);
                s.add(r);
                add_key_cost(&mut k, r);
            }
        }
        table.merge(t);
        sum.merge(s);
        merge_key_costs(&mut keys, k);
    }
    let mut whole = UsageTable::new(7, NOW);
    pages.iter().for_each(|p| whole.add(p));
    assert_eq!(table, whole);
    assert_eq!(table.keys["k1"].daily[..3], [10, 20, 0]);
    let (costs, all) = (sum.finish(), project_costs(&pages));
    assert_eq!(costs, all);
    assert_eq!((all.currency.as_str(), all.of("p1").cents), ("eur", 725));
    assert_eq!(all.of("p2").items, vec![("Other".to_owned(), 150)]);
    assert_eq!(keys, key_costs(&pages));
    assert_eq!(keys["k1"], 700);
}

#[test]
fn a_keys_cells_say_its_traffic_and_cost_or_why_they_are_unknown() {
    use super::cells::{Unknown, cost, usage};
    let mut state = UsageState::default();
    let unknown = Unknown::of(&state);
    assert_eq!((unknown.usage, unknown.currency.as_str()), ("—", "usd"));
    state.running = true;
    assert_eq!(Unknown::of(&state).usage, "Reading…");
    let known = KeyUsage {
        requests: 1234,
        tokens: 5_600_000,
        days: 7,
        cents: Some(123_456),
    };
    let cell = usage(Some(known), &unknown);
    assert_eq!(cell.text, "1.2k\u{a0}req · 5.6M\u{a0}tok");
    assert_eq!(
        cell.title.as_deref(),
        Some("1,234 requests and 5,600,000 tokens in the last 7 days")
    );
    assert_eq!(usage(None, &Unknown::of(&state)).text, "Reading…");
    assert_eq!(cost(Some(known), &unknown).text, "$1,234.56");
    // Traffic without a cost: the costs per key could not be read.
    let no_cost = cost(
        Some(KeyUsage {
            cents: None,
            ..known
        }),
        &unknown,
    );
    assert_eq!(no_cost.text, "Unknown");
    assert!(no_cost.title.is_some());
    assert_eq!(cost(None, &unknown).text, "—");
}

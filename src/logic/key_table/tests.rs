//! The key table's logic, tested natively.

use super::*;
use crate::logic::fold::fold;
use crate::logic::inventory::Inventory;
use crate::logic::keys::DAY;
use crate::logic::usage::KeyUsage;
use admin_api::Listing;
use admin_api::types::Project;

pub(super) const NOW: i64 = 1_800_000_000;

pub(super) fn project(id: &str, name: &str, status: &str) -> Project {
    serde_json::from_value(serde_json::json!({
        "id": id, "object": "organization.project", "name": name, "created_at": 1, "status": status
    }))
    .unwrap()
}

pub(super) fn key(id: &str, name: &str, used_days_ago: Option<i64>, owner: &str) -> ProjectApiKey {
    let owner = if let Some(sa) = owner.strip_prefix("sa:") {
        let account = serde_json::json!({"id": sa, "name": sa, "role": "member", "created_at": 1});
        serde_json::json!({"type": "service_account", "service_account": account})
    } else {
        let email = format!("{owner}@example.com");
        let user = serde_json::json!({
            "id": owner, "name": owner, "email": email, "role": "owner", "added_at": 1
        });
        serde_json::json!({"type": "user", "user": user})
    };
    serde_json::from_value(serde_json::json!({
        "id": id, "object": "organization.project.api_key", "name": name, "redacted_value": "sk-…",
        "created_at": NOW - 400 * DAY, "last_used_at": used_days_ago.map(|d| NOW - d * DAY),
        "owner": owner
    }))
    .unwrap()
}

pub(super) fn inventory() -> Inventory {
    let mut inv = Inventory::default();
    inv.set_projects(
        vec![
            project("p1", "Alpha", "active"),
            project("p2", "Beta", "archived"),
        ],
        true,
    );
    let listing = |keys: Vec<ProjectApiKey>| Listing {
        items: keys,
        error: None,
        resume: None,
    };
    inv.apply(
        "p1",
        true,
        listing(vec![
            key("k1", "prod", Some(1), "ada"),
            key("k2", "old", Some(200), "bob"),
            key("k3", "bot-a", None, "sa:deploy"),
            key("k4", "bot-b", Some(3), "sa:deploy"),
        ]),
    );
    inv.apply(
        "p2",
        true,
        listing(vec![key("k5", "legacy", Some(40), "ada")]),
    );
    inv
}

/// A complete listing of `items`.
pub(super) fn listed(items: Vec<ProjectApiKey>) -> Listing<ProjectApiKey> {
    Listing {
        items,
        error: None,
        resume: None,
    }
}

pub(super) fn ids(rows: &[Arc<KeyRow>], idx: &[u32]) -> Vec<String> {
    idx.iter()
        .map(|&i| rows[i as usize].key.id.clone())
        .collect()
}

#[test]
fn usage_sorts_and_filters_against_last_use() {
    let inv = inventory();
    let rows = RowCache::default().rows(&inv, None);
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    let traffic = |requests| {
        Some(KeyUsage {
            requests,
            tokens: requests * 10,
            days: 30,
            cents: None,
        })
    };
    // k1 used a day ago, busy; k2 last used 200 days ago yet busy; k3 never used, quiet;
    // k4 used 3 days ago yet quiet; k5 unknown (its endpoint failed, say).
    let usage = vec![traffic(50), traffic(7), traffic(0), traffic(0), None];
    let mut q = TableQuery {
        sort: Sort {
            key: SortKey::Usage,
            ascending: false,
        },
        ..TableQuery::default()
    };
    assert_eq!(
        ids(&rows, &q.select(&rows, &f, &usage, NOW)),
        ["k1", "k2", "k3", "k4", "k5"]
    );
    q.sort.ascending = true;
    assert_eq!(
        ids(&rows, &q.select(&rows, &f, &usage, NOW)),
        ["k3", "k4", "k2", "k1", "k5"]
    );
    for (filter, want) in [
        (TrafficFilter::Busy, vec!["k2", "k1"]),
        (TrafficFilter::Quiet, vec!["k3", "k4"]),
        (TrafficFilter::StaleButBusy, vec!["k2"]),
        (TrafficFilter::UsedButQuiet, vec!["k4"]),
    ] {
        q.traffic = Some(filter);
        assert_eq!(
            ids(&rows, &q.select(&rows, &f, &usage, NOW)),
            want,
            "{filter:?}"
        );
        // Unknown usage: no row passes a traffic filter.
        assert!(q.select(&rows, &f, &[], NOW).is_empty());
    }
    let (back, _) = from_hash(
        &format!("#/keys{}", to_query(&q, &Selection::default(), true, 90)),
        90,
    );
    assert_eq!(back.traffic, Some(TrafficFilter::UsedButQuiet));
    assert_eq!(back.sort, q.sort);
}

#[test]
fn filters_sort_and_search() {
    let inv = inventory();
    let rows = RowCache::default().rows(&inv, None);
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    let mut q = TableQuery::default();
    assert_eq!(
        ids(&rows, &q.select(&rows, &f, &[], NOW)),
        ["k1", "k4", "k5", "k2", "k3"]
    );
    q.finding = Some(FindingFilter::Only(Finding::Unused));
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k2", "k3"]);
    q.finding = Some(FindingFilter::Only(Finding::SharedServiceAccount));
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k4", "k3"]);
    q.finding = Some(FindingFilter::Only(Finding::ArchivedProject));
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k5"]);
    q.finding = None;
    q.owner_kind = Some(OwnerKind::ServiceAccount);
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k4", "k3"]);
    q.owner_kind = None;
    q.text = "ADA beta".into();
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k5"]);
    q.text = "ada@example".into();
    q.sort = Sort {
        key: SortKey::Project,
        ascending: false,
    };
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k5", "k1"]);
    q.text.clear();
    q.project = Some("p1".into());
    q.used = Some(DateFilter::Over(30));
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k2"]);
    q.used = Some(DateFilter::Never);
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k3"]);
    q.used = Some(DateFilter::Within(7));
    // Ascending: the longest unused first.
    q.sort = Sort::default().toggle(SortKey::LastUsed);
    assert_eq!(ids(&rows, &q.select(&rows, &f, &[], NOW)), ["k4", "k1"]);
    q.used = None;
    q.created = Some(DateFilter::Within(7));
    assert!(q.select(&rows, &f, &[], NOW).is_empty());
    q.created = None;
    q.expires = Some(DateFilter::Never);
    assert_eq!(q.select(&rows, &f, &[], NOW).len(), 4);

    let all = TableQuery::default().select(&rows, &f, &[], NOW);
    let (counts, any) = finding_counts(&all, &f);
    assert_eq!(counts[Finding::Unused as usize], 2);
    assert_eq!(counts[Finding::NeverUsed as usize], 1);
    assert_eq!(counts[Finding::ArchivedProject as usize], 1);
    // No key here has an expiry: each one is flagged for it, k1 for nothing else.
    assert_eq!(counts[Finding::NoExpiry as usize], 5);
    assert_eq!(any, 5);
    let f_k1 = f[rows.iter().position(|r| r.key.id == "k1").unwrap()];
    assert_eq!(f_k1.iter().collect::<Vec<_>>(), [Finding::NoExpiry]);
    assert_eq!(
        age_histogram(&all, &age_buckets(&rows, NOW)),
        [0, 2, 0, 1, 1, 0, 1]
    );
}

#[test]
fn typing_on_narrows_the_previous_result() {
    let inv = inventory();
    let rows = RowCache::default().rows(&inv, None);
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    let mut q = TableQuery {
        sort: Sort {
            key: SortKey::Name,
            ascending: true,
        },
        ..TableQuery::default()
    };
    for typed in [
        ["b", "bo", "bot", "bot ", "bot d"],
        ["b", "bo", "bot", "bot-", "bot-B"],
    ] {
        q.text.clear();
        let mut prev = q.clone();
        let mut shown = q.select(&rows, &f, &[], NOW);
        for text in typed {
            q.text = text.into();
            assert!(q.narrows(&prev), "{text}");
            shown = q.select_within(&shown, &rows, &f, &[], NOW);
            assert_eq!(shown, q.select(&rows, &f, &[], NOW), "{text}");
            prev = q.clone();
        }
    }
    // Deleting a character, or changing anything else, needs a full pass.
    let mut back = q.clone();
    back.text = "bot".into();
    assert!(!back.narrows(&q));
    let mut other = q.clone();
    other.text = "bot-bx".into();
    other.owner_kind = Some(OwnerKind::User);
    assert!(!other.narrows(&q));
}

#[test]
fn rows_are_rebuilt_only_for_a_changed_project() {
    let mut inv = inventory();
    let mut cache = RowCache::default();
    let first = cache.rows(&inv, None);
    inv.remove_keys(&["k5".into()]);
    let second = cache.rows(&inv, None);
    assert_eq!(second.len(), 4);
    // Project p1 did not change: its rows are the very same allocations.
    assert!(Arc::ptr_eq(&first[0], &second[0]));
    let only = cache.rows(&inv, Some("p1"));
    assert_eq!(only.len(), 4);
    assert!(only.iter().all(|r| &*r.project_id == "p1"));
}

#[test]
fn the_hash_query_round_trips() {
    let q = TableQuery {
        text: "a b&c".into(),
        project: Some("proj_1".into()),
        owner_kind: Some(OwnerKind::ServiceAccount),
        finding: Some(FindingFilter::Only(Finding::Unused)),
        created: Some(DateFilter::Over(365)),
        used: Some(DateFilter::Never),
        expires: Some(DateFilter::Within(30)),
        traffic: Some(TrafficFilter::StaleButBusy),
        permission: Some(PermissionFilter::Unknown),
        sort: Sort {
            key: SortKey::Project,
            ascending: true,
        },
        thresholds: Thresholds {
            unused_days: 30,
            expiring_days: 30,
        },
    };
    let selected: Selection = ["key-1".to_string(), "key_2".into()].into_iter().collect();
    let query = to_query(&q, &selected, true, 90);
    assert!(!query.contains(' '), "{query}");
    let (back, sel) = from_hash(&format!("#/keys{query}"), 90);
    assert_eq!(back, q);
    assert_eq!(sel, selected.ids().map(str::to_owned).collect());
    assert_eq!(
        to_query(&TableQuery::default(), &Selection::default(), true, 90),
        ""
    );
    assert_eq!(from_hash("#/keys", 90).0, TableQuery::default());
    // Nonsense keeps the defaults.
    let (junk, _) = from_hash("#/keys?sort=nope&days=7&finding=x&used=soon", 90);
    assert_eq!(junk, TableQuery::default());
    // The policy's day count is the default, and a link may name it.
    let (q45, _) = from_hash("#/keys", 45);
    assert_eq!(q45.thresholds.unused_days, 45);
    assert_eq!(from_hash("#/keys?days=7", 7).0.thresholds.unused_days, 7);
    assert_eq!(
        to_query(&q45, &Selection::default(), true, 45),
        "",
        "the policy's days are not repeated"
    );
    assert_eq!(to_query(&q45, &Selection::default(), true, 90), "?days=45");
    // IDs from a link keep only the API's alphabet.
    let (q, sel) = from_hash("#/keys?project=%2E%2E&sel=key_1,%2E%2E,a%2Fb,,key-2", 90);
    assert_eq!(q.project, None);
    assert_eq!(
        sel,
        ["key_1".to_string(), "key-2".into()].into_iter().collect()
    );
    // A selection too large for a link stays out of it; the filters still go.
    let many: Selection = (0..=hash::LINKED_SELECTION)
        .map(|n| format!("key_{n}"))
        .collect();
    let q = TableQuery {
        text: "x".into(),
        ..TableQuery::default()
    };
    assert_eq!(to_query(&q, &many, true, 90), "?q=x");
    let fit: Selection = many
        .ids()
        .take(hash::LINKED_SELECTION)
        .map(str::to_owned)
        .collect();
    assert!(to_query(&q, &fit, true, 90).contains("&sel=key_"));
}

/// The plain comparison the kept orders must match: the value in the sort's direction with
/// missing values last either way, then the key ID ascending.
fn reference(rows: &[Arc<KeyRow>], usage: &[Option<KeyUsage>], sort: Sort) -> Vec<u32> {
    fn missing_last<T: Ord>(a: Option<T>, b: Option<T>, up: bool) -> std::cmp::Ordering {
        match (a, b) {
            (Some(x), Some(y)) if up => x.cmp(&y),
            (Some(x), Some(y)) => y.cmp(&x),
            (a, b) => b.is_some().cmp(&a.is_some()),
        }
    }
    let mut out: Vec<u32> = (0..rows.len() as u32).collect();
    out.sort_by(|&a, &b| {
        let (x, y) = (&rows[a as usize], &rows[b as usize]);
        let (ux, uy) = (usage[a as usize], usage[b as usize]);
        let up = sort.ascending;
        let lower = |r: &KeyRow, f: fn(&KeyRow) -> &str| fold(f(r));
        let ord = match sort.key {
            SortKey::Project => missing_last(
                Some(lower(x, |r| &r.project_name)),
                Some(lower(y, |r| &r.project_name)),
                up,
            ),
            SortKey::Name => missing_last(
                Some(lower(x, |r| &r.key.name)),
                Some(lower(y, |r| &r.key.name)),
                up,
            ),
            SortKey::Owner => missing_last(
                Some(lower(x, |r| &r.owner)),
                Some(lower(y, |r| &r.owner)),
                up,
            ),
            SortKey::Created => missing_last(Some(x.key.created_at), Some(y.key.created_at), up),
            SortKey::LastUsed => missing_last(x.key.last_used_at, y.key.last_used_at, up),
            SortKey::Expires => missing_last(x.key.expires_at, y.key.expires_at, up),
            SortKey::Usage => missing_last(
                ux.map(|u| (u.requests, u.tokens)),
                uy.map(|u| (u.requests, u.tokens)),
                up,
            ),
            SortKey::Cost => missing_last(ux.and_then(|u| u.cents), uy.and_then(|u| u.cents), up),
        };
        ord.then_with(|| x.key.id.cmp(&y.key.id))
    });
    out
}

#[test]
fn kept_orders_match_a_plain_sort_with_ties_and_missing_values() {
    // 300 keys over few names, owners, days and usage figures: many ties, some missing values.
    let mut inv = Inventory::default();
    inv.set_projects(
        vec![
            project("p1", "Alpha", "active"),
            project("p2", "beta", "active"),
        ],
        true,
    );
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for n in 0..300i64 {
        let used = (n % 7 != 0).then_some(n % 5);
        let owner = if n % 4 == 0 {
            "sa:deploy".to_string()
        } else {
            format!("user{}", n % 3)
        };
        let mut k = key(
            &format!("key_shared_prefix_{:03}", (n * 37) % 300),
            &format!("Name {}", n % 6),
            used,
            &owner,
        );
        k.expires_at = (n % 3 == 0).then_some(NOW + n % 4);
        if n % 2 == 0 { one.push(k) } else { two.push(k) }
    }
    let listing = |items| Listing {
        items,
        error: None,
        resume: None,
    };
    inv.apply("p1", true, listing(one));
    inv.apply("p2", true, listing(two));
    let rows: Rows = Arc::new(RowCache::default().rows(&inv, None));
    let usage: Traffic = Arc::new(
        (0..rows.len() as i64)
            .map(|n| {
                (n % 5 != 0).then_some(KeyUsage {
                    requests: n % 4,
                    tokens: n % 3,
                    days: 30,
                    cents: (n % 6 != 0).then_some(n % 2),
                })
            })
            .collect(),
    );
    let mut orders = Orders::default();
    for key in SortKey::ALL {
        for ascending in [true, false] {
            let sort = Sort { key, ascending };
            let want = reference(&rows, &usage, sort);
            assert_eq!(*orders.get(&rows, &usage, sort), want, "{sort:?}");
            assert!(orders.has(&rows, &usage, sort));
            let q = TableQuery {
                sort,
                ..TableQuery::default()
            };
            assert_eq!(q.select(&rows, &[], &usage, NOW), want, "{sort:?}");
        }
    }
    // New usage drops the usage orders only; new rows drop them all.
    let fresh: Traffic = Arc::new(usage.iter().rev().copied().collect());
    let by_usage = Sort {
        key: SortKey::Usage,
        ascending: false,
    };
    let by_name = Sort {
        key: SortKey::Name,
        ascending: true,
    };
    assert_eq!(
        *orders.get(&rows, &fresh, by_usage),
        reference(&rows, &fresh, by_usage)
    );
    assert!(orders.has(&rows, &fresh, by_name));
    // The name's order holds for any usage; the old usage's order of usage is gone.
    assert!(orders.has(&rows, &usage, by_name));
    assert!(!orders.has(&rows, &usage, by_usage));
    let other: Rows = Arc::new(rows.iter().rev().cloned().collect());
    assert_eq!(
        *orders.get(&other, &fresh, by_name),
        reference(&other, &fresh, by_name)
    );
    assert!(!orders.has(
        &other,
        &fresh,
        Sort {
            key: SortKey::Created,
            ascending: true
        }
    ));
}

#[test]
fn a_long_order_is_filtered_in_row_order_and_keeps_its_sequence() {
    // More rows than IN_ROW_ORDER, so a filter over them takes the row-order path.
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1", "Alpha", "active")], true);
    let keys = (0..10_000i64)
        .map(|n| {
            let name = if n % 3 == 0 { "bot deploy" } else { "prod" };
            key(
                &format!("key_{n:05}"),
                name,
                (n % 5 != 0).then_some(n % 400),
                "ada",
            )
        })
        .collect();
    inv.apply("p1", true, listed(keys));
    let rows = RowCache::default().rows(&inv, None);
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    let mut order = order::of(&rows, &[], Sort::default());
    order.push(rows.len() as u32 + 7); // an index past the rows is dropped, as on the short path
    let queries = [
        TableQuery {
            text: "bot".into(),
            used: Some(DateFilter::Never),
            ..TableQuery::default()
        },
        // Findings alone: one pass over the order, with no row read.
        TableQuery {
            finding: Some(FindingFilter::Only(Finding::Unused)),
            ..TableQuery::default()
        },
    ];
    // Every row, and half of them: tested all, or only those asked about.
    let half: Vec<u32> = order.iter().copied().filter(|i| i % 2 == 0).collect();
    assert!(half.len() > IN_ROW_ORDER && half.len() * 2 <= rows.len());
    for (q, order) in queries.iter().flat_map(|q| [(q, &order), (q, &half)]) {
        // The short path, a piece at a time, is the reference.
        let short: Vec<u32> = order
            .chunks(1000)
            .flat_map(|piece| q.select_within(piece, &rows, &f, &[], NOW))
            .collect();
        let long = q.select_within(order, &rows, &f, &[], NOW);
        assert_eq!(long, short);
        if order.len() < rows.len() {
            assert!(!long.is_empty() && long.len() < order.len(), "{q:?}");
            continue;
        }
        assert_eq!(q.select(&rows, &f, &[], NOW), short);
        if q.text.is_empty() {
            assert!(!long.is_empty() && long.len() < rows.len(), "{q:?}");
        } else {
            assert_eq!(long.len(), 667, "bot keys never used: every fifteenth");
        }
    }
}

/// While the page is idle, each column's first order is made one at a time until none is
/// missing; usage's columns wait for usage, and another list of rows starts over.
#[test]
fn idle_time_makes_every_columns_first_order_once() {
    let inv = inventory();
    let rows: Rows = Arc::new(RowCache::default().rows(&inv, None));
    let mut orders = Orders::default();
    let walk = |orders: &mut Orders, rows: &Rows, usage: &Traffic| {
        let (mut made, mut from) = (Vec::new(), 0);
        while let Some((n, sort)) = orders.missing(rows, usage, from) {
            assert_eq!(sort, Sort::natural(sort.key));
            assert_eq!(*orders.get(rows, usage, sort), order::of(rows, usage, sort));
            made.push(sort.key);
            from = n + 1;
        }
        assert_eq!(orders.missing(rows, usage, 0), None);
        made
    };
    let unknown: Traffic = Arc::new(Vec::new());
    // The default sort (last used, newest first) is already made by the table.
    orders.get(&rows, &unknown, Sort::default());
    let before_usage = walk(&mut orders, &rows, &unknown);
    assert_eq!(
        before_usage,
        [
            SortKey::Project,
            SortKey::Name,
            SortKey::Owner,
            SortKey::Created,
            SortKey::Expires
        ]
    );
    let usage = |requests| {
        Some(KeyUsage {
            requests,
            tokens: 1,
            days: 30,
            cents: Some(requests),
        })
    };
    let known: Traffic = Arc::new((0..rows.len() as i64).map(usage).collect());
    assert_eq!(
        walk(&mut orders, &rows, &known),
        [SortKey::Usage, SortKey::Cost]
    );
    let again: Rows = Arc::new(RowCache::default().rows(&inv, None));
    assert_eq!(walk(&mut orders, &again, &known).len(), SortKey::ALL.len());
}

#[test]
fn findings_are_counted_alike_for_every_set_of_findings() {
    // Every set of findings, each held by as many rows as its number, some rows not shown.
    let mut findings = Vec::new();
    for set in 0u32..1 << Finding::COUNT {
        let mut f = Findings::default();
        Finding::ALL
            .iter()
            .filter(|&&x| set & (1 << x as u32) != 0)
            .for_each(|&x| f.insert(x));
        findings.extend(std::iter::repeat_n(f, set as usize % 5 + 1));
    }
    let shown: Vec<u32> = (0..findings.len() as u32).filter(|i| i % 3 != 1).collect();
    let (counts, any) = finding_counts(&shown, &findings);
    for (n, finding) in Finding::ALL.into_iter().enumerate() {
        let one_by_one = shown
            .iter()
            .filter(|&&i| findings[i as usize].has(finding))
            .count();
        assert_eq!(counts[n], one_by_one, "{finding:?}");
    }
    assert_eq!(
        any,
        shown
            .iter()
            .filter(|&&i| !findings[i as usize].is_empty())
            .count()
    );
}

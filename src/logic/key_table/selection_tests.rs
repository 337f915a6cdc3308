//! The selection: ticks follow their keys from one list of rows to the next.

use super::tests::inventory;
use super::{RowCache, Rows, Selection};
use std::sync::Arc;

fn rows() -> Rows {
    Arc::new(RowCache::default().rows(&inventory(), None))
}

fn sorted(s: &Selection) -> Vec<&str> {
    let mut ids: Vec<&str> = s.ids().collect();
    ids.sort_unstable();
    ids
}

#[test]
fn ticks_count_once_and_rows_past_the_end_are_ignored() {
    let list = rows();
    let mut s = Selection::default().over(&list);
    s.put(1, true);
    s.put(1, true);
    s.put(4, true);
    s.put(99, true);
    assert_eq!(s.len(), 2);
    assert!(s.has(1) && s.has(4) && !s.has(0) && !s.has(99));
    assert_eq!(sorted(&s), ["k2", "k5"]);
    let ticked: Vec<&str> = s.rows().map(|r| r.key.id.as_str()).collect();
    assert_eq!(ticked, ["k2", "k5"], "in row order");
    s.put(1, false);
    s.put(1, false);
    assert_eq!(sorted(&s), ["k5"]);
    s.clear();
    assert!(s.is_empty() && !s.has(4));
}

#[test]
fn ticks_follow_their_keys_to_a_list_in_another_order_or_rebuilt() {
    let list = rows();
    let mut s = Selection::default().over(&list);
    s.put(0, true);
    s.put(3, true);
    // The same rows reversed: found by address.
    let reversed: Rows = Arc::new(list.iter().rev().cloned().collect());
    let moved = s.over(&reversed);
    assert_eq!(sorted(&moved), ["k1", "k4"]);
    assert!(moved.has(4) && moved.has(1) && moved.len() == 2);
    // Every row built again: found by ID.
    let rebuilt = rows();
    assert!(!Arc::ptr_eq(&rebuilt[0], &list[0]));
    let moved = s.over(&rebuilt);
    assert!(moved.has(0) && moved.has(3) && moved.len() == 2);
    let ticked: Vec<&str> = moved.rows().map(|r| r.key.id.as_str()).collect();
    assert_eq!(ticked, ["k1", "k4"]);
}

#[test]
fn a_key_the_list_lacks_stays_ticked_by_id_until_a_list_holds_it() {
    let list = rows();
    let mut s = Selection::default().over(&list);
    s.put(1, true);
    s.put(2, true);
    let without_k2: Rows = Arc::new(list.iter().filter(|r| r.key.id != "k2").cloned().collect());
    let moved = s.over(&without_k2);
    assert_eq!(moved.len(), 2);
    assert_eq!(sorted(&moved), ["k2", "k3"]);
    let listed: Vec<&str> = moved.rows().map(|r| r.key.id.as_str()).collect();
    assert_eq!(listed, ["k3"], "only the list's own rows are reviewed");
    let back = moved.over(&list);
    assert!(back.has(1) && back.has(2) && back.len() == 2);
    // A link's IDs, over no list: ticked where a list holds them.
    let linked: Selection = ["k5".to_string(), "gone".into()].into_iter().collect();
    let over = linked.over(&list);
    assert!(over.has(4) && over.len() == 2);
    assert_eq!(over.rows().count(), 1);
}

#[test]
fn a_row_is_found_when_its_place_is_stale() {
    let list = rows();
    let mut s = Selection::default().over(&list);
    // Row k3 (index 2), named at a wrong place: found by address.
    s.put_row(0, &list[2], true);
    assert!(s.has(2) && !s.has(0));
    assert!(s.has_row(4, &list[2]) && !s.has_row(2, &list[0]));
    // The same key rebuilt: found by ID.
    let k3 = rows()[2].clone();
    assert!(s.has_row(0, &k3));
    s.put_row(0, &k3, false);
    assert!(s.is_empty());
    // A key the list lacks is kept by ID.
    let short: Rows = Arc::new(list[..2].to_vec());
    let mut s = Selection::default().over(&short);
    s.put_row(4, &list[4], true);
    assert!(s.has_row(4, &list[4]) && s.len() == 1 && s.rows().count() == 0);
    s.put_row(4, &list[4], false);
    assert!(s.is_empty());
}

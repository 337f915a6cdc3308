//! Findings over the key table's rows, where they depend on other rows.

use super::tests::{NOW, key, listed, project};
use super::*;
use crate::logic::inventory::Inventory;

/// The findings of key `id`.
fn of(rows: &[Arc<KeyRow>], f: &[Findings], id: &str) -> Findings {
    let at = rows.iter().position(|r| r.key.id == id).unwrap();
    f[at]
}

#[test]
fn a_service_accounts_keys_are_counted_together_whatever_record_they_hold() {
    // One account's keys in two projects, one of them with the account's old name: three
    // records of one account, two of them shared (the inventory keeps equal records once).
    let renamed = |mut k: ProjectApiKey| {
        let owner = Arc::make_mut(&mut k.owner);
        owner.service_account.as_mut().unwrap().name = Some("old name".into());
        k
    };
    let mut inv = Inventory::default();
    inv.set_projects(
        vec![
            project("p1", "Alpha", "active"),
            project("p2", "Beta", "active"),
        ],
        true,
    );
    inv.apply(
        "p1",
        true,
        listed(vec![
            key("k1", "a", Some(1), "sa:ci"),
            key("k2", "b", Some(1), "sa:ci"),
        ]),
    );
    inv.apply(
        "p2",
        true,
        listed(vec![
            renamed(key("k3", "c", Some(1), "sa:ci")),
            key("k4", "d", Some(1), "sa:solo"),
        ]),
    );
    let rows = RowCache::default().rows(&inv, None);
    assert!(Arc::ptr_eq(&rows[0].key.owner, &rows[1].key.owner));
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    for id in ["k1", "k2", "k3"] {
        assert!(of(&rows, &f, id).has(Finding::SharedServiceAccount), "{id}");
    }
    assert!(!of(&rows, &f, "k4").has(Finding::SharedServiceAccount));

    // Rows built apart, each with a record of its own, count the same.
    let apart: Vec<Arc<KeyRow>> = rows
        .iter()
        .map(|r| {
            let mut row = KeyRow::clone(r);
            let mut key = ProjectApiKey::clone(&r.key);
            key.owner = Arc::new(Owner::clone(&key.owner));
            row.key = Arc::new(key);
            Arc::new(row)
        })
        .collect();
    assert!(!Arc::ptr_eq(&apart[0].key.owner, &apart[1].key.owner));
    assert_eq!(
        findings_of(&apart, &KeyScopes::default(), Thresholds::default(), NOW),
        f
    );
}

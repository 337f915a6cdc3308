use super::*;
use admin_api::ErrorKind;

#[test]
fn a_project_is_put_in_place_or_added() {
    let project = |id: &str, name: &str| -> Project {
        serde_json::from_value(serde_json::json!({"id": id, "name": name, "created_at": 1}))
            .unwrap()
    };
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1", "One")], true);
    let before = inv.parts["p1"].version;
    inv.put_project(project("p1", "Renamed"));
    assert_eq!(inv.projects[0].name.as_deref(), Some("Renamed"));
    assert_ne!(inv.parts["p1"].version, before, "its rows are rebuilt");
    inv.put_project(project("p2", "New"));
    assert_eq!(inv.projects.len(), 2);
    assert_eq!(inv.count("p2"), Count::Exact(0));
}

fn project(id: &str) -> Project {
    serde_json::from_value(serde_json::json!({
        "id": id, "object": "organization.project", "name": id, "created_at": 1, "status": "active"
    }))
    .unwrap()
}

fn key(id: &str) -> ProjectApiKey {
    serde_json::from_value(serde_json::json!({
        "id": id, "object": "organization.project.api_key", "name": id, "redacted_value": "sk-…",
        "created_at": 1, "last_used_at": null,
        "owner": {"type": "user", "user": {
            "id": "u", "name": "U", "email": "u@x", "role": "owner", "added_at": 1,
            "object": "organization.project.user"
        }}
    }))
    .unwrap()
}

fn listing(
    ids: &[&str],
    error: Option<ApiError>,
    resume: Option<Option<&str>>,
) -> Listing<ProjectApiKey> {
    Listing {
        items: ids.iter().map(|i| key(i)).collect(),
        error,
        resume: resume.map(|r| r.map(str::to_owned)),
    }
}

/// Keys of one owner, from any listing or an update, hold one record of the owner; another
/// owner keeps their own, and each key still reads as the API sent it.
#[test]
fn keys_of_one_owner_share_its_record() {
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1"), project("p2")], true);
    inv.apply("p1", true, listing(&["a", "b"], None, None));
    let mut other = key("c");
    Arc::make_mut(&mut other.owner).user.as_mut().unwrap().id = "v".into();
    let mut items = listing(&["d"], None, None).items;
    items.push(other.clone());
    inv.apply(
        "p2",
        true,
        Listing {
            items,
            error: None,
            resume: None,
        },
    );
    inv.replace_key("p1", key("b"));
    let owner = |p: &str, n: usize| inv.parts[p].keys[n].owner.clone();
    assert!(Arc::ptr_eq(&owner("p1", 0), &owner("p1", 1)));
    assert!(Arc::ptr_eq(&owner("p1", 0), &owner("p2", 0)));
    assert!(!Arc::ptr_eq(&owner("p1", 0), &owner("p2", 1)));
    assert_eq!(*owner("p2", 1), *other.owner);
    assert_eq!(*inv.parts["p1"].keys[1], key("b"));
    assert_eq!(inv.owners.len(), 2);
}

#[test]
fn a_failed_part_keeps_its_pages_and_resumes_without_duplicates() {
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1"), project("p2")], true);
    assert_eq!(inv.count("p1"), Count::Loading);
    let broke = ApiError::new(ErrorKind::Server, "boom");
    inv.apply(
        "p1",
        true,
        listing(&["a", "b"], Some(broke), Some(Some("b"))),
    );
    assert!(matches!(inv.count("p1"), Count::AtLeast(2, _)));
    assert_eq!(
        inv.unfinished(),
        vec![("p1".into(), Some("b".into())), ("p2".into(), None)]
    );
    // The resumed listing repeats "b" (the API may): it is counted once.
    inv.apply("p1", false, listing(&["b", "c"], None, None));
    assert_eq!(inv.count("p1"), Count::Exact(3));
    inv.apply("p2", true, listing(&["d"], None, None));
    assert!(inv.is_complete());
    assert_eq!(inv.progress(), (2, 2, 4));
    let ids = |p: &str| -> Vec<String> { inv.parts[p].keys.iter().map(|k| k.id.clone()).collect() };
    assert_eq!(
        (ids("p1"), ids("p2")),
        (vec!["a".into(), "b".into(), "c".into()], vec!["d".into()])
    );
    let mut renamed = key("c");
    renamed.name = "renamed".into();
    let before = inv.parts["p1"].version;
    inv.replace_key("p1", renamed);
    assert_eq!(inv.parts["p1"].keys[2].name, "renamed");
    assert_ne!(
        inv.parts["p1"].version, before,
        "views rebuild this project's rows"
    );
    inv.remove_keys(&["b".into(), "d".into()]);
    assert_eq!(inv.count("p1"), Count::Exact(2));
    assert_eq!(inv.count("p2"), Count::Exact(0));
}

#[test]
fn the_queue_takes_a_watched_project_first_and_stop_marks_the_rest() {
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1"), project("p2"), project("p3")], true);
    inv.prioritise("p3");
    assert_eq!(inv.next_queued().as_deref(), Some("p3"));
    inv.prioritise("p3");
    assert_eq!(inv.next_queued().as_deref(), Some("p1"));
    inv.apply("p3", true, listing(&["a"], None, None));
    inv.stop_waiting();
    assert_eq!(inv.next_queued(), None);
    assert!(matches!(inv.count("p2"), Count::AtLeast(0, ref why) if why.contains("Stopped")));
    // p1 started before Stop: its own listing reports how it ended.
    assert_eq!(
        inv.count("p1"),
        Count::AtLeast(0, ApiError::stopped().summary())
    );
    assert_eq!(inv.count("p3"), Count::Exact(1));
}

#[test]
fn archived_projects_can_be_left_out() {
    let mut archived = project("old");
    archived.status = Some("archived".into());
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1"), archived], false);
    assert_eq!(inv.count("old"), Count::Skipped);
    assert_eq!(inv.next_queued().as_deref(), Some("p1"));
    assert_eq!(
        inv.next_queued(),
        None,
        "the archived project is not listed"
    );
    inv.apply("p1", true, listing(&["a"], None, None));
    assert_eq!(inv.progress(), (1, 1, 1));
    assert_eq!(inv.skipped(), 1);
    assert!(inv.is_complete());
    assert!(inv.unfinished().is_empty());
    // Opened by the user, it is listed after all.
    inv.apply("old", true, listing(&["b"], None, None));
    assert_eq!(inv.count("old"), Count::Exact(1));
}

#[test]
fn a_failed_project_never_drops_out() {
    let mut inv = Inventory::default();
    inv.set_projects(vec![project("p1")], true);
    inv.apply(
        "p1",
        true,
        listing(
            &["stale"],
            Some(ApiError::new(ErrorKind::MissingPermission, "no")),
            Some(None),
        ),
    );
    assert!(matches!(inv.count("p1"), Count::AtLeast(1, ref why) if why.contains("no")));
    assert!(!inv.is_complete());
    // Retried from the start, it replaces what was there.
    inv.apply("p1", true, listing(&["x"], None, None));
    assert_eq!(inv.count("p1"), Count::Exact(1));
}

#[test]
fn pages_of_projects_queue_their_keys_as_they_come() {
    let mut inv = Inventory::default();
    let archived: Project = serde_json::from_value(serde_json::json!({
        "id": "old", "object": "organization.project", "name": "old", "created_at": 1, "status": "archived"
    }))
    .unwrap();
    inv.append_projects(&[project("p1"), project("p2")], false);
    assert!(inv.listing_projects);
    assert_eq!(
        inv.next_queued().as_deref(),
        Some("p1"),
        "listed before the next page"
    );
    inv.apply("p1", true, listing(&["a"], None, None));
    // The next page repeats p2 (the list moved under the cursor) and brings an archived one.
    inv.append_projects(&[project("p2"), archived, project("p3")], false);
    assert_eq!(inv.projects.len(), 4, "p2 once");
    assert_eq!(inv.count("old"), Count::Skipped);
    let rest: Vec<_> = std::iter::from_fn(|| inv.next_queued()).collect();
    assert_eq!(rest, ["p2", "p3"]);
    assert_eq!(inv.progress(), (1, 3, 1));
    assert!(inv.listing_error.is_none());
    // The list failed part-way: where to resume is kept, and what was read stays.
    let error = ApiError::new(ErrorKind::Server, "down");
    inv.end_project_listing(Some(error), Some(Some("p3".into())));
    assert_eq!(inv.projects_resume, Some(Some("p3".into())));
    assert!(!inv.listing_projects);
    assert_eq!(inv.count("p1"), Count::Exact(1));
    assert!(!inv.is_complete());
}

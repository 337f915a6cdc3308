use super::checks::{CHECKS, run_all};
use super::document;
use super::policy::{Policy, SCHEMA, VERSION};
use super::*;
use crate::logic::keys::DAY;

const NOW: i64 = 1_800_000_000;

/// Every set read and empty: every check passes.
fn clean() -> Facts {
    Facts {
        now: NOW,
        keys: Ok(vec![]),
        admin_keys: Ok(vec![]),
        people: Ok(vec![]),
        invites: Ok(vec![]),
        rails: Ok(vec![]),
        org_limit: Ok(true),
        certificates: Ok(vec![]),
        keyless: Ok((true, vec![])),
    }
}

fn key(id: &str) -> KeyFact {
    KeyFact {
        id: id.into(),
        name: id.into(),
        project_id: "proj_a".into(),
        project_name: "A".into(),
        created_at: NOW - 30 * DAY,
        last_used_at: Some(NOW - DAY),
        expires_at: Some(NOW + 30 * DAY),
        all_permissions: Some(false),
        ..KeyFact::default()
    }
}

fn admin(id: &str) -> AdminKeyFact {
    AdminKeyFact {
        id: id.into(),
        name: id.into(),
        owner: Some(format!("user_{id}")),
        created_at: NOW - 30 * DAY,
        last_used_at: Some(NOW - DAY),
        expires_at: Some(NOW + 30 * DAY),
        ..AdminKeyFact::default()
    }
}

fn outcome(facts: &Facts, policy: &Policy, id: &str) -> Outcome {
    CHECKS
        .iter()
        .find(|c| c.id == id)
        .unwrap()
        .run(facts, policy)
}

fn failing(facts: &Facts, policy: &Policy, id: &str) -> Vec<String> {
    match outcome(facts, policy, id) {
        Outcome::Fail { items } => items.into_iter().map(|i| i.id).collect(),
        other => panic!("{id}: expected a failure, got {other:?}"),
    }
}

#[test]
fn every_check_passes_on_a_clean_organization_and_ids_are_unique() {
    let p = Policy::default();
    let mut f = clean();
    f.keys = Ok(vec![key("k1")]);
    f.admin_keys = Ok(vec![admin("a1")]);
    f.people = Ok(vec![PersonFact {
        id: "u1".into(),
        name: "Ann".into(),
        owner: true,
        last_key_use: Some(NOW - DAY),
    }]);
    for (c, _, o) in run_all(&f, &p) {
        assert_eq!(o, Outcome::Pass, "{}", c.id);
    }
    let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), CHECKS.len());
}

#[test]
fn each_key_check_fails_on_its_own_case() {
    let p = Policy::default();
    let mut f = clean();
    let mut no_expiry = key("no-expiry");
    no_expiry.expires_at = None;
    let mut all = key("all");
    all.all_permissions = Some(true);
    let mut old = key("old");
    old.created_at = NOW - 400 * DAY;
    let mut never = key("never");
    never.last_used_at = None;
    let mut fresh_never = key("fresh-never");
    fresh_never.last_used_at = None;
    fresh_never.created_at = NOW - 2 * DAY;
    let mut stale = key("stale");
    stale.last_used_at = Some(NOW - 100 * DAY);
    stale.created_at = NOW - 200 * DAY;
    let mut left = key("left");
    left.owner_left = true;
    let mut archived = key("archived");
    archived.archived = true;
    let (mut sa1, mut sa2) = (key("sa1"), key("sa2"));
    sa1.service_account = Some("svc_1".into());
    sa2.service_account = Some("svc_1".into());
    f.keys = Ok(vec![
        no_expiry,
        all,
        old,
        never,
        fresh_never,
        stale,
        left,
        archived,
        sa1,
        sa2,
    ]);
    assert_eq!(failing(&f, &p, "KEY-NO-EXPIRY"), ["no-expiry"]);
    assert_eq!(failing(&f, &p, "KEY-ALL-PERMISSIONS"), ["all"]);
    assert_eq!(failing(&f, &p, "KEY-AGE"), ["old"]);
    assert_eq!(
        failing(&f, &p, "KEY-NEVER-USED"),
        ["never"],
        "a key made 2 days ago has time"
    );
    assert_eq!(failing(&f, &p, "KEY-UNUSED"), ["stale"]);
    assert_eq!(failing(&f, &p, "KEY-OWNER-LEFT"), ["left"]);
    assert_eq!(failing(&f, &p, "KEY-ARCHIVED"), ["archived"]);
    assert_eq!(failing(&f, &p, "KEY-SA-MANY"), ["svc_1"]);
    // The policy's thresholds move the line.
    let lenient = Policy {
        max_key_age_days: 500,
        unused_days: 120,
        ..Policy::default()
    };
    assert_eq!(outcome(&f, &lenient, "KEY-AGE"), Outcome::Pass);
    assert_eq!(outcome(&f, &lenient, "KEY-UNUSED"), Outcome::Pass);
}

#[test]
fn each_admin_key_check_fails_on_its_own_case() {
    let p = Policy::default();
    let mut f = clean();
    let mut never = admin("never");
    never.last_used_at = None;
    let mut stale = admin("stale");
    stale.last_used_at = Some(NOW - 95 * DAY);
    stale.created_at = NOW - 300 * DAY;
    let mut forever = admin("forever");
    forever.expires_at = None;
    let mut gone = admin("gone");
    gone.owner_gone = true;
    let mut twin = admin("twin");
    twin.owner = gone.owner.clone();
    f.admin_keys = Ok(vec![never, stale, forever, gone, twin]);
    assert_eq!(failing(&f, &p, "ADMIN-NEVER-USED"), ["never"]);
    assert_eq!(failing(&f, &p, "ADMIN-UNUSED"), ["stale"]);
    assert_eq!(failing(&f, &p, "ADMIN-NO-EXPIRY"), ["forever"]);
    assert_eq!(failing(&f, &p, "ADMIN-OWNER-GONE"), ["gone"]);
    assert_eq!(failing(&f, &p, "ADMIN-PER-OWNER"), ["gone", "twin"]);
    assert_eq!(
        outcome(&f, &p, "ADMIN-COUNT"),
        Outcome::Pass,
        "5 keys, 5 allowed"
    );
    let strict = Policy {
        max_admin_keys: 4,
        ..Policy::default()
    };
    assert_eq!(failing(&f, &strict, "ADMIN-COUNT").len(), 5);
}

#[test]
fn people_rails_certificates_and_keyless_checks_fail_on_their_own_case() {
    let p = Policy::default();
    let mut f = clean();
    let owner = |id: &str, used: Option<i64>| PersonFact {
        id: id.into(),
        name: id.into(),
        owner: true,
        last_key_use: used,
    };
    f.people = Ok(vec![
        owner("o1", Some(NOW - DAY)),
        owner("o2", Some(NOW - DAY)),
        owner("o3", Some(NOW - DAY)),
        owner("idle", None),
    ]);
    assert_eq!(
        failing(&f, &p, "PEOPLE-OWNERS").len(),
        4,
        "4 owners, 3 allowed"
    );
    assert_eq!(failing(&f, &p, "PEOPLE-IDLE-OWNERS"), ["idle"]);
    f.invites = Ok(vec![
        InviteFact {
            id: "old".into(),
            email: "a@x".into(),
            pending: true,
            expired: false,
            created_at: NOW - 8 * DAY,
        },
        InviteFact {
            id: "new".into(),
            email: "b@x".into(),
            pending: true,
            expired: false,
            created_at: NOW - DAY,
        },
        InviteFact {
            id: "gone".into(),
            email: "c@x".into(),
            pending: false,
            expired: true,
            created_at: NOW - 40 * DAY,
        },
    ]);
    assert_eq!(failing(&f, &p, "INVITES-OLD"), ["old"]);
    assert_eq!(failing(&f, &p, "INVITES-EXPIRED"), ["gone"]);
    f.rails = Ok(vec![RailFact {
        project_id: "proj_a".into(),
        project_name: "A".into(),
        has_limit: false,
        has_model_policy: false,
        alert_at_or_above_limit: true,
    }]);
    assert_eq!(failing(&f, &p, "RAILS-LIMIT"), ["proj_a"]);
    assert_eq!(failing(&f, &p, "RAILS-MODELS"), ["proj_a"]);
    assert_eq!(failing(&f, &p, "RAILS-ALERTS"), ["proj_a"]);
    f.org_limit = Ok(false);
    assert_eq!(failing(&f, &p, "RAILS-ORG-LIMIT"), ["organization"]);
    f.certificates = Ok(vec![CertificateFact {
        id: "cert_1".into(),
        name: "mTLS".into(),
        active: true,
        expires_at: Some(NOW + 10 * DAY),
    }]);
    assert_eq!(failing(&f, &p, "CERT-EXPIRING"), ["cert_1"]);
    let account = AccountFact {
        id: "svc_1".into(),
        name: "ci".into(),
        project_name: "A".into(),
        key_only: true,
    };
    f.keyless = Ok((false, vec![account.clone()]));
    assert_eq!(
        outcome(&f, &p, "KEYLESS-KEY-ONLY"),
        Outcome::Pass,
        "no provider yet"
    );
    f.keyless = Ok((true, vec![account]));
    assert_eq!(failing(&f, &p, "KEYLESS-KEY-ONLY"), ["svc_1"]);
}

#[test]
fn unread_facts_are_not_checked_and_the_policy_switches_checks_off() {
    let f = Facts::unread(NOW, "This key may not read it.");
    let p = Policy::default();
    for (c, _, o) in run_all(&f, &p) {
        assert!(matches!(o, Outcome::NotChecked { .. }), "{}: {o:?}", c.id);
    }
    assert_eq!(score(&[]), None);
    let mut off = Policy::default();
    off.off
        .insert("KEY-AGE".into(), "Rotated by the vault.".into());
    off.severity
        .insert("KEY-NO-EXPIRY".into(), Severity::Critical);
    let results = run_all(&clean(), &off);
    let age = results.iter().find(|(c, _, _)| c.id == "KEY-AGE").unwrap();
    assert_eq!(
        age.2,
        Outcome::Off {
            why: "Rotated by the vault.".into()
        }
    );
    let expiry = results
        .iter()
        .find(|(c, _, _)| c.id == "KEY-NO-EXPIRY")
        .unwrap();
    assert_eq!(expiry.1, Severity::Critical);
}

#[test]
fn the_score_weighs_what_ran_by_severity() {
    let fail = Outcome::Fail { items: vec![] };
    let not = Outcome::NotChecked { why: "x".into() };
    assert_eq!(score(&[(Severity::Critical, &Outcome::Pass)]), Some(100));
    assert_eq!(
        score(&[(Severity::Critical, &fail), (Severity::Low, &Outcome::Pass)]),
        Some(9)
    );
    assert_eq!(
        score(&[
            (Severity::High, &fail),
            (Severity::High, &Outcome::Pass),
            (Severity::Low, &not)
        ]),
        Some(50)
    );
}

#[test]
fn policies_are_read_or_refused_with_the_line_and_the_reason() {
    let p = document::parse("{\"version\": 1}").unwrap();
    assert_eq!(p, Policy::default());
    let round = document::parse(&Policy::default().to_text()).unwrap();
    assert_eq!(round, Policy::default());
    let refused = |text: &str| document::parse(text).unwrap_err();
    let r = refused("{\n  \"version\": 1,\n  \"unused_days\": 90\n  \"max_owners\": 2\n}");
    assert_eq!(r.line, Some(4));
    assert!(r.reason.starts_with("not valid JSON"), "{}", r.reason);
    let r = refused("{\n  \"version\": 2,\n  \"new_thing\": true\n}");
    assert_eq!(r.line, Some(2));
    assert!(r.reason.contains("newer"), "{}", r.reason);
    let r = refused("{\n  \"version\": 1,\n  \"max_owner\": 2\n}");
    assert_eq!(r.line, Some(3));
    assert!(r.reason.contains("max_owner"), "{}", r.reason);
    let r = refused("{\n  \"version\": 1,\n  \"unused_days\": 0\n}");
    assert_eq!((r.line, r.reason.contains("unused_days")), (Some(3), true));
    let r = refused("{\n  \"version\": 1,\n  \"off\": {\n    \"KEY-NOPE\": \"x\"\n  }\n}");
    assert_eq!(r.line, Some(4));
    assert!(r.reason.contains("no check"), "{}", r.reason);
    let r = refused("{\n  \"version\": 1,\n  \"off\": {\"KEY-AGE\": \" \"}\n}");
    assert!(r.reason.contains("without a reason"), "{}", r.reason);
    let r = refused("{\"version\": 1, \"severity\": {\"KEY-AGE\": \"urgent\"}}");
    assert_eq!(r.line, Some(1));
    assert!(refused("{}").reason.contains("version"));
    assert!(refused("[1]").reason.contains("version"));
    assert_eq!(refused("{\"version\": \"1\"}").line, Some(1));
}

#[test]
fn the_published_schema_names_every_field_of_the_policy() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let mut named: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    let doc: serde_json::Value = serde_json::from_str(&Policy::default().to_text()).unwrap();
    let mut fields: Vec<&String> = doc.as_object().unwrap().keys().collect();
    named.sort();
    fields.sort();
    assert_eq!(named, fields);
    assert_eq!(schema["properties"]["version"]["const"], VERSION);
}

#[test]
fn a_report_round_trips_and_says_what_changed_since_an_earlier_one() {
    use super::report::{Report, changes};
    let p = Policy::default();
    let mut f = clean();
    let mut a = key("a");
    a.owner_left = true;
    let mut b = key("b");
    b.owner_left = true;
    f.keys = Ok(vec![a, b]);
    let report = |f: &Facts| Report {
        keyward_report: 1,
        organization: "test".into(),
        generated_at: "2026-12-01T00:00:00Z".into(),
        score: score(
            &run_all(f, &p)
                .iter()
                .map(|(_, s, o)| (*s, o))
                .collect::<Vec<_>>(),
        ),
        policy: p.clone(),
        checks: run_all(f, &p)
            .into_iter()
            .map(|(c, s, o)| super::report::CheckReport {
                id: c.id.into(),
                title: c.title.into(),
                severity: s,
                outcome: o,
            })
            .collect(),
        fixes: vec![],
    };
    let before = report(&f);
    assert_eq!(Report::parse(&before.to_text()).unwrap(), before);
    assert!(Report::parse("{\"x\": 1}").is_err());
    // "a" was revoked, "c" appeared.
    let mut c = key("c");
    c.owner_left = true;
    let mut b = key("b");
    b.owner_left = true;
    f.keys = Ok(vec![b, c]);
    let now = report(&f);
    let diff = changes(&before, &now);
    let left = diff.iter().find(|d| d.id == "KEY-OWNER-LEFT").unwrap();
    let ids = |xs: &[Item]| xs.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        (ids(&left.fixed), ids(&left.new), ids(&left.still)),
        (vec!["a".into()], vec!["c".into()], vec!["b".into()])
    );
    assert!(
        diff.iter().all(|d| d.id == "KEY-OWNER-LEFT"),
        "nothing else changed"
    );
}

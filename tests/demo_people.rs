//! The demo organization shows every people-and-access finding (issue 22): read through the
//! emulator's own answers, judged by the app's findings, as the demo's seed makes it.
#![cfg(not(target_arch = "wasm32"))]

use admin_api::types::*;
use fake_org::{GenSpec, Org, Request};
use keyward_app::logic::people::findings::*;
use serde::de::DeserializeOwned;

const KEY: &str = "sk-admin-demo-people";
const NOW: i64 = 1_800_000_000;

fn get<T: DeserializeOwned>(org: &mut Org, path: &str) -> T {
    let r = org.handle(&Request::to(
        "GET",
        path,
        Some(format!("Bearer {KEY}")),
        None,
    ));
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[test]
fn every_people_finding_shows_in_the_demo() {
    // The demo's own seed and size (`platform::transport`).
    let spec = GenSpec {
        seed: 2026,
        projects: 14,
        keys_per_project: None,
        now: NOW,
    };
    let mut org = Org::generate(KEY, &spec);
    let users: Page<OrganizationUser> = get(&mut org, "/organization/users?limit=100");
    let invites: Page<Invite> = get(&mut org, "/organization/invites?limit=100");
    let groups: Page<Group> = get(&mut org, "/organization/groups");
    let roles: Page<Role> = get(&mut org, "/organization/roles");
    let certs: Page<Certificate> = get(&mut org, "/organization/certificates?limit=100");
    assert!(owners(&users.data).len() >= 2, "several owners");
    assert!(
        !never_used_a_key(&users.data, |_| true).is_empty(),
        "someone never used a key"
    );
    assert!(
        !stale_invites(&invites.data, NOW).is_empty(),
        "a pending invite older than a week"
    );
    assert!(
        !expired_invites(&invites.data, NOW).is_empty(),
        "an expired invite"
    );
    assert!(
        !scim_users(&users.data).is_empty() && !scim_groups(&groups.data).is_empty(),
        "SCIM"
    );
    let scim: Vec<&str> = scim_users(&users.data)
        .iter()
        .map(|u| u.id.as_str())
        .chain(scim_groups(&groups.data).iter().map(|g| g.id.as_str()))
        .collect();
    let events: Page<AuditLog> = get(&mut org, "/organization/audit_logs?limit=100");
    let drift = changed_outside_scim(&scim, &events.data);
    assert!(
        drift.iter().any(|d| d.changes == ["user.updated"]),
        "a SCIM user changed outside SCIM"
    );
    assert!(
        drift.iter().any(|d| d.changes == ["group.updated"]),
        "a SCIM group changed outside SCIM"
    );
    assert!(
        groups.data.iter().any(|g| !g.is_scim_managed),
        "groups of our own"
    );
    assert!(
        !key_writing_roles(&roles.data).is_empty(),
        "a custom role that writes keys"
    );
    let states: Vec<CertState> = certs.data.iter().map(|c| cert_state(c, NOW)).collect();
    assert!(
        states.iter().any(|s| matches!(s, CertState::Expiring(_))),
        "a certificate expiring"
    );
    assert!(
        states.contains(&CertState::Expired),
        "an expired certificate"
    );
    assert!(
        !inactive_everywhere(&certs.data, |_| false).is_empty(),
        "a certificate active nowhere"
    );
}

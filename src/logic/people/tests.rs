use super::findings::*;
use super::pem::{self, PemError};
use admin_api::types::*;

const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn user(id: &str, role: &str, last_used: Option<i64>, scim: bool) -> OrganizationUser {
    OrganizationUser {
        object: "organization.user".into(),
        id: id.into(),
        name: Some(id.into()),
        email: Some(format!("{id}@example.com")),
        role: Some(role.into()),
        added_at: NOW - 100 * DAY,
        is_scim_managed: Some(scim),
        api_key_last_used_at: last_used,
        projects: None,
    }
}

fn invite(id: &str, status: &str, age_days: i64, expires_in_days: i64) -> Invite {
    Invite {
        object: "organization.invite".into(),
        id: id.into(),
        email: format!("{id}@example.com"),
        role: "reader".into(),
        status: status.into(),
        created_at: NOW - age_days * DAY,
        expires_at: Some(NOW + expires_in_days * DAY),
        accepted_at: None,
        projects: Vec::new(),
    }
}

fn role(id: &str, perms: &[&str], predefined: bool) -> Role {
    Role {
        object: "role".into(),
        id: id.into(),
        name: id.into(),
        description: None,
        permissions: perms.iter().map(|p| (*p).to_owned()).collect(),
        predefined_role: predefined,
        resource_type: "api.organization".into(),
    }
}

fn cert(id: &str, active: bool, valid_days_ago: i64, expires_in_days: i64) -> Certificate {
    Certificate {
        object: "organization.certificate".into(),
        id: id.into(),
        name: Some(id.into()),
        created_at: NOW - 400 * DAY,
        active: Some(active),
        certificate_details: CertificateDetails {
            valid_at: Some(NOW - valid_days_ago * DAY),
            expires_at: Some(NOW + expires_in_days * DAY),
            content: None,
        },
    }
}

#[test]
fn owners_unused_users_and_scim_are_found() {
    let users = vec![
        user("u_a", "owner", Some(NOW - DAY), false),
        user("u_b", "owner", None, true),
        user("u_c", "reader", None, false),
        user("u_d", "reader", Some(NOW), true),
    ];
    let ids = |v: Vec<&OrganizationUser>| v.into_iter().map(|u| u.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(owners(&users)), ["u_a", "u_b"]);
    assert_eq!(ids(never_used_a_key(&users, |_| true)), ["u_b", "u_c"]);
    // An answer that doesn't carry the field proves nothing.
    assert!(never_used_a_key(&users, |_| false).is_empty());
    assert_eq!(ids(scim_users(&users)), ["u_b", "u_d"]);
}

#[test]
fn invites_go_stale_after_a_week_and_expire_by_their_date_whatever_they_say() {
    let invites = vec![
        invite("fresh", "pending", 2, 28),
        invite("stale", "pending", 10, 20),
        invite("lapsed", "pending", 40, -10),
        invite("said", "expired", 40, -10),
        invite("taken", "accepted", 50, -20),
    ];
    let ids = |v: Vec<&Invite>| v.into_iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(stale_invites(&invites, NOW)), ["stale"]);
    assert_eq!(ids(expired_invites(&invites, NOW)), ["lapsed", "said"]);
    assert_eq!(invite_status(&invites[4], NOW), "accepted");
}

#[test]
fn custom_roles_that_write_keys_are_named_with_the_strongest_write() {
    let roles = vec![
        role(
            "keys",
            &[
                "api.organization.projects.api_keys.read",
                "api.organization.projects.api_keys.write",
            ],
            false,
        ),
        role(
            "admin",
            &[
                "api.organization.projects.api_keys.write",
                "api.organization.admin_api_keys.write",
            ],
            false,
        ),
        role(
            "reader",
            &[
                "api.organization.projects.api_keys.read",
                "api.groups.write",
            ],
            false,
        ),
        role("owner", &["api.organization.admin_api_keys.write"], true),
    ];
    let found: Vec<(&str, KeyWrite)> = key_writing_roles(&roles)
        .into_iter()
        .map(|(r, k)| (r.id.as_str(), k))
        .collect();
    assert_eq!(
        found,
        [
            ("keys", KeyWrite::ProjectKeys),
            ("admin", KeyWrite::AdminKeys)
        ]
    );
    assert_eq!(key_write("api.groups.write"), None);
    assert_eq!(key_write("api.management.write"), Some(KeyWrite::AdminKeys));
    assert_eq!(key_write("api.management.read"), None);
}

#[test]
fn certificates_expire_warn_a_month_ahead_and_the_last_active_one_is_said() {
    let certs = vec![
        cert("good", true, 10, 300),
        cert("soon", true, 300, 12),
        cert("gone", false, 800, -40),
        cert("idle", false, 10, 200),
    ];
    assert_eq!(cert_state(&certs[0], NOW), CertState::Valid);
    assert_eq!(cert_state(&certs[1], NOW), CertState::Expiring(12));
    assert_eq!(cert_state(&certs[2], NOW), CertState::Expired);
    assert_eq!(
        cert_state(&cert("later", false, -5, 100), NOW),
        CertState::NotYetValid
    );
    let nowhere: Vec<&str> = inactive_everywhere(&certs, |id| id == "idle")
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(nowhere, ["gone"]);
    assert!(!deactivating_the_last(&certs, &["good".into()]));
    assert!(deactivating_the_last(
        &certs,
        &["good".into(), "soon".into()]
    ));
}

#[test]
fn a_pem_is_checked_for_shape_and_a_private_key_is_never_sent() {
    let good = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQUJD\n-----END CERTIFICATE-----\n";
    assert_eq!(pem::check(&format!("\n {good}")).unwrap(), good.trim());
    assert_eq!(pem::check("hello"), Err(PemError::NotACertificate));
    let key = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----";
    assert_eq!(pem::check(key), Err(PemError::PrivateKey));
    assert_eq!(
        pem::check(&format!("{good}{good}")),
        Err(PemError::SeveralCertificates)
    );
    assert_eq!(
        pem::check("-----BEGIN CERTIFICATE-----\nMIIB"),
        Err(PemError::NoEnd)
    );
    let junk = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----";
    assert_eq!(pem::check(junk), Err(PemError::NotBase64));
}

#[test]
fn an_invite_says_which_projects_and_is_checked_before_sending() {
    use super::invites::{InviteError, ProjectChoice, body, made};
    let default_only = body(" ada@example.com ", "reader", &ProjectChoice::DefaultOnly).unwrap();
    assert_eq!(default_only.email, "ada@example.com");
    assert_eq!(default_only.projects, None);
    assert_eq!(
        body("ada@example.com", "owner", &ProjectChoice::NoProject)
            .unwrap()
            .projects,
        Some(vec![])
    );
    let chosen = ProjectChoice::Chosen(vec![("proj_a".into(), "owner".into())]);
    let b = body("ada@example.com", "reader", &chosen).unwrap();
    assert_eq!(b.projects.unwrap()[0].role, "owner");
    assert_eq!(
        body("ada@example.com", "reader", &ProjectChoice::Chosen(vec![])),
        Err(InviteError::NoProjectChosen)
    );
    assert!(matches!(
        body("ada", "reader", &ProjectChoice::NoProject),
        Err(InviteError::NotAnEmail(_))
    ));
    assert_eq!(
        body("ada@example.com", "admin", &ProjectChoice::NoProject),
        Err(InviteError::NoRole)
    );
    // A lost answer: proven made only by an invite that wasn't listed before.
    let old = invite("old", "pending", 3, 20);
    let listed = vec![
        old.clone(),
        Invite {
            id: "new".into(),
            ..old.clone()
        },
    ];
    assert_eq!(
        made(&listed, &["old".into()], &old.email).map(|i| i.id.as_str()),
        Some("new")
    );
    assert!(made(&listed[..1], &["old".into()], &old.email).is_none());
}

#[test]
fn offboarding_sends_keys_first_holds_removal_and_retries_only_the_rest() {
    use super::offboard::{Action, Holdings, Offboard, Outcome, Run};
    let held = Holdings {
        keys: vec![
            ("p1".into(), "Billing".into(), "k1".into(), "ci".into()),
            ("p2".into(), "Search".into(), "k2".into(), "dev".into()),
        ],
        admin_keys: vec![("a1".into(), "mine".into()), ("a2".into(), "ops".into())],
        groups: vec![("g1".into(), "Platform".into())],
    };
    let mut run = Offboard::plan("u1", "Ann", held, Some("a1".into()));
    let kinds: Vec<&Action> = run.steps.iter().map(|s| &s.action).collect();
    // Project keys, other admin keys, groups, removal; the session's own key last.
    assert!(matches!(kinds[0], Action::ProjectKey { key_id, .. } if key_id == "k1"));
    assert!(matches!(kinds[2], Action::AdminKey { key_id } if key_id == "a2"));
    assert!(matches!(kinds[3], Action::Group { .. }));
    assert_eq!(kinds[4], &Action::Remove);
    assert!(matches!(kinds[5], Action::AdminKey { key_id } if key_id == "a1"));
    assert!(run.ends_session);
    // One key refused: the removal is held back, and says why.
    run.set(0, Outcome::Done("Revoked.".into()));
    run.set(1, Outcome::Refused("no".into()));
    run.set(2, Outcome::Done("Revoked.".into()));
    run.set(3, Outcome::Done("Left.".into()));
    assert!(
        run.removal_blocked()
            .unwrap()
            .starts_with("1 of their keys is")
    );
    run.set(4, Outcome::HeldBack(run.removal_blocked().unwrap()));
    run.close();
    assert_eq!(run.steps[5].outcome, Outcome::NotAttempted);
    assert!(!run.removed() && !run.session_over());
    assert_eq!(run.keys_gone(), ["k1"]);
    // Retry sends only what is not done, in the same order.
    let rest = run.rest().unwrap();
    let labels: Vec<&str> = rest.steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels.len(), 3);
    assert!(labels[0].contains("dev") && labels[1].starts_with("Remove Ann"));
    assert!(rest.steps.iter().all(|s| s.outcome == Outcome::Waiting));
    let mut rest = rest;
    rest.set(0, Outcome::Done("Revoked.".into()));
    assert_eq!(rest.removal_blocked(), None);
    rest.set(1, Outcome::Done("Removed.".into()));
    assert!(rest.session_over());
}

#[test]
fn a_person_roles_and_projects_say_where_they_come_from() {
    use super::person::{GroupInProject, Via, org_roles, projects};
    use admin_api::types::{AssignedRole, AssignmentSource, Group, UserProject, UserProjects};
    let mut u = user("u1", "reader", None, false);
    u.projects = Some(UserProjects {
        object: "list".into(),
        data: vec![UserProject {
            id: "p1".into(),
            name: Some("Billing".into()),
            role: Some("owner".into()),
        }],
    });
    let g = Group {
        id: "g1".into(),
        name: "Platform".into(),
        created_at: 0,
        group_type: None,
        is_scim_managed: false,
    };
    let assigned = vec![AssignedRole {
        id: "r1".into(),
        name: "Key manager".into(),
        description: None,
        permissions: vec!["api.organization.projects.api_keys.write".into()],
        predefined_role: false,
        resource_type: "api.organization".into(),
        assignment_sources: Some(vec![AssignmentSource {
            principal_id: "g1".into(),
            principal_type: "group".into(),
        }]),
    }];
    let roles = org_roles(&u, &assigned, std::slice::from_ref(&g));
    assert_eq!(roles[0].name, "reader");
    assert_eq!(roles[0].via, Via::Direct);
    assert_eq!(roles[1].via, Via::Group("Platform".into()));
    assert!(roles[1].writes_keys);
    let via = vec![GroupInProject {
        project_id: "p2".into(),
        project_name: "Analytics".into(),
        group_id: "g1".into(),
        roles: vec!["Member".into()],
    }];
    let lines = projects(&u, &[g], &via);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0].name.as_str(), &lines[0].via),
        ("Analytics", &Via::Group("Platform".into()))
    );
    assert_eq!(
        (lines[1].role.as_str(), &lines[1].via),
        ("owner", &Via::Direct)
    );
}

#[test]
fn role_permissions_are_checked_and_unknown_ones_kept() {
    use super::permission_names::{check, describe, unknown};
    assert!(describe("api.groups.write").is_some());
    assert!(check(&[]).is_err());
    assert!(check(&["api.groups.read".into()]).is_ok());
    assert!(
        check(&["api.x/../y".into()])
            .unwrap_err()
            .contains("not a permission")
    );
    assert_eq!(
        unknown(&["api.groups.read".into(), "api.future.thing".into()]),
        ["api.future.thing"]
    );
}

#[test]
fn scim_principals_changed_outside_scim_say_what_scim_undoes() {
    use super::findings::{changed_outside_scim, scim_undoes};
    use admin_api::types::AuditLog;
    let event = |kind: &str, id: &str, at: i64| -> AuditLog {
        serde_json::from_value(serde_json::json!({
            "id": format!("audit_{at}"), "type": kind, "effective_at": at, kind: {"id": id}
        }))
        .unwrap()
    };
    let events = vec![
        event("tenant.group.member.added", "g1", 30),
        event("group.updated", "g1", 20),
        event("user.updated", "u9", 15),
        event("user.updated", "u1", 10),
        event("tenant.group.member.removed", "g1", 5),
    ];
    let drift = changed_outside_scim(&["g1", "u1"], &events);
    assert_eq!(drift.len(), 2, "u9 is not SCIM-managed");
    assert_eq!(drift[0].id, "g1");
    assert_eq!(drift[0].last, 30);
    assert_eq!(
        scim_undoes(&drift[0].changes),
        "SCIM will set its members and its name back at its next sync."
    );
    assert_eq!(
        scim_undoes(&drift[1].changes),
        "SCIM will set their role back at its next sync."
    );
}

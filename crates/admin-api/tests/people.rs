//! People and access (users, invites, groups, roles, role assignments, project groups,
//! certificates) through the client against the in-memory organization: each call, each
//! refusal the API makes, each audit event.

mod common;
use admin_api::types::*;
use admin_api::*;
use common::*;
use fake_org::{GenSpec, Org};

fn client() -> Client<Mem> {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 9,
            projects: 3,
            keys_per_project: Some(3),
            now: NOW,
        },
    );
    let mem = Mem::new(org);
    let base = mem.base.clone();
    Client::new(mem, &base, AdminKey::new_unchecked(KEY))
}

fn audit_types(c: &Client<Mem>) -> Vec<String> {
    block_on(c.list_audit_logs(&AuditQuery::default()))
        .unwrap()
        .data
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

fn status(e: ApiError) -> u16 {
    e.status.unwrap_or(0)
}

const PEM: &str =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQUJD\n-----END CERTIFICATE-----\n";

#[test]
fn users_are_read_with_their_projects_changed_and_removed_but_the_last_owner_stays() {
    let c = client();
    let users = block_on(c.all_org_users()).unwrap();
    assert!(
        users
            .iter()
            .all(|u| u.projects.is_some() && u.is_scim_managed.is_some())
    );
    assert!(
        users.iter().any(|u| u.is_scim_managed == Some(true)),
        "the demo has SCIM users"
    );
    let member = users
        .iter()
        .find(|u| {
            u.role.as_deref() == Some("reader")
                && u.projects.as_ref().is_some_and(|p| !p.data.is_empty())
        })
        .expect("a reader in a project");
    let one = block_on(c.org_user(&member.id)).unwrap();
    assert_eq!(one.id, member.id);
    let up = UpdateOrgUser {
        role: Some("owner".into()),
        role_id: None,
    };
    assert_eq!(
        block_on(c.update_org_user(&member.id, &up))
            .unwrap()
            .role
            .as_deref(),
        Some("owner")
    );
    assert!(audit_types(&c).contains(&"user.updated".to_owned()));

    // Demote every owner but one; the last can be neither demoted nor removed.
    let owners: Vec<String> = block_on(c.all_org_users())
        .unwrap()
        .into_iter()
        .filter(|u| u.role.as_deref() == Some("owner"))
        .map(|u| u.id)
        .collect();
    let reader = UpdateOrgUser {
        role: Some("reader".into()),
        role_id: None,
    };
    for id in &owners[1..] {
        block_on(c.update_org_user(id, &reader)).unwrap();
    }
    assert_eq!(
        status(block_on(c.update_org_user(&owners[0], &reader)).unwrap_err()),
        400
    );
    assert_eq!(
        status(block_on(c.remove_org_user(&owners[0])).unwrap_err()),
        400
    );

    let gone = block_on(c.remove_org_user(&member.id)).unwrap();
    assert!(gone.deleted);
    assert_eq!(status(block_on(c.org_user(&member.id)).unwrap_err()), 404);
    assert!(audit_types(&c).contains(&"user.deleted".to_owned()));
    // A path that isn't an ID is refused before anything is sent.
    assert!(block_on(c.remove_org_user("../projects")).is_err());
}

#[test]
fn invites_tell_default_project_from_none_expire_and_only_pending_ones_are_deleted() {
    let c = client();
    let all = block_on(c.all_invites()).unwrap();
    for s in ["pending", "expired", "accepted"] {
        assert!(
            all.iter().any(|i| i.status == s),
            "the demo has a {s} invite: {all:?}"
        );
    }
    let default_only = CreateInvite {
        email: "one@example.org".into(),
        role: "reader".into(),
        projects: None,
    };
    let a = block_on(c.create_invite(&default_only)).unwrap();
    assert_eq!(a.projects.len(), 1, "omitted: the default project");
    assert_eq!(a.status, "pending");
    assert!(a.expires_at.is_some_and(|e| e > NOW));
    let none = CreateInvite {
        email: "two@example.org".into(),
        projects: Some(Vec::new()),
        ..default_only.clone()
    };
    assert!(
        block_on(c.create_invite(&none))
            .unwrap()
            .projects
            .is_empty(),
        "[]: no project"
    );
    // The same address twice, a bad address, an unknown project: refused.
    assert_eq!(
        status(block_on(c.create_invite(&default_only)).unwrap_err()),
        400
    );
    let bad = CreateInvite {
        email: "not an email".into(),
        ..default_only.clone()
    };
    assert_eq!(status(block_on(c.create_invite(&bad)).unwrap_err()), 400);
    let ghost = CreateInvite {
        email: "three@example.org".into(),
        projects: Some(vec![InviteProject {
            id: "proj_nope".into(),
            role: "member".into(),
        }]),
        ..default_only
    };
    assert_eq!(status(block_on(c.create_invite(&ghost)).unwrap_err()), 404);

    assert_eq!(block_on(c.invite(&a.id)).unwrap().email, "one@example.org");
    assert!(block_on(c.delete_invite(&a.id)).unwrap().deleted);
    assert_eq!(status(block_on(c.invite(&a.id)).unwrap_err()), 404);
    let accepted = all.iter().find(|i| i.status == "accepted").unwrap();
    assert_eq!(
        status(block_on(c.delete_invite(&accepted.id)).unwrap_err()),
        400
    );
    let kinds = audit_types(&c);
    assert!(
        kinds.contains(&"invite.sent".to_owned()) && kinds.contains(&"invite.deleted".to_owned())
    );
}

#[test]
fn groups_and_members_page_by_next_cursor_and_are_changed_once_each() {
    let c = client();
    let groups = block_on(c.all_groups()).unwrap();
    assert!(groups.iter().any(|g| g.is_scim_managed) && groups.iter().any(|g| !g.is_scim_managed));
    let g = block_on(c.create_group("Support")).unwrap();
    assert_eq!(g.name, "Support");
    assert!(block_on(c.create_group("  ")).is_err());
    assert_eq!(
        block_on(c.rename_group(&g.id, "Support EU")).unwrap().name,
        "Support EU"
    );
    let users = block_on(c.all_org_users()).unwrap();
    for u in users.iter().take(3) {
        let added = block_on(c.add_group_user(&g.id, &u.id)).unwrap();
        assert_eq!(
            (added.group_id.as_str(), added.user_id.as_str()),
            (g.id.as_str(), u.id.as_str())
        );
    }
    assert_eq!(
        status(block_on(c.add_group_user(&g.id, &users[0].id)).unwrap_err()),
        400
    );
    // One page holds them all, so it has no `next`; the pager lists every member once.
    let first = block_on(c.list_group_users(&g.id, None)).unwrap();
    assert_eq!(first.data.len(), 3);
    assert_eq!(first.next, None);
    let members = block_on(c.all_group_users(&g.id)).unwrap();
    assert_eq!(members.len(), 3);
    assert!(
        block_on(c.remove_group_user(&g.id, &users[1].id))
            .unwrap()
            .deleted
    );
    assert_eq!(block_on(c.all_group_users(&g.id)).unwrap().len(), 2);
    assert!(block_on(c.delete_group(&g.id)).unwrap().deleted);
    assert_eq!(status(block_on(c.group(&g.id)).unwrap_err()), 404);
    let kinds = audit_types(&c);
    for k in [
        "group.created",
        "group.updated",
        "group.deleted",
        "tenant.group.member.added",
        "tenant.group.member.removed",
    ] {
        assert!(kinds.contains(&k.to_owned()), "{k} audited");
    }
}

#[test]
fn roles_are_made_changed_and_assigned_with_where_they_come_from() {
    let c = client();
    let org_roles = block_on(c.all_roles(RoleScope::Organization)).unwrap();
    let predefined = org_roles
        .iter()
        .find(|r| r.predefined_role)
        .expect("predefined roles");
    let no = UpdateRole {
        role_name: Some("Mine".into()),
        ..UpdateRole::default()
    };
    assert_eq!(
        status(block_on(c.update_role(RoleScope::Organization, &predefined.id, &no)).unwrap_err()),
        400
    );
    assert_eq!(
        status(block_on(c.delete_role(RoleScope::Organization, &predefined.id)).unwrap_err()),
        400
    );
    let body = CreateRole {
        role_name: "Billing reader".into(),
        permissions: vec!["api.usage.read".into()],
        description: None,
    };
    let role = block_on(c.create_role(RoleScope::Organization, &body)).unwrap();
    assert!(!role.predefined_role);
    assert_eq!(role.resource_type, "api.organization");
    assert_eq!(
        status(block_on(c.create_role(RoleScope::Organization, &body)).unwrap_err()),
        400,
        "names are unique"
    );
    let more = UpdateRole {
        permissions: Some(vec!["api.usage.read".into(), "api.groups.read".into()]),
        ..UpdateRole::default()
    };
    assert_eq!(
        block_on(c.update_role(RoleScope::Organization, &role.id, &more))
            .unwrap()
            .permissions
            .len(),
        2
    );

    // Assigned to a group, the role reaches its members, saying through which group.
    let g = block_on(c.create_group("Billing")).unwrap();
    let u = block_on(c.all_org_users()).unwrap().remove(1);
    block_on(c.add_group_user(&g.id, &u.id)).unwrap();
    let given = block_on(c.assign_role(Principal::Group(&g.id), &role.id)).unwrap();
    assert_eq!(given.role.id, role.id);
    assert_eq!(
        status(block_on(c.assign_role(Principal::Group(&g.id), &role.id)).unwrap_err()),
        400
    );
    let held = block_on(c.all_assigned_roles(Principal::User(&u.id))).unwrap();
    let via = held
        .iter()
        .find(|r| r.id == role.id)
        .expect("held through the group");
    assert_eq!(
        via.assignment_sources.as_ref().unwrap()[0].principal_id,
        g.id
    );
    block_on(c.assign_role(Principal::User(&u.id), &role.id)).unwrap();
    assert_eq!(
        block_on(c.assigned_role(Principal::User(&u.id), &role.id))
            .unwrap()
            .id,
        role.id
    );
    assert!(
        block_on(c.unassign_role(Principal::User(&u.id), &role.id))
            .unwrap()
            .deleted
    );
    assert_eq!(
        status(block_on(c.unassign_role(Principal::User(&u.id), &role.id)).unwrap_err()),
        404
    );

    // A project's roles live under `/projects/…`; its predefined ones are there too.
    let p = block_on(c.all_projects(false)).unwrap().remove(0).id;
    let project_roles = block_on(c.all_roles(RoleScope::Project(&p))).unwrap();
    assert!(
        project_roles
            .iter()
            .all(|r| r.resource_type == "api.project")
    );
    let member_role = project_roles
        .iter()
        .find(|r| r.predefined_role)
        .unwrap()
        .id
        .clone();
    let add = AddProjectGroup {
        group_id: g.id.clone(),
        role: member_role.clone(),
    };
    let pg = block_on(c.add_project_group(&p, &add)).unwrap();
    assert_eq!(
        (pg.project_id.as_str(), pg.group_name.as_str()),
        (p.as_str(), "Billing")
    );
    assert!(
        block_on(c.all_project_groups(&p))
            .unwrap()
            .iter()
            .any(|x| x.group_id == g.id)
    );
    let roles = block_on(c.all_assigned_roles(Principal::ProjectGroup(&p, &g.id))).unwrap();
    assert_eq!(roles[0].id, member_role);
    assert!(block_on(c.remove_project_group(&p, &g.id)).unwrap().deleted);
    assert!(
        block_on(c.delete_role(RoleScope::Organization, &role.id))
            .unwrap()
            .deleted
    );
    let kinds = audit_types(&c);
    for k in [
        "role.created",
        "role.updated",
        "role.deleted",
        "role.assignment.created",
        "role.assignment.deleted",
    ] {
        assert!(kinds.contains(&k.to_owned()), "{k} audited");
    }
}

#[test]
fn certificates_are_checked_uploaded_switched_per_scope_and_deleted_only_when_inactive() {
    let c = client();
    let seeded = block_on(c.all_certificates(CertScope::Organization)).unwrap();
    assert!(
        seeded
            .iter()
            .any(|x| x.certificate_details.expires_at.is_some_and(|e| e < NOW)),
        "an expired one"
    );
    assert_eq!(
        status(block_on(c.upload_certificate("hello", None)).unwrap_err()),
        400
    );
    let cert = block_on(c.upload_certificate(PEM, Some("Edge"))).unwrap();
    assert_eq!(cert.name.as_deref(), Some("Edge"));
    assert_eq!(cert.active, Some(false));
    assert_eq!(
        block_on(c.certificate(&cert.id))
            .unwrap()
            .certificate_details
            .content,
        None
    );
    assert_eq!(
        block_on(c.rename_certificate(&cert.id, "Edge 2"))
            .unwrap()
            .name
            .as_deref(),
        Some("Edge 2")
    );
    let ids = vec![cert.id.clone()];
    let on = block_on(c.toggle_certificates(CertScope::Organization, &ids, true)).unwrap();
    assert_eq!(on.data[0].active, Some(true));
    assert_eq!(
        status(block_on(c.delete_certificate(&cert.id)).unwrap_err()),
        400
    );
    // In a project it has its own switch.
    let p = block_on(c.all_projects(false)).unwrap().remove(0).id;
    let listed = |c: &Client<Mem>| {
        block_on(c.all_certificates(CertScope::Project(&p)))
            .unwrap()
            .into_iter()
            .find(|x| x.id == cert.id)
            .unwrap()
    };
    assert_eq!(listed(&c).active, Some(false));
    block_on(c.toggle_certificates(CertScope::Project(&p), &ids, true)).unwrap();
    assert_eq!(listed(&c).active, Some(true));
    // One unknown ID changes nothing.
    let mixed = vec![cert.id.clone(), "cert_nope".into()];
    assert_eq!(
        status(
            block_on(c.toggle_certificates(CertScope::Organization, &mixed, false)).unwrap_err()
        ),
        404
    );
    block_on(c.toggle_certificates(CertScope::Organization, &ids, false)).unwrap();
    block_on(c.delete_certificate(&cert.id)).unwrap();
    let kinds = audit_types(&c);
    for k in [
        "certificate.created",
        "certificate.updated",
        "certificate.deleted",
        "certificates.activated",
        "certificates.deactivated",
    ] {
        assert!(kinds.contains(&k.to_owned()), "{k} audited");
    }
}

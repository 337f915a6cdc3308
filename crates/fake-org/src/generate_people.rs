//! People and access for a generated organization, varied so that every finding shows in the
//! demo: several owners (made in `generate`), pending and expired invites, groups (some SCIM-
//! managed, one member changed outside SCIM), custom roles (one granting key writes), groups
//! given project access, and certificates (one expiring within 30 days, one expired).

use crate::org::Org;
use admin_api::types::InviteProject;

/// A PEM of the right shape (its body is not a real certificate: the emulator never parses it).
pub(crate) const SAMPLE_PEM: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBszCCAVmgAwIBAgIUKeywardDemoCertificateAAAAAAAAAAwCgYIKoZIzj0EAwIw\n\
-----END CERTIFICATE-----";

impl Org {
    pub(crate) fn seed_people(&mut self) {
        let (now, day) = (self.now, 86_400);
        let live: Vec<String> = self
            .projects
            .iter()
            .filter(|p| !p.project.is_archived())
            .map(|p| p.project.id.clone())
            .take(3)
            .collect();
        let on = |i: usize, role: &str| {
            live.get(i).map(|id| InviteProject {
                id: id.clone(),
                role: role.into(),
            })
        };
        // Invites: a fresh one, one pending for ten days, one expired, one accepted.
        let first = on(0, "member").into_iter().collect();
        self.insert_invite("new.hire@example.com", "reader", first, now - 2 * day);
        self.insert_invite("cfo@example.com", "owner", Vec::new(), now - 10 * day);
        let second = on(1, "owner").into_iter().collect();
        self.insert_invite("contractor@example.net", "reader", second, now - 45 * day);
        let accepted =
            self.insert_invite("analyst@example.com", "reader", Vec::new(), now - 60 * day);
        if let Some((inv, _)) = self
            .people
            .invites
            .iter_mut()
            .find(|(i, _)| i.id == accepted.id)
        {
            inv.status = "accepted".into();
            inv.accepted_at = Some(now - 58 * day);
        }

        // Groups: two of ours, one from the identity provider's SCIM.
        let users: Vec<String> = self.users.iter().map(|u| u.id.clone()).collect();
        let platform = self.insert_group("Platform team", false, now - 200 * day);
        let finance = self.insert_group("Finance", false, now - 150 * day);
        let scim = self.insert_group("Engineering (Okta)", true, now - 300 * day);
        let add = |org: &mut Org, g: &str, u: &str| {
            if let Some(gi) = org.people.group_index(g) {
                let seq = org.seqs.get(u).copied().unwrap_or(0);
                let members = &mut org.people.groups[gi].members;
                let at = members.partition_point(|(_, s)| *s <= seq);
                members.insert(at, (u.to_owned(), seq));
            }
        };
        for (i, u) in users.iter().enumerate().skip(1) {
            match i % 4 {
                0 => add(self, &platform, u),
                1 => add(self, &scim, u),
                2 if i < 12 => add(self, &finance, u),
                _ => {}
            }
        }
        // SCIM manages the users of its group, except one added here by hand.
        for (i, u) in users.iter().enumerate().skip(1) {
            if i % 4 == 1 && i > 1 {
                self.people.scim_users.insert(u.clone());
            }
        }
        // Changed outside SCIM: one SCIM user's role, and the SCIM group's name, set by hand.
        let actor = self.admin_actor();
        if let Some(u) = users.get(5) {
            let change = serde_json::json!({"id": u, "changes_requested": {"role": "reader"}});
            self.audit("user.updated", now - 3 * day, actor.clone(), change, None);
        }
        let change =
            serde_json::json!({"id": scim, "changes_requested": {"name": "Engineering (Okta)"}});
        self.audit("group.updated", now - 9 * day, actor, change, None);

        // Custom roles: one that may write project keys, one read-only.
        let keys_write = "api.organization.projects.api_keys.write";
        let keys_read = "api.organization.projects.api_keys.read";
        let _ = self.create_role(
            None,
            &serde_json::json!({"role_name": "Key manager", "permissions": [keys_read, keys_write],
                "description": "Creates and revokes project API keys"}),
        );
        let _ = self.create_role(
            None,
            &serde_json::json!({"role_name": "Auditor", "permissions": ["api.groups.read", keys_read]}),
        );
        let key_manager = self
            .people
            .roles
            .iter()
            .find(|r| r.role.name == "Key manager")
            .map(|r| r.role.id.clone());
        if let Some(role) = key_manager {
            let _ = self.assign(None, &platform, &role);
        }
        // Groups given project access.
        if let (Some(pi), Some(gi)) = (
            self.project_index(live.first().map_or("", String::as_str)),
            self.people.group_index(&platform),
        ) {
            self.insert_project_group(pi, gi, "role_project_owner", now - 100 * day);
        }

        // Certificates: one active and good for a year, one expiring in 12 days, one expired.
        let good = self.insert_cert(
            Some("Gateway 2026"),
            SAMPLE_PEM,
            now - 200 * day,
            now + 300 * day,
        );
        let soon = self.insert_cert(
            Some("Legacy proxy"),
            SAMPLE_PEM,
            now - 350 * day,
            now + 12 * day,
        );
        self.insert_cert(
            Some("Old gateway"),
            SAMPLE_PEM,
            now - 800 * day,
            now - 40 * day,
        );
        for c in &mut self.people.certs {
            if c.cert.id == good || c.cert.id == soon {
                c.cert.active = Some(true);
            }
        }
        // Seeding is not the admin's doing: the audit events of the roles made above go.
        self.audit.retain(|(e, _)| e.kind != "role.created");
    }
}

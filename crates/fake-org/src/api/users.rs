//! The organization's users: list, retrieve, update (org role or a role ID), delete. The last
//! owner can be neither demoted nor removed, as the API refuses.

use crate::Response;
use crate::http::{Query, invalid, many, not_found, page};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    /// A user as the API shows them: with their projects, SCIM flag and last key use.
    pub(crate) fn org_user_view(&self, ui: usize) -> OrganizationUser {
        let u = &self.users[ui];
        let projects: Vec<UserProject> = self
            .projects
            .iter()
            .filter_map(|p| {
                let (pu, _) = p.users.iter().find(|(pu, _)| pu.id == u.id)?;
                Some(UserProject {
                    id: p.project.id.clone(),
                    name: p.project.name.clone(),
                    role: Some(pu.role.clone()),
                })
            })
            .collect();
        let last_used = self
            .projects
            .iter()
            .flat_map(|p| &p.keys)
            .filter(|k| k.key.owner.user.as_ref().is_some_and(|o| o.id == u.id))
            .filter_map(|k| k.key.last_used_at)
            .max();
        OrganizationUser {
            object: "organization.user".into(),
            id: u.id.clone(),
            name: Some(u.name.clone()),
            email: Some(u.email.clone()),
            role: Some(u.role.clone()),
            added_at: u.created_at,
            is_scim_managed: Some(self.people.scim_users.contains(&u.id)),
            api_key_last_used_at: last_used,
            projects: Some(UserProjects {
                object: "list".into(),
                data: projects,
            }),
        }
    }

    pub(crate) fn user_index(&self, id: &str) -> Result<usize, Response> {
        self.users
            .iter()
            .position(|u| u.id == id)
            .ok_or_else(|| not_found("user", id))
    }

    pub(crate) fn list_org_users(&self, q: &Query) -> Result<Response, Response> {
        let emails: Vec<String> = many(q, "emails");
        let items: Vec<(OrganizationUser, u64)> = (0..self.users.len())
            .filter(|&i| emails.is_empty() || emails.contains(&self.users[i].email))
            .map(|i| {
                let seq = self.seqs.get(&self.users[i].id).copied().unwrap_or(0);
                (self.org_user_view(i), seq)
            })
            .collect();
        page(&self.seqs, &items, q, |u| &u.id)
    }

    pub(crate) fn retrieve_org_user(&self, id: &str) -> Result<Response, Response> {
        Ok(Response::json(
            200,
            &self.org_user_view(self.user_index(id)?),
        ))
    }

    fn owners(&self) -> usize {
        self.users.iter().filter(|u| u.role == "owner").count()
    }

    pub(crate) fn update_org_user(&mut self, id: &str, body: &Value) -> Result<Response, Response> {
        let ui = self.user_index(id)?;
        let role = body.get("role").filter(|v| !v.is_null());
        let role_id = body.get("role_id").filter(|v| !v.is_null());
        let mut changes = serde_json::Map::new();
        if let Some(r) = role {
            let r = r
                .as_str()
                .filter(|r| ["owner", "reader"].contains(r))
                .ok_or_else(|| {
                    invalid("Invalid 'role': expected owner or reader.", Some("role"))
                })?;
            if r == "reader" && self.users[ui].role == "owner" && self.owners() == 1 {
                return Err(invalid(
                    "The organization must keep at least one owner.",
                    Some("role"),
                ));
            }
            self.users[ui].role = r.to_owned();
            changes.insert("role".into(), json!(r));
        }
        if let Some(rid) = role_id {
            let rid = rid.as_str().unwrap_or_default();
            if self.people.role(None, rid).is_none() {
                return Err(not_found("role", rid));
            }
            self.assign(None, id, rid)?;
            changes.insert("role_id".into(), json!(rid));
        }
        for meta in ["developer_persona", "technical_level"] {
            if let Some(v) = body.get(meta).filter(|v| !v.is_null()) {
                changes.insert(meta.into(), v.clone());
            }
        }
        if changes.is_empty() {
            return Err(invalid("Give 'role', 'role_id' or both.", None));
        }
        self.audit_admin(
            "user.updated",
            json!({"id": id, "changes_requested": changes}),
            None,
        );
        Ok(Response::json(200, &self.org_user_view(ui)))
    }

    /// Removes a user from the organization: from its projects and groups too. Their keys stay
    /// listed, as the API keeps a departed owner's keys.
    pub(crate) fn delete_org_user(&mut self, id: &str) -> Result<Response, Response> {
        let ui = self.user_index(id)?;
        if self.users[ui].role == "owner" && self.owners() == 1 {
            return Err(invalid(
                "The organization's last owner cannot be removed.",
                None,
            ));
        }
        self.users.remove(ui);
        for p in &mut self.projects {
            p.users.retain(|(u, _)| u.id != id);
        }
        for g in &mut self.people.groups {
            g.members.retain(|(m, _)| m != id);
        }
        self.people.assignments.retain(|a| a.principal != id);
        self.audit_admin("user.deleted", json!({"id": id}), None);
        Ok(Response::json(
            200,
            &Deleted {
                object: "organization.user.deleted".into(),
                id: id.into(),
                deleted: true,
            },
        ))
    }
}

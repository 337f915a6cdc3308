//! Roles, the organization's and each project's: list, create, retrieve, update, delete.
//! Predefined roles are OpenAI's: read-only. Names are unique in their scope.

use crate::Response;
use crate::http::{Query, invalid, next_page, not_found};
use crate::org::Org;
use crate::people::RoleRec;
use admin_api::types::*;
use serde_json::{Value, json};

/// What a role's scope is called on the wire.
fn resource_type(project: Option<&str>) -> &'static str {
    if project.is_some() {
        "api.project"
    } else {
        "api.organization"
    }
}

fn permissions(v: &Value) -> Result<Vec<String>, Response> {
    let bad = || {
        invalid(
            "Invalid 'permissions': expected a list of permission names.",
            Some("permissions"),
        )
    };
    let list = v.as_array().ok_or_else(bad)?;
    list.iter()
        .map(|p| {
            p.as_str()
                .filter(|p| p.starts_with("api.") && p.len() <= 200)
                .map(str::to_owned)
                .ok_or_else(bad)
        })
        .collect()
}

impl Org {
    /// OpenAI's predefined roles: the organization's owner and reader, and every project's
    /// owner and member (one record each, `project: "*"`, shared by all projects).
    pub(crate) fn seed_predefined_roles(&mut self) {
        let org_perms = [
            "api.organization.projects.api_keys.read",
            "api.organization.projects.api_keys.write",
            "api.groups.read",
            "api.groups.write",
        ];
        let seeds: [(Option<&str>, &str, &str, &[&str]); 4] = [
            (None, "role_org_owner", "Owner", &org_perms),
            (
                None,
                "role_org_reader",
                "Reader",
                &["api.organization.projects.api_keys.read", "api.groups.read"],
            ),
            (Some("*"), "role_project_owner", "Owner", &org_perms[..2]),
            (Some("*"), "role_project_member", "Member", &org_perms[..1]),
        ];
        for (project, id, name, perms) in seeds {
            let seq = self.seq(id);
            self.people.roles.push(RoleRec {
                project: project.map(str::to_owned),
                role: Role {
                    object: "role".into(),
                    id: id.into(),
                    name: name.into(),
                    description: None,
                    permissions: perms.iter().map(|p| (*p).to_owned()).collect(),
                    predefined_role: true,
                    resource_type: resource_type(project).into(),
                },
                seq,
            });
        }
    }

    fn role_rec(&self, project: Option<&str>, id: &str) -> Result<usize, Response> {
        self.people
            .roles
            .iter()
            .position(|r| r.role.id == id && r.in_scope(project))
            .ok_or_else(|| not_found("role", id))
    }

    fn name_taken(&self, project: Option<&str>, name: &str, other_than: Option<&str>) -> bool {
        self.people.roles.iter().any(|r| {
            r.in_scope(project)
                && r.role.name.eq_ignore_ascii_case(name)
                && Some(r.role.id.as_str()) != other_than
        })
    }

    pub(crate) fn list_roles(
        &self,
        project: Option<&str>,
        q: &Query,
    ) -> Result<Response, Response> {
        let items: Vec<(Role, u64)> = self
            .people
            .roles
            .iter()
            .filter(|r| r.in_scope(project))
            .map(|r| (r.role.clone(), r.seq))
            .collect();
        next_page(&self.seqs, &items, q, |r| &r.id, 1000, 1000)
    }

    pub(crate) fn retrieve_role(
        &self,
        project: Option<&str>,
        id: &str,
    ) -> Result<Response, Response> {
        let ri = self.role_rec(project, id)?;
        Ok(Response::json(200, &self.people.roles[ri].role))
    }

    pub(crate) fn create_role(
        &mut self,
        project: Option<&str>,
        body: &Value,
    ) -> Result<Response, Response> {
        let name = body
            .get("role_name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty() && n.len() <= 100)
            .ok_or_else(|| invalid("Invalid 'role_name': give a name.", Some("role_name")))?;
        let perms = permissions(body.get("permissions").unwrap_or(&Value::Null))?;
        if self.name_taken(project, name, None) {
            return Err(invalid(
                format!("A role named '{name}' already exists."),
                Some("role_name"),
            ));
        }
        let id = self.new_id("role_", 20);
        let seq = self.seq(&id);
        let role = Role {
            object: "role".into(),
            id,
            name: name.into(),
            description: body
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            permissions: perms,
            predefined_role: false,
            resource_type: resource_type(project).into(),
        };
        self.people.roles.push(RoleRec {
            project: project.map(str::to_owned),
            role: role.clone(),
            seq,
        });
        let scope = project.and_then(|p| self.project_index(p));
        self.audit_admin(
            "role.created",
            json!({"id": role.id, "role_name": role.name, "permissions": role.permissions}),
            scope,
        );
        Ok(Response::json(200, &role))
    }

    pub(crate) fn update_role(
        &mut self,
        project: Option<&str>,
        id: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        let ri = self.role_rec(project, id)?;
        if self.people.roles[ri].role.predefined_role {
            return Err(invalid("Predefined roles cannot be changed.", None));
        }
        let mut changes = serde_json::Map::new();
        if let Some(n) = body.get("role_name").filter(|v| !v.is_null()) {
            let n = n
                .as_str()
                .map(str::trim)
                .filter(|n| !n.is_empty() && n.len() <= 100)
                .ok_or_else(|| invalid("Invalid 'role_name'.", Some("role_name")))?;
            if self.name_taken(project, n, Some(id)) {
                return Err(invalid(
                    format!("A role named '{n}' already exists."),
                    Some("role_name"),
                ));
            }
            changes.insert("role_name".into(), json!(n));
        }
        if let Some(p) = body.get("permissions").filter(|v| !v.is_null()) {
            changes.insert("permissions".into(), json!(permissions(p)?));
        }
        if let Some(d) = body.get("description").filter(|v| !v.is_null()) {
            changes.insert("description".into(), d.clone());
        }
        let role = &mut self.people.roles[ri].role;
        if let Some(n) = changes.get("role_name").and_then(Value::as_str) {
            role.name = n.to_owned();
        }
        if let Some(p) = changes.get("permissions") {
            role.permissions = serde_json::from_value(p.clone()).unwrap_or_default();
        }
        if let Some(d) = changes.get("description") {
            role.description = d.as_str().map(str::to_owned);
        }
        let role = role.clone();
        let scope = project.and_then(|p| self.project_index(p));
        self.audit_admin(
            "role.updated",
            json!({"id": id, "changes_requested": changes}),
            scope,
        );
        Ok(Response::json(200, &role))
    }

    pub(crate) fn delete_role(
        &mut self,
        project: Option<&str>,
        id: &str,
    ) -> Result<Response, Response> {
        let ri = self.role_rec(project, id)?;
        if self.people.roles[ri].role.predefined_role {
            return Err(invalid("Predefined roles cannot be deleted.", None));
        }
        self.people.roles.remove(ri);
        self.people
            .assignments
            .retain(|a| !(a.role_id == id && a.project.as_deref() == project));
        let scope = project.and_then(|p| self.project_index(p));
        self.audit_admin("role.deleted", json!({"id": id}), scope);
        Ok(Response::json(
            200,
            &json!({"object": "role.deleted", "id": id, "deleted": true}),
        ))
    }
}

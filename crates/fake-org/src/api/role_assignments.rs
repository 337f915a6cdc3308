//! Roles held by a user or a group, in the organization or in a project: list (with the groups
//! a user's roles come through), assign, retrieve, unassign.

use crate::Response;
use crate::http::{Query, invalid, next_page, not_found};
use crate::org::Org;
use crate::people::Assignment;
use serde_json::{Value, json};

/// Who an assignment path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holder<'a> {
    User(&'a str),
    Group(&'a str),
}

impl Holder<'_> {
    fn id(&self) -> &str {
        match self {
            Self::User(id) | Self::Group(id) => id,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Self::User(_) => "user",
            Self::Group(_) => "group",
        }
    }
}

impl Org {
    /// Refuses a holder that doesn't exist (or, in a project, isn't in it).
    fn holder_exists(&self, project: Option<&str>, who: Holder) -> Result<(), Response> {
        match who {
            Holder::User(u) => {
                self.user_index(u)?;
                if let Some(p) = project {
                    let pi = self
                        .project_index(p)
                        .ok_or_else(|| not_found("project", p))?;
                    if !self.projects[pi].users.iter().any(|(pu, _)| pu.id == u) {
                        return Err(not_found("project user", u));
                    }
                }
            }
            Holder::Group(g) => {
                self.people
                    .group_index(g)
                    .ok_or_else(|| not_found("group", g))?;
            }
        }
        Ok(())
    }

    /// Records an assignment; refuses a role the principal already holds there.
    pub(crate) fn assign(
        &mut self,
        project: Option<&str>,
        principal: &str,
        role_id: &str,
    ) -> Result<(), Response> {
        let exists = self.people.assignments.iter().any(|a| {
            a.project.as_deref() == project && a.principal == principal && a.role_id == role_id
        });
        if exists {
            return Err(invalid("That role is already assigned.", Some("role_id")));
        }
        let seq = self.seq(&format!("{principal}/{role_id}/{}", project.unwrap_or("")));
        self.people.assignments.push(Assignment {
            project: project.map(str::to_owned),
            principal: principal.into(),
            role_id: role_id.into(),
            seq,
        });
        Ok(())
    }

    /// An assignment as the API lists it (`AssignedRoleDetails`: every field present, `null`
    /// where the emulator keeps nothing).
    fn assigned_view(
        &self,
        project: Option<&str>,
        role_id: &str,
        via: Option<&str>,
    ) -> Option<Value> {
        let r = &self.people.role(project, role_id)?.role;
        let sources = via.map(|g| json!([{"principal_id": g, "principal_type": "group"}]));
        Some(json!({
            "id": r.id, "name": r.name, "description": r.description, "permissions": r.permissions,
            "predefined_role": r.predefined_role, "resource_type": r.resource_type,
            "created_at": null, "updated_at": null, "created_by": null, "created_by_user_obj": null,
            "metadata": null, "assignment_sources": sources,
        }))
    }

    pub(crate) fn list_assigned(
        &self,
        project: Option<&str>,
        who: Holder,
        q: &Query,
    ) -> Result<Response, Response> {
        self.holder_exists(project, who)?;
        let mut items: Vec<(Value, u64)> = Vec::new();
        let mut add = |a: &Assignment, via: Option<&str>| {
            if let Some(v) = self.assigned_view(project, &a.role_id, via) {
                items.push((v, a.seq));
            }
        };
        let here = |a: &&Assignment| a.project.as_deref() == project;
        for a in self
            .people
            .assignments
            .iter()
            .filter(here)
            .filter(|a| a.principal == who.id())
        {
            add(a, None);
        }
        // A user's roles through their groups, each saying which group.
        if let Holder::User(u) = who {
            for g in self.people.groups_of(u) {
                for a in self
                    .people
                    .assignments
                    .iter()
                    .filter(here)
                    .filter(|a| a.principal == g.id)
                {
                    add(a, Some(&g.id));
                }
            }
        }
        items.sort_by_key(|(_, s)| *s);
        next_page(
            &self.seqs,
            &items,
            q,
            |r| r["id"].as_str().unwrap_or_default(),
            20,
            1000,
        )
    }

    pub(crate) fn retrieve_assigned(
        &self,
        project: Option<&str>,
        who: Holder,
        role_id: &str,
    ) -> Result<Response, Response> {
        self.holder_exists(project, who)?;
        let held = self.people.assignments.iter().any(|a| {
            a.project.as_deref() == project && a.principal == who.id() && a.role_id == role_id
        });
        match self.assigned_view(project, role_id, None).filter(|_| held) {
            Some(v) => Ok(Response::json(200, &v)),
            None => Err(not_found("role assignment", role_id)),
        }
    }

    pub(crate) fn create_assigned(
        &mut self,
        project: Option<&str>,
        who: Holder,
        body: &Value,
    ) -> Result<Response, Response> {
        self.holder_exists(project, who)?;
        let role_id = body
            .get("role_id")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("Missing 'role_id'.", Some("role_id")))?;
        let role = self
            .people
            .role(project, role_id)
            .ok_or_else(|| not_found("role", role_id))?
            .role
            .clone();
        self.assign(project, who.id(), role_id)?;
        let scope = project.and_then(|p| self.project_index(p));
        self.audit_admin(
            "role.assignment.created",
            json!({"id": role_id, "principal_id": who.id(), "principal_type": who.kind(), "resource_id": project}),
            scope,
        );
        let mut out = json!({"object": format!("{}.role", who.kind()), "role": role});
        match who {
            Holder::User(u) => out["user"] = json!(self.org_user_view(self.user_index(u)?)),
            Holder::Group(g) => {
                let gi = self
                    .people
                    .group_index(g)
                    .ok_or_else(|| not_found("group", g))?;
                let grp = &self.people.groups[gi].group;
                out["group"] = json!({"object": "group", "id": grp.id, "name": grp.name,
                    "created_at": grp.created_at, "scim_managed": grp.is_scim_managed});
            }
        }
        Ok(Response::json(200, &out))
    }

    pub(crate) fn delete_assigned(
        &mut self,
        project: Option<&str>,
        who: Holder,
        role_id: &str,
    ) -> Result<Response, Response> {
        self.holder_exists(project, who)?;
        let before = self.people.assignments.len();
        self.people.assignments.retain(|a| {
            !(a.project.as_deref() == project && a.principal == who.id() && a.role_id == role_id)
        });
        if before == self.people.assignments.len() {
            return Err(not_found("role assignment", role_id));
        }
        let scope = project.and_then(|p| self.project_index(p));
        self.audit_admin(
            "role.assignment.deleted",
            json!({"id": role_id, "principal_id": who.id(), "principal_type": who.kind(), "resource_id": project}),
            scope,
        );
        Ok(Response::json(
            200,
            &json!({"object": format!("{}.role.deleted", who.kind()), "deleted": true}),
        ))
    }
}

//! Groups given access to a project with a project role: list, add, retrieve, remove.

use crate::Response;
use crate::http::{Query, invalid, next_page, not_found};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    fn project_group_at(&self, pi: usize, group_id: &str) -> Result<usize, Response> {
        let pid = &self.projects[pi].project.id;
        self.people
            .project_groups
            .iter()
            .position(|(g, _)| &g.project_id == pid && g.group_id == group_id)
            .ok_or_else(|| not_found("project group", group_id))
    }

    pub(crate) fn list_project_groups(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        let pid = &self.projects[pi].project.id;
        let items: Vec<(ProjectGroup, u64)> = self
            .people
            .project_groups
            .iter()
            .filter(|(g, _)| &g.project_id == pid)
            .cloned()
            .collect();
        next_page(&self.seqs, &items, q, |g| &g.group_id, 20, 100)
    }

    pub(crate) fn retrieve_project_group(
        &self,
        pi: usize,
        group_id: &str,
    ) -> Result<Response, Response> {
        let at = self.project_group_at(pi, group_id)?;
        Ok(Response::json(200, &self.people.project_groups[at].0))
    }

    /// Gives a group access to a project with a project role (seeding and the API share it).
    pub(crate) fn insert_project_group(
        &mut self,
        pi: usize,
        gi: usize,
        role_id: &str,
        at: i64,
    ) -> ProjectGroup {
        let group = &self.people.groups[gi];
        let pg = ProjectGroup {
            object: "project.group".into(),
            project_id: self.projects[pi].project.id.clone(),
            group_id: group.group.id.clone(),
            group_name: group.group.name.clone(),
            group_type: "group".into(),
            created_at: at,
        };
        let seq = group.seq;
        self.people.project_groups.push((pg.clone(), seq));
        self.people.project_groups.sort_by_key(|(_, s)| *s);
        let project = Some(pg.project_id.clone());
        let _ = self.assign(project.as_deref(), &pg.group_id, role_id);
        pg
    }

    pub(crate) fn add_project_group(
        &mut self,
        pi: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "groups cannot be added")?;
        let field = |name: &str| {
            body.get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| invalid(format!("Missing '{name}'."), Some(name)))
        };
        let (group_id, role) = (field("group_id")?, field("role")?);
        let gi = self
            .people
            .group_index(&group_id)
            .ok_or_else(|| not_found("group", &group_id))?;
        let pid = self.projects[pi].project.id.clone();
        if self.people.role(Some(&pid), &role).is_none() {
            return Err(not_found("project role", &role));
        }
        if self.project_group_at(pi, &group_id).is_ok() {
            return Err(invalid(
                "The group already has access to this project.",
                Some("group_id"),
            ));
        }
        let pg = self.insert_project_group(pi, gi, &role, self.now);
        self.audit_admin(
            "role.assignment.created",
            json!({"id": role, "principal_id": group_id, "principal_type": "group", "resource_id": pid}),
            Some(pi),
        );
        Ok(Response::json(200, &pg))
    }

    pub(crate) fn remove_project_group(
        &mut self,
        pi: usize,
        group_id: &str,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "groups cannot be removed")?;
        let at = self.project_group_at(pi, group_id)?;
        let pid = self.projects[pi].project.id.clone();
        self.people.project_groups.remove(at);
        self.people
            .assignments
            .retain(|a| !(a.project.as_deref() == Some(&pid) && a.principal == group_id));
        self.audit_admin(
            "role.assignment.deleted",
            json!({"principal_id": group_id, "principal_type": "group", "resource_id": pid}),
            Some(pi),
        );
        Ok(Response::json(
            200,
            &json!({"object": "project.group.deleted", "id": group_id, "deleted": true}),
        ))
    }
}

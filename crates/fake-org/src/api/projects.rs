//! Projects: list, retrieve, create, rename, archive. The default and archived projects refuse
//! as the API does.

use crate::Response;
use crate::api::rate_limits::default_limits;
use crate::http::{Query, invalid, not_found, one, page};
use crate::org::{GuardRails, Org, ProjectRec};
use admin_api::types::*;
use serde_json::{Value, json};

pub(crate) const RESIDENCIES: &[&str] = &[
    "GLOBAL",
    "US_STORAGE_PROCESSING",
    "EU_STORAGE_PROCESSING",
    "JP_STORAGE",
    "JP_STORAGE_PROCESSING",
    "KR_STORAGE",
    "CA_STORAGE",
    "SG_STORAGE",
    "IN_STORAGE",
    "IN_STORAGE_PROCESSING",
    "AU_STORAGE",
    "AU_STORAGE_PROCESSING",
    "GB_STORAGE",
    "AE_STORAGE",
    "AE_STORAGE_PROCESSING",
];

impl Org {
    pub(crate) fn insert_project(&mut self, name: &str, created_at: i64, archived: bool) -> String {
        let id = self.new_id("proj_", 24);
        let seq = self.seq(&id);
        self.projects.push(ProjectRec {
            project: Project {
                id: id.clone(),
                object: "organization.project".into(),
                name: Some(name.into()),
                created_at,
                archived_at: archived.then_some(created_at + 86_400 * 30),
                status: Some(if archived { "archived" } else { "active" }.into()),
                external_key_id: None,
                residency: None,
            },
            seq,
            keys: Vec::new(),
            service_accounts: Vec::new(),
            users: Vec::new(),
            rate_limits: default_limits(&id),
            guard: GuardRails::new("organization_default"),
        });
        id
    }

    pub(crate) fn retrieve_project(&self, pi: usize) -> Result<Response, Response> {
        Ok(Response::json(200, &self.projects[pi].project))
    }

    pub(crate) fn with_project(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut Org, usize) -> Result<Response, Response>,
    ) -> Result<Response, Response> {
        let pi = self
            .project_index(id)
            .ok_or_else(|| not_found("project", id))?;
        f(self, pi)
    }

    pub(crate) fn list_projects(&self, q: &Query) -> Result<Response, Response> {
        let include_archived = match one(q, "include_archived") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                return Err(invalid(
                    "Invalid 'include_archived': expected a boolean.",
                    Some("include_archived"),
                ));
            }
        };
        let items: Vec<(Project, u64)> = self
            .projects
            .iter()
            .filter(|p| include_archived || p.project.archived_at.is_none())
            .map(|p| (p.project.clone(), p.seq))
            .collect();
        page(&self.seqs, &items, q, |p| &p.id)
    }

    pub(crate) fn archived_refusal(&self, pi: usize, what: &str) -> Result<(), Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(format!("Project is archived: {what}."), None));
        }
        Ok(())
    }

    pub(crate) fn create_project(&mut self, body: &Value) -> Result<Response, Response> {
        let name = match body.get("name").and_then(Value::as_str).map(str::trim) {
            Some(n) if !n.is_empty() && n.chars().count() <= 256 => n.to_owned(),
            _ => {
                return Err(invalid(
                    "Invalid 'name': a project name is required.",
                    Some("name"),
                ));
            }
        };
        let residency = match body.get("residency") {
            None | Some(Value::Null) => None,
            Some(Value::String(r)) if RESIDENCIES.contains(&r.as_str()) => Some(r.clone()),
            Some(_) => return Err(invalid("Invalid 'residency'.", Some("residency"))),
        };
        if residency.is_some() && body.get("geography").is_some_and(|g| !g.is_null()) {
            return Err(invalid(
                "Send 'residency' or the deprecated 'geography', not both.",
                Some("geography"),
            ));
        }
        let id = self.insert_project(&name, self.now, false);
        let pi = self.projects.len() - 1;
        self.projects[pi].project.residency = residency;
        // The key that created it becomes an owner through the organization: nobody is added.
        self.audit_admin(
            "project.created",
            json!({"id": id, "data": {"name": name, "title": name}}),
            Some(pi),
        );
        Ok(Response::json(200, &self.projects[pi].project))
    }

    pub(crate) fn update_project(&mut self, pi: usize, body: &Value) -> Result<Response, Response> {
        if pi == 0 {
            return Err(invalid("The default project cannot be modified.", None));
        }
        self.archived_refusal(pi, "it cannot be renamed")?;
        let name = match body.get("name") {
            None | Some(Value::Null) => None,
            Some(Value::String(n)) if !n.trim().is_empty() && n.chars().count() <= 256 => {
                Some(n.trim().to_owned())
            }
            Some(_) => return Err(invalid("Invalid 'name'.", Some("name"))),
        };
        if let Some(n) = &name {
            self.projects[pi].project.name = Some(n.clone());
            let id = self.projects[pi].project.id.clone();
            self.audit_admin(
                "project.updated",
                json!({"id": id, "changes_requested": {"title": n}}),
                Some(pi),
            );
        }
        Ok(Response::json(200, &self.projects[pi].project))
    }

    pub(crate) fn archive_project(&mut self, pi: usize) -> Result<Response, Response> {
        if pi == 0 {
            return Err(invalid("The default project cannot be archived.", None));
        }
        if self.projects[pi].project.archived_at.is_none() {
            let p = &mut self.projects[pi].project;
            p.archived_at = Some(self.now);
            p.status = Some("archived".into());
            let id = p.id.clone();
            self.audit_admin("project.archived", json!({"id": id}), Some(pi));
        }
        Ok(Response::json(200, &self.projects[pi].project))
    }
}

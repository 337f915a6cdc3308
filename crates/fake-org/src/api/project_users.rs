//! A project's users: list, add, change role, remove.

use crate::Response;
use crate::http::{Query, invalid, not_found, page, role_of};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    pub(crate) fn retrieve_project_user(
        &self,
        pi: usize,
        user_id: &str,
    ) -> Result<Response, Response> {
        match self.projects[pi]
            .users
            .iter()
            .find(|(x, _)| x.id == user_id)
        {
            Some((user, _)) => Ok(Response::json(200, user)),
            None => Err(not_found("user", user_id)),
        }
    }

    pub(crate) fn list_users(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(
                "Project is archived: archived projects have no users.",
                None,
            ));
        }
        page(&self.seqs, &self.projects[pi].users, q, |u| &u.id)
    }

    pub(crate) fn add_project_user(
        &mut self,
        pi: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "users cannot be added")?;
        let role = role_of(body, &["owner", "member"])?;
        let user = match (
            body.get("user_id").and_then(Value::as_str),
            body.get("email").and_then(Value::as_str),
        ) {
            (Some(id), _) => self.users.iter().find(|u| u.id == id),
            (None, Some(email)) => self
                .users
                .iter()
                .find(|u| u.email.eq_ignore_ascii_case(email)),
            (None, None) => return Err(invalid("Send 'user_id' or 'email'.", Some("user_id"))),
        }
        .cloned()
        .ok_or_else(|| {
            invalid(
                "The user is not a member of this organization.",
                Some("user_id"),
            )
        })?;
        if self.projects[pi].users.iter().any(|(u, _)| u.id == user.id) {
            return Err(invalid(
                "The user is already a member of this project.",
                Some("user_id"),
            ));
        }
        self.add_project_member(pi, &user, &role);
        if let Some(last) = self.projects[pi].users.last_mut() {
            last.0.added_at = self.now;
        }
        self.audit_admin(
            "user.added",
            json!({"id": user.id, "data": {"role": role}}),
            Some(pi),
        );
        let added = self.projects[pi].users.last().map(|(u, _)| u.clone());
        Ok(Response::json(200, &added))
    }

    pub(crate) fn update_project_user(
        &mut self,
        pi: usize,
        user_id: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "roles cannot be changed")?;
        let role = role_of(body, &["owner", "member"])?;
        let Some((user, _)) = self.projects[pi]
            .users
            .iter_mut()
            .find(|(u, _)| u.id == user_id)
        else {
            return Err(not_found("user", user_id));
        };
        user.role = role.clone();
        let user = user.clone();
        self.audit_admin(
            "user.updated",
            json!({"id": user_id, "changes_requested": {"role": role}}),
            Some(pi),
        );
        Ok(Response::json(200, &user))
    }

    pub(crate) fn delete_project_user(
        &mut self,
        pi: usize,
        user_id: &str,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "users cannot be removed")?;
        let before = self.projects[pi].users.len();
        self.projects[pi].users.retain(|(u, _)| u.id != user_id);
        if before == self.projects[pi].users.len() {
            return Err(not_found("user", user_id));
        }
        self.audit_admin("user.deleted", json!({"id": user_id}), Some(pi));
        Ok(Response::json(
            200,
            &Deleted {
                object: "organization.project.user.deleted".into(),
                id: user_id.into(),
                deleted: true,
            },
        ))
    }
}

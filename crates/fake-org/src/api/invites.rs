//! Invitations: list, create, retrieve, delete. An invite expires 30 days after it is sent (the
//! API sets `expires_at`; the spec doesn't say when); only a pending one can be deleted.
//! `projects` omitted is the default project only; `[]` none.

use crate::Response;
use crate::http::{Query, invalid, looks_like_email, not_found, page};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

/// How long an invite stays open.
pub(crate) const INVITE_DAYS: i64 = 30;

impl Org {
    /// The invite as the API shows it now: pending past its expiry is expired.
    fn invite_view(&self, inv: &Invite) -> Invite {
        let mut out = inv.clone();
        if out.status == "pending" && out.expires_at.is_some_and(|e| e <= self.now) {
            out.status = "expired".into();
        }
        out
    }

    fn invite_at(&self, id: &str) -> Result<usize, Response> {
        self.people
            .invites
            .iter()
            .position(|(i, _)| i.id == id)
            .ok_or_else(|| not_found("invite", id))
    }

    /// Adds an invite sent at `created_at` (seeding and the API share it).
    pub(crate) fn insert_invite(
        &mut self,
        email: &str,
        role: &str,
        projects: Vec<InviteProject>,
        created_at: i64,
    ) -> Invite {
        let id = self.new_id("invite-", 24);
        let seq = self.seq(&id);
        let inv = Invite {
            object: "organization.invite".into(),
            id,
            email: email.into(),
            role: role.into(),
            status: "pending".into(),
            created_at,
            expires_at: Some(created_at + INVITE_DAYS * 86_400),
            accepted_at: None,
            projects,
        };
        self.people.invites.push((inv.clone(), seq));
        inv
    }

    pub(crate) fn list_invites(&self, q: &Query) -> Result<Response, Response> {
        let items: Vec<(Invite, u64)> = self
            .people
            .invites
            .iter()
            .map(|(i, s)| (self.invite_view(i), *s))
            .collect();
        page(&self.seqs, &items, q, |i| &i.id)
    }

    pub(crate) fn retrieve_invite(&self, id: &str) -> Result<Response, Response> {
        let at = self.invite_at(id)?;
        Ok(Response::json(
            200,
            &self.invite_view(&self.people.invites[at].0),
        ))
    }

    pub(crate) fn create_invite(&mut self, body: &Value) -> Result<Response, Response> {
        let email = body
            .get("email")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|e| looks_like_email(e))
            .ok_or_else(|| invalid("Invalid 'email': expected an email address.", Some("email")))?
            .to_owned();
        let role = body
            .get("role")
            .and_then(Value::as_str)
            .filter(|r| ["owner", "reader"].contains(r))
            .ok_or_else(|| invalid("Invalid 'role': expected owner or reader.", Some("role")))?
            .to_owned();
        if self
            .users
            .iter()
            .any(|u| u.email.eq_ignore_ascii_case(&email))
        {
            return Err(invalid(
                format!("{email} is already a member of this organization."),
                Some("email"),
            ));
        }
        let pending = self.people.invites.iter().any(|(i, _)| {
            i.email.eq_ignore_ascii_case(&email) && self.invite_view(i).status == "pending"
        });
        if pending {
            return Err(invalid(
                format!("{email} already has a pending invite."),
                Some("email"),
            ));
        }
        let projects = match body.get("projects") {
            None | Some(Value::Null) => vec![InviteProject {
                id: self.projects[0].project.id.clone(),
                role: "member".into(),
            }],
            Some(Value::Array(list)) => {
                let mut out = Vec::new();
                for p in list {
                    let id = p.get("id").and_then(Value::as_str).unwrap_or_default();
                    let pi = self
                        .project_index(id)
                        .ok_or_else(|| not_found("project", id))?;
                    if self.projects[pi].project.is_archived() {
                        return Err(invalid(
                            format!("Project {id} is archived."),
                            Some("projects"),
                        ));
                    }
                    let r = p
                        .get("role")
                        .and_then(Value::as_str)
                        .filter(|r| ["member", "owner"].contains(r))
                        .ok_or_else(|| {
                            invalid(
                                "Invalid project 'role': expected member or owner.",
                                Some("projects"),
                            )
                        })?;
                    out.push(InviteProject {
                        id: id.into(),
                        role: r.into(),
                    });
                }
                out
            }
            Some(_) => {
                return Err(invalid(
                    "Invalid 'projects': expected a list.",
                    Some("projects"),
                ));
            }
        };
        let inv = self.insert_invite(&email, &role, projects, self.now);
        self.audit_admin(
            "invite.sent",
            json!({"id": inv.id, "data": {"email": email, "role": role}}),
            None,
        );
        Ok(Response::json(200, &inv))
    }

    pub(crate) fn delete_invite(&mut self, id: &str) -> Result<Response, Response> {
        let at = self.invite_at(id)?;
        if self.people.invites[at].0.status == "accepted" {
            return Err(invalid(
                "An accepted invite cannot be deleted; remove the user instead.",
                None,
            ));
        }
        self.people.invites.remove(at);
        self.audit_admin("invite.deleted", json!({"id": id}), None);
        Ok(Response::json(
            200,
            &json!({"object": "organization.invite.deleted", "id": id, "deleted": true}),
        ))
    }
}

//! A project's service accounts: list, create (with its first key), retrieve, change role,
//! delete, and their keys.

use crate::Response;
use crate::api::project_api_keys::{expiry_field, valid_scope};
use crate::http::{Query, invalid, not_found, page, role_of};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    pub(crate) fn retrieve_service_account(
        &self,
        pi: usize,
        si: usize,
    ) -> Result<Response, Response> {
        Ok(Response::json(
            200,
            &self.projects[pi].service_accounts[si].0,
        ))
    }

    pub(crate) fn with_sa(
        &mut self,
        p: &str,
        s: &str,
        f: impl FnOnce(&mut Org, usize, usize) -> Result<Response, Response>,
    ) -> Result<Response, Response> {
        self.with_project(p, |org, pi| {
            let si = org.projects[pi]
                .service_accounts
                .iter()
                .position(|(sa, _)| sa.id == s)
                .ok_or_else(|| not_found("service account", s))?;
            f(org, pi, si)
        })
    }

    pub(crate) fn list_service_accounts(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(
                "Project is archived: archived projects have no service accounts.",
                None,
            ));
        }
        page(&self.seqs, &self.projects[pi].service_accounts, q, |s| {
            &s.id
        })
    }

    pub(crate) fn create_service_account(
        &mut self,
        pi: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(
                "Project is archived: service accounts cannot be created.",
                None,
            ));
        }
        let name = match body.get("name") {
            Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
            _ => return Err(invalid("Missing required parameter: 'name'.", Some("name"))),
        };
        let only = match body.get("create_service_account_only") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(invalid(
                    "Invalid 'create_service_account_only': expected a boolean.",
                    Some("create_service_account_only"),
                ));
            }
        };
        let expires_in = expiry_field(body)?;
        if only && expires_in.is_some() {
            return Err(invalid(
                "'expires_in_seconds' must be null when 'create_service_account_only' is true.",
                Some("expires_in_seconds"),
            ));
        }
        let now = self.now;
        let sa = self.add_service_account(pi, &name, if only { "none" } else { "member" }, now);
        self.audit(
            "service_account.created",
            now,
            self.admin_actor(),
            json!({"id": sa.id, "data": {"role": sa.role}}),
            Some(pi),
        );
        let api_key =
            (!only).then(|| self.create_sa_key(pi, &sa, "Secret Key", Vec::new(), expires_in));
        Ok(Response::json(
            200,
            &ServiceAccountCreated {
                object: sa.object,
                id: sa.id,
                name: sa.name,
                role: sa.role,
                created_at: sa.created_at,
                api_key,
            },
        ))
    }

    pub(crate) fn create_service_account_key(
        &mut self,
        pi: usize,
        si: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        let name = match body.get("name") {
            None | Some(Value::Null) => "Secret Key".to_owned(),
            Some(Value::String(n)) => n.clone(),
            Some(_) => return Err(invalid("Invalid 'name': expected a string.", Some("name"))),
        };
        let scopes = match body.get("scopes") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) if a.iter().all(|s| s.as_str().is_some_and(valid_scope)) => a
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                return Err(invalid(
                    "Invalid 'scopes': expected an array of scope strings.",
                    Some("scopes"),
                ));
            }
        };
        let expires_in = expiry_field(body)?;
        let sa = self.projects[pi].service_accounts[si].0.clone();
        Ok(Response::json(
            200,
            &self.create_sa_key(pi, &sa, &name, scopes, expires_in),
        ))
    }

    pub(crate) fn delete_service_account(
        &mut self,
        pi: usize,
        si: usize,
    ) -> Result<Response, Response> {
        let (sa, _) = self.projects[pi].service_accounts.remove(si);
        let keys: Vec<String> = self.projects[pi]
            .keys
            .iter()
            .filter(|k| {
                k.key
                    .owner
                    .service_account
                    .as_ref()
                    .is_some_and(|s| s.id == sa.id)
            })
            .map(|k| k.key.id.clone())
            .collect();
        self.projects[pi].keys.retain(|k| !keys.contains(&k.key.id));
        self.audit(
            "service_account.deleted",
            self.now,
            self.admin_actor(),
            json!({"id": sa.id}),
            Some(pi),
        );
        Ok(Response::json(
            200,
            &Deleted {
                object: "organization.project.service_account.deleted".into(),
                id: sa.id,
                deleted: true,
            },
        ))
    }

    pub(crate) fn update_service_account(
        &mut self,
        pi: usize,
        si: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "service accounts cannot be changed")?;
        let role = match body.get("role") {
            None | Some(Value::Null) => None,
            Some(_) => Some(role_of(body, &["owner", "member"])?),
        };
        let name = match body.get("name") {
            None | Some(Value::Null) => None,
            Some(Value::String(n)) if !n.trim().is_empty() => Some(n.trim().to_owned()),
            Some(_) => return Err(invalid("Invalid 'name'.", Some("name"))),
        };
        let sa = &mut self.projects[pi].service_accounts[si].0;
        let mut changes = serde_json::Map::new();
        if let Some(r) = role {
            sa.role = r.clone();
            changes.insert("role".into(), json!(r));
        }
        if let Some(n) = name {
            sa.name = n.clone();
            changes.insert("name".into(), json!(n));
        }
        let sa = sa.clone();
        // The accounts' keys carry their role as the API shows it.
        for k in self.projects[pi].keys.iter_mut() {
            if let Some(owner) = std::sync::Arc::make_mut(&mut k.key.owner)
                .service_account
                .as_mut()
                .filter(|o| o.id == sa.id)
            {
                owner.role = Some(sa.role.clone());
                owner.name = Some(sa.name.clone());
            }
        }
        self.audit_admin(
            "service_account.updated",
            json!({"id": sa.id, "changes_requested": changes}),
            Some(pi),
        );
        Ok(Response::json(200, &sa))
    }
}

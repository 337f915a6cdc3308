//! What an owner guards beyond project keys, as the spec states it: admin keys, organization
//! users, project creation, renaming and archiving, rate limits, membership and service-account
//! roles. Every change leaves an audit event; the default and archived projects refuse as the
//! API does.

use crate::Response;
use crate::org::Org;
use crate::routes::{Query, invalid, limit, not_found, one};
use admin_api::types::*;
use serde_json::{Value, json};

/// A project's models and their limits: (model, requests/min, tokens/min, images/min,
/// audio MB/min, requests/day, batch input tokens/day). `None`: does not apply to the model.
type Limits = (
    &'static str,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);
const MODELS: &[Limits] = &[
    (
        "gpt-4.1",
        5_000,
        2_000_000,
        None,
        None,
        None,
        Some(20_000_000),
    ),
    (
        "gpt-4.1-mini",
        10_000,
        4_000_000,
        None,
        None,
        None,
        Some(40_000_000),
    ),
    (
        "gpt-5-mini",
        10_000,
        4_000_000,
        None,
        None,
        None,
        Some(40_000_000),
    ),
    (
        "text-embedding-3-small",
        10_000,
        5_000_000,
        None,
        None,
        Some(1_000_000),
        Some(50_000_000),
    ),
    ("gpt-image-1", 500, 100_000, Some(50), None, None, None),
    ("whisper-1", 500, 0, None, Some(100), None, None),
];

/// The organization's own ceiling: a project may not be set above ten times the default.
const ORG_FACTOR: i64 = 10;

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

/// The default limits of every model, for a new project.
pub(crate) fn default_limits(project_id: &str) -> Vec<RateLimit> {
    MODELS
        .iter()
        .map(|&(model, rpm, tpm, images, audio, rpd, batch)| RateLimit {
            object: "project.rate_limit".into(),
            id: format!(
                "rl-{model}-{}",
                &project_id[project_id.len().saturating_sub(6)..]
            ),
            model: model.into(),
            max_requests_per_1_minute: rpm,
            max_tokens_per_1_minute: tpm,
            max_images_per_1_minute: images,
            max_audio_megabytes_per_1_minute: audio,
            max_requests_per_1_day: rpd,
            batch_1_day_max_input_tokens: batch,
        })
        .collect()
}

fn role_of(body: &Value, allowed: &[&str]) -> Result<String, Response> {
    match body.get("role").and_then(Value::as_str) {
        Some(r) if allowed.contains(&r) => Ok(r.to_owned()),
        _ => Err(invalid(
            format!("Invalid 'role': expected one of {}.", allowed.join(", ")),
            Some("role"),
        )),
    }
}

impl Org {
    fn archived_refusal(&self, pi: usize, what: &str) -> Result<(), Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(format!("Project is archived: {what}."), None));
        }
        Ok(())
    }

    // ---- admin keys ----

    pub(crate) fn list_admin_keys(&self, q: &Query) -> Result<Response, Response> {
        let limit = limit(q, 20, 100)?;
        let mut keys: Vec<&AdminApiKey> = self.admin_keys.iter().map(|r| &r.key).collect();
        if one(q, "order") == Some("desc") {
            keys.reverse();
        }
        let start = match one(q, "after") {
            None | Some("") => 0,
            Some(a) => keys
                .iter()
                .position(|k| k.id == a)
                .map(|i| i + 1)
                .ok_or_else(|| {
                    invalid(
                        format!("Invalid 'after': no object with ID '{a}'."),
                        Some("after"),
                    )
                })?,
        };
        let data: Vec<AdminApiKey> = keys[start..]
            .iter()
            .take(limit)
            .map(|k| (*k).clone())
            .collect();
        let has_more = start + data.len() < keys.len();
        Ok(Response::json(200, &Page::new(data, has_more, |k| &k.id)))
    }

    pub(crate) fn retrieve_admin_key(&self, id: &str) -> Result<Response, Response> {
        self.admin_keys
            .iter()
            .find(|r| r.key.id == id)
            .map(|r| Response::json(200, &r.key))
            .ok_or_else(|| not_found("admin API key", id))
    }

    pub(crate) fn create_admin_key(&mut self, body: &Value) -> Result<Response, Response> {
        let name = match body.get("name").and_then(Value::as_str).map(str::trim) {
            Some(n) if !n.is_empty() && n.chars().count() <= 256 => n.to_owned(),
            _ => return Err(invalid("Invalid 'name': a name is required.", Some("name"))),
        };
        let expires_in = match body.get("expires_in_seconds") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(s) if s > 0 && s <= 10 * 365 * 86_400 => Some(s),
                _ => {
                    return Err(invalid(
                        "Invalid 'expires_in_seconds'.",
                        Some("expires_in_seconds"),
                    ));
                }
            },
        };
        let secret = format!("sk-admin-{}", self.rng.alnum(40));
        let key = self.insert_admin_key(
            &name,
            Some(secret.clone()),
            "user_owner",
            self.now,
            None,
            expires_in.map(|s| self.now + s),
        );
        self.audit_admin(
            "api_key.created",
            json!({"id": key.id, "data": {"scopes": ["api.*"]}}),
            None,
        );
        Ok(Response::json(
            200,
            &NewAdminKey {
                key,
                value: admin_api::Secret::new(secret),
            },
        ))
    }

    pub(crate) fn delete_admin_key(&mut self, id: &str) -> Result<Response, Response> {
        let i = self
            .admin_keys
            .iter()
            .position(|r| r.key.id == id)
            .ok_or_else(|| not_found("admin API key", id))?;
        self.admin_keys.remove(i);
        self.audit_admin("api_key.deleted", json!({"id": id}), None);
        Ok(Response::json(
            200,
            &Deleted {
                object: "organization.admin_api_key.deleted".into(),
                id: id.into(),
                deleted: true,
            },
        ))
    }

    // ---- organization users ----

    pub(crate) fn list_org_users(&self, q: &Query) -> Result<Response, Response> {
        let emails: Vec<String> = crate::routes::many(q, "emails");
        let items: Vec<(OrganizationUser, u64)> = self
            .users
            .iter()
            .filter(|u| emails.is_empty() || emails.contains(&u.email))
            .map(|u| {
                (
                    OrganizationUser {
                        object: "organization.user".into(),
                        id: u.id.clone(),
                        name: Some(u.name.clone()),
                        email: Some(u.email.clone()),
                        role: Some(u.role.clone()),
                        added_at: u.created_at,
                    },
                    self.seqs.get(&u.id).copied().unwrap_or(0),
                )
            })
            .collect();
        self.page(&items, q, |u| &u.id)
    }

    // ---- projects ----

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

    // ---- rate limits ----

    pub(crate) fn list_rate_limits(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        let limit = limit(q, 100, 100)?;
        let all = &self.projects[pi].rate_limits;
        let at = |name: &str| -> Result<Option<usize>, Response> {
            match one(q, name) {
                None | Some("") => Ok(None),
                Some(id) => all
                    .iter()
                    .position(|r| r.id == id)
                    .map(Some)
                    .ok_or_else(|| {
                        invalid(
                            format!("Invalid '{name}': no object with ID '{id}'."),
                            Some(name),
                        )
                    }),
            }
        };
        let (start, end) = match (at("after")?, at("before")?) {
            (Some(a), _) => (a + 1, all.len()),
            (None, Some(b)) => (b.saturating_sub(limit), b),
            (None, None) => (0, all.len()),
        };
        let data: Vec<RateLimit> = all[start..end].iter().take(limit).cloned().collect();
        let has_more = start + data.len() < end;
        Ok(Response::json(200, &Page::new(data, has_more, |r| &r.id)))
    }

    pub(crate) fn update_rate_limit(
        &mut self,
        pi: usize,
        id: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "its rate limits cannot be changed")?;
        let ri = self.projects[pi]
            .rate_limits
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| not_found("rate limit", id))?;
        let Some(fields) = body.as_object() else {
            return Err(invalid("Expected a JSON object.", None));
        };
        let current = self.projects[pi].rate_limits[ri].clone();
        let default = MODELS.iter().find(|m| m.0 == current.model).copied();
        let mut next = current.clone();
        let mut changes = serde_json::Map::new();
        for (name, value) in fields {
            let Some(n) = value.as_i64().filter(|n| *n >= 1) else {
                return Err(invalid(
                    format!("Invalid '{name}': expected a whole number of at least 1."),
                    Some(name),
                ));
            };
            let (slot, base): (&mut Option<i64>, Option<i64>) = match name.as_str() {
                "max_requests_per_1_minute" => {
                    check_limit(name, n, default.map(|d| d.1), &current.model)?;
                    next.max_requests_per_1_minute = n;
                    changes.insert(name.clone(), json!(n));
                    continue;
                }
                "max_tokens_per_1_minute" => {
                    check_limit(name, n, default.map(|d| d.2), &current.model)?;
                    next.max_tokens_per_1_minute = n;
                    changes.insert(name.clone(), json!(n));
                    continue;
                }
                "max_images_per_1_minute" => {
                    (&mut next.max_images_per_1_minute, default.and_then(|d| d.3))
                }
                "max_audio_megabytes_per_1_minute" => (
                    &mut next.max_audio_megabytes_per_1_minute,
                    default.and_then(|d| d.4),
                ),
                "max_requests_per_1_day" => {
                    (&mut next.max_requests_per_1_day, default.and_then(|d| d.5))
                }
                "batch_1_day_max_input_tokens" => (
                    &mut next.batch_1_day_max_input_tokens,
                    default.and_then(|d| d.6),
                ),
                other => {
                    return Err(invalid(
                        format!("Unrecognized request argument supplied: {other}"),
                        Some(other),
                    ));
                }
            };
            if slot.is_none() {
                return Err(invalid(
                    format!("'{name}' does not apply to model {}.", current.model),
                    Some(name),
                ));
            }
            check_limit(name, n, base, &current.model)?;
            *slot = Some(n);
            changes.insert(name.clone(), json!(n));
        }
        self.projects[pi].rate_limits[ri] = next.clone();
        self.audit_admin(
            "rate_limit.updated",
            json!({"id": id, "changes_requested": changes}),
            Some(pi),
        );
        Ok(Response::json(200, &next))
    }

    // ---- membership ----

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
            if let Some(owner) = k
                .key
                .owner
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

/// A limit must stay within the organization's own for the model.
fn check_limit(name: &str, n: i64, base: Option<i64>, model: &str) -> Result<(), Response> {
    match base {
        Some(b) if b > 0 && n > b * ORG_FACTOR => Err(invalid(
            format!(
                "'{name}' of {n} exceeds the organization's limit of {} for {model}.",
                b * ORG_FACTOR
            ),
            Some(name),
        )),
        _ => Ok(()),
    }
}

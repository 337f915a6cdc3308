//! A project's API keys: list (by owner access), retrieve, update scopes and expiry, delete.

use crate::Response;
use crate::http::{Query, invalid, not_found, one, page};
use crate::org::{KeyRec, Org};
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    pub(crate) fn retrieve_key(&self, pi: usize, ki: usize) -> Result<Response, Response> {
        Ok(Response::json(
            200,
            &self.key_view(pi, &self.projects[pi].keys[ki]),
        ))
    }

    pub(crate) fn with_key(
        &mut self,
        p: &str,
        k: &str,
        f: impl FnOnce(&mut Org, usize, usize) -> Result<Response, Response>,
    ) -> Result<Response, Response> {
        self.with_project(p, |org, pi| {
            let ki = org.projects[pi]
                .keys
                .iter()
                .position(|r| r.key.id == k)
                .ok_or_else(|| not_found("API key", k))?;
            f(org, pi, ki)
        })
    }

    pub(crate) fn list_keys(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        // Omitted: membership-based visibility, i.e. only keys whose owner still has access.
        let want = match one(q, "owner_project_access") {
            None | Some("active") => Some(OwnerAccess::Active),
            Some("inactive") => Some(OwnerAccess::Inactive),
            Some("any") => None,
            Some(_) => {
                return Err(invalid(
                    "Invalid 'owner_project_access': expected one of active, inactive, any.",
                    Some("owner_project_access"),
                ));
            }
        };
        let items: Vec<(ProjectApiKey, u64)> = self.projects[pi]
            .keys
            .iter()
            .map(|r| (self.key_view(pi, r), r.seq))
            .filter(|(k, _)| want.is_none_or(|w| k.owner_project_access == w))
            .collect();
        page(&self.seqs, &items, q, |k| &k.id)
    }

    pub(crate) fn update_key(
        &mut self,
        pi: usize,
        ki: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        let obj = body.as_object().cloned().unwrap_or_default();
        if let Some(unknown) = obj
            .keys()
            .find(|k| *k != "scopes" && *k != "expires_in_seconds")
        {
            return Err(invalid(
                format!("Unrecognized request argument supplied: {unknown}"),
                Some(unknown),
            ));
        }
        let scopes = match obj.get("scopes") {
            None => None,
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(s) if valid_scope(s) => out.push(s.to_owned()),
                        _ => {
                            return Err(invalid(format!("Invalid scope: {item}."), Some("scopes")));
                        }
                    }
                }
                Some(out)
            }
            Some(_) => {
                return Err(invalid(
                    "Invalid 'scopes': expected an array of strings.",
                    Some("scopes"),
                ));
            }
        };
        let expires_in = match obj.get("expires_in_seconds") {
            None => None,
            Some(v) => match v.as_i64() {
                Some(s) if (1..=MAX_EXPIRY).contains(&s) => Some(s),
                _ => {
                    return Err(invalid(
                        format!(
                            "Invalid 'expires_in_seconds': expected an integer between 1 and {MAX_EXPIRY}."
                        ),
                        Some("expires_in_seconds"),
                    ));
                }
            },
        };
        if scopes.is_none() && expires_in.is_none() {
            return Err(invalid(
                "Provide at least one of 'scopes' or 'expires_in_seconds'.",
                None,
            ));
        }
        let now = self.now;
        let rec = &self.projects[pi].keys[ki];
        if rec.key.expires_at.is_some_and(|t| t <= now) {
            return Err(invalid(
                "This API key has expired and can no longer be updated.",
                None,
            ));
        }
        let id = rec.key.id.clone();
        let rec: &mut KeyRec = &mut self.projects[pi].keys[ki];
        if let Some(s) = &scopes {
            rec.scopes = s.clone();
        }
        if let Some(secs) = expires_in {
            rec.key.expires_at = Some(now + secs);
        }
        let mut changes = serde_json::Map::new();
        if let Some(s) = scopes {
            changes.insert("scopes".into(), json!(s));
        }
        if let Some(e) = expires_in {
            changes.insert("expires_in_seconds".into(), json!(e));
        }
        self.audit(
            "api_key.updated",
            now,
            self.admin_actor(),
            json!({"id": id, "changes_requested": changes}),
            Some(pi),
        );
        Ok(Response::json(
            200,
            &self.key_view(pi, &self.projects[pi].keys[ki]),
        ))
    }

    pub(crate) fn delete_key(&mut self, pi: usize, ki: usize) -> Result<Response, Response> {
        if self.options.refuse_service_account_key_delete
            && self.projects[pi].keys[ki].key.owner.is_service_account()
        {
            return Err(invalid(
                "API keys owned by service accounts cannot be deleted this way. Delete the service account instead.",
                None,
            ));
        }
        let rec = self.projects[pi].keys.remove(ki);
        self.audit(
            "api_key.deleted",
            self.now,
            self.admin_actor(),
            json!({"id": rec.key.id}),
            Some(pi),
        );
        Ok(Response::json(
            200,
            &Deleted {
                object: "organization.project.api_key.deleted".into(),
                id: rec.key.id,
                deleted: true,
            },
        ))
    }
}

/// Ten years: a generous stand-in for the org's expiry policy.
pub(crate) const MAX_EXPIRY: i64 = 10 * 365 * 86_400;

pub(crate) fn expiry_field(body: &Value) -> Result<Option<i64>, Response> {
    match body.get("expires_in_seconds") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_i64() {
            Some(s) if (1..=MAX_EXPIRY).contains(&s) => Ok(Some(s)),
            _ => Err(invalid(
                "Invalid 'expires_in_seconds'.",
                Some("expires_in_seconds"),
            )),
        },
    }
}

pub(crate) fn valid_scope(s: &str) -> bool {
    s.starts_with("api.")
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
}

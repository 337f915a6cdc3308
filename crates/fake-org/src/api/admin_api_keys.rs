//! Admin API keys, and who may call the API at all (the bearer key of every request).

use crate::Response;
use crate::http::{Query, error, invalid, limit, not_found, one};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    pub(crate) fn authorize(
        &mut self,
        header: Option<&str>,
        write: bool,
        usage: bool,
    ) -> Option<Response> {
        let Some(token) = header
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
        else {
            return Some(error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using \
                    Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error",
                None,
                None,
            ));
        };
        if self.admin_key_in_use(token) {
            return None;
        }
        let missing = |scope: &str| {
            Some(error(
                401,
                format!(
                    "You have insufficient permissions for this operation. Missing scopes: {scope}. Check that you \
                        have the correct role in your organization, and if you're using a restricted API key, that it \
                        has the necessary scopes."
                ),
                "invalid_request_error",
                None,
                None,
            ))
        };
        if self.read_only_key.as_deref() == Some(token) {
            // It holds api.management.read only: no writes, and no usage or costs.
            return if usage {
                missing("api.usage.read")
            } else if write {
                missing("api.management.write")
            } else {
                None
            };
        }
        if token.starts_with("sk-proj-") || token.starts_with("sk-svcacct-") {
            return missing("api.management.read");
        }
        Some(error(
            401,
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            None,
            Some("invalid_api_key"),
        ))
    }

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
}

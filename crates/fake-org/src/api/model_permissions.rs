//! A project's model policy: retrieve, replace, delete. An empty allow list is refused (it
//! would block every model); no policy answers 404.

use crate::Response;
use crate::api::spend_limits::no_setting;
use crate::http::invalid;
use crate::org::{Org, Scope};
use admin_api::types::*;
use serde_json::{Value, json};

/// Model IDs a policy may name.
const MAX_MODELS: usize = 200;

impl Org {
    pub(crate) fn retrieve_model_permissions(&self, pi: usize) -> Result<Response, Response> {
        match &self.projects[pi].guard.models {
            Some(p) => Ok(Response::json(200, p)),
            None => Err(no_setting("model policy", Scope::Project(pi))),
        }
    }

    pub(crate) fn update_model_permissions(
        &mut self,
        pi: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        let scope = Scope::Project(pi);
        self.writable(scope)?;
        let mode = match body.get("mode").and_then(Value::as_str) {
            Some(m @ ("allow_list" | "deny_list")) => m.to_owned(),
            _ => {
                return Err(invalid(
                    "Invalid 'mode': expected 'allow_list' or 'deny_list'.",
                    Some("mode"),
                ));
            }
        };
        let ids: Vec<String> = body
            .get("model_ids")
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter()
                    .map(|m| {
                        m.as_str()
                            .map(str::trim)
                            .filter(|m| !m.is_empty())
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .ok_or_else(|| {
                invalid(
                    "Invalid 'model_ids': expected a list of model IDs.",
                    Some("model_ids"),
                )
            })?;
        if mode == "allow_list" && ids.is_empty() {
            return Err(invalid(
                "Invalid 'model_ids': an allow list needs at least one model (an empty one would block every model).",
                Some("model_ids"),
            ));
        }
        if ids.len() > MAX_MODELS {
            return Err(invalid(
                format!("Invalid 'model_ids': at most {MAX_MODELS} models."),
                Some("model_ids"),
            ));
        }
        let policy = ModelPermissions {
            object: "project.model_permissions".into(),
            mode: mode.clone(),
            model_ids: ids.clone(),
        };
        self.projects[pi].guard.models = Some(policy.clone());
        self.audit_guard(
            scope,
            "",
            json!({"model_permissions": {"mode": mode, "model_ids": ids}}),
        );
        Ok(Response::json(200, &policy))
    }

    pub(crate) fn delete_model_permissions(&mut self, pi: usize) -> Result<Response, Response> {
        let scope = Scope::Project(pi);
        self.writable(scope)?;
        if self.projects[pi].guard.models.take().is_none() {
            return Err(no_setting("model policy", scope));
        }
        self.audit_guard(scope, "", json!({"model_permissions": null}));
        Ok(Response::json(
            200,
            &ModelPermissionsDeleted {
                object: "project.model_permissions.deleted".into(),
                deleted: true,
            },
        ))
    }
}

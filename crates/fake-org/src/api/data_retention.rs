//! Data retention, organization and project: retrieve, update. A project may follow the
//! organization (`organization_default`) or keep data normally (`none`); the organization may not.

use crate::Response;
use crate::http::invalid;
use crate::org::{Org, Scope};
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    fn retention_object(&self, scope: Scope) -> DataRetention {
        DataRetention {
            object: format!("{}.data_retention", scope.prefix()),
            retention_type: self.guard(scope).retention.clone(),
        }
    }

    pub(crate) fn retrieve_data_retention(&self, scope: Scope) -> Result<Response, Response> {
        Ok(Response::json(200, &self.retention_object(scope)))
    }

    pub(crate) fn update_data_retention(
        &mut self,
        scope: Scope,
        body: &Value,
    ) -> Result<Response, Response> {
        self.writable(scope)?;
        let allowed: Vec<&str> = match scope {
            Scope::Org => ORG_RETENTION_TYPES.to_vec(),
            Scope::Project(_) => RETENTION_TYPES.iter().map(|(w, _)| *w).collect(),
        };
        let kind = body
            .get("retention_type")
            .and_then(Value::as_str)
            .filter(|t| allowed.contains(t))
            .ok_or_else(|| {
                invalid(
                    format!(
                        "Invalid 'retention_type': expected one of {}.",
                        allowed.join(", ")
                    ),
                    Some("retention_type"),
                )
            })?
            .to_owned();
        self.guard_mut(scope).retention = kind.clone();
        self.audit_guard(
            scope,
            "organization.updated",
            json!({"data_retention": kind}),
        );
        Ok(Response::json(200, &self.retention_object(scope)))
    }
}

//! A project's hosted tools: retrieve, update (only the tools named change).

use crate::Response;
use crate::http::invalid;
use crate::org::{Org, Scope};
use admin_api::types::*;
use serde_json::{Map, Value};

impl Org {
    pub(crate) fn retrieve_hosted_tools(&self, pi: usize) -> Result<Response, Response> {
        Ok(Response::json(200, &self.projects[pi].guard.tools))
    }

    pub(crate) fn update_hosted_tools(
        &mut self,
        pi: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        let scope = Scope::Project(pi);
        self.writable(scope)?;
        let fields = body.as_object().cloned().unwrap_or_default();
        let mut next = self.projects[pi].guard.tools.clone();
        let mut changes = Map::new();
        for (name, value) in &fields {
            let tool = HostedTool::from_wire(name).ok_or_else(|| {
                invalid(
                    format!("Unrecognized request argument supplied: {name}"),
                    Some(name),
                )
            })?;
            if value.is_null() {
                continue;
            }
            let enabled = value
                .get("enabled")
                .and_then(Value::as_bool)
                .ok_or_else(|| {
                    invalid(
                        format!("Invalid '{name}': expected {{\"enabled\": true or false}}."),
                        Some(name),
                    )
                })?;
            next.set(tool, enabled);
            changes.insert(name.clone(), value.clone());
        }
        self.projects[pi].guard.tools = next.clone();
        if !changes.is_empty() {
            self.audit_guard(
                scope,
                "",
                Value::Object(Map::from_iter([(
                    "hosted_tool_permissions".into(),
                    Value::Object(changes),
                )])),
            );
        }
        Ok(Response::json(200, &next))
    }
}

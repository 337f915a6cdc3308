//! A project's service tiers (SDK 3.54 only): retrieve, update (atomic, at least one field,
//! omitted fields unchanged).

use crate::Response;
use crate::http::invalid;
use crate::org::{Org, Scope};
use admin_api::types::*;
use serde_json::{Value, json};

impl Org {
    pub(crate) fn retrieve_service_tiers(&self, pi: usize) -> Result<Response, Response> {
        Ok(Response::json(200, &self.projects[pi].guard.tiers))
    }

    pub(crate) fn update_service_tiers(
        &mut self,
        pi: usize,
        body: &Value,
    ) -> Result<Response, Response> {
        let scope = Scope::Project(pi);
        self.writable(scope)?;
        let mut next = self.projects[pi].guard.tiers.clone();
        let default = body.get("default").filter(|v| !v.is_null());
        let enabled = body.get("enabled_tiers").filter(|v| !v.is_null());
        if default.is_none() && enabled.is_none() {
            return Err(invalid("Give 'default', 'enabled_tiers' or both.", None));
        }
        if let Some(d) = default {
            next.default = d
                .as_str()
                .filter(|d| DEFAULT_TIERS.contains(d))
                .ok_or_else(|| {
                    invalid(
                        "Invalid 'default': expected standard, fast or scale.",
                        Some("default"),
                    )
                })?
                .to_owned();
        }
        if let Some(e) = enabled {
            next.enabled_tiers = match e {
                Value::String(s) if s == "all" => EnabledTiers::default(),
                Value::Array(list) => EnabledTiers::Only(
                    list.iter()
                        .map(|t| {
                            t.as_str()
                                .filter(|t| OPTIONAL_TIERS.contains(t))
                                .map(str::to_owned)
                        })
                        .collect::<Option<_>>()
                        .ok_or_else(|| {
                            invalid(
                                "Invalid 'enabled_tiers': expected 'all' or flex, fast, ultrafast.",
                                Some("enabled_tiers"),
                            )
                        })?,
                ),
                _ => {
                    return Err(invalid(
                        "Invalid 'enabled_tiers': expected 'all' or a list.",
                        Some("enabled_tiers"),
                    ));
                }
            };
        }
        self.projects[pi].guard.tiers = next.clone();
        self.audit_guard(scope, "", json!({"service_tier_settings": body}));
        Ok(Response::json(200, &next))
    }
}

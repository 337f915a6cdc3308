//! Workload identity providers and their federation rules (SDK 3.54). A provider's issuer is an
//! https URL without query or fragment, its audience not empty, its JWKS an object with a `keys`
//! list. A rule needs at least one matcher, each a string, bool or number, and a service account
//! that exists in its project. Deleting a provider deletes its rules. Every write is audited.

use crate::Response;
use crate::http::{Query, invalid, not_found, one, page};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Map, Value, json};

type Answer = Option<Result<Response, Response>>;

/// Matchers a rule may hold.
const MAX_MATCHERS: usize = 20;

fn text(body: &Value, name: &str) -> Result<Option<String>, Response> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(
            format!("Invalid '{name}': expected a string."),
            Some(name),
        )),
    }
}

fn flag(body: &Value, name: &str) -> Result<Option<bool>, Response> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(invalid(
            format!("Invalid '{name}': expected a boolean."),
            Some(name),
        )),
    }
}

fn issuer(s: &str) -> Result<String, Response> {
    let ok = s
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !s.contains(['?', '#', ' ']);
    if ok {
        Ok(s.to_owned())
    } else {
        Err(invalid(
            "Invalid 'issuer': expected an https URL without query or fragment.",
            Some("issuer"),
        ))
    }
}

fn audience(s: &str) -> Result<String, Response> {
    if s.trim().is_empty() {
        return Err(invalid(
            "Invalid 'audience': it may not be empty.",
            Some("audience"),
        ));
    }
    Ok(s.to_owned())
}

fn verification(v: &Value) -> Result<Verification, Response> {
    let bad = |why: &str| {
        invalid(
            format!("Invalid 'verification': {why}"),
            Some("verification"),
        )
    };
    match v.get("type").and_then(Value::as_str) {
        Some("discovery") => {
            if let Some(url) = v.get("discovery_url").and_then(Value::as_str) {
                issuer(url).map_err(|_| bad("'discovery_url' must be an https URL."))?;
            }
            serde_json::from_value(v.clone()).map_err(|e| bad(&e.to_string()))
        }
        Some("uploaded_jwks") => {
            let keys = v.get("jwks").and_then(|j| j.get("keys"));
            if !keys.is_some_and(Value::is_array) {
                return Err(bad("'jwks' must be an object with a 'keys' list."));
            }
            serde_json::from_value(v.clone()).map_err(|e| bad(&e.to_string()))
        }
        _ => Err(bad("'type' must be 'discovery' or 'uploaded_jwks'.")),
    }
}

fn transformations(v: &Value) -> Result<Vec<AttributeTransformation>, Response> {
    serde_json::from_value(v.clone()).map_err(|_| {
        invalid(
            "Invalid 'attribute_transformations': expected a list of {attribute, expression}.",
            Some("attribute_transformations"),
        )
    })
}

fn matchers(v: &Value) -> Result<Map<String, Value>, Response> {
    let bad = |why: &str| {
        invalid(
            format!("Invalid 'attribute_matchers': {why}"),
            Some("attribute_matchers"),
        )
    };
    let map = v.as_object().ok_or_else(|| bad("expected an object."))?;
    if map.is_empty() {
        return Err(bad("a rule needs at least one matcher."));
    }
    if map.len() > MAX_MATCHERS {
        return Err(bad(&format!("at most {MAX_MATCHERS} matchers.")));
    }
    if map.keys().any(|k| k.trim().is_empty()) {
        return Err(bad("claim names may not be empty."));
    }
    if !map
        .values()
        .all(|v| v.is_string() || v.is_boolean() || v.is_number())
    {
        return Err(bad("values must be strings, booleans or numbers."));
    }
    Ok(map.clone())
}

fn permissions(v: &Value) -> Result<RulePermissions, Response> {
    serde_json::from_value(v.clone()).map_err(|_| {
        invalid(
            "Invalid 'permissions': expected {type: 'service_account_default'} or {type: 'restricted', scopes}.",
            Some("permissions"),
        )
    })
}

impl Org {
    /// `/organization/workload_identity_providers…`; `None` when the path is not one of them.
    pub(crate) fn route_keyless(
        &mut self,
        method: &str,
        segs: &[&str],
        q: &Query,
        body: &dyn Fn() -> Result<Value, Response>,
    ) -> Answer {
        let ["workload_identity_providers", rest @ ..] = segs else {
            return None;
        };
        Some(match (method, rest) {
            ("GET", []) => page(&self.seqs, &self.keyless.providers, q, |p| &p.id),
            ("POST", []) => body().and_then(|b| self.create_provider(&b)),
            ("GET", [p]) => self
                .provider_at(p)
                .map(|i| Response::json(200, &self.keyless.providers[i].0)),
            ("POST", [p]) => body().and_then(|b| self.update_provider(p, &b)),
            ("DELETE", [p]) => self.delete_provider(p),
            ("GET", [p, "federation_rules"]) => self.list_rules(p, q),
            ("POST", [p, "federation_rules"]) => body().and_then(|b| self.create_rule(p, &b)),
            ("GET", [p, "federation_rules", r]) => self
                .rule_at(p, r)
                .map(|i| Response::json(200, &self.keyless.rules[i].0)),
            ("POST", [p, "federation_rules", r]) => body().and_then(|b| self.update_rule(p, r, &b)),
            ("DELETE", [p, "federation_rules", r]) => self.delete_rule(p, r),
            _ => return None,
        })
    }

    fn provider_at(&self, id: &str) -> Result<usize, Response> {
        self.keyless
            .providers
            .iter()
            .position(|(p, _)| p.id == id)
            .ok_or_else(|| not_found("workload identity provider", id))
    }

    fn rule_at(&self, provider: &str, id: &str) -> Result<usize, Response> {
        self.provider_at(provider)?;
        self.keyless
            .rules
            .iter()
            .position(|(r, _)| r.id == id && r.workload_identity_provider_id == provider)
            .ok_or_else(|| not_found("federation rule", id))
    }

    pub(crate) fn create_provider(&mut self, body: &Value) -> Result<Response, Response> {
        let name = text(body, "name")?.filter(|n| !n.trim().is_empty());
        let name = name.ok_or_else(|| invalid("Missing 'name'.", Some("name")))?;
        if text(body, "type")?.as_deref() != Some("oidc") {
            return Err(invalid("Invalid 'type': expected 'oidc'.", Some("type")));
        }
        let iss = issuer(&text(body, "issuer")?.unwrap_or_default())?;
        let aud = audience(&text(body, "audience")?.unwrap_or_default())?;
        let ver = body
            .get("verification")
            .filter(|v| !v.is_null())
            .map(verification)
            .transpose()?;
        let tr = body
            .get("attribute_transformations")
            .filter(|v| !v.is_null())
            .map(transformations)
            .transpose()?
            .unwrap_or_default();
        let id = self.new_id("wip_", 24);
        let seq = self.seq(&id);
        let p = WorkloadIdentityProvider {
            object: "organization.workload_identity_provider".into(),
            id: id.clone(),
            name,
            description: text(body, "description")?,
            kind: "oidc".into(),
            issuer: iss,
            audience: aud,
            enabled: flag(body, "enabled")?.unwrap_or(true),
            attribute_transformations: tr,
            verification: Some(ver.unwrap_or(Verification::Discovery {
                discovery_url: None,
            })),
            created_at: self.now,
            updated_at: self.now,
        };
        self.keyless.providers.push((p.clone(), seq));
        let data = json!({"name": p.name, "issuer": p.issuer, "audience": p.audience});
        self.audit_admin(
            "workload_identity_provider.created",
            json!({"id": id, "data": data}),
            None,
        );
        Ok(Response::json(200, &p))
    }

    fn update_provider(&mut self, id: &str, body: &Value) -> Result<Response, Response> {
        let i = self.provider_at(id)?;
        let mut p = self.keyless.providers[i].0.clone();
        if let Some(n) = text(body, "name")? {
            p.name = n;
        }
        if let Some(v) = body.get("description") {
            p.description = v.as_str().map(str::to_owned);
        }
        if let Some(s) = text(body, "issuer")? {
            p.issuer = issuer(&s)?;
        }
        if let Some(s) = text(body, "audience")? {
            p.audience = audience(&s)?;
        }
        if let Some(b) = flag(body, "enabled")? {
            p.enabled = b;
        }
        if let Some(v) = body.get("verification").filter(|v| !v.is_null()) {
            p.verification = Some(verification(v)?);
        }
        if let Some(v) = body
            .get("attribute_transformations")
            .filter(|v| !v.is_null())
        {
            p.attribute_transformations = transformations(v)?;
        }
        p.updated_at = self.now;
        self.keyless.providers[i].0 = p.clone();
        self.audit_admin(
            "workload_identity_provider.updated",
            json!({"id": id, "changes_requested": body}),
            None,
        );
        Ok(Response::json(200, &p))
    }

    fn delete_provider(&mut self, id: &str) -> Result<Response, Response> {
        let i = self.provider_at(id)?;
        self.keyless.providers.remove(i);
        self.keyless
            .rules
            .retain(|(r, _)| r.workload_identity_provider_id != id);
        self.audit_admin(
            "workload_identity_provider.deleted",
            json!({"id": id}),
            None,
        );
        let gone = json!({"object": "organization.workload_identity_provider.deleted", "id": id, "deleted": true});
        Ok(Response::json(200, &gone))
    }

    fn list_rules(&self, provider: &str, q: &Query) -> Result<Response, Response> {
        self.provider_at(provider)?;
        let sa = one(q, "service_account_id");
        let items: Vec<(FederationRule, u64)> = self
            .keyless
            .rules
            .iter()
            .filter(|(r, _)| r.workload_identity_provider_id == provider)
            .filter(|(r, _)| sa.is_none_or(|s| r.service_account_id == s))
            .cloned()
            .collect();
        page(&self.seqs, &items, q, |r| &r.id)
    }

    pub(crate) fn create_rule(
        &mut self,
        provider: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        self.provider_at(provider)?;
        let project = text(body, "project_id")?.unwrap_or_default();
        let sa = text(body, "service_account_id")?.unwrap_or_default();
        let pi = self
            .project_index(&project)
            .ok_or_else(|| not_found("project", &project))?;
        if !self.projects[pi]
            .service_accounts
            .iter()
            .any(|(s, _)| s.id == sa)
        {
            return Err(not_found("service account", &sa));
        }
        let m = matchers(body.get("attribute_matchers").unwrap_or(&Value::Null))?;
        let perms = body
            .get("permissions")
            .filter(|v| !v.is_null())
            .map(permissions)
            .transpose()?;
        let id = self.new_id("wifr_", 24);
        let seq = self.seq(&id);
        let r = FederationRule {
            object: "organization.workload_identity_federation_rule".into(),
            id: id.clone(),
            workload_identity_provider_id: provider.into(),
            project_id: project.clone(),
            service_account_id: sa.clone(),
            name: text(body, "name")?,
            description: text(body, "description")?,
            enabled: flag(body, "enabled")?.unwrap_or(true),
            attribute_matchers: m,
            permissions: Some(perms.unwrap_or(RulePermissions::ServiceAccountDefault)),
            created_at: self.now,
            updated_at: self.now,
        };
        self.keyless.rules.push((r.clone(), seq));
        let data = json!({"provider_id": provider, "service_account_id": sa});
        self.audit_admin(
            "workload_identity_provider_mapping.created",
            json!({"id": id, "data": data}),
            Some(pi),
        );
        Ok(Response::json(200, &r))
    }

    fn update_rule(
        &mut self,
        provider: &str,
        id: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        let i = self.rule_at(provider, id)?;
        let mut r = self.keyless.rules[i].0.clone();
        if let Some(v) = body.get("attribute_matchers").filter(|v| !v.is_null()) {
            r.attribute_matchers = matchers(v)?;
        }
        if let Some(v) = body.get("name") {
            r.name = v.as_str().map(str::to_owned);
        }
        if let Some(v) = body.get("description") {
            r.description = v.as_str().map(str::to_owned);
        }
        if let Some(b) = flag(body, "enabled")? {
            r.enabled = b;
        }
        if let Some(v) = body.get("permissions").filter(|v| !v.is_null()) {
            r.permissions = Some(permissions(v)?);
        }
        r.updated_at = self.now;
        self.keyless.rules[i].0 = r.clone();
        let pi = self.project_index(&r.project_id);
        self.audit_admin(
            "workload_identity_provider_mapping.updated",
            json!({"id": id, "changes_requested": body}),
            pi,
        );
        Ok(Response::json(200, &r))
    }

    fn delete_rule(&mut self, provider: &str, id: &str) -> Result<Response, Response> {
        let i = self.rule_at(provider, id)?;
        let (r, _) = self.keyless.rules.remove(i);
        let pi = self.project_index(&r.project_id);
        self.audit_admin(
            "workload_identity_provider_mapping.deleted",
            json!({"id": id}),
            pi,
        );
        let object = "organization.workload_identity_federation_rule.deleted";
        let gone = json!({"object": object, "id": id, "deleted": true});
        Ok(Response::json(200, &gone))
    }
}

//! The router: a request's method and path to the resource that answers it, after the bearer key
//! is checked. No resource's logic lives here.

use crate::http::{invalid, invalid_url, parse_query};
use crate::org::{Org, Scope};
use crate::{Request, Response};
use admin_api::path::decode;
use serde_json::{Value, json};

impl Org {
    /// Answers one request, with its `x-request-id` as the API gives one. Never panics.
    pub fn handle(&mut self, req: &Request) -> Response {
        let mut resp = self.route(req);
        self.requests += 1;
        // Spread over 128 bits, so IDs look like the API's and never repeat.
        let id = u128::from(self.requests).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
        resp.headers
            .push(("x-request-id".into(), format!("req_{id:032x}")));
        resp
    }

    fn route(&mut self, req: &Request) -> Response {
        let path = req.path.trim_end_matches('/');
        let segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let invalid_url = || invalid_url(&req.method, &req.path);
        // Project roles and their assignments have no `/organization` prefix.
        let top = segs.first() == Some(&"projects");
        if segs.first() != Some(&"organization") && !top {
            return invalid_url();
        }
        let write = req.method != "GET";
        let usage = matches!(segs.get(1), Some(&"usage" | &"costs"));
        if let Some(denied) = self.authorize(req.authorization.as_deref(), write, usage) {
            return denied;
        }
        let q = parse_query(&req.query);
        let body = || -> Result<Value, Response> {
            let text = req.body.as_deref().unwrap_or("");
            if text.trim().is_empty() {
                return Ok(json!({}));
            }
            match serde_json::from_str::<Value>(text) {
                Ok(v @ Value::Object(_)) => Ok(v),
                _ => Err(invalid(
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your \
                        HTTP library correctly. The OpenAI API expects a JSON payload.)",
                    None,
                )),
            }
        };
        if top {
            return self
                .route_project_roles(&req.method, &segs, &q, &body)
                .unwrap_or_else(|| Err(invalid_url()))
                .unwrap_or_else(|e| e);
        }
        if let Some(answer) = self.route_people(&req.method, &segs[1..], &q, &body) {
            return answer.unwrap_or_else(|e| e);
        }
        if let Some(answer) = self.route_keyless(&req.method, &segs[1..], &q, &body) {
            return answer.unwrap_or_else(|e| e);
        }
        let result = match (req.method.as_str(), &segs[1..]) {
            ("GET", ["projects"]) => self.list_projects(&q),
            ("GET", ["projects", p]) => self.with_project(p, |org, pi| org.retrieve_project(pi)),
            ("GET", ["projects", p, "api_keys"]) => {
                self.with_project(p, |org, pi| org.list_keys(pi, &q))
            }
            ("GET", ["projects", p, "api_keys", k]) => {
                self.with_key(p, k, |org, pi, ki| org.retrieve_key(pi, ki))
            }
            ("POST", ["projects", p, "api_keys", k]) => {
                body().and_then(|b| self.with_key(p, k, |org, pi, ki| org.update_key(pi, ki, &b)))
            }
            ("DELETE", ["projects", p, "api_keys", k]) => {
                self.with_key(p, k, |org, pi, ki| org.delete_key(pi, ki))
            }
            ("GET", ["projects", p, "service_accounts"]) => {
                self.with_project(p, |org, pi| org.list_service_accounts(pi, &q))
            }
            ("POST", ["projects", p, "service_accounts"]) => body()
                .and_then(|b| self.with_project(p, |org, pi| org.create_service_account(pi, &b))),
            ("GET", ["projects", p, "service_accounts", s]) => {
                self.with_sa(p, s, |org, pi, si| org.retrieve_service_account(pi, si))
            }
            ("DELETE", ["projects", p, "service_accounts", s]) => {
                self.with_sa(p, s, |org, pi, si| org.delete_service_account(pi, si))
            }
            ("POST", ["projects", p, "service_accounts", s, "api_keys"]) => body().and_then(|b| {
                self.with_sa(p, s, |org, pi, si| {
                    org.create_service_account_key(pi, si, &b)
                })
            }),
            ("GET", ["projects", p, "users"]) => {
                self.with_project(p, |org, pi| org.list_users(pi, &q))
            }
            ("GET", ["projects", p, "users", u]) => {
                self.with_project(p, |org, pi| org.retrieve_project_user(pi, u))
            }
            ("GET", ["admin_api_keys"]) => self.list_admin_keys(&q),
            ("POST", ["admin_api_keys"]) => body().and_then(|b| self.create_admin_key(&b)),
            ("GET", ["admin_api_keys", k]) => self.retrieve_admin_key(k),
            ("DELETE", ["admin_api_keys", k]) => self.delete_admin_key(k),
            ("GET", ["users"]) => self.list_org_users(&q),
            ("POST", ["projects"]) => body().and_then(|b| self.create_project(&b)),
            ("POST", ["projects", p]) => {
                body().and_then(|b| self.with_project(p, |org, pi| org.update_project(pi, &b)))
            }
            ("POST", ["projects", p, "archive"]) => {
                self.with_project(p, |org, pi| org.archive_project(pi))
            }
            ("GET", ["projects", p, "rate_limits"]) => {
                self.with_project(p, |org, pi| org.list_rate_limits(pi, &q))
            }
            ("POST", ["projects", p, "rate_limits", r]) => body()
                .and_then(|b| self.with_project(p, |org, pi| org.update_rate_limit(pi, r, &b))),
            ("POST", ["projects", p, "users"]) => {
                body().and_then(|b| self.with_project(p, |org, pi| org.add_project_user(pi, &b)))
            }
            ("POST", ["projects", p, "users", u]) => body()
                .and_then(|b| self.with_project(p, |org, pi| org.update_project_user(pi, u, &b))),
            ("DELETE", ["projects", p, "users", u]) => {
                self.with_project(p, |org, pi| org.delete_project_user(pi, u))
            }
            ("POST", ["projects", p, "service_accounts", s]) => body().and_then(|b| {
                self.with_sa(p, s, |org, pi, si| org.update_service_account(pi, si, &b))
            }),
            ("GET", ["audit_logs"]) => self.list_audit(&q),
            // Guard rails: the organization's, then each project's.
            ("GET", ["spend_limit"]) => self.retrieve_spend_limit(Scope::Org),
            ("POST", ["spend_limit"]) => {
                body().and_then(|b| self.update_spend_limit(Scope::Org, &b))
            }
            ("DELETE", ["spend_limit"]) => self.delete_spend_limit(Scope::Org),
            ("GET", ["spend_alerts"]) => self.list_spend_alerts(Scope::Org, &q),
            ("POST", ["spend_alerts"]) => {
                body().and_then(|b| self.create_spend_alert(Scope::Org, &b))
            }
            ("GET", ["spend_alerts", a]) => self.retrieve_spend_alert(Scope::Org, a),
            ("POST", ["spend_alerts", a]) => {
                body().and_then(|b| self.update_spend_alert(Scope::Org, a, &b))
            }
            ("DELETE", ["spend_alerts", a]) => self.delete_spend_alert(Scope::Org, a),
            ("GET", ["data_retention"]) => self.retrieve_data_retention(Scope::Org),
            ("POST", ["data_retention"]) => {
                body().and_then(|b| self.update_data_retention(Scope::Org, &b))
            }
            ("GET", ["projects", p, "spend_limit"]) => {
                self.with_project(p, |org, pi| org.retrieve_spend_limit(Scope::Project(pi)))
            }
            ("POST", ["projects", p, "spend_limit"]) => body().and_then(|b| {
                self.with_project(p, |org, pi| org.update_spend_limit(Scope::Project(pi), &b))
            }),
            ("DELETE", ["projects", p, "spend_limit"]) => {
                self.with_project(p, |org, pi| org.delete_spend_limit(Scope::Project(pi)))
            }
            ("GET", ["projects", p, "spend_alerts"]) => {
                self.with_project(p, |org, pi| org.list_spend_alerts(Scope::Project(pi), &q))
            }
            ("POST", ["projects", p, "spend_alerts"]) => body().and_then(|b| {
                self.with_project(p, |org, pi| org.create_spend_alert(Scope::Project(pi), &b))
            }),
            ("GET", ["projects", p, "spend_alerts", a]) => {
                self.with_project(p, |org, pi| org.retrieve_spend_alert(Scope::Project(pi), a))
            }
            ("POST", ["projects", p, "spend_alerts", a]) => body().and_then(|b| {
                self.with_project(p, |org, pi| {
                    org.update_spend_alert(Scope::Project(pi), a, &b)
                })
            }),
            ("DELETE", ["projects", p, "spend_alerts", a]) => {
                self.with_project(p, |org, pi| org.delete_spend_alert(Scope::Project(pi), a))
            }
            ("GET", ["projects", p, "model_permissions"]) => {
                self.with_project(p, |org, pi| org.retrieve_model_permissions(pi))
            }
            ("POST", ["projects", p, "model_permissions"]) => body()
                .and_then(|b| self.with_project(p, |org, pi| org.update_model_permissions(pi, &b))),
            ("DELETE", ["projects", p, "model_permissions"]) => {
                self.with_project(p, |org, pi| org.delete_model_permissions(pi))
            }
            ("GET", ["projects", p, "hosted_tool_permissions"]) => {
                self.with_project(p, |org, pi| org.retrieve_hosted_tools(pi))
            }
            ("POST", ["projects", p, "hosted_tool_permissions"]) => {
                body().and_then(|b| self.with_project(p, |org, pi| org.update_hosted_tools(pi, &b)))
            }
            ("GET", ["projects", p, "data_retention"]) => {
                self.with_project(p, |org, pi| org.retrieve_data_retention(Scope::Project(pi)))
            }
            ("POST", ["projects", p, "data_retention"]) => body().and_then(|b| {
                self.with_project(p, |org, pi| {
                    org.update_data_retention(Scope::Project(pi), &b)
                })
            }),
            ("GET", ["projects", p, "service_tier_settings"]) => {
                self.with_project(p, |org, pi| org.retrieve_service_tiers(pi))
            }
            ("POST", ["projects", p, "service_tier_settings"]) => body()
                .and_then(|b| self.with_project(p, |org, pi| org.update_service_tiers(pi, &b))),
            ("GET", ["usage", kind]) => self.usage(kind, &q),
            ("GET", ["costs"]) => self.costs(&q),
            _ => Err(invalid_url()),
        };
        result.unwrap_or_else(|e| e)
    }
}

//! HTTP in, HTTP out: routing, auth, query and body validation, pages and errors as the API does.

use crate::org::{KeyRec, Org};
use crate::{Request, Response};
use admin_api::path::decode;
use admin_api::types::*;
use serde_json::{Value, json};

pub(crate) type Query = Vec<(String, String)>;

fn error(
    status: u16,
    message: impl Into<String>,
    kind: &str,
    param: Option<&str>,
    code: Option<&str>,
) -> Response {
    Response::json(status, &ErrorBody::new(message, kind, param, code))
}

pub(crate) fn invalid(message: impl Into<String>, param: Option<&str>) -> Response {
    error(400, message, "invalid_request_error", param, None)
}

pub(crate) fn not_found(what: &str, id: &str) -> Response {
    error(
        404,
        format!("No such {what}: '{id}'."),
        "invalid_request_error",
        None,
        Some("not_found"),
    )
}

/// The API's answer to a path it does not have.
pub(crate) fn invalid_url(method: &str, path: &str) -> Response {
    error(
        404,
        format!("Invalid URL ({method} /v1{path})"),
        "invalid_request_error",
        None,
        None,
    )
}

fn parse_query(raw: &str) -> Query {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(&k.replace('+', " ")), decode(&v.replace('+', " ")))
        })
        .collect()
}

pub(crate) fn one<'a>(q: &'a Query, name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Array params arrive as `x[]=a&x[]=b` (SDKs) or `x=a&x=b` (spec): accept both.
pub(crate) fn many(q: &Query, name: &str) -> Vec<String> {
    let bracket = format!("{name}[]");
    q.iter()
        .filter(|(k, _)| *k == bracket || k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

pub(crate) fn limit(q: &Query, default: usize, max: usize) -> Result<usize, Response> {
    match one(q, "limit") {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(invalid(
                format!("Invalid 'limit': must be an integer between 1 and {max}."),
                Some("limit"),
            )),
        },
    }
}

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
        if segs.first() != Some(&"organization") {
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
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
                    None,
                )),
            }
        };
        let result = match (req.method.as_str(), &segs[1..]) {
            ("GET", ["projects"]) => self.list_projects(&q),
            ("GET", ["projects", p]) => self.with_project(p, |org, pi| {
                Ok(Response::json(200, &org.projects[pi].project))
            }),
            ("GET", ["projects", p, "api_keys"]) => {
                self.with_project(p, |org, pi| org.list_keys(pi, &q))
            }
            ("GET", ["projects", p, "api_keys", k]) => self.with_key(p, k, |org, pi, ki| {
                Ok(Response::json(
                    200,
                    &org.key_view(pi, &org.projects[pi].keys[ki]),
                ))
            }),
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
            ("GET", ["projects", p, "service_accounts", s]) => self.with_sa(p, s, |org, pi, si| {
                Ok(Response::json(
                    200,
                    &org.projects[pi].service_accounts[si].0,
                ))
            }),
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
            ("GET", ["projects", p, "users", u]) => self.with_project(p, |org, pi| {
                match org.projects[pi].users.iter().find(|(x, _)| x.id == *u) {
                    Some((user, _)) => Ok(Response::json(200, user)),
                    None => Err(not_found("user", u)),
                }
            }),
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
            ("GET", ["usage", kind]) => self.usage(kind, &q),
            ("GET", ["costs"]) => self.costs(&q),
            _ => Err(invalid_url()),
        };
        result.unwrap_or_else(|e| e)
    }

    fn authorize(&mut self, header: Option<&str>, write: bool, usage: bool) -> Option<Response> {
        let Some(token) = header
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
        else {
            return Some(error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
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
                    "You have insufficient permissions for this operation. Missing scopes: {scope}. Check that you have the correct role in your organization, and if you're using a restricted API key, that it has the necessary scopes."
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

    fn with_project(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut Org, usize) -> Result<Response, Response>,
    ) -> Result<Response, Response> {
        let pi = self
            .project_index(id)
            .ok_or_else(|| not_found("project", id))?;
        f(self, pi)
    }

    fn with_key(
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

    fn with_sa(
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

    /// Items after the `after` cursor, ascending by sequence.
    pub(crate) fn page<T: Clone + serde::Serialize>(
        &self,
        items: &[(T, u64)],
        q: &Query,
        id_of: impl Fn(&T) -> &str,
    ) -> Result<Response, Response> {
        let limit = limit(q, 20, 100)?;
        let start = match one(q, "after") {
            None | Some("") => 0,
            Some(after) => {
                let seq = *self.seqs.get(after).ok_or_else(|| {
                    invalid(
                        format!("Invalid 'after': no object with ID '{after}'."),
                        Some("after"),
                    )
                })?;
                items.partition_point(|(_, s)| *s <= seq)
            }
        };
        let slice: Vec<T> = items[start..]
            .iter()
            .take(limit)
            .map(|(t, _)| t.clone())
            .collect();
        let has_more = start + slice.len() < items.len();
        Ok(Response::json(200, &Page::new(slice, has_more, id_of)))
    }

    fn list_projects(&self, q: &Query) -> Result<Response, Response> {
        let include_archived = match one(q, "include_archived") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                return Err(invalid(
                    "Invalid 'include_archived': expected a boolean.",
                    Some("include_archived"),
                ));
            }
        };
        let items: Vec<(Project, u64)> = self
            .projects
            .iter()
            .filter(|p| include_archived || p.project.archived_at.is_none())
            .map(|p| (p.project.clone(), p.seq))
            .collect();
        self.page(&items, q, |p| &p.id)
    }

    fn list_keys(&self, pi: usize, q: &Query) -> Result<Response, Response> {
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
        self.page(&items, q, |k| &k.id)
    }

    fn list_service_accounts(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(
                "Project is archived: archived projects have no service accounts.",
                None,
            ));
        }
        self.page(&self.projects[pi].service_accounts, q, |s| &s.id)
    }

    fn list_users(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        if self.projects[pi].project.archived_at.is_some() {
            return Err(invalid(
                "Project is archived: archived projects have no users.",
                None,
            ));
        }
        self.page(&self.projects[pi].users, q, |u| &u.id)
    }

    fn update_key(&mut self, pi: usize, ki: usize, body: &Value) -> Result<Response, Response> {
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

    fn delete_key(&mut self, pi: usize, ki: usize) -> Result<Response, Response> {
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

    fn create_service_account(&mut self, pi: usize, body: &Value) -> Result<Response, Response> {
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

    fn create_service_account_key(
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

    fn delete_service_account(&mut self, pi: usize, si: usize) -> Result<Response, Response> {
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

    fn list_audit(&self, q: &Query) -> Result<Response, Response> {
        if self.options.audit_logging_disabled {
            return Err(error(
                403,
                "Audit logging is not enabled for this organization. An organization owner can turn it on in the organization's settings, under Data controls.",
                "invalid_request_error",
                None,
                None,
            ));
        }
        let limit = limit(q, 20, 100)?;
        let types = many(q, "event_types");
        let projects = many(q, "project_ids");
        let resources = many(q, "resource_ids");
        let actors = many(q, "actor_ids");
        let emails: Vec<String> = many(q, "actor_emails")
            .iter()
            .map(|e| e.to_lowercase())
            .collect();
        let tenant_only = match one(q, "tenant_only") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                return Err(invalid(
                    "Invalid 'tenant_only': expected true or false.",
                    Some("tenant_only"),
                ));
            }
        };
        let bound = |name: &str| -> Result<Option<i64>, Response> {
            match one(q, &format!("effective_at[{name}]")) {
                None => Ok(None),
                Some(v) => v.parse().map(Some).map_err(|_| {
                    invalid(
                        format!("Invalid 'effective_at[{name}]': expected Unix seconds."),
                        Some("effective_at"),
                    )
                }),
            }
        };
        let (gt, gte, lt, lte) = (bound("gt")?, bound("gte")?, bound("lt")?, bound("lte")?);
        let cursor = |name: &str| -> Result<Option<u64>, Response> {
            match one(q, name) {
                None | Some("") => Ok(None),
                Some(id) => self.seqs.get(id).copied().map(Some).ok_or_else(|| {
                    invalid(
                        format!("Invalid '{name}': no object with ID '{id}'."),
                        Some(name),
                    )
                }),
            }
        };
        let (after, before) = (cursor("after")?, cursor("before")?);
        let matches = |e: &AuditLog| {
            (types.is_empty() || types.contains(&e.kind))
                && (projects.is_empty()
                    || e.project.as_ref().is_some_and(|p| projects.contains(&p.id)))
                && (resources.is_empty()
                    || e.target_id()
                        .is_some_and(|t| resources.iter().any(|r| r == t)))
                && (actors.is_empty() || actor_ids(e).iter().any(|id| actors.contains(id)))
                && (emails.is_empty()
                    || actor_email(e).is_some_and(|m| emails.contains(&m.to_lowercase())))
                && (!tenant_only || is_tenant_event(&e.kind))
                && gt.is_none_or(|t| e.effective_at > t)
                && gte.is_none_or(|t| e.effective_at >= t)
                && lt.is_none_or(|t| e.effective_at < t)
                && lte.is_none_or(|t| e.effective_at <= t)
        };
        // The log is listed newest first: `after` pages towards older events, `before` towards
        // newer ones (the page just before the cursor, still newest first).
        let (data, has_more) = if let Some(b) = before {
            let mut newer = self
                .audit
                .iter()
                .filter(|(e, s)| *s > b && matches(e))
                .map(|(e, _)| e);
            let mut page: Vec<AuditLog> = newer.by_ref().take(limit).cloned().collect();
            let more = newer.next().is_some();
            page.reverse();
            (page, more)
        } else {
            let mut older = self
                .audit
                .iter()
                .rev()
                .filter(|(_, s)| after.is_none_or(|a| *s < a))
                .filter(|(e, _)| matches(e))
                .map(|(e, _)| e);
            let page: Vec<AuditLog> = older.by_ref().take(limit).cloned().collect();
            (page, older.next().is_some())
        };
        Ok(Response::json(200, &Page::new(data, has_more, |e| &e.id)))
    }
}

/// Ten years: a generous stand-in for the org's expiry policy.
const MAX_EXPIRY: i64 = 10 * 365 * 86_400;

fn expiry_field(body: &Value) -> Result<Option<i64>, Response> {
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

fn valid_scope(s: &str) -> bool {
    s.starts_with("api.")
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
}

/// Every ID `actor_ids[]` matches an event's actor by: the user, the service account, the key.
fn actor_ids(e: &AuditLog) -> Vec<String> {
    let Some(a) = &e.actor else { return Vec::new() };
    let mut ids = Vec::new();
    if let Some(id) = a
        .session
        .as_ref()
        .and_then(|s| s.user.as_ref())
        .and_then(|u| u.id.clone())
    {
        ids.push(id);
    }
    if let Some(k) = &a.api_key {
        ids.extend(k.id.clone());
        ids.extend(k.user.as_ref().and_then(|u| u.id.clone()));
        ids.extend(k.service_account.as_ref().and_then(|s| s.id.clone()));
    }
    ids
}

/// The email of the user behind an event, signed in or through their key.
fn actor_email(e: &AuditLog) -> Option<&str> {
    let a = e.actor.as_ref()?;
    a.session
        .as_ref()
        .and_then(|s| s.user.as_ref())
        .or_else(|| a.api_key.as_ref().and_then(|k| k.user.as_ref()))
        .and_then(|u| u.email.as_deref())
}

/// Tenant-scoped events, the only ones `tenant_only=true` lists.
fn is_tenant_event(kind: &str) -> bool {
    kind.starts_with("tenant.")
        || kind == "role.bound_to_resource"
        || kind == "role.unbound_from_resource"
}

pub(crate) fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

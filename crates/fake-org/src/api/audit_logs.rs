//! The audit log, with every filter the spec and the SDK take.

use crate::Response;
use crate::http::{Query, error, invalid, limit, many, one};
use crate::org::Org;
use admin_api::types::*;

impl Org {
    pub(crate) fn list_audit(&self, q: &Query) -> Result<Response, Response> {
        if self.options.audit_logging_disabled {
            return Err(error(
                403,
                "Audit logging is not enabled for this organization. An organization owner can turn it on in the \
                    organization's settings, under Data controls.",
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

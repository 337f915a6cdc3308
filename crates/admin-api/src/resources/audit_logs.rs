//! The organization's audit log, with every filter the spec and the SDK take.

use crate::engine::client::{Client, push_after, q};
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::engine::wire::Page;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Filters for the audit log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditQuery {
    pub event_types: Vec<String>,
    pub project_ids: Vec<String>,
    pub resource_ids: Vec<String>,
    /// User, service-account or key-tracking IDs.
    pub actor_ids: Vec<String>,
    pub actor_emails: Vec<String>,
    pub effective_gte: Option<i64>,
    pub effective_lte: Option<i64>,
    /// Only tenant-scoped events.
    pub tenant_only: bool,
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditProject {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorSession {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<ActorUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorServiceAccount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorApiKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<ActorUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<ActorServiceAccount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditActor {
    /// `session` or `api_key`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<ActorSession>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ActorApiKey>,
}

impl AuditActor {
    pub fn label(&self) -> String {
        let email =
            |u: &Option<ActorUser>| u.as_ref().and_then(|u| u.email.clone().or(u.id.clone()));
        if let Some(s) = &self.session
            && let Some(e) = email(&s.user)
        {
            return e;
        }
        if let Some(k) = &self.api_key {
            if let Some(e) = email(&k.user) {
                return format!("{e} (API key)");
            }
            if let Some(sa) = k.service_account.as_ref().and_then(|s| s.id.clone()) {
                return format!("service account {sa}");
            }
            if let Some(id) = &k.id {
                return format!("API key {id}");
            }
        }
        "unknown".into()
    }
}

/// One audit log event. The details live under a key named like the event type
/// (`"api_key.deleted": {"id": …}`); they are kept as raw JSON in `details`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub effective_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<AuditProject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<AuditActor>,
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

impl AuditLog {
    /// The ID of the thing the event is about (`<type>.id`), when given.
    pub fn target_id(&self) -> Option<&str> {
        self.details.get(&self.kind)?.get("id")?.as_str()
    }
}

impl<T: Transport> Client<T> {
    pub async fn list_audit_logs(&self, filter: &AuditQuery) -> Result<Page<AuditLog>, ApiError> {
        let mut query = q(&[("limit", filter.limit.unwrap_or(50).to_string())]);
        for (name, values) in [
            ("event_types[]", &filter.event_types),
            ("project_ids[]", &filter.project_ids),
            ("resource_ids[]", &filter.resource_ids),
            ("actor_ids[]", &filter.actor_ids),
            ("actor_emails[]", &filter.actor_emails),
        ] {
            query.extend(values.iter().map(|v| (name.to_owned(), v.clone())));
        }
        if let Some(t) = filter.effective_gte {
            query.push(("effective_at[gte]".into(), t.to_string()));
        }
        if let Some(t) = filter.effective_lte {
            query.push(("effective_at[lte]".into(), t.to_string()));
        }
        if filter.tenant_only {
            query.push(("tenant_only".into(), "true".into()));
        }
        push_after(&mut query, filter.after.as_deref());
        if let Some(b) = &filter.before {
            query.push(("before".into(), b.clone()));
        }
        self.get("/organization/audit_logs", &query).await
    }
}

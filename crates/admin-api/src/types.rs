//! Serde types for the admin endpoints Keyward uses.
//!
//! Reading is lenient: unknown fields are ignored, every null the spec or the SDK allows is an
//! `Option`, and fields the spec requires but that cost nothing to miss get defaults. Writing (the
//! emulator) produces what the spec requires, with `null` for nullable required fields.

use crate::key::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A cursor page: `{object:"list", data, first_id, last_id, has_more}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    #[serde(default = "list_object")]
    pub object: String,
    pub data: Vec<T>,
    #[serde(default)]
    pub first_id: Option<String>,
    #[serde(default)]
    pub last_id: Option<String>,
    /// Required by the spec; when absent we keep going while there is a cursor (as the SDK does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
}

fn list_object() -> String {
    "list".into()
}

impl<T> Page<T> {
    /// Builds a page the way the API does: first/last IDs are null when empty.
    pub fn new(data: Vec<T>, has_more: bool, id_of: impl Fn(&T) -> &str) -> Self {
        let first_id = data.first().map(|t| id_of(t).to_owned());
        let last_id = data.last().map(|t| id_of(t).to_owned());
        Self {
            object: "list".into(),
            data,
            first_id,
            last_id,
            has_more: Some(has_more),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default = "project_object")]
    pub object: String,
    #[serde(default)]
    pub name: Option<String>,
    pub created_at: i64,
    #[serde(default)]
    pub archived_at: Option<i64>,
    /// `active` or `archived`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<String>,
}

fn project_object() -> String {
    "organization.project".into()
}

impl Project {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some() || self.status.as_deref() == Some("archived")
    }
    /// The name, or the ID when the API sent none.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OwnerAccess {
    Active,
    Inactive,
    /// A value this version doesn't know, or none.
    #[default]
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerType {
    User,
    ServiceAccount,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnerUser {
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: Option<i64>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnerServiceAccount {
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: Option<i64>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Owner {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OwnerType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<OwnerUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<OwnerServiceAccount>,
}

impl Owner {
    pub fn is_service_account(&self) -> bool {
        self.kind == Some(OwnerType::ServiceAccount)
            || (self.kind.is_none() && self.service_account.is_some())
    }
    /// "Ada Lovelace <ada@…>" or "service account: deploy-bot", for lists and exports.
    pub fn label(&self) -> String {
        if let Some(sa) = &self.service_account {
            return format!("Service account {}", sa.name.as_deref().unwrap_or(&sa.id));
        }
        match &self.user {
            Some(u) => match (&u.name, &u.email) {
                (Some(n), Some(e)) if !n.is_empty() => format!("{n} <{e}>"),
                (_, Some(e)) => e.clone(),
                (Some(n), None) => n.clone(),
                (None, None) => u.id.clone(),
            },
            None => "Unknown owner".into(),
        }
    }
    pub fn id(&self) -> Option<&str> {
        self.service_account
            .as_ref()
            .map(|s| s.id.as_str())
            .or(self.user.as_ref().map(|u| u.id.as_str()))
    }
}

/// A project API key (never its secret: only the redacted value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectApiKey {
    #[serde(default = "api_key_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub redacted_value: String,
    pub created_at: i64,
    /// Required but nullable: never used.
    #[serde(default)]
    pub last_used_at: Option<i64>,
    #[serde(default)]
    pub owner_project_access: OwnerAccess,
    #[serde(default)]
    pub owner: Owner,
    /// SDK 3.54: null means it never expires. Absent in the 2026-08 spec.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

fn api_key_object() -> String {
    "organization.project.api_key".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceAccount {
    #[serde(default = "service_account_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `owner`, `member` or `none`.
    #[serde(default)]
    pub role: String,
    pub created_at: i64,
}

fn service_account_object() -> String {
    "organization.project.service_account".into()
}

/// A newly created service-account key: the only time its `value` is ever seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewKeySecret {
    #[serde(default = "sa_key_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub created_at: i64,
    pub value: Secret,
    #[serde(default)]
    pub expires_at: Option<i64>,
}

fn sa_key_object() -> String {
    "organization.project.service_account.api_key".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceAccountCreated {
    #[serde(default = "service_account_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    pub created_at: i64,
    /// Null with `create_service_account_only`.
    #[serde(default)]
    pub api_key: Option<NewKeySecret>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectUser {
    #[serde(default = "project_user_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub added_at: i64,
}

fn project_user_object() -> String {
    "organization.project.user".into()
}

/// `{object:"….deleted", id, deleted}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub deleted: bool,
}

/// Body of `POST …/api_keys/{id}` (SDK 3.54). `scopes: []` means all permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UpdateApiKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CreateServiceAccount {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_service_account_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CreateServiceAccountKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
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

/// Usage and costs use a different page: `{object:"page", data, has_more, next_page}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsagePage {
    #[serde(default)]
    pub object: String,
    pub data: Vec<UsageBucket>,
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub next_page: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsageBucket {
    #[serde(default)]
    pub object: String,
    pub start_time: i64,
    pub end_time: i64,
    #[serde(default)]
    pub results: Vec<UsageResult>,
}

/// One usage or cost result. The API sends a union discriminated by `object`; every kind parses
/// into this one shape, with what a kind lacks left at zero or `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UsageResult {
    #[serde(default)]
    pub object: String,
    /// Completions, embeddings, moderations.
    #[serde(default, deserialize_with = "count")]
    pub input_tokens: i64,
    /// Completions.
    #[serde(default, deserialize_with = "count")]
    pub output_tokens: i64,
    /// Every kind that counts model calls.
    #[serde(default, deserialize_with = "count")]
    pub num_model_requests: i64,
    /// File and web searches: calls of the tool.
    #[serde(default, deserialize_with = "count")]
    pub num_requests: i64,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub api_key_id: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    /// Costs: what it cost, and for what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<CostAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_item: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UsageResult {
    /// Requests, as a person counts them: model calls, or for the search tools their calls.
    pub fn requests(&self) -> i64 {
        if self.num_model_requests > 0 {
            self.num_model_requests
        } else {
            self.num_requests
        }
    }

    /// Input plus output tokens.
    pub fn tokens(&self) -> i64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostAmount {
    #[serde(default)]
    pub value: Option<f64>,
    /// Lower-case ISO 4217 (`usd`).
    #[serde(default)]
    pub currency: Option<String>,
}

/// A count the API may send as null, as a float, or leave out: zero unless it is a number.
fn count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .map(|f| f.round().clamp(0.0, i64::MAX as f64) as i64)
            })
            .unwrap_or(0)
            .max(0),
        _ => 0,
    })
}

/// `{"error": {message, type, param, code}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub message: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

impl ErrorBody {
    pub fn new(
        message: impl Into<String>,
        kind: &str,
        param: Option<&str>,
        code: Option<&str>,
    ) -> Self {
        Self {
            error: ErrorDetail {
                message: message.into(),
                kind: Some(kind.into()),
                param: param.map(Into::into),
                code: code.map(Into::into),
            },
        }
    }
}

/// Scope presets for `UpdateApiKey::scopes`, as the SDK documents them.
pub mod scopes {
    /// Read-only access to everything.
    pub const READ_ONLY: &str = "api.all.read";
    /// Scopes a restricted key can be given, grouped as on the dashboard.
    pub const KNOWN: &[(&str, &str)] = &[
        ("api.model.read", "Models: read"),
        (
            "api.model.request",
            "Model requests (chat, responses, embeddings…)",
        ),
        ("api.responses.write", "Responses: write"),
        ("api.assistants.read", "Assistants: read"),
        ("api.assistants.write", "Assistants: write"),
        ("api.threads.read", "Threads: read"),
        ("api.threads.write", "Threads: write"),
        ("api.files.read", "Files: read"),
        ("api.files.write", "Files: write"),
        ("api.fine_tuning.jobs.read", "Fine-tuning: read"),
        ("api.fine_tuning.jobs.write", "Fine-tuning: write"),
        ("api.batch.read", "Batch: read"),
        ("api.batch.write", "Batch: write"),
        ("api.vector_stores.read", "Vector stores: read"),
        ("api.vector_stores.write", "Vector stores: write"),
    ];
}

/// An organization admin key, as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminApiKey {
    #[serde(default = "admin_key_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub redacted_value: String,
    pub created_at: i64,
    #[serde(default)]
    pub last_used_at: Option<i64>,
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub owner: AdminKeyOwner,
}

fn admin_key_object() -> String {
    "organization.admin_api_key".into()
}

impl AdminApiKey {
    /// The name shown for it.
    pub fn display_name(&self) -> &str {
        match self.name.as_deref() {
            Some(n) if !n.trim().is_empty() => n,
            _ => "(unnamed admin key)",
        }
    }
}

/// Who an admin key belongs to (always a user, an organization owner).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminKeyOwner {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// A new admin key with its secret, shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewAdminKey {
    #[serde(flatten)]
    pub key: AdminApiKey,
    pub value: Secret,
}

/// Body of `POST /organization/admin_api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAdminKey {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
}

/// A member of the organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationUser {
    #[serde(default = "org_user_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// `owner` or `reader`.
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub added_at: i64,
}

fn org_user_object() -> String {
    "organization.user".into()
}

impl OrganizationUser {
    pub fn label(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) if !n.is_empty() => format!("{n} <{e}>"),
            (_, Some(e)) => e.clone(),
            (Some(n), None) => n.clone(),
            (None, None) => self.id.clone(),
        }
    }
}

/// A project's limits for one model. Only the first two apply to every model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    #[serde(default = "rate_limit_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::id`).
    #[serde(deserialize_with = "crate::id::de")]
    pub id: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub max_requests_per_1_minute: i64,
    #[serde(default)]
    pub max_tokens_per_1_minute: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_images_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_audio_megabytes_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_1_day: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_1_day_max_input_tokens: Option<i64>,
}

fn rate_limit_object() -> String {
    "project.rate_limit".into()
}

/// Body of `POST …/rate_limits/{id}`: only the fields to change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateRateLimit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_images_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_audio_megabytes_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_1_day: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_1_day_max_input_tokens: Option<i64>,
}

/// Body of `POST /organization/projects`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateProject {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<String>,
}

/// Body of `POST /organization/projects/{id}/users` and `…/users/{user_id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectMember {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub role: String,
}

//! The organization's admin API keys: list, retrieve, create (its secret once), revoke.

use crate::engine::client::{Client, page_query};
use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use crate::key::Secret;
use crate::revoke::{RevokeOutcome, confirm_gone, outcome_of_delete};
use serde::{Deserialize, Serialize};

/// An organization admin key, as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminApiKey {
    #[serde(default = "admin_key_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
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

impl<T: Transport> Client<T> {
    pub async fn list_admin_keys(
        &self,
        after: Option<&str>,
    ) -> Result<Page<AdminApiKey>, ApiError> {
        self.get("/organization/admin_api_keys", &page_query(after))
            .await
    }

    pub async fn all_admin_keys(&self) -> Result<Vec<AdminApiKey>, ApiError> {
        self.collect(async |after| self.list_admin_keys(after).await, |_| {})
            .await
    }

    pub async fn retrieve_admin_key(&self, key_id: &str) -> Result<AdminApiKey, ApiError> {
        let path = format!("/organization/admin_api_keys/{}", segment(key_id)?);
        self.get(&path, &Vec::new()).await
    }

    /// Creates an admin key; its secret is in the answer and nowhere else.
    pub async fn create_admin_key(&self, body: &CreateAdminKey) -> Result<NewAdminKey, ApiError> {
        self.post("/organization/admin_api_keys", body).await
    }

    /// One DELETE of an admin key, its outcome proven as for project keys: an answer that
    /// proves nothing is checked with one GET.
    pub async fn revoke_admin_key(&self, key_id: &str) -> RevokeOutcome {
        let path = match segment(key_id) {
            Ok(id) => format!("/organization/admin_api_keys/{id}"),
            Err(e) => return RevokeOutcome::NotRevoked(e),
        };
        let sent = self.send_once::<Deleted>(Method::Delete, &path, None).await;
        match outcome_of_delete(key_id, sent) {
            RevokeOutcome::Unknown(original) if original.kind != ErrorKind::Cancelled => {
                confirm_gone(original, self.retrieve_admin_key(key_id).await)
            }
            other => other,
        }
    }
}

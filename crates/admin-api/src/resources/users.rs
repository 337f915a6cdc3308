//! The organization's users.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::engine::wire::Page;

use serde::{Deserialize, Serialize};

/// A member of the organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationUser {
    #[serde(default = "org_user_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
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

impl<T: Transport> Client<T> {
    pub async fn list_org_users(
        &self,
        after: Option<&str>,
    ) -> Result<Page<OrganizationUser>, ApiError> {
        self.get("/organization/users", &page_query(after)).await
    }

    pub async fn all_org_users(&self) -> Result<Vec<OrganizationUser>, ApiError> {
        self.collect(async |after| self.list_org_users(after).await, |_| {})
            .await
    }
}

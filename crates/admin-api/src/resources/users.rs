//! The organization's users: list, retrieve, change the org role (or assign a role ID), remove.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};

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
    /// Managed by the identity provider's SCIM: changes made here are undone at its next sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_scim_managed: Option<bool>,
    /// When one of their keys was last used (SDK 3.54).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_last_used_at: Option<i64>,
    /// The projects they belong to, with their role there (SDK 3.54).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<UserProjects>,
}

/// `projects` of an organization user: `{object: "list", data: [{id, name, role}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProjects {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub data: Vec<UserProject>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProject {
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

/// Body of `POST /organization/users/{id}`: the org role (`owner`/`reader`) or a role ID.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateOrgUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<String>,
}

pub(crate) fn org_user_path(user_id: &str) -> Result<String, ApiError> {
    Ok(format!("/organization/users/{}", segment(user_id)?))
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

    pub async fn org_user(&self, user_id: &str) -> Result<OrganizationUser, ApiError> {
        self.get(&org_user_path(user_id)?, &Vec::new()).await
    }

    pub async fn update_org_user(
        &self,
        user_id: &str,
        body: &UpdateOrgUser,
    ) -> Result<OrganizationUser, ApiError> {
        self.post(&org_user_path(user_id)?, body).await
    }

    /// Removes the user from the organization (`organization.user.deleted`).
    pub async fn remove_org_user(&self, user_id: &str) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &org_user_path(user_id)?, None)
            .await
    }
}

//! Groups of users: list, create, retrieve, rename, delete, and their members. SCIM-managed
//! groups come from the identity provider, which undoes changes made here.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::Page;
use serde::{Deserialize, Serialize};

/// A group (`GroupResponse`; `GroupUpdateResponse` has no `group_type`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    #[serde(default)]
    pub is_scim_managed: bool,
}

/// A member as the group lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupUser {
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

/// The answer to adding a member (`group.user`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupUserAdded {
    #[serde(default)]
    pub object: String,
    pub group_id: String,
    pub user_id: String,
}

/// The answer to removing a member or a role assignment: `{object, deleted}` without an ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    #[serde(default)]
    pub object: String,
    pub deleted: bool,
}

/// The answer to a group's deletion (`group.deleted`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDeleted {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub id: String,
    pub deleted: bool,
}

#[derive(Serialize)]
struct GroupName<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct UserId<'a> {
    user_id: &'a str,
}

pub(crate) fn group_path(group_id: &str) -> Result<String, ApiError> {
    Ok(format!("/organization/groups/{}", segment(group_id)?))
}

impl<T: Transport> Client<T> {
    pub async fn list_groups(&self, after: Option<&str>) -> Result<Page<Group>, ApiError> {
        self.get("/organization/groups", &page_query(after)).await
    }

    pub async fn all_groups(&self) -> Result<Vec<Group>, ApiError> {
        self.collect(async |after| self.list_groups(after).await, |_| {})
            .await
    }

    pub async fn create_group(&self, name: &str) -> Result<Group, ApiError> {
        self.post("/organization/groups", &GroupName { name }).await
    }

    pub async fn group(&self, group_id: &str) -> Result<Group, ApiError> {
        self.get(&group_path(group_id)?, &Vec::new()).await
    }

    pub async fn rename_group(&self, group_id: &str, name: &str) -> Result<Group, ApiError> {
        self.post(&group_path(group_id)?, &GroupName { name }).await
    }

    pub async fn delete_group(&self, group_id: &str) -> Result<GroupDeleted, ApiError> {
        self.send_once(Method::Delete, &group_path(group_id)?, None)
            .await
    }

    pub async fn list_group_users(
        &self,
        group_id: &str,
        after: Option<&str>,
    ) -> Result<Page<GroupUser>, ApiError> {
        let path = format!("{}/users", group_path(group_id)?);
        self.get(&path, &page_query(after)).await
    }

    pub async fn all_group_users(&self, group_id: &str) -> Result<Vec<GroupUser>, ApiError> {
        self.collect(
            async |after| self.list_group_users(group_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn add_group_user(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<GroupUserAdded, ApiError> {
        let path = format!("{}/users", group_path(group_id)?);
        self.post(&path, &UserId { user_id }).await
    }

    pub async fn remove_group_user(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<Removed, ApiError> {
        let path = format!("{}/users/{}", group_path(group_id)?, segment(user_id)?);
        self.send_once(Method::Delete, &path, None).await
    }
}

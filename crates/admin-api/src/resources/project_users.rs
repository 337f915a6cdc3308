//! A project's users: list, add, change role, remove.

use crate::engine::client::{Client, push_after, q};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectUser {
    #[serde(default = "project_user_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
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

/// Body of `POST /organization/projects/{id}/users` and `…/users/{user_id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectMember {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub role: String,
}

impl<T: Transport> Client<T> {
    pub async fn list_project_users(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<ProjectUser>, ApiError> {
        let mut query = q(&[("limit", "100".into())]);
        push_after(&mut query, after);
        self.get(&format!("{}/users", project_path(project_id)?), &query)
            .await
    }

    pub async fn all_project_users(&self, project_id: &str) -> Result<Vec<ProjectUser>, ApiError> {
        self.collect(
            async |after| self.list_project_users(project_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn add_project_user(
        &self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<ProjectUser, ApiError> {
        let body = ProjectMember {
            user_id: Some(crate::engine::id::check(user_id)?.to_owned()),
            role: role.to_owned(),
        };
        let path = format!("{}/users", project_path(project_id)?);
        self.post(&path, &body).await
    }

    pub async fn set_project_user_role(
        &self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<ProjectUser, ApiError> {
        let body = ProjectMember {
            user_id: None,
            role: role.to_owned(),
        };
        let path = format!("{}/users/{}", project_path(project_id)?, segment(user_id)?);
        self.post(&path, &body).await
    }

    pub async fn remove_project_user(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<Deleted, ApiError> {
        let path = format!("{}/users/{}", project_path(project_id)?, segment(user_id)?);
        self.send_once(Method::Delete, &path, None).await
    }
}

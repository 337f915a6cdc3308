//! Groups given access to a project, with a project role: list, add, retrieve, remove.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::Page;
use crate::resources::groups::GroupDeleted;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// `project.group`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectGroup {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub project_id: String,
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub group_id: String,
    #[serde(default)]
    pub group_name: String,
    #[serde(default)]
    pub group_type: String,
    #[serde(default)]
    pub created_at: i64,
}

/// Body of `POST …/groups`: the group and the project role ID it gets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddProjectGroup {
    pub group_id: String,
    pub role: String,
}

fn groups_path(project_id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/groups", project_path(project_id)?))
}

impl<T: Transport> Client<T> {
    pub async fn list_project_groups(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<ProjectGroup>, ApiError> {
        self.get(&groups_path(project_id)?, &page_query(after))
            .await
    }

    pub async fn all_project_groups(
        &self,
        project_id: &str,
    ) -> Result<Vec<ProjectGroup>, ApiError> {
        self.collect(
            async |after| self.list_project_groups(project_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn add_project_group(
        &self,
        project_id: &str,
        body: &AddProjectGroup,
    ) -> Result<ProjectGroup, ApiError> {
        self.post(&groups_path(project_id)?, body).await
    }

    pub async fn remove_project_group(
        &self,
        project_id: &str,
        group_id: &str,
    ) -> Result<GroupDeleted, ApiError> {
        let path = format!("{}/{}", groups_path(project_id)?, segment(group_id)?);
        self.send_once(Method::Delete, &path, None).await
    }
}

//! Projects: list (archived too), retrieve, create, rename, archive.

use crate::engine::client::{Client, push_after, q};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::Page;

use serde::{Deserialize, Serialize};

/// `/organization/projects/{id}`, for an ID in the API's alphabet only.
pub(crate) fn project_path(project_id: &str) -> Result<String, ApiError> {
    Ok(format!("/organization/projects/{}", segment(project_id)?))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
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

/// Body of `POST /organization/projects`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateProject {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<String>,
}

impl<T: Transport> Client<T> {
    pub async fn list_projects(
        &self,
        include_archived: bool,
        limit: u32,
        after: Option<&str>,
    ) -> Result<Page<Project>, ApiError> {
        let mut query = q(&[("limit", limit.to_string())]);
        if include_archived {
            query.push(("include_archived".into(), "true".into()));
        }
        push_after(&mut query, after);
        self.get("/organization/projects", &query).await
    }

    pub async fn all_projects(&self, include_archived: bool) -> Result<Vec<Project>, ApiError> {
        self.collect(
            async |after| self.list_projects(include_archived, 100, after).await,
            |_| {},
        )
        .await
    }

    pub async fn retrieve_project(&self, project_id: &str) -> Result<Project, ApiError> {
        self.get(&project_path(project_id)?, &Vec::new()).await
    }

    pub async fn create_project(&self, body: &CreateProject) -> Result<Project, ApiError> {
        self.post("/organization/projects", body).await
    }

    pub async fn rename_project(&self, project_id: &str, name: &str) -> Result<Project, ApiError> {
        let body = serde_json::json!({ "name": name });
        self.post(&project_path(project_id)?, &body).await
    }

    pub async fn archive_project(&self, project_id: &str) -> Result<Project, ApiError> {
        let path = format!("{}/archive", project_path(project_id)?);
        self.send_once(Method::Post, &path, None).await
    }
}

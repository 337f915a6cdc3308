//! Custom roles, of the organization (`/organization/roles`) or of one project
//! (`/projects/{id}/roles`, without the `/organization` prefix): list, create, retrieve, update,
//! delete. Predefined roles are OpenAI's and read-only.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use serde::{Deserialize, Serialize};

/// `role`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    #[serde(default)]
    pub object: String,
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub permissions: Vec<String>,
    #[serde(default)]
    pub predefined_role: bool,
    /// `api.organization` or `api.project`.
    #[serde(default)]
    pub resource_type: String,
}

/// Whose roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleScope<'a> {
    Organization,
    Project(&'a str),
}

impl<'a> RoleScope<'a> {
    /// A project's roles, or the organization's when there is none.
    pub fn of(project: Option<&'a str>) -> Self {
        project.map_or(Self::Organization, Self::Project)
    }

    fn path(self) -> Result<String, ApiError> {
        Ok(match self {
            Self::Organization => "/organization/roles".into(),
            Self::Project(id) => format!("/projects/{}/roles", segment(id)?),
        })
    }

    fn role_path(self, role_id: &str) -> Result<String, ApiError> {
        Ok(format!("{}/{}", self.path()?, segment(role_id)?))
    }
}

/// Body of a role's creation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateRole {
    pub role_name: String,
    pub permissions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Body of a role's update: omitted fields stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl<T: Transport> Client<T> {
    pub async fn list_roles(
        &self,
        scope: RoleScope<'_>,
        after: Option<&str>,
    ) -> Result<Page<Role>, ApiError> {
        self.get(&scope.path()?, &page_query(after)).await
    }

    pub async fn all_roles(&self, scope: RoleScope<'_>) -> Result<Vec<Role>, ApiError> {
        self.collect(async |after| self.list_roles(scope, after).await, |_| {})
            .await
    }

    pub async fn create_role(
        &self,
        scope: RoleScope<'_>,
        body: &CreateRole,
    ) -> Result<Role, ApiError> {
        self.post(&scope.path()?, body).await
    }

    pub async fn role(&self, scope: RoleScope<'_>, role_id: &str) -> Result<Role, ApiError> {
        self.get(&scope.role_path(role_id)?, &Vec::new()).await
    }

    pub async fn update_role(
        &self,
        scope: RoleScope<'_>,
        role_id: &str,
        body: &UpdateRole,
    ) -> Result<Role, ApiError> {
        self.post(&scope.role_path(role_id)?, body).await
    }

    pub async fn delete_role(
        &self,
        scope: RoleScope<'_>,
        role_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &scope.role_path(role_id)?, None)
            .await
    }
}

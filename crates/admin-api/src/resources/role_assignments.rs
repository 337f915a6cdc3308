//! Roles assigned to a user or a group, in the organization or in one project: list, assign,
//! retrieve, unassign. The four resources share one shape; only the path differs.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::Page;
use crate::resources::groups::{Removed, group_path};
use crate::resources::roles::Role;
use crate::resources::users::org_user_path;
use serde::{Deserialize, Serialize};

/// Who holds the roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principal<'a> {
    User(&'a str),
    Group(&'a str),
    /// A user in a project, then a group in a project: `(project_id, id)`.
    ProjectUser(&'a str, &'a str),
    ProjectGroup(&'a str, &'a str),
}

impl Principal<'_> {
    fn path(self) -> Result<String, ApiError> {
        Ok(match self {
            Self::User(u) => format!("{}/roles", org_user_path(u)?),
            Self::Group(g) => format!("{}/roles", group_path(g)?),
            Self::ProjectUser(p, u) => {
                format!("/projects/{}/users/{}/roles", segment(p)?, segment(u)?)
            }
            Self::ProjectGroup(p, g) => {
                format!("/projects/{}/groups/{}/roles", segment(p)?, segment(g)?)
            }
        })
    }
}

/// An assignment as listed (`RoleListResponse`): the role, and where it is inherited from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedRole {
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
    #[serde(default)]
    pub resource_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment_sources: Option<Vec<AssignmentSource>>,
}

/// A principal an assignment comes through (a group, for a user).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentSource {
    pub principal_id: String,
    pub principal_type: String,
}

/// The answer to an assignment (`user.role` or `group.role`); the principal is not kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssigned {
    #[serde(default)]
    pub object: String,
    pub role: Role,
}

#[derive(Serialize)]
struct RoleId<'a> {
    role_id: &'a str,
}

impl<T: Transport> Client<T> {
    pub async fn list_assigned_roles(
        &self,
        who: Principal<'_>,
        after: Option<&str>,
    ) -> Result<Page<AssignedRole>, ApiError> {
        self.get(&who.path()?, &page_query(after)).await
    }

    pub async fn all_assigned_roles(
        &self,
        who: Principal<'_>,
    ) -> Result<Vec<AssignedRole>, ApiError> {
        self.collect(
            async |after| self.list_assigned_roles(who, after).await,
            |_| {},
        )
        .await
    }

    pub async fn assign_role(
        &self,
        who: Principal<'_>,
        role_id: &str,
    ) -> Result<RoleAssigned, ApiError> {
        self.post(&who.path()?, &RoleId { role_id }).await
    }

    pub async fn assigned_role(
        &self,
        who: Principal<'_>,
        role_id: &str,
    ) -> Result<AssignedRole, ApiError> {
        let path = format!("{}/{}", who.path()?, segment(role_id)?);
        self.get(&path, &Vec::new()).await
    }

    pub async fn unassign_role(
        &self,
        who: Principal<'_>,
        role_id: &str,
    ) -> Result<Removed, ApiError> {
        let path = format!("{}/{}", who.path()?, segment(role_id)?);
        self.send_once(Method::Delete, &path, None).await
    }
}

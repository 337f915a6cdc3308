//! Reads one group whole: its members, its organization roles, and the projects it is given
//! with its roles there. Each part is read on its own, so a part the key can't read gets a note.

use crate::session::Api;
use crate::session::project_list;
use admin_api::ApiError;
use admin_api::resources::role_assignments::Principal;
use admin_api::types::{AssignedRole, GroupUser, Project};

/// A project the group is given, and its roles there.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupProject {
    pub project_id: String,
    pub project_name: String,
    pub roles: Vec<AssignedRole>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDetail {
    pub members: Result<Vec<GroupUser>, ApiError>,
    pub roles: Result<Vec<AssignedRole>, ApiError>,
    /// And how many projects were checked, of how many.
    pub projects: Result<(Vec<GroupProject>, usize, usize), ApiError>,
}

pub async fn load(api: &Api, group: &str, projects: &[Project]) -> GroupDetail {
    let members = api.all_group_users(group).await;
    let roles = api.all_assigned_roles(Principal::Group(group)).await;
    let projects = in_projects(api, group, projects).await;
    GroupDetail {
        members,
        roles,
        projects,
    }
}

async fn in_projects(
    api: &Api,
    group: &str,
    projects: &[Project],
) -> Result<(Vec<GroupProject>, usize, usize), ApiError> {
    let checked = project_list::checked(projects);
    let found = project_list::each(checked, |p| async move {
        if !api
            .all_project_groups(&p.id)
            .await?
            .iter()
            .any(|g| g.group_id == group)
        {
            return Ok(None);
        }
        let roles = api
            .all_assigned_roles(Principal::ProjectGroup(&p.id, group))
            .await
            .unwrap_or_default();
        Ok(Some(GroupProject {
            project_id: p.id.clone(),
            project_name: p.display_name().to_owned(),
            roles,
        }))
    })
    .await?;
    let out = found.into_iter().flatten().collect();
    Ok((out, checked.len(), projects.len()))
}

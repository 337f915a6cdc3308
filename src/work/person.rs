//! Reads what one person can do and holds. Only the user record is needed; every other part is
//! read on its own, so a key without the scope for one part gets a note there and the rest shows.

use crate::logic::admin_keys::{Current, current_marks};
use crate::logic::people::person::{GroupInProject, RoleLine, org_roles};
use crate::session::project_list;
use crate::session::{Api, Session};
use admin_api::ApiError;
use admin_api::resources::role_assignments::Principal;
use admin_api::types::{
    AdminApiKey, AuditLog, AuditQuery, Group, OrganizationUser, Role, RoleScope,
};

/// Recent audit events shown.
pub const RECENT_EVENTS: u32 = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct PersonData {
    pub user: OrganizationUser,
    pub roles: Result<Vec<RoleLine>, ApiError>,
    /// The groups they belong to.
    pub groups: Result<Vec<Group>, ApiError>,
    /// Projects a group of theirs is given, and how many projects were checked of how many.
    pub via_groups: Result<(Vec<GroupInProject>, usize, usize), ApiError>,
    pub admin_keys: Result<Vec<(AdminApiKey, Current)>, ApiError>,
    pub events: Result<Vec<AuditLog>, ApiError>,
    /// The organization's roles, to give one (empty when they can't be read).
    pub org_roles: Vec<Role>,
}

pub async fn load(session: Session, api: &Api, id: &str) -> Result<PersonData, ApiError> {
    let user = api.org_user(id).await?;
    let all_groups = api.all_groups().await;
    let groups = match &all_groups {
        Ok(all) => their_groups(api, all, id).await,
        Err(e) => Err(e.clone()),
    };
    let roles = match api.all_assigned_roles(Principal::User(id)).await {
        Ok(assigned) => Ok(org_roles(
            &user,
            &assigned,
            all_groups.as_deref().unwrap_or_default(),
        )),
        Err(e) => Err(e),
    };
    let via_groups = match &groups {
        Ok(g) if g.is_empty() => Ok((Vec::new(), 0, 0)),
        Ok(g) => via_groups(session, api, g).await,
        Err(e) => Err(e.clone()),
    };
    let admin_keys = api.all_admin_keys().await.map(|keys| {
        let marks = current_marks(&keys, |r| api.key().matches_redacted(r));
        keys.into_iter()
            .zip(marks)
            .filter(|(k, _)| k.owner.id.as_deref() == Some(id))
            .collect()
    });
    let query = AuditQuery {
        actor_ids: vec![id.to_owned()],
        limit: Some(RECENT_EVENTS),
        ..AuditQuery::default()
    };
    let events = api.list_audit_logs(&query).await.map(|p| p.data);
    let org_roles = api
        .all_roles(RoleScope::Organization)
        .await
        .unwrap_or_default();
    Ok(PersonData {
        user,
        roles,
        groups,
        via_groups,
        admin_keys,
        events,
        org_roles,
    })
}

/// The groups `user` is a member of, reading each group's members in turn.
async fn their_groups(api: &Api, all: &[Group], user: &str) -> Result<Vec<Group>, ApiError> {
    let mut out = Vec::new();
    for g in all {
        if api
            .all_group_users(&g.id)
            .await?
            .iter()
            .any(|m| m.id == user)
        {
            out.push(g.clone());
        }
    }
    Ok(out)
}

/// Every project (up to [`project_list::PROJECTS_CHECKED`]) that gives one of `groups`
/// access, with the group's roles there.
async fn via_groups(
    session: Session,
    api: &Api,
    groups: &[Group],
) -> Result<(Vec<GroupInProject>, usize, usize), ApiError> {
    let projects = session.live_projects().await?;
    let total = projects.len();
    let checked = project_list::checked(&projects);
    let found = project_list::each(checked, |p| async move {
        let mut here = Vec::new();
        for pg in api.all_project_groups(&p.id).await? {
            if !groups.iter().any(|g| g.id == pg.group_id) {
                continue;
            }
            let roles = api
                .all_assigned_roles(Principal::ProjectGroup(&p.id, &pg.group_id))
                .await
                .map(|r| r.into_iter().map(|r| r.name).collect())
                .unwrap_or_default();
            here.push(GroupInProject {
                project_id: p.id.clone(),
                project_name: p.display_name().to_owned(),
                group_id: pg.group_id,
                roles,
            });
        }
        Ok(here)
    })
    .await?;
    Ok((found.into_iter().flatten().collect(), checked.len(), total))
}

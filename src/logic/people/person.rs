//! Everything one person can do, and where each right comes from: their organization role (the
//! role itself, or a role given through a group), their groups, and every project they reach,
//! directly or through a group.

use admin_api::types::{AssignedRole, Group, OrganizationUser};

/// Where a right comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    Direct,
    /// Through this group (its name).
    Group(String),
}

impl Via {
    pub fn text(&self) -> String {
        match self {
            Self::Direct => "direct".into(),
            Self::Group(g) => format!("through group “{g}”"),
        }
    }
}

/// One organization role they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleLine {
    /// The assigned role's ID; none for the `owner`/`reader` role itself.
    pub id: Option<String>,
    pub name: String,
    pub via: Via,
    /// It lets them write project keys or admin keys.
    pub writes_keys: bool,
}

/// One project they reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectLine {
    pub id: String,
    pub name: String,
    /// Their role there (`owner`, `member`, or a role's name); empty when not known.
    pub role: String,
    pub via: Via,
}

/// A group that gives a project access, as read per project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupInProject {
    pub project_id: String,
    pub project_name: String,
    pub group_id: String,
    /// The group's roles there, by name.
    pub roles: Vec<String>,
}

/// Their organization roles: the `owner`/`reader` role first, then each assigned role with the
/// group it comes through (`assignment_sources`), named from `groups`.
pub fn org_roles(
    user: &OrganizationUser,
    assigned: &[AssignedRole],
    groups: &[Group],
) -> Vec<RoleLine> {
    let mut out: Vec<RoleLine> = user
        .role
        .iter()
        .map(|r| RoleLine {
            id: None,
            name: r.clone(),
            via: Via::Direct,
            writes_keys: r == "owner",
        })
        .collect();
    for a in assigned {
        let via = a
            .assignment_sources
            .iter()
            .flatten()
            .find(|s| s.principal_type == "group")
            .map_or(Via::Direct, |s| {
                Via::Group(
                    groups
                        .iter()
                        .find(|g| g.id == s.principal_id)
                        .map_or_else(|| s.principal_id.clone(), |g| g.name.clone()),
                )
            });
        let line = RoleLine {
            id: Some(a.id.clone()),
            name: a.name.clone(),
            via,
            writes_keys: a
                .permissions
                .iter()
                .any(|p| super::findings::key_write(p).is_some()),
        };
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

/// Every project they reach: their direct memberships (from the user's `projects`), then the
/// projects a group of theirs is given. A project reached both ways is listed both ways.
pub fn projects(
    user: &OrganizationUser,
    their_groups: &[Group],
    in_projects: &[GroupInProject],
) -> Vec<ProjectLine> {
    let mut out: Vec<ProjectLine> = user
        .projects
        .iter()
        .flat_map(|p| &p.data)
        .map(|p| ProjectLine {
            id: p.id.clone(),
            name: p.name.clone().unwrap_or_else(|| p.id.clone()),
            role: p.role.clone().unwrap_or_default(),
            via: Via::Direct,
        })
        .collect();
    for gp in in_projects {
        if let Some(g) = their_groups.iter().find(|g| g.id == gp.group_id) {
            out.push(ProjectLine {
                id: gp.project_id.clone(),
                name: gp.project_name.clone(),
                role: gp.roles.join(", "),
                via: Via::Group(g.name.clone()),
            });
        }
    }
    out.sort_by_key(|p| p.name.to_lowercase());
    out
}

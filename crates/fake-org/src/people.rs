//! The organization's people and access beyond its users: invites, groups and their members,
//! roles (the organization's and each project's) and who holds them, groups given access to
//! projects, and mTLS certificates. Each resource's handlers are in `crate::api`.

use admin_api::types::{Certificate, Group, Invite, ProjectGroup, Role};
use std::collections::HashSet;

#[derive(Clone, Debug, Default)]
pub(crate) struct People {
    pub invites: Vec<(Invite, u64)>,
    pub groups: Vec<GroupRec>,
    /// Roles, each with the project it belongs to (`None`: the organization's), predefined first.
    pub roles: Vec<RoleRec>,
    /// Who holds which role: `(project_id or None, principal_id, role_id)`, a user or a group.
    pub assignments: Vec<Assignment>,
    pub project_groups: Vec<(ProjectGroup, u64)>,
    pub certs: Vec<CertRec>,
    /// Users provisioned by the identity provider's SCIM.
    pub scim_users: HashSet<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct GroupRec {
    pub group: Group,
    pub seq: u64,
    /// Member user IDs with each user's sequence, in that order.
    pub members: Vec<(String, u64)>,
}

#[derive(Clone, Debug)]
pub(crate) struct RoleRec {
    pub project: Option<String>,
    pub role: Role,
    pub seq: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Assignment {
    pub project: Option<String>,
    pub principal: String,
    pub role_id: String,
    pub seq: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct CertRec {
    /// As the organization lists it (`active` is the organization's).
    pub cert: Certificate,
    pub seq: u64,
    pub pem: String,
    /// Projects where it is active.
    pub active_in: HashSet<String>,
}

impl RoleRec {
    /// Whether the role belongs to this scope (a predefined project role, `"*"`, to every project).
    pub fn in_scope(&self, project: Option<&str>) -> bool {
        match (self.project.as_deref(), project) {
            (None, None) => true,
            (Some("*"), Some(_)) => true,
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl People {
    pub fn role(&self, project: Option<&str>, id: &str) -> Option<&RoleRec> {
        self.roles
            .iter()
            .find(|r| r.role.id == id && r.in_scope(project))
    }

    pub fn group_index(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.group.id == id)
    }

    /// The groups a user is in.
    pub fn groups_of(&self, user_id: &str) -> Vec<&Group> {
        self.groups
            .iter()
            .filter(|g| g.members.iter().any(|(m, _)| m == user_id))
            .map(|g| &g.group)
            .collect()
    }
}

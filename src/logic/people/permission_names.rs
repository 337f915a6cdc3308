//! The permission names a role can grant, grouped and described as the role editor shows them.
//! The spec names `api.groups.*` and `api.organization.projects.api_keys.*`; restricted admin
//! keys carry `api.management.*` and `api.usage.read`; the request scopes are those a project
//! key can be limited to. A name the API returns that is not here is still shown and kept.

use admin_api::types::scopes::KNOWN;

/// One permission: its wire name and what it lets a holder do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permission {
    pub name: &'static str,
    pub says: &'static str,
}

/// A group of permissions in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub label: &'static str,
    pub permissions: Vec<Permission>,
}

const fn p(name: &'static str, says: &'static str) -> Permission {
    Permission { name, says }
}

/// Every area, in the editor's order.
pub fn areas() -> Vec<Area> {
    vec![
        Area {
            label: "Administration",
            permissions: vec![
                p(
                    "api.management.read",
                    "Read the organization through the Administration API: projects, users, audit log.",
                ),
                p(
                    "api.management.write",
                    "Change the organization through the Administration API, admin keys included.",
                ),
                p("api.usage.read", "Read usage and costs."),
            ],
        },
        Area {
            label: "Project API keys",
            permissions: vec![
                p(
                    "api.organization.projects.api_keys.read",
                    "See every project's API keys (never their secrets).",
                ),
                p(
                    "api.organization.projects.api_keys.write",
                    "Create, change and revoke project API keys.",
                ),
            ],
        },
        Area {
            label: "Groups",
            permissions: vec![
                p("api.groups.read", "See groups and their members."),
                p(
                    "api.groups.write",
                    "Create, rename and delete groups, and change their members.",
                ),
            ],
        },
        Area {
            label: "Using the API",
            permissions: KNOWN.iter().map(|(n, says)| p(n, says)).collect(),
        },
    ]
}

/// A permission's description, if it is one we know.
pub fn describe(name: &str) -> Option<&'static str> {
    areas()
        .into_iter()
        .flat_map(|a| a.permissions)
        .find(|p| p.name == name)
        .map(|p| p.says)
}

/// Permissions a role holds that the editor does not list: kept as they are on save.
pub fn unknown(held: &[String]) -> Vec<String> {
    held.iter()
        .filter(|h| describe(h).is_none())
        .cloned()
        .collect()
}

/// What a role's permissions are checked for before it is sent: at least one, no duplicates,
/// each a permission name (`api.` then letters, digits, dots and underscores).
pub fn check(chosen: &[String]) -> Result<(), String> {
    if chosen.is_empty() {
        return Err("Choose at least one permission.".into());
    }
    if let Some(bad) = chosen.iter().find(|c| {
        !c.starts_with("api.")
            || !c
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_')
    }) {
        return Err(format!("“{bad}” is not a permission name."));
    }
    Ok(())
}

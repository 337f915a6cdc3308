//! What an owner should look at in people and access, each a count that filters its table:
//! owners (every one named), users who never used a key, pending invites older than a week,
//! expired invites, SCIM-managed users and groups (changes made here are undone by SCIM),
//! custom roles that grant key or admin-key writes, and certificates expiring, expired or
//! active nowhere.

use admin_api::types::{AuditLog, Certificate, Group, Invite, OrganizationUser, Role};

/// A pending invite older than this is worth a nudge or a revoke.
pub const STALE_INVITE_DAYS: i64 = 7;
/// A certificate expiring within this many days is flagged.
pub const EXPIRING_DAYS: i64 = 30;
const DAY: i64 = 86_400;

pub fn owners(users: &[OrganizationUser]) -> Vec<&OrganizationUser> {
    users
        .iter()
        .filter(|u| u.role.as_deref() == Some("owner"))
        .collect()
}

/// Users the API says never used a key (`api_key_last_used_at` given and null is "never"; an
/// answer without the field says nothing, so those are not counted).
pub fn never_used_a_key(
    users: &[OrganizationUser],
    known: impl Fn(&OrganizationUser) -> bool,
) -> Vec<&OrganizationUser> {
    users
        .iter()
        .filter(|u| known(u) && u.api_key_last_used_at.is_none())
        .collect()
}

/// An invite's status as of `now`: a pending one past `expires_at` is expired whatever it says.
pub fn invite_status(i: &Invite, now: i64) -> &str {
    match i.status.as_str() {
        "pending" if i.expires_at.is_some_and(|e| e <= now) => "expired",
        s => s,
    }
}

pub fn stale_invites(invites: &[Invite], now: i64) -> Vec<&Invite> {
    invites
        .iter()
        .filter(|i| {
            invite_status(i, now) == "pending" && now - i.created_at > STALE_INVITE_DAYS * DAY
        })
        .collect()
}

pub fn expired_invites(invites: &[Invite], now: i64) -> Vec<&Invite> {
    invites
        .iter()
        .filter(|i| invite_status(i, now) == "expired")
        .collect()
}

pub fn scim_users(users: &[OrganizationUser]) -> Vec<&OrganizationUser> {
    users
        .iter()
        .filter(|u| u.is_scim_managed == Some(true))
        .collect()
}

pub fn scim_groups(groups: &[Group]) -> Vec<&Group> {
    groups.iter().filter(|g| g.is_scim_managed).collect()
}

/// Audit events that change a user (their role).
pub const USER_CHANGES: &[&str] = &["user.updated"];
/// Audit events that change a group (its name, its members).
pub const GROUP_CHANGES: &[&str] = &[
    "group.updated",
    "tenant.group.member.added",
    "tenant.group.member.removed",
];

/// A SCIM-managed user or group changed here or through the API: what its next SCIM sync undoes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScimDrift {
    pub id: String,
    /// The events, newest first (`user.updated`, `tenant.group.member.added`).
    pub changes: Vec<String>,
    pub last: i64,
}

/// The SCIM-managed principals (`scim`) that `events` changed. Events are those of
/// [`USER_CHANGES`] or [`GROUP_CHANGES`], newest first, as the audit log lists them.
pub fn changed_outside_scim(scim: &[&str], events: &[AuditLog]) -> Vec<ScimDrift> {
    let mut out: Vec<ScimDrift> = Vec::new();
    for e in events {
        let Some(id) = e.target_id().filter(|id| scim.contains(id)) else {
            continue;
        };
        match out.iter_mut().find(|d| d.id == id) {
            Some(d) if !d.changes.contains(&e.kind) => d.changes.push(e.kind.clone()),
            Some(_) => {}
            None => out.push(ScimDrift {
                id: id.to_owned(),
                changes: vec![e.kind.clone()],
                last: e.effective_at,
            }),
        }
    }
    out
}

/// What SCIM will undo, in words, for one drift.
pub fn scim_undoes(changes: &[String]) -> String {
    let what: Vec<&str> = changes
        .iter()
        .map(|c| match c.as_str() {
            "user.updated" => "their role",
            "group.updated" => "its name",
            _ => "its members",
        })
        .collect();
    let mut what: Vec<&str> = what.into_iter().fold(Vec::new(), |mut v, w| {
        if !v.contains(&w) {
            v.push(w);
        }
        v
    });
    let last = what.pop().unwrap_or("the change");
    if what.is_empty() {
        format!("SCIM will set {last} back at its next sync.")
    } else {
        format!(
            "SCIM will set {} and {last} back at its next sync.",
            what.join(", ")
        )
    }
}

/// What a permission lets a role write, when it writes keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyWrite {
    ProjectKeys,
    AdminKeys,
}

/// Whether a permission name writes project keys or admin keys (`….api_keys.write`;
/// `….admin_api_keys.write`, or `api.management.write`, which changes admin keys too).
pub fn key_write(permission: &str) -> Option<KeyWrite> {
    let p = permission.to_ascii_lowercase();
    if !p.ends_with(".write") {
        return None;
    }
    if p.contains("admin_api_keys") || p == "api.management.write" {
        Some(KeyWrite::AdminKeys)
    } else if p.contains("api_keys") {
        Some(KeyWrite::ProjectKeys)
    } else {
        None
    }
}

/// The strongest key write a set of permissions grants, if any.
pub fn strongest_key_write(permissions: &[String]) -> Option<KeyWrite> {
    let kinds: Vec<KeyWrite> = permissions.iter().filter_map(|p| key_write(p)).collect();
    if kinds.contains(&KeyWrite::AdminKeys) {
        Some(KeyWrite::AdminKeys)
    } else {
        kinds.first().copied()
    }
}

/// Custom roles that grant key writes, with the strongest kind each grants.
pub fn key_writing_roles(roles: &[Role]) -> Vec<(&Role, KeyWrite)> {
    roles
        .iter()
        .filter(|r| !r.predefined_role)
        .filter_map(|r| strongest_key_write(&r.permissions).map(|k| (r, k)))
        .collect()
}

/// Where a certificate stands on `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertState {
    Expired,
    /// Within [`EXPIRING_DAYS`]; the days left.
    Expiring(i64),
    NotYetValid,
    Valid,
    /// No validity given.
    Unknown,
}

pub fn cert_state(c: &Certificate, now: i64) -> CertState {
    let d = &c.certificate_details;
    match (d.valid_at, d.expires_at) {
        (_, Some(e)) if e <= now => CertState::Expired,
        (Some(v), _) if v > now => CertState::NotYetValid,
        (_, Some(e)) if e - now <= EXPIRING_DAYS * DAY => CertState::Expiring((e - now) / DAY),
        (_, Some(_)) => CertState::Valid,
        _ => CertState::Unknown,
    }
}

/// Certificates active neither in the organization nor in any project read (`active_in` says
/// which projects have each one on).
pub fn inactive_everywhere(
    certs: &[Certificate],
    active_in: impl Fn(&str) -> bool,
) -> Vec<&Certificate> {
    certs
        .iter()
        .filter(|c| c.active != Some(true) && !active_in(&c.id))
        .collect()
}

/// Deactivating these leaves the organization without an active certificate: mTLS-only clients
/// stop working. Says so before the write.
pub fn deactivating_the_last(certs: &[Certificate], ids: &[String]) -> bool {
    let active: Vec<&Certificate> = certs.iter().filter(|c| c.active == Some(true)).collect();
    !active.is_empty() && active.iter().all(|c| ids.contains(&c.id))
}

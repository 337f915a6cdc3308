//! What deserves an owner's look in the key inventory, as a small bit set per key, with the
//! counts the findings panel shows and the last-used ages its chart draws.

use super::keys::DAY;
use super::permissions::Permission;
use admin_api::types::{OwnerAccess, ProjectApiKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Finding {
    NeverUsed,
    /// Not used for `unused_days` (and at least that old): stale.
    Unused,
    /// Expires within `expiring_days`.
    ExpiringSoon,
    Expired,
    /// Its owner no longer has access to the project (`owner_project_access: inactive`).
    OwnerLeft,
    /// A service account holding more than one key.
    SharedServiceAccount,
    /// The key's project is archived.
    ArchivedProject,
    /// It may do anything its owner can (`scopes: []`), as far as the audit log tells.
    AllPermissions,
    /// It never expires.
    NoExpiry,
}

/// The settable day counts behind two findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub unused_days: u32,
    pub expiring_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            unused_days: 90,
            expiring_days: 30,
        }
    }
}

/// The day counts the user can pick from.
pub const DAY_CHOICES: [u32; 3] = [30, 60, 90];

/// The choices, with the policy's (or a link's) own day count among them.
pub fn day_choices(current: u32) -> Vec<u32> {
    let mut days = DAY_CHOICES.to_vec();
    if !days.contains(&current) {
        days.push(current);
        days.sort_unstable();
    }
    days
}

impl Finding {
    pub const COUNT: usize = 9;
    pub const ALL: [Finding; Self::COUNT] = [
        Finding::NeverUsed,
        Finding::Unused,
        Finding::ExpiringSoon,
        Finding::Expired,
        Finding::OwnerLeft,
        Finding::SharedServiceAccount,
        Finding::ArchivedProject,
        Finding::AllPermissions,
        Finding::NoExpiry,
    ];

    fn bit(self) -> u16 {
        1 << (self as u8)
    }

    /// Stable name for URLs and exports.
    pub fn id(self) -> &'static str {
        match self {
            Finding::NeverUsed => "never",
            Finding::Unused => "stale",
            Finding::ExpiringSoon => "expiring",
            Finding::Expired => "expired",
            Finding::OwnerLeft => "owner-left",
            Finding::SharedServiceAccount => "sa-many",
            Finding::ArchivedProject => "archived",
            Finding::AllPermissions => "all-permissions",
            Finding::NoExpiry => "no-expiry",
        }
    }

    pub fn from_id(id: &str) -> Option<Finding> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The finding's one name: on badges, chips, filters, the key's page and in exports.
    pub fn name(self, t: Thresholds) -> String {
        match self {
            Finding::NeverUsed => "Never used".into(),
            Finding::Unused => format!("Unused {}+ days", t.unused_days),
            Finding::ExpiringSoon => format!("Expires within {} days", t.expiring_days),
            Finding::Expired => "Expired".into(),
            Finding::OwnerLeft => "Owner left project".into(),
            Finding::SharedServiceAccount => "Shared service account".into(),
            Finding::ArchivedProject => "Archived project".into(),
            Finding::AllPermissions => "All permissions".into(),
            Finding::NoExpiry => "No expiry".into(),
        }
    }

    pub fn explain(self, t: Thresholds) -> String {
        match self {
            Finding::NeverUsed => "This key has never been used.".into(),
            Finding::Unused => format!(
                "This key has not been used for {} days or more.",
                t.unused_days
            ),
            Finding::ExpiringSoon => {
                format!("This key expires within {} days.", t.expiring_days)
            }
            Finding::Expired => "This key has expired and no longer works.".into(),
            Finding::OwnerLeft => {
                "The key's owner no longer has access to this project, but the key still works."
                    .into()
            }
            Finding::SharedServiceAccount => {
                "Its service account holds more than one key: one may be a leftover.".into()
            }
            Finding::ArchivedProject => {
                "Its project is archived; the key is kept for the record.".into()
            }
            Finding::AllPermissions => {
                "It may do anything its owner can: no scopes limit it (as its last audit-log event tells).".into()
            }
            Finding::NoExpiry => "It never expires: it works until someone revokes it.".into(),
        }
    }
}

/// The findings of one key, with its permissions when the audit log told them (a filter and
/// a column read them from here, beside the findings they lead to).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Findings(u16, Option<Permission>);

impl Findings {
    pub fn has(self, f: Finding) -> bool {
        self.0 & f.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// One bit per finding, at `Finding as u8`: a key for counting many rows' findings at once.
    pub fn mask(self) -> u16 {
        self.0
    }
    pub fn insert(&mut self, f: Finding) {
        self.0 |= f.bit();
    }
    /// What the key may do; `None` when the audit log no longer tells.
    pub fn permission(self) -> Option<Permission> {
        self.1
    }
    pub fn iter(self) -> impl Iterator<Item = Finding> {
        Finding::ALL.into_iter().filter(move |f| self.has(*f))
    }
}

/// What one key's facts add up to. `sa_keys`: how many keys its service account holds
/// (0 for a user's key); `scopes`: its permissions, when the audit log told them.
pub fn of(
    key: &ProjectApiKey,
    archived_project: bool,
    sa_keys: usize,
    scopes: Option<&[String]>,
    t: Thresholds,
    now: i64,
) -> Findings {
    let mut out = Findings::default();
    let unused_for = i64::from(t.unused_days) * DAY;
    match key.last_used_at {
        None => out.insert(Finding::NeverUsed),
        Some(used) if now - used >= unused_for => out.insert(Finding::Unused),
        Some(_) => {}
    }
    if key.last_used_at.is_none() && now - key.created_at >= unused_for {
        // Never used in all that time is stale too.
        out.insert(Finding::Unused);
    }
    match key.expires_at {
        Some(at) if at <= now => out.insert(Finding::Expired),
        Some(at) if at - now <= i64::from(t.expiring_days) * DAY => {
            out.insert(Finding::ExpiringSoon)
        }
        Some(_) => {}
        None => out.insert(Finding::NoExpiry),
    }
    out.1 = scopes.map(Permission::of);
    if out.1 == Some(Permission::All) {
        out.insert(Finding::AllPermissions);
    }
    if key.owner_project_access == OwnerAccess::Inactive {
        out.insert(Finding::OwnerLeft);
    }
    if sa_keys > 1 {
        out.insert(Finding::SharedServiceAccount);
    }
    if archived_project {
        out.insert(Finding::ArchivedProject);
    }
    out
}

/// The chart's buckets of last-used age, youngest first, then "never": the axis label, what
/// it means, and the age (days) it ends before.
pub const AGE_BUCKETS: [(&str, &str, Option<i64>); 7] = [
    ("<1d", "used today", Some(1)),
    ("≤7d", "used 2 to 7 days ago", Some(7)),
    ("≤30d", "used 8 to 30 days ago", Some(30)),
    ("≤90d", "used 31 to 90 days ago", Some(90)),
    ("≤1y", "used 91 to 365 days ago", Some(365)),
    (">1y", "used over a year ago", None),
    ("Never", "never used", None),
];

/// Which age bucket a last use falls in.
pub fn age_bucket(last_used: Option<i64>, now: i64) -> usize {
    let Some(at) = last_used else {
        return AGE_BUCKETS.len() - 1;
    };
    let age = now.saturating_sub(at).max(0);
    AGE_BUCKETS
        .iter()
        .position(|(_, _, upto)| upto.is_some_and(|d| age < d * DAY))
        .unwrap_or(AGE_BUCKETS.len() - 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::types::Owner;

    const NOW: i64 = 1_800_000_000;

    fn key(created_days_ago: i64, used_days_ago: Option<i64>) -> ProjectApiKey {
        ProjectApiKey {
            object: admin_api::types::API_KEY_OBJECT.into(),
            id: "k".into(),
            name: "k".into(),
            redacted_value: "sk-…".into(),
            created_at: NOW - created_days_ago * DAY,
            last_used_at: used_days_ago.map(|d| NOW - d * DAY),
            owner_project_access: OwnerAccess::Active,
            owner: Owner {
                kind: None,
                user: None,
                service_account: None,
            }
            .into(),
            expires_at: Some(NOW + 365 * DAY),
        }
    }

    fn ids(f: Findings) -> Vec<&'static str> {
        f.iter().map(Finding::id).collect()
    }

    #[test]
    fn each_finding_from_its_facts() {
        let t = Thresholds::default();
        assert!(of(&key(10, Some(1)), false, 0, None, t, NOW).is_empty());
        assert_eq!(ids(of(&key(10, None), false, 0, None, t, NOW)), ["never"]);
        // Never used for longer than the threshold: stale as well.
        assert_eq!(
            ids(of(&key(100, None), false, 0, None, t, NOW)),
            ["never", "stale"]
        );
        assert_eq!(
            ids(of(&key(400, Some(95)), false, 0, None, t, NOW)),
            ["stale"]
        );
        let t30 = Thresholds {
            unused_days: 30,
            ..t
        };
        assert_eq!(
            ids(of(&key(400, Some(45)), false, 0, None, t30, NOW)),
            ["stale"]
        );
        assert!(of(&key(400, Some(45)), false, 0, None, t, NOW).is_empty());
        let mut k = key(10, Some(1));
        k.expires_at = Some(NOW + 5 * DAY);
        assert_eq!(ids(of(&k, false, 0, None, t, NOW)), ["expiring"]);
        k.expires_at = Some(NOW + 45 * DAY);
        assert!(of(&k, false, 0, None, t, NOW).is_empty());
        k.expires_at = Some(NOW);
        k.owner_project_access = OwnerAccess::Inactive;
        assert_eq!(
            ids(of(&k, true, 2, Some(&[]), t, NOW)),
            [
                "expired",
                "owner-left",
                "sa-many",
                "archived",
                "all-permissions"
            ]
        );
        let mut k = key(10, Some(1));
        k.expires_at = None;
        let read_only = ["api.all.read".to_owned()];
        assert_eq!(
            ids(of(&k, false, 0, Some(&read_only), t, NOW)),
            ["no-expiry"]
        );
        // Permissions the audit log no longer tells are not a finding.
        assert_eq!(ids(of(&k, false, 0, None, t, NOW)), ["no-expiry"]);
        assert_eq!(
            ids(of(&key(10, Some(1)), false, 0, Some(&[]), t, NOW)),
            ["all-permissions"]
        );
        for f in Finding::ALL {
            assert_eq!(Finding::from_id(f.id()), Some(f));
        }
    }

    #[test]
    fn age_buckets_cover_every_age() {
        assert_eq!(age_bucket(Some(NOW), NOW), 0);
        assert_eq!(age_bucket(Some(NOW - 3 * DAY), NOW), 1);
        assert_eq!(age_bucket(Some(NOW - 29 * DAY), NOW), 2);
        assert_eq!(age_bucket(Some(NOW - 60 * DAY), NOW), 3);
        assert_eq!(age_bucket(Some(NOW - 200 * DAY), NOW), 4);
        assert_eq!(age_bucket(Some(NOW - 900 * DAY), NOW), 5);
        assert_eq!(age_bucket(None, NOW), 6);
        // A clock skewed into the future counts as today.
        assert_eq!(age_bucket(Some(NOW + 50), NOW), 0);
    }
}

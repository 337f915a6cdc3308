//! Admin keys, the organization's most powerful credentials: what deserves attention, and which
//! one this session is using (told apart only by their redacted values).

use super::keys::DAY;
use admin_api::types::AdminApiKey;
use std::collections::HashSet;

/// Days without use after which an admin key counts as stale.
pub const STALE_DAYS: u32 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminFinding {
    NeverUsed,
    Stale,
    /// Its owner is no longer a member of the organization.
    OwnerGone,
    Expired,
}

impl AdminFinding {
    pub fn short(self) -> &'static str {
        match self {
            AdminFinding::NeverUsed => "Never used",
            AdminFinding::Stale => "Stale",
            AdminFinding::OwnerGone => "Owner gone",
            AdminFinding::Expired => "Expired",
        }
    }

    pub fn explain(self) -> String {
        match self {
            AdminFinding::NeverUsed => "Never used since it was created.".into(),
            AdminFinding::Stale => format!("Not used for {STALE_DAYS} days or more."),
            AdminFinding::OwnerGone => {
                "Its owner is no longer a member of the organization; the key still works.".into()
            }
            AdminFinding::Expired => "Past its expiry: it no longer works.".into(),
        }
    }
}

/// An admin key's findings. `members`: the organization's user IDs, when known (an unknown
/// list flags no owner).
pub fn findings(
    key: &AdminApiKey,
    members: Option<&HashSet<String>>,
    now: i64,
) -> Vec<AdminFinding> {
    let mut out = Vec::new();
    if key.expires_at.is_some_and(|t| t <= now) {
        out.push(AdminFinding::Expired);
    }
    match key.last_used_at {
        None => out.push(AdminFinding::NeverUsed),
        Some(t) if now - t >= i64::from(STALE_DAYS) * DAY => out.push(AdminFinding::Stale),
        Some(_) => {}
    }
    if let (Some(members), Some(owner)) = (members, key.owner.id.as_deref())
        && !members.contains(owner)
    {
        out.push(AdminFinding::OwnerGone);
    }
    out
}

/// Whether a listed key is the one this session uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Current {
    No,
    /// The only key whose redacted value fits this session's key.
    Yes,
    /// One of several that fit: it may be.
    Maybe,
}

impl Current {
    /// Revoking it ends this session (or may).
    pub fn ends_session(self) -> bool {
        self != Current::No
    }
}

/// Marks each key by whether it is this session's, given a test of a redacted value against
/// the session's key (the key itself never leaves the client).
pub fn current_marks(keys: &[AdminApiKey], fits: impl Fn(&str) -> bool) -> Vec<Current> {
    let fit: Vec<bool> = keys.iter().map(|k| fits(&k.redacted_value)).collect();
    let many = fit.iter().filter(|f| **f).count() > 1;
    fit.into_iter()
        .map(|f| match (f, many) {
            (false, _) => Current::No,
            (true, false) => Current::Yes,
            (true, true) => Current::Maybe,
        })
        .collect()
}

/// The typed confirmation: the key's name, or its ID when it has none.
pub fn confirmation_word(key: &AdminApiKey) -> &str {
    match key.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => n,
        _ => &key.id,
    }
}

/// The expiry choices for a new admin key, in days (`None`: never expires).
pub const EXPIRY_CHOICES: [(Option<u32>, &str); 4] = [
    (Some(30), "30 days"),
    (Some(90), "90 days"),
    (Some(365), "1 year"),
    (None, "Never (not recommended)"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::AdminKey;

    const NOW: i64 = 1_800_000_000;

    fn key(id: &str, redacted: &str, used: Option<i64>, owner: &str) -> AdminApiKey {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "redacted_value": redacted, "created_at": NOW - 400 * DAY,
            "last_used_at": used, "owner": {"id": owner, "type": "user", "role": "owner"}
        }))
        .unwrap()
    }

    #[test]
    fn findings_name_what_deserves_attention() {
        let members: HashSet<String> = ["u1".to_owned()].into();
        let fresh = key("a", "sk-admin...aaaa", Some(NOW - DAY), "u1");
        assert!(findings(&fresh, Some(&members), NOW).is_empty());
        let never = key("b", "sk-admin...bbbb", None, "u1");
        assert_eq!(
            findings(&never, Some(&members), NOW),
            [AdminFinding::NeverUsed]
        );
        let stale_gone = key("c", "sk-admin...cccc", Some(NOW - 100 * DAY), "u9");
        assert_eq!(
            findings(&stale_gone, Some(&members), NOW),
            [AdminFinding::Stale, AdminFinding::OwnerGone]
        );
        // Without the member list, nobody is said to be gone.
        assert_eq!(findings(&stale_gone, None, NOW), [AdminFinding::Stale]);
        let mut expired = fresh.clone();
        expired.expires_at = Some(NOW - 1);
        assert_eq!(
            findings(&expired, Some(&members), NOW),
            [AdminFinding::Expired]
        );
    }

    #[test]
    fn the_session_key_is_told_by_its_redacted_value() {
        let me = AdminKey::new_unchecked("sk-admin-abcdefghijklmnop-wxyz");
        let keys = [
            key("a", "sk-admin...wxyz", None, "u"),
            key("b", "sk-admin...aaaa", None, "u"),
        ];
        assert_eq!(
            current_marks(&keys, |r| me.matches_redacted(r)),
            [Current::Yes, Current::No]
        );
        // Two that fit: each may be it, and each asks as if it were.
        let keys = [
            key("a", "sk-admin...wxyz", None, "u"),
            key("c", "sk-admin-abc...wxyz", None, "u"),
        ];
        let marks = current_marks(&keys, |r| me.matches_redacted(r));
        assert_eq!(marks, [Current::Maybe, Current::Maybe]);
        assert!(marks.iter().all(|m| m.ends_session()));
        // A different start does not fit.
        assert!(!me.matches_redacted("sk-admin-zzz...wxyz"));
        assert!(!me.matches_redacted("no-dots"));
    }
}

//! Triage of a project's keys: what needs attention, filtering, sorting, and when a revoke must
//! be confirmed by typing the key's name.

use admin_api::KeyListQuery;
use admin_api::types::{OwnerAccess, ProjectApiKey};

/// Every key of a project, in as few pages as the API allows. `any`: without it the API hides
/// keys whose owner left the project.
pub fn all_keys() -> KeyListQuery {
    KeyListQuery {
        owner_project_access: Some("any".into()),
        limit: Some(100),
    }
}

pub const DAY: i64 = 86_400;
/// A key used this recently is probably in production: revoking it needs its name typed.
pub const RECENT_USE_DAYS: i64 = 7;
/// Unused this long counts as stale.
pub const STALE_DAYS: i64 = 90;

/// Why a key deserves a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Expired,
    /// Its owner no longer has access to the project (`owner_project_access: inactive`).
    OwnerLeft,
    NeverUsed,
    /// Not used for `STALE_DAYS`.
    Stale,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::Expired => "Expired",
            Flag::OwnerLeft => "Owner left",
            Flag::NeverUsed => "Never used",
            Flag::Stale => "Stale",
        }
    }
    pub fn explain(self) -> &'static str {
        match self {
            Flag::Expired => "This key has expired and no longer works.",
            Flag::OwnerLeft => {
                "The key's owner no longer has access to this project, but the key still works."
            }
            Flag::NeverUsed => "This key has never been used.",
            Flag::Stale => "This key has not been used for 90 days or more.",
        }
    }
}

pub fn is_expired(key: &ProjectApiKey, now: i64) -> bool {
    key.expires_at.is_some_and(|t| t <= now)
}

pub fn flags(key: &ProjectApiKey, now: i64) -> Vec<Flag> {
    let mut out = Vec::new();
    if is_expired(key, now) {
        out.push(Flag::Expired);
    }
    if key.owner_project_access == OwnerAccess::Inactive {
        out.push(Flag::OwnerLeft);
    }
    match key.last_used_at {
        None => out.push(Flag::NeverUsed),
        Some(t) if now - t >= STALE_DAYS * DAY => out.push(Flag::Stale),
        _ => {}
    }
    out
}

/// Revoking a key used in the last 7 days needs its name typed.
pub fn needs_typed_confirmation(key: &ProjectApiKey, now: i64) -> bool {
    key.last_used_at
        .is_some_and(|t| now - t < RECENT_USE_DAYS * DAY)
}

/// The typed text must equal the key's name (surrounding spaces ignored). A key with an empty
/// name is confirmed by its ID.
pub fn confirmation_matches(key: &ProjectApiKey, typed: &str) -> bool {
    let expected = if key.name.trim().is_empty() {
        key.id.as_str()
    } else {
        key.name.trim()
    };
    typed.trim() == expected
}

pub fn confirmation_word(key: &ProjectApiKey) -> &str {
    if key.name.trim().is_empty() {
        &key.id
    } else {
        key.name.trim()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFilter {
    All,
    NeedsAttention,
    NeverUsed,
    Stale,
    OwnerLeft,
    Expired,
    ServiceAccounts,
}

impl KeyFilter {
    pub const ALL: [KeyFilter; 7] = [
        KeyFilter::All,
        KeyFilter::NeedsAttention,
        KeyFilter::NeverUsed,
        KeyFilter::Stale,
        KeyFilter::OwnerLeft,
        KeyFilter::Expired,
        KeyFilter::ServiceAccounts,
    ];
    pub fn label(self) -> &'static str {
        match self {
            KeyFilter::All => "All keys",
            KeyFilter::NeedsAttention => "Needs attention",
            KeyFilter::NeverUsed => "Never used",
            KeyFilter::Stale => "Unused 90+ days",
            KeyFilter::OwnerLeft => "Owner left project",
            KeyFilter::Expired => "Expired",
            KeyFilter::ServiceAccounts => "Service-account keys",
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            KeyFilter::All => "all",
            KeyFilter::NeedsAttention => "attention",
            KeyFilter::NeverUsed => "never",
            KeyFilter::Stale => "stale",
            KeyFilter::OwnerLeft => "owner-left",
            KeyFilter::Expired => "expired",
            KeyFilter::ServiceAccounts => "service-accounts",
        }
    }
    pub fn from_id(id: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.id() == id)
            .unwrap_or(KeyFilter::All)
    }
    fn keep(self, key: &ProjectApiKey, now: i64) -> bool {
        let f = flags(key, now);
        match self {
            KeyFilter::All => true,
            KeyFilter::NeedsAttention => !f.is_empty(),
            KeyFilter::NeverUsed => f.contains(&Flag::NeverUsed),
            KeyFilter::Stale => f.contains(&Flag::Stale),
            KeyFilter::OwnerLeft => f.contains(&Flag::OwnerLeft),
            KeyFilter::Expired => f.contains(&Flag::Expired),
            KeyFilter::ServiceAccounts => key.owner.is_service_account(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Owner,
    Created,
    LastUsed,
    Expires,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub ascending: bool,
}

impl Default for Sort {
    /// Most recently used first: what people look for.
    fn default() -> Self {
        Self {
            key: SortKey::LastUsed,
            ascending: false,
        }
    }
}

impl Sort {
    /// Clicking a column: the same column flips direction, another starts at its natural order.
    pub fn toggle(self, key: SortKey) -> Self {
        if self.key == key {
            Self {
                key,
                ascending: !self.ascending,
            }
        } else {
            Self {
                key,
                ascending: matches!(key, SortKey::Name | SortKey::Owner),
            }
        }
    }
}

fn matches_query(key: &ProjectApiKey, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let hay = [
        key.name.as_str(),
        key.id.as_str(),
        key.redacted_value.as_str(),
        &key.owner.label(),
    ]
    .join(" ")
    .to_lowercase();
    needle.split_whitespace().all(|w| hay.contains(w))
}

/// The rows to show, in order.
pub fn view(
    keys: &[ProjectApiKey],
    query: &str,
    filter: KeyFilter,
    sort: Sort,
    now: i64,
) -> Vec<ProjectApiKey> {
    let needle = query.trim().to_lowercase();
    let mut rows: Vec<ProjectApiKey> = keys
        .iter()
        .filter(|k| filter.keep(k, now) && matches_query(k, &needle))
        .cloned()
        .collect();
    rows.sort_by(|a, b| {
        // Missing values (never used, never expires) sort last in either direction.
        let ord = match sort.key {
            SortKey::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            SortKey::Owner => a
                .owner
                .label()
                .to_lowercase()
                .cmp(&b.owner.label().to_lowercase()),
            SortKey::Created => a.created_at.cmp(&b.created_at),
            SortKey::LastUsed => {
                return cmp_optional(a.last_used_at, b.last_used_at, sort.ascending);
            }
            SortKey::Expires => return cmp_optional(a.expires_at, b.expires_at, sort.ascending),
        };
        let ord = if sort.ascending { ord } else { ord.reverse() };
        ord.then_with(|| a.id.cmp(&b.id))
    });
    rows
}

fn cmp_optional(a: Option<i64>, b: Option<i64>, ascending: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Some(x), Some(y)) => {
            if ascending {
                x.cmp(&y)
            } else {
                y.cmp(&x)
            }
        }
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}

/// Counts per flag, for the summary line.
pub fn summary(keys: &[ProjectApiKey], now: i64) -> [(Flag, usize); 4] {
    let mut out = [
        (Flag::Expired, 0),
        (Flag::OwnerLeft, 0),
        (Flag::NeverUsed, 0),
        (Flag::Stale, 0),
    ];
    for k in keys {
        for f in flags(k, now) {
            if let Some(slot) = out.iter_mut().find(|(g, _)| *g == f) {
                slot.1 += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::types::{Owner, OwnerServiceAccount, OwnerType, OwnerUser};

    const NOW: i64 = 1_800_000_000;

    fn key(id: &str, name: &str, last_used: Option<i64>) -> ProjectApiKey {
        ProjectApiKey {
            object: "organization.project.api_key".into(),
            id: id.into(),
            name: name.into(),
            redacted_value: "sk-proj-ab...wxyz".into(),
            created_at: NOW - 400 * DAY,
            last_used_at: last_used,
            owner_project_access: OwnerAccess::Active,
            owner: Owner {
                kind: Some(OwnerType::User),
                user: Some(OwnerUser {
                    id: "u".into(),
                    email: Some("ada@example.com".into()),
                    name: Some("Ada".into()),
                    created_at: None,
                    role: None,
                }),
                service_account: None,
            },
            expires_at: None,
        }
    }

    #[test]
    fn flags_each_condition() {
        assert_eq!(flags(&key("a", "x", None), NOW), vec![Flag::NeverUsed]);
        assert_eq!(
            flags(&key("a", "x", Some(NOW - 100 * DAY)), NOW),
            vec![Flag::Stale]
        );
        assert!(flags(&key("a", "x", Some(NOW - DAY)), NOW).is_empty());
        let mut k = key("a", "x", Some(NOW));
        k.expires_at = Some(NOW - 1);
        k.owner_project_access = OwnerAccess::Inactive;
        assert_eq!(flags(&k, NOW), vec![Flag::Expired, Flag::OwnerLeft]);
    }

    #[test]
    fn typed_confirmation_only_for_recent_use() {
        assert!(needs_typed_confirmation(
            &key("a", "prod", Some(NOW - 6 * DAY)),
            NOW
        ));
        assert!(!needs_typed_confirmation(
            &key("a", "prod", Some(NOW - 8 * DAY)),
            NOW
        ));
        assert!(!needs_typed_confirmation(&key("a", "prod", None), NOW));
        let k = key("a", " prod ", None);
        assert!(confirmation_matches(&k, "prod "));
        assert!(!confirmation_matches(&k, "Prod"));
        assert!(!confirmation_matches(&k, ""));
        let unnamed = key("key_9", "", None);
        assert!(confirmation_matches(&unnamed, "key_9"));
    }

    #[test]
    fn filter_search_sort() {
        let mut sa = key("c", "deploy", Some(NOW - 3 * DAY));
        sa.owner = Owner {
            kind: Some(OwnerType::ServiceAccount),
            user: None,
            service_account: Some(OwnerServiceAccount {
                id: "s".into(),
                name: Some("bot".into()),
                created_at: None,
                role: None,
            }),
        };
        let keys = vec![
            key("a", "Beta", None),
            key("b", "alpha", Some(NOW - 200 * DAY)),
            sa,
        ];
        let ids = |v: Vec<ProjectApiKey>| v.into_iter().map(|k| k.id).collect::<Vec<_>>();
        assert_eq!(
            ids(view(&keys, "", KeyFilter::All, Sort::default(), NOW)),
            ["c", "b", "a"]
        );
        assert_eq!(
            ids(view(
                &keys,
                "",
                KeyFilter::All,
                Sort {
                    key: SortKey::Name,
                    ascending: true
                },
                NOW
            )),
            ["b", "a", "c"]
        );
        assert_eq!(
            ids(view(
                &keys,
                "",
                KeyFilter::NeedsAttention,
                Sort::default(),
                NOW
            )),
            ["b", "a"]
        );
        assert_eq!(
            ids(view(
                &keys,
                "",
                KeyFilter::ServiceAccounts,
                Sort::default(),
                NOW
            )),
            ["c"]
        );
        assert_eq!(
            ids(view(&keys, "ADA alp", KeyFilter::All, Sort::default(), NOW)),
            ["b"]
        );
        assert_eq!(
            ids(view(&keys, "bot", KeyFilter::All, Sort::default(), NOW)),
            ["c"]
        );
        // Never-used sorts last both ways.
        assert_eq!(
            ids(view(
                &keys,
                "",
                KeyFilter::All,
                Sort {
                    key: SortKey::LastUsed,
                    ascending: true
                },
                NOW
            )),
            ["b", "c", "a"]
        );
        assert_eq!(
            Sort::default().toggle(SortKey::LastUsed),
            Sort {
                key: SortKey::LastUsed,
                ascending: true
            }
        );
        assert_eq!(KeyFilter::from_id("owner-left"), KeyFilter::OwnerLeft);
        let s = summary(&keys, NOW);
        assert_eq!(s[2], (Flag::NeverUsed, 1));
        assert_eq!(s[3], (Flag::Stale, 1));
    }
}

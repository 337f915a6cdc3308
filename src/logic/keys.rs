//! Listing a project's keys, and when a revoke must be confirmed by typing the key's name.

use admin_api::KeyListQuery;
use admin_api::types::ProjectApiKey;

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

pub fn is_expired(key: &ProjectApiKey, now: i64) -> bool {
    key.expires_at.is_some_and(|t| t <= now)
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

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::types::{Owner, OwnerAccess, OwnerType, OwnerUser};

    const NOW: i64 = 1_800_000_000;

    fn key(id: &str, name: &str, last_used: Option<i64>) -> ProjectApiKey {
        ProjectApiKey {
            object: admin_api::types::API_KEY_OBJECT.into(),
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
            }
            .into(),
            expires_at: None,
        }
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
}

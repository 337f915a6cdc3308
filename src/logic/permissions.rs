//! What each key may do. The key object carries no scopes: they are read from the audit log,
//! the last `api_key.created` or `api_key.updated` event of each key (`[]` = all permissions).
//! A key whose events are older than the log keeps is "unknown", never guessed.

use super::scopes::last_scopes;
use admin_api::types::{AuditLog, scopes::READ_ONLY};
use rustc_hash::FxHashMap;

/// A key's permissions, as a filter and a column see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    All,
    ReadOnly,
    /// Some scopes only.
    Restricted,
}

impl Permission {
    pub const ALL: [Permission; 3] = [
        Permission::All,
        Permission::ReadOnly,
        Permission::Restricted,
    ];

    pub fn of(scopes: &[String]) -> Self {
        match scopes {
            [] => Permission::All,
            [one] if one == READ_ONLY => Permission::ReadOnly,
            _ => Permission::Restricted,
        }
    }

    /// Stable name for links and exports.
    pub fn id(self) -> &'static str {
        match self {
            Permission::All => "all",
            Permission::ReadOnly => "read-only",
            Permission::Restricted => "restricted",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Permission::All => "All permissions",
            Permission::ReadOnly => "Read-only",
            Permission::Restricted => "Restricted",
        }
    }
}

/// Each key's last known scopes, by key ID. Hashed with Fx: the key table looks up every key's
/// (100,000 at most), and SipHash's resistance to chosen keys buys nothing for the organization's
/// own IDs.
pub type KeyScopes = FxHashMap<String, Vec<String>>;

/// Every key's last known scopes, from the audit log's key events (any order, any pages).
pub fn scopes_by_key(events: &[AuditLog]) -> KeyScopes {
    let mut by_key: FxHashMap<&str, Vec<&AuditLog>> = FxHashMap::default();
    for e in events {
        if let Some(id) = e.target_id() {
            by_key.entry(id).or_default().push(e);
        }
    }
    by_key
        .into_iter()
        .filter_map(|(id, mut list)| {
            // Newest first, as `last_scopes` expects.
            list.sort_by_key(|e| std::cmp::Reverse(e.effective_at));
            let owned: Vec<AuditLog> = list.into_iter().cloned().collect();
            last_scopes(&owned).map(|(s, _)| (id.to_owned(), s))
        })
        .collect()
}

/// What the session knows of every key's permissions.
#[derive(Clone, Debug, Default)]
pub struct PermissionsState {
    pub running: bool,
    pub loaded: bool,
    pub scopes: KeyScopes,
    /// Why the log could not be read (all of it, or the rest of it).
    pub error: Option<admin_api::ApiError>,
}

impl PermissionsState {
    /// A key's scopes, when the log still holds its events.
    pub fn of(&self, key_id: &str) -> Option<&[String]> {
        self.scopes.get(key_id).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, key: &str, at: i64, scopes: serde_json::Value) -> AuditLog {
        let field = if kind == "api_key.created" {
            "data"
        } else {
            "changes_requested"
        };
        serde_json::from_value(json!({
            "id": format!("audit_{key}_{at}"),
            "type": kind,
            "effective_at": at,
            kind: {"id": key, field: {"scopes": scopes}},
        }))
        .unwrap()
    }

    #[test]
    fn the_last_event_of_each_key_wins_in_any_order() {
        let events = vec![
            event("api_key.updated", "key_a", 30, json!(["api.all.read"])),
            event("api_key.created", "key_a", 10, json!([])),
            event("api_key.created", "key_b", 20, json!(["api.model.request"])),
            event("api_key.updated", "key_c", 5, json!({"not": "a list"})),
        ];
        let by_key = scopes_by_key(&events);
        assert_eq!(Permission::of(&by_key["key_a"]), Permission::ReadOnly);
        assert_eq!(Permission::of(&by_key["key_b"]), Permission::Restricted);
        assert!(
            !by_key.contains_key("key_c"),
            "unreadable scopes are unknown"
        );
        assert_eq!(Permission::of(&[]), Permission::All);
        for p in Permission::ALL {
            assert_eq!(Permission::from_id(p.id()), Some(p));
        }
    }
}

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

/// What one audit event tells of a key's scopes, kept in place of the event: a listing of
/// every key event (one per key, 100,000 in a large organization) then lets each page's events
/// go as it arrives, instead of holding them all until the last page.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyEvent {
    key: Option<String>,
    at: i64,
    /// `None` for another kind of event, or scopes that cannot be read.
    scopes: Option<Vec<String>>,
}

impl KeyEvent {
    pub fn of(event: &AuditLog) -> Self {
        Self {
            key: event.target_id().map(str::to_owned),
            at: event.effective_at,
            scopes: last_scopes([event]).map(|(scopes, _)| scopes),
        }
    }
}

/// Every key's last known scopes, from the audit log's key events (any order, any pages): the
/// newest event whose scopes can be read, the first listed of two as new.
pub fn scopes_by_key(events: Vec<KeyEvent>) -> KeyScopes {
    let mut newest: FxHashMap<String, (i64, Vec<String>)> = FxHashMap::default();
    for e in events {
        let (Some(key), Some(scopes)) = (e.key, e.scopes) else {
            continue;
        };
        match newest.get_mut(&key) {
            Some(kept) if kept.0 >= e.at => {}
            Some(kept) => *kept = (e.at, scopes),
            None => {
                newest.insert(key, (e.at, scopes));
            }
        }
    }
    newest
        .into_iter()
        .map(|(key, (_, scopes))| (key, scopes))
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
        let events = [
            event("api_key.updated", "key_a", 30, json!(["api.all.read"])),
            event("api_key.created", "key_a", 10, json!([])),
            event("api_key.created", "key_b", 20, json!(["api.model.request"])),
            event("api_key.updated", "key_c", 5, json!({"not": "a list"})),
            // The newest event's scopes cannot be read: the one before it tells.
            event("api_key.updated", "key_d", 40, json!({"not": "a list"})),
            event("api_key.created", "key_d", 20, json!([])),
            // Two as new: the first listed wins.
            event("api_key.updated", "key_e", 50, json!(["api.all.read"])),
            event("api_key.updated", "key_e", 50, json!([])),
        ];
        let by_key = scopes_by_key(events.iter().map(KeyEvent::of).collect());
        assert_eq!(Permission::of(&by_key["key_a"]), Permission::ReadOnly);
        assert_eq!(Permission::of(&by_key["key_b"]), Permission::Restricted);
        assert_eq!(Permission::of(&by_key["key_d"]), Permission::All);
        assert_eq!(Permission::of(&by_key["key_e"]), Permission::ReadOnly);
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

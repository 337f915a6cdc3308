//! Who owns which keys, from the session's inventory: how many keys each user owns, and what
//! removing a user from a project does to theirs there.

use super::inventory::Inventory;
use admin_api::types::{OwnerAccess, ProjectApiKey};
use std::collections::HashMap;

/// Keys each user owns across the organization (as far as the scan got), by user ID.
pub fn keys_per_user(inv: &Inventory) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for part in inv.parts.values() {
        for k in &part.keys {
            if let Some(u) = &k.owner.user {
                *out.entry(u.id.clone()).or_default() += 1;
            }
        }
    }
    out
}

/// A key one user owns, with its project.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedKey {
    pub project_id: String,
    pub project_name: String,
    pub key: ProjectApiKey,
}

/// Every key `user_id` owns across the organization (as far as the scan got), in the project
/// list's order.
pub fn keys_of_user(inv: &Inventory, user_id: &str) -> Vec<OwnedKey> {
    inv.projects
        .iter()
        .filter_map(|p| Some((p, inv.parts.get(&p.id)?)))
        .flat_map(|(p, part)| {
            part.keys
                .iter()
                .filter(|k| k.owner.user.as_ref().is_some_and(|u| u.id == user_id))
                .map(|k| OwnedKey {
                    project_id: p.id.clone(),
                    project_name: p.display_name().to_owned(),
                    key: ProjectApiKey::clone(k),
                })
        })
        .collect()
}

/// The user's keys in this project whose owner still has access: removing the user turns
/// each of them to `owner_project_access: inactive` ("owner left"); the keys keep working.
pub fn active_keys_of(inv: &Inventory, project_id: &str, user_id: &str) -> usize {
    inv.parts.get(project_id).map_or(0, |part| {
        part.keys
            .iter()
            .filter(|k| {
                k.owner.user.as_ref().is_some_and(|u| u.id == user_id)
                    && k.owner_project_access == OwnerAccess::Active
            })
            .count()
    })
}

/// What the removal dialog says about the user's keys.
pub fn removal_effect(keys: usize) -> String {
    match keys {
        0 => "They own no keys in this project.".into(),
        1 => "Their 1 key in this project stays and keeps working, but shows “owner left” (owner_project_access: \
            inactive) until someone revokes it.".into(),
        n => format!("Their {n} keys in this project stay and keep working, but show “owner left” \
            (owner_project_access: inactive) until someone revokes them."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::Listing;
    use admin_api::types::{Project, ProjectApiKey};

    fn key(id: &str, owner: &str, access: &str) -> ProjectApiKey {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "redacted_value": "sk-…", "created_at": 1, "owner_project_access": access,
            "owner": {"type": "user", "user": {"id": owner, "email": format!("{owner}@x.com")}}
        }))
        .unwrap()
    }

    #[test]
    fn counts_keys_per_owner_and_what_a_removal_does() {
        let mut inv = Inventory::default();
        let p = |id: &str| -> Project {
            serde_json::from_value(serde_json::json!({"id": id, "name": id, "created_at": 1}))
                .unwrap()
        };
        inv.set_projects(vec![p("p1"), p("p2")], true);
        let listing = |items| Listing {
            items,
            error: None,
            resume: None,
        };
        inv.apply(
            "p1",
            true,
            listing(vec![
                key("k1", "ada", "active"),
                key("k2", "ada", "inactive"),
                key("k3", "bob", "active"),
            ]),
        );
        inv.apply("p2", true, listing(vec![key("k4", "ada", "active")]));
        let per = keys_per_user(&inv);
        assert_eq!((per["ada"], per["bob"]), (3, 1));
        assert_eq!(active_keys_of(&inv, "p1", "ada"), 1);
        assert_eq!(active_keys_of(&inv, "p3", "ada"), 0);
        assert!(removal_effect(2).contains("Their 2 keys"));
        assert!(removal_effect(1).contains("owner left"));
    }
}

//! The table's rows: one per key, with what sorting and searching need made once, and the
//! strings a project's or an owner's rows share kept once.

use super::Rows;
use crate::logic::fold::fold;
use crate::logic::inventory::Inventory;
use admin_api::types::{Project, ProjectApiKey};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    User,
    ServiceAccount,
}

impl OwnerKind {
    pub fn id(self) -> &'static str {
        match self {
            OwnerKind::User => "user",
            OwnerKind::ServiceAccount => "service-account",
        }
    }
    pub(super) fn from_id(id: &str) -> Option<Self> {
        [OwnerKind::User, OwnerKind::ServiceAccount]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// One key with what the table needs precomputed.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyRow {
    /// Shared by every row of the project.
    pub project_id: Arc<str>,
    pub project_name: Arc<str>,
    pub archived: bool,
    /// The inventory's own key, shared.
    pub key: Arc<ProjectApiKey>,
    pub owner_kind: OwnerKind,
    /// The owner's name (or ID), shared by the owner's rows.
    pub owner: Arc<str>,
    pub(super) owner_lower: Arc<str>,
    pub(super) project_lower: Arc<str>,
    /// Everything the search box looks in, lower-cased, the key's name first (see `name_lower`).
    pub(super) haystack: Box<str>,
    name_len: u32,
    /// The key ID's first bytes, for sorts (see `order`).
    pub(super) id_prefix: u64,
}

/// Owners' names, each kept once for all the rows that show it: an organization has far fewer
/// owners than keys.
#[derive(Default)]
pub struct Owners(HashMap<String, (Arc<str>, Arc<str>)>);

impl Owners {
    /// The name, and its lower-cased form for sorting.
    fn intern(&mut self, name: String) -> (Arc<str>, Arc<str>) {
        if let Some(known) = self.0.get(&name) {
            return known.clone();
        }
        let made: (Arc<str>, Arc<str>) = (name.as_str().into(), fold(&name).into());
        self.0.insert(name, made.clone());
        made
    }
}

/// What every row of one project shares, made once per project listing.
pub struct ProjectPart {
    id: Arc<str>,
    name: Arc<str>,
    lower: Arc<str>,
    archived: bool,
}

impl ProjectPart {
    pub fn new(project: &Project) -> Self {
        let name = project.display_name();
        Self {
            id: project.id.as_str().into(),
            lower: fold(name).into(),
            name: name.into(),
            archived: project.is_archived(),
        }
    }
}

impl KeyRow {
    pub fn new(project: &ProjectPart, key: &Arc<ProjectApiKey>, owners: &mut Owners) -> Self {
        let sa = key.owner.service_account.as_ref();
        let user = key.owner.user.as_ref();
        let owner = match (sa, user) {
            (Some(s), _) => s.name.clone().unwrap_or_else(|| s.id.clone()),
            (None, Some(u)) => u
                .name
                .clone()
                .filter(|n| !n.is_empty())
                .or_else(|| u.email.clone())
                .unwrap_or_else(|| u.id.clone()),
            (None, None) => "Unknown".into(),
        };
        let name_lower = fold(&key.name);
        let rest = [
            key.id.as_str(),
            key.redacted_value.as_str(),
            owner.as_str(),
            user.and_then(|u| u.email.as_deref()).unwrap_or(""),
            key.owner.id().unwrap_or(""),
            &project.name,
            &project.id,
        ]
        .join("\u{1f}");
        let haystack = [name_lower.as_str(), &fold(&rest)].join("\u{1f}");
        let (owner, owner_lower) = owners.intern(owner);
        Self {
            project_id: project.id.clone(),
            project_name: project.name.clone(),
            project_lower: project.lower.clone(),
            archived: project.archived,
            owner_kind: if key.owner.is_service_account() {
                OwnerKind::ServiceAccount
            } else {
                OwnerKind::User
            },
            name_len: name_lower.len() as u32,
            owner_lower,
            owner,
            id_prefix: prefix(&key.id),
            key: key.clone(),
            haystack: haystack.into(),
        }
    }

    /// The key's name lower-cased, for sorting: the haystack's first part, not a string of its
    /// own (at 100,000 keys that saves some 4 MB).
    pub(super) fn name_lower(&self) -> &str {
        &self.haystack[..self.name_len as usize]
    }

    /// The user's email, when a user owns the key.
    pub fn owner_email(&self) -> Option<&str> {
        self.key
            .owner
            .user
            .as_ref()
            .and_then(|u| u.email.as_deref())
    }

    /// The service account that owns the key, if one does.
    pub fn service_account_id(&self) -> Option<&str> {
        self.key
            .owner
            .service_account
            .as_ref()
            .map(|s| s.id.as_str())
    }

    /// The name shown for the key.
    pub fn display_name(&self) -> &str {
        if self.key.name.trim().is_empty() {
            "(unnamed)"
        } else {
            &self.key.name
        }
    }
}

/// Rows built per project listing and reused until that listing changes, so a scan of 200
/// projects builds each row once, not once per project that arrives.
#[derive(Default)]
pub struct RowCache {
    /// Per project: the listing version the rows were built from, and the rows.
    parts: HashMap<String, (u64, Rows)>,
    owners: Owners,
}

impl RowCache {
    /// Every key of the inventory (or of one project), in project order.
    pub fn rows(&mut self, inv: &Inventory, only: Option<&str>) -> Vec<Arc<KeyRow>> {
        let mut out = Vec::with_capacity(inv.key_count());
        for p in inv.projects.iter() {
            if only.is_some_and(|id| id != p.id) {
                continue;
            }
            let Some(part) = inv.parts.get(&p.id) else {
                continue;
            };
            let fresh = self
                .parts
                .get(&p.id)
                .filter(|(version, _)| *version == part.version)
                .map(|(_, rows)| rows.clone());
            let rows = fresh.unwrap_or_else(|| {
                let shared = ProjectPart::new(p);
                let rows: Rows = Arc::new(
                    part.keys
                        .iter()
                        .map(|k| Arc::new(KeyRow::new(&shared, k, &mut self.owners)))
                        .collect(),
                );
                self.parts
                    .insert(p.id.clone(), (part.version, rows.clone()));
                rows
            });
            out.extend(rows.iter().cloned());
        }
        out
    }
}

/// A string's first eight bytes as a number that sorts as the string does (ties aside).
fn prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

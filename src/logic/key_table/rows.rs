//! The table's rows: one per key, with what sorting and searching need made once, and the
//! strings a project's or an owner's rows share kept once.

use super::Rows;
use super::texts::{FIELD, OwnerText, PartText};
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
    /// What the search box looks in: the project's texts, shared by its rows, with this key's
    /// own (its name first, see `name_lower`) at `at`.
    pub(super) part: Arc<PartText>,
    pub(super) at: u32,
    name_len: u32,
    /// The key ID's first bytes, for sorts (see `order`).
    pub(super) id_prefix: u64,
}

/// Owners' names and searched texts, each kept once for all the rows that show it: an
/// organization has far fewer owners than keys.
#[derive(Default)]
pub struct Owners {
    names: HashMap<String, (Arc<str>, Arc<str>)>,
    texts: HashMap<String, Arc<OwnerText>>,
}

impl Owners {
    /// The name, and its lower-cased form for sorting.
    fn intern(&mut self, name: String) -> (Arc<str>, Arc<str>) {
        if let Some(known) = self.names.get(&name) {
            return known.clone();
        }
        let made: (Arc<str>, Arc<str>) = (name.as_str().into(), fold(&name).into());
        self.names.insert(name, made.clone());
        made
    }

    /// The owner's searched text (name, email and ID), lower-cased.
    fn text(&mut self, fields: [&str; 3]) -> Arc<OwnerText> {
        let joined = fields.join(FIELD);
        if let Some(known) = self.texts.get(&joined) {
            return known.clone();
        }
        let made = Arc::new(OwnerText {
            number: self.texts.len() as u32,
            text: fold(&joined).into(),
        });
        self.texts.insert(joined, made.clone());
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
    /// The row of `key`, whose text is `part`'s row `at`, `name_len` bytes of it its name.
    fn new(
        project: &ProjectPart,
        (part, at, name_len): (&Arc<PartText>, u32, u32),
        key: &Arc<ProjectApiKey>,
        owner: String,
        owners: &mut Owners,
    ) -> Self {
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
            part: part.clone(),
            at,
            name_len,
            owner_lower,
            owner,
            id_prefix: prefix(&key.id),
            key: key.clone(),
        }
    }

    /// The key's name lower-cased, for sorting: its searched text's first part, not a string
    /// of its own (at 100,000 keys that saves some 4 MB).
    pub(super) fn name_lower(&self) -> &str {
        &self.part.row(self.at)[..self.name_len as usize]
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
                let rows = project_rows(p, &part.keys, &mut self.owners);
                self.parts
                    .insert(p.id.clone(), (part.version, rows.clone()));
                rows
            });
            out.extend(rows.iter().cloned());
        }
        out
    }
}

/// One project's rows, their searched texts in one buffer.
fn project_rows(project: &Project, keys: &[Arc<ProjectApiKey>], owners: &mut Owners) -> Rows {
    let shared = ProjectPart::new(project);
    let mut text = PartText::new(&shared.name, &shared.id);
    let made: Vec<(String, u32)> = keys
        .iter()
        .map(|k| {
            let owner = owner_name(k);
            let email = k.owner.user.as_ref().and_then(|u| u.email.as_deref());
            let searched = owners.text([&owner, email.unwrap_or(""), k.owner.id().unwrap_or("")]);
            let name_len = text.push([&k.name, &k.id, &k.redacted_value], searched);
            (owner, name_len)
        })
        .collect();
    let text = Arc::new(text.done());
    let rows = keys
        .iter()
        .zip(made)
        .enumerate()
        .map(|(at, (k, (owner, name_len)))| {
            let place = (&text, at as u32, name_len);
            Arc::new(KeyRow::new(&shared, place, k, owner, owners))
        });
    Arc::new(rows.collect())
}

/// The name shown for a key's owner.
fn owner_name(key: &ProjectApiKey) -> String {
    match (&key.owner.service_account, &key.owner.user) {
        (Some(s), _) => s.name.clone().unwrap_or_else(|| s.id.clone()),
        (None, Some(u)) => u
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| u.email.clone())
            .unwrap_or_else(|| u.id.clone()),
        (None, None) => "Unknown".into(),
    }
}

/// A string's first eight bytes as a number that sorts as the string does (ties aside).
fn prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

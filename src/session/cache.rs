//! What each read of the API depends on, and which writes made it stale: TanStack Query's query
//! keys, kept simple. A read tracks its own topic only; a write names exactly the topics it
//! touched, so one project's users are read again after a role change and nothing else is.

use leptos::prelude::*;
use std::collections::HashMap;

/// A piece of the organization a view reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// The project list (outside the inventory scan).
    Projects,
    /// One project's own record: name, status.
    Project(String),
    ProjectUsers(String),
    ServiceAccounts(String),
    RateLimits(String),
    /// One project's guard rails (spend limit, alerts, models, tools, retention, tiers), or the
    /// organization's (`None`).
    GuardRails(Option<String>),
    /// One key's record, by key ID.
    Key(String),
    OrgUsers,
    Invites,
    Certificates,
    /// Groups, their members and where they are given access.
    Groups,
    /// Organization and project roles, and who holds them.
    Roles,
    AdminKeys,
    /// Workload identity providers and their federation rules.
    Keyless,
    AuditLog,
}

/// Every topic's version: a write bumps what it touched. `Copy`; lives as long as the app.
#[derive(Clone, Copy)]
pub struct Cache {
    versions: RwSignal<HashMap<Topic, u32>>,
}

impl Default for Cache {
    fn default() -> Self {
        Self::new()
    }
}

impl Cache {
    pub fn new() -> Self {
        Self {
            versions: RwSignal::new(HashMap::new()),
        }
    }

    /// A signal of one topic's version that notifies only when that topic changes. Read it with
    /// `get()`: a memo is lazy, and `track()` alone never runs it, so it would never notify.
    pub fn version(&self, topic: Topic) -> Memo<u32> {
        let versions = self.versions;
        Memo::new(move |_| versions.with(|m| m.get(&topic).copied().unwrap_or(0)))
    }

    /// A topic's version now, untracked (to tell whether what was read from it is current).
    pub fn current(&self, topic: &Topic) -> u32 {
        self.versions
            .try_with_untracked(|m| m.get(topic).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Marks topics stale: the views that read them read again, keeping what they show until
    /// the new answer arrives. Safe after the view that wrote is gone. Every write leaves an
    /// audit event, so the audit log is always among them.
    pub fn invalidate(&self, topics: impl IntoIterator<Item = Topic>) {
        self.versions.try_update(|m| {
            for t in topics.into_iter().chain([Topic::AuditLog]) {
                *m.entry(t).or_default() += 1;
            }
        });
    }
}

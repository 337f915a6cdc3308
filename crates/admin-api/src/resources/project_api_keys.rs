//! A project's API keys: list, retrieve, update (scopes, expiry; SDK 3.54), delete, and the
//! bulk work over them: the scan of many projects and the revoke of many keys.

use crate::engine::client::Listing;
use crate::engine::client::{Client, push_after, q};
use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use crate::resources::projects::project_path;
use crate::revoke::{RevokeOutcome, confirm_gone, outcome_of_delete};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

/// Filters for listing a project's keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyListQuery {
    /// `active`, `inactive` or `any`; `None` leaves the API's default.
    pub owner_project_access: Option<String>,
    pub limit: Option<u32>,
}

fn key_path(project_id: &str, key_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/api_keys/{}",
        project_path(project_id)?,
        segment(key_id)?
    ))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OwnerAccess {
    Active,
    Inactive,
    /// A value this version doesn't know, or none.
    #[default]
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerType {
    User,
    ServiceAccount,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnerUser {
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: Option<i64>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnerServiceAccount {
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: Option<i64>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Owner {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OwnerType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<OwnerUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<OwnerServiceAccount>,
}

impl Owner {
    pub fn is_service_account(&self) -> bool {
        self.kind == Some(OwnerType::ServiceAccount)
            || (self.kind.is_none() && self.service_account.is_some())
    }
    /// "Ada Lovelace <ada@…>" or "service account: deploy-bot", for lists and exports.
    pub fn label(&self) -> String {
        if let Some(sa) = &self.service_account {
            return format!("Service account {}", sa.name.as_deref().unwrap_or(&sa.id));
        }
        match &self.user {
            Some(u) => match (&u.name, &u.email) {
                (Some(n), Some(e)) if !n.is_empty() => format!("{n} <{e}>"),
                (_, Some(e)) => e.clone(),
                (Some(n), None) => n.clone(),
                (None, None) => u.id.clone(),
            },
            None => "Unknown owner".into(),
        }
    }
    pub fn id(&self) -> Option<&str> {
        self.service_account
            .as_ref()
            .map(|s| s.id.as_str())
            .or(self.user.as_ref().map(|u| u.id.as_str()))
    }
}

/// A project API key (never its secret: only the redacted value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectApiKey {
    /// The API's constant, shared by every key rather than copied into each (see
    /// [`api_key_object_name`]).
    #[serde(default = "api_key_object", deserialize_with = "object_de")]
    pub object: Cow<'static, str>,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub redacted_value: String,
    pub created_at: i64,
    /// Required but nullable: never used.
    #[serde(default)]
    pub last_used_at: Option<i64>,
    #[serde(default)]
    pub owner_project_access: OwnerAccess,
    /// Shared: an organization has far fewer owners than keys, and a key that holds its own
    /// copy of its owner's record costs some 300 bytes more (see `Inventory::apply`).
    #[serde(default)]
    pub owner: Arc<Owner>,
    /// SDK 3.54: null means it never expires. Absent in the 2026-08 spec.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// What the API calls a project API key.
pub const API_KEY_OBJECT: &str = "organization.project.api_key";

fn api_key_object() -> Cow<'static, str> {
    Cow::Borrowed(API_KEY_OBJECT)
}

/// A key's `object` as read: the API's own constant is kept once for every key, anything else
/// as it came.
pub fn api_key_object_name(object: String) -> Cow<'static, str> {
    if object == API_KEY_OBJECT {
        Cow::Borrowed(API_KEY_OBJECT)
    } else {
        Cow::Owned(object)
    }
}

fn object_de<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Cow<'static, str>, D::Error> {
    String::deserialize(d).map(api_key_object_name)
}

/// Body of `POST …/api_keys/{id}` (SDK 3.54). `scopes: []` means all permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UpdateApiKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
}

impl<T: Transport> Client<T> {
    pub async fn list_api_keys(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        after: Option<&str>,
    ) -> Result<Page<ProjectApiKey>, ApiError> {
        let mut query = q(&[("limit", filter.limit.unwrap_or(100).to_string())]);
        if let Some(access) = &filter.owner_project_access {
            query.push(("owner_project_access".into(), access.clone()));
        }
        push_after(&mut query, after);
        self.get(&format!("{}/api_keys", project_path(project_id)?), &query)
            .await
    }

    /// Every key of a project; `progress` gets the running count after each page.
    pub async fn all_api_keys(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        progress: impl FnMut(usize),
    ) -> Result<Vec<ProjectApiKey>, ApiError> {
        self.collect(
            async |after| self.list_api_keys(project_id, filter, after).await,
            progress,
        )
        .await
    }

    pub async fn retrieve_api_key(
        &self,
        project_id: &str,
        key_id: &str,
    ) -> Result<ProjectApiKey, ApiError> {
        self.get(&key_path(project_id, key_id)?, &Vec::new()).await
    }

    /// SDK 3.54: change scopes and/or expiry. Sent once.
    pub async fn update_api_key(
        &self,
        project_id: &str,
        key_id: &str,
        update: &UpdateApiKey,
    ) -> Result<ProjectApiKey, ApiError> {
        self.post(&key_path(project_id, key_id)?, update).await
    }

    /// Sends exactly one DELETE. See [`RevokeOutcome`] for reading the result.
    pub async fn delete_api_key(
        &self,
        project_id: &str,
        key_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &key_path(project_id, key_id)?, None)
            .await
    }

    /// One DELETE, and when its outcome is unknown, one (retried) GET to learn the truth.
    pub async fn revoke_api_key(&self, project_id: &str, key_id: &str) -> RevokeOutcome {
        self.paced().await;
        self.revoke_now(project_id, key_id).await
    }

    /// [`Client::revoke_api_key`] for a caller that has already waited its turn.
    async fn revoke_now(&self, project_id: &str, key_id: &str) -> RevokeOutcome {
        let path = match key_path(project_id, key_id) {
            Ok(path) => path,
            // Refused before sending: the key is untouched.
            Err(e) => return RevokeOutcome::NotRevoked(e),
        };
        let sent = self.send_now(Method::Delete, &path, None).await;
        match outcome_of_delete(key_id, sent) {
            RevokeOutcome::Unknown(original) if original.kind != ErrorKind::Cancelled => {
                confirm_gone(original, self.retrieve_api_key(project_id, key_id).await)
            }
            other => other,
        }
    }

    /// Revokes `targets` (project ID, key ID), up to `concurrency` at once, with one DELETE each
    /// for those keys and no other; a DELETE is never sent twice. Every DELETE waits its turn
    /// under the shared pace and the rate-limit window, then asks `go(index)` right before it is
    /// sent: once that says no (Stop), or the session is locked, or the admin key is rejected,
    /// nothing more is sent. `report(index, outcome)` follows each attempt, in the order they end.
    /// Returns how many were attempted.
    pub async fn revoke_many(
        &self,
        targets: &[(String, String)],
        concurrency: usize,
        go: impl Fn(usize) -> bool,
        mut report: impl FnMut(usize, RevokeOutcome),
    ) -> usize {
        use futures_util::stream::{self, StreamExt};
        let halted = Cell::new(false);
        let (go, halted) = (&go, &halted);
        let mut runs = stream::iter(targets.iter().enumerate().map(
            |(i, (project, key))| async move {
                if !halted.get() {
                    self.paced().await;
                }
                if halted.get() || !go(i) {
                    halted.set(true);
                    return None;
                }
                let outcome = self.revoke_now(project, key).await;
                let fatal = outcome
                    .error()
                    .is_some_and(|e| e.kind == ErrorKind::Cancelled || e.is_auth());
                if fatal {
                    halted.set(true);
                }
                Some((i, outcome))
            },
        ))
        .buffer_unordered(concurrency.max(1));
        let mut attempted = 0;
        while let Some(done) = runs.next().await {
            if let Some((i, outcome)) = done {
                attempted += 1;
                report(i, outcome);
            }
        }
        attempted
    }

    /// Every key of a project from `after` on, keeping what it got when a page fails.
    pub async fn list_keys_from(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        after: Option<String>,
    ) -> Listing<ProjectApiKey> {
        self.list_keys_until(project_id, filter, after, &|| false)
            .await
    }

    /// [`Client::list_keys_from`] that asks no more pages once `stop` says so (the listing then
    /// ends with [`ErrorKind::Stopped`] and where to resume).
    pub async fn list_keys_until(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        after: Option<String>,
        stop: &dyn Fn() -> bool,
    ) -> Listing<ProjectApiKey> {
        self.listing(
            async |after| {
                if stop() {
                    return Err(ApiError::stopped());
                }
                self.list_api_keys(project_id, filter, after).await
            },
            after,
        )
        .await
    }

    /// The keys of many projects, at most `concurrency` listings at once (each one request at a
    /// time), in the fewest requests the API allows. `next` gives the project to list next, so
    /// a caller can move one to the front while the scan runs; `stop` ends the scan: no listing
    /// starts and no page is asked for after it says yes (each ends with [`ErrorKind::Stopped`]
    /// and where to resume). `done` gets each project's listing as soon as it ends, complete or
    /// not; nothing is dropped.
    pub async fn scan_keys(
        &self,
        mut next: impl FnMut() -> Option<String>,
        filter: &KeyListQuery,
        concurrency: usize,
        stop: impl Fn() -> bool,
        mut done: impl FnMut(&str, Listing<ProjectApiKey>),
    ) {
        use futures_util::stream::{self, StreamExt};
        let stop = &stop;
        let ids = stream::poll_fn(move |_| std::task::Poll::Ready(next()));
        let mut runs = ids
            .map(|id| async move {
                let listing = self.list_keys_until(&id, filter, None, stop).await;
                (id, listing)
            })
            .buffer_unordered(concurrency.max(1));
        while let Some((id, listing)) = runs.next().await {
            done(&id, listing);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key read holds the API's `object` constant itself, not a copy (100,000 keys would
    /// hold 3 MB of copies); another value, or none, reads as before, and writes back the same.
    #[test]
    fn keys_read_share_the_object_constant() {
        let read = |object: Option<&str>| -> ProjectApiKey {
            let mut key = serde_json::json!({"id": "key_1", "created_at": 1});
            if let Some(o) = object {
                key["object"] = o.into();
            }
            serde_json::from_value(key).unwrap()
        };
        for key in [read(Some(API_KEY_OBJECT)), read(None)] {
            assert!(matches!(key.object, Cow::Borrowed(API_KEY_OBJECT)));
        }
        let other = read(Some("organization.project.api_key.v2"));
        assert!(matches!(other.object, Cow::Owned(_)));
        assert_eq!(other.object, "organization.project.api_key.v2");
        let back = serde_json::to_value(&other).unwrap();
        assert_eq!(back["object"], "organization.project.api_key.v2");
    }
}

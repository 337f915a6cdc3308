//! Reading every key's permissions, a job of the session: the audit log's key events (created,
//! updated), every page, after the key scan so it never crowds it. Keys whose events the log
//! no longer holds stay unknown; a log that fails part-way keeps what it read and says so.

use crate::logic::permissions::{KeyEvent, PermissionsState, scopes_by_key};
use crate::session::Session;
use crate::session::flag::first_of;
use crate::session::jobs::{JobData, JobStatus};
use crate::work::inventory;
use admin_api::AuditQuery;
use leptos::prelude::*;

/// The key events whose `scopes` tell a key's permissions.
const EVENTS: [&str; 2] = ["api_key.created", "api_key.updated"];

/// Reads permissions unless this session has them (or is reading them).
pub fn ensure(session: Session) {
    let started = session
        .permissions
        .try_with_untracked(|p| p.running || p.loaded);
    if started == Some(false) {
        load(session);
    }
}

/// Reads every key's permissions again (Retry).
pub fn load(session: Session) {
    let Some(api) = session.api() else { return };
    session.permissions.set(PermissionsState {
        running: true,
        ..PermissionsState::default()
    });
    let title = "Read every key's permissions from the audit log".to_owned();
    session.work.start(JobData::Permissions, title, |job| async move {
        job.note("Waiting for the key scan to finish…");
        first_of(inventory::scanned(session), job.stopped()).await;
        job.note("Reading the audit log's key events…");
        let query = AuditQuery {
            event_types: EVENTS.map(str::to_owned).to_vec(),
            limit: Some(100),
            ..AuditQuery::default()
        };
        // Each page's events become what they tell of keys' scopes as the page arrives.
        let listing = api
            .listing(
                async |after| {
                    let mut q = query.clone();
                    q.after = after.map(str::to_owned);
                    let page = api.list_audit_logs(&q).await?;
                    Ok(page.map(|event| KeyEvent::of(&event)))
                },
                None,
            )
            .await;
        let scopes = scopes_by_key(listing.items);
        let error = listing.error;
        // Every key's findings change with it, in each table: after any keystroke waiting.
        crate::platform::browser::background_turn().await;
        if !job.live() {
            return;
        }
        let known = scopes.len();
        let failed = error.as_ref().map(|e| e.summary());
        session.permissions.try_update(|p| {
            p.scopes = scopes;
            p.error = error;
            p.running = false;
            p.loaded = true;
        });
        match failed {
            Some(why) => job.finish(
                JobStatus::Failed(why),
                format!("Permissions are known for {known} keys; the rest of the log could not be read."),
            ),
            None => {
                job.finish(JobStatus::Done, format!("Permissions known for {known} keys."));
                session.work.dismiss(job.id);
            }
        }
    });
}

/// A write set a key's scopes: the table knows at once, without reading the log again.
pub fn set(session: Session, key_id: &str, scopes: Vec<String>) {
    session.permissions.try_update(|p| {
        p.scopes.insert(key_id.to_owned(), scopes);
    });
}

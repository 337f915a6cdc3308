//! The inventory scan: every project's keys, at most [`CONCURRENCY`] listings at once, paced as
//! a whole when the API pushes back. Owned by the session: views read [`AppState::inventory`];
//! Lock ends the scan with every other request; a revoke updates it in place.

use crate::logic::inventory::Inventory;
use crate::logic::keys::all_keys;
use crate::state::{Api, AppState, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Listings in flight at once: enough to fill a browser's six connections per host.
pub const CONCURRENCY: usize = 6;

/// Starts the scan unless this session has one (running, or finished).
pub fn ensure(app: AppState) {
    let started = app
        .inventory
        .with_untracked(|i| i.running || !i.projects.is_empty());
    if !started {
        refresh(app);
    }
}

/// Scans the organization again from the start (the Refresh button).
pub fn refresh(app: AppState) {
    let Some(session) = app.current() else { return };
    if app.inventory.with_untracked(|i| i.running) {
        return;
    }
    // Marked running at once, so whoever waits for the scan sees it before its first request.
    app.inventory.set(Inventory {
        running: true,
        ..Inventory::default()
    });
    spawn_local(scan(app, session));
}

/// Lists the projects, then every project's keys. Returns when all listings have ended.
async fn scan(app: AppState, session: Session) {
    let lifetime = session.lifetime().clone();
    let api: Rc<Api> = session.api;
    let write = |f: &dyn Fn(&mut Inventory)| {
        if !lifetime.is_ended() {
            app.inventory.try_update(|i| f(i));
        }
    };
    let projects = match api.all_projects(true).await {
        Ok(p) => p,
        Err(e) => {
            write(&|i| {
                i.listing_error = Some(e.clone());
                i.running = false;
            });
            return;
        }
    };
    let ids: Vec<String> = projects.iter().map(|p| p.id.clone()).collect();
    write(&|i| i.set_projects(projects.clone()));
    api.scan_keys(&ids, &all_keys(), CONCURRENCY, |id, listing| {
        if !lifetime.is_ended() {
            app.inventory.try_update(|i| i.apply(id, true, listing));
        }
    })
    .await;
    write(&|i| i.running = false);
}

/// Retries only what did not finish: each failed listing from where it stopped.
pub async fn resume(app: AppState) {
    let Some(session) = app.current() else { return };
    let lifetime = session.lifetime().clone();
    let unfinished = app.inventory.with_untracked(Inventory::unfinished);
    for (id, after) in unfinished {
        let from_start = after.is_none();
        let listing = session.api.list_keys_from(&id, &all_keys(), after).await;
        if lifetime.is_ended() {
            return;
        }
        app.inventory
            .try_update(|i| i.apply(&id, from_start, listing));
    }
}

/// Re-reads one project's keys (after a key was created or rotated there).
pub fn refresh_project(app: AppState, project_id: String) {
    let Some(session) = app.current() else { return };
    if app.inventory.with_untracked(|i| i.projects.is_empty()) {
        return;
    }
    spawn_local(async move {
        let listing = session
            .api
            .list_keys_from(&project_id, &all_keys(), None)
            .await;
        if !session.lifetime().is_ended() {
            app.inventory
                .try_update(|i| i.apply(&project_id, true, listing));
        }
    });
}

//! The inventory scan, a job of the session: every project's keys, a few listings at once (the
//! user picks how many), paced as a whole when the API pushes back. Views read
//! [`AppState::inventory`]; Stop ends the scan after the pages in flight; Lock ends it with
//! every other request; revokes, creations and rotations update it in place.

use crate::logic::inventory::{Inventory, PartState};
use crate::logic::keys::all_keys;
use crate::state::{Api, AppState, Session};
use crate::work::flag::Flag;
use crate::work::jobs::{JobHandle, JobKind, JobStatus};
use admin_api::types::Project;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

thread_local! {
    /// Set when the running scan ends (or the session does): export and usage await it.
    static SCAN_ENDED: RefCell<Flag> = RefCell::new(Flag::new());
}

/// Resolves once the session's scan is not running: at once when none runs, else when it ends,
/// stops or is cut short by Lock.
pub fn scanned(app: AppState) -> impl Future<Output = ()> + 'static {
    let running = app.inventory.try_with_untracked(|i| i.running) == Some(true);
    let wait = SCAN_ENDED.with(|f| f.borrow().wait());
    async move {
        if running {
            wait.await;
        }
    }
}

/// Tells whoever awaits the scan that it has ended.
pub fn scan_ended() {
    SCAN_ENDED.with(|f| f.borrow().set());
}

/// The inventory's project list, for a view: it changes once per scan, not with every key
/// listing that arrives (the list is shared, so a new one is told by its pointer).
pub fn projects(app: AppState) -> Memo<Arc<Vec<Project>>> {
    Memo::new_with_compare(
        move |_| app.inventory.with(|i| i.projects.clone()),
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    )
}

/// Starts the scan unless this session has one (running, or finished).
pub fn ensure(app: AppState) {
    let started = app
        .inventory
        .with_untracked(|i| i.running || !i.projects.is_empty() || i.listing_error.is_some());
    if !started {
        refresh(app);
    }
}

/// Starts the scan if need be, and lists this project before the others still waiting (or
/// at once, if it is an archived project the scan leaves out).
pub fn watch(app: AppState, project_id: &str) {
    ensure(app);
    app.inventory.update_untracked(|i| i.prioritise(project_id));
    let skipped = app.inventory.with_untracked(|i| {
        i.parts
            .get(project_id)
            .is_some_and(|p| p.state == PartState::Skipped)
    });
    if skipped {
        refresh_project(app, project_id.to_owned());
    }
}

/// Scans the organization again from the start (the Refresh button).
pub fn refresh(app: AppState) {
    let Some(session) = app.current() else { return };
    if app.inventory.with_untracked(|i| i.running) {
        return;
    }
    // Marked running at once, so whoever waits for the scan sees it before its first request.
    SCAN_ENDED.with(|f| *f.borrow_mut() = Flag::new());
    app.inventory.set(Inventory {
        running: true,
        ..Inventory::default()
    });
    let job = app.work.add(
        session.lifetime(),
        JobKind::Scan,
        "Scan every project's keys".into(),
        None,
    );
    spawn_local(scan(app, session, job));
}

/// Asks the running scan to stop after the pages in flight.
pub fn stop(app: AppState) {
    if let Some(id) = app.work.running_id(JobKind::Scan) {
        app.work.stop(id);
    }
}

/// Lists the projects, then every project's keys. Returns when all listings have ended.
async fn scan(app: AppState, session: Session, job: JobHandle) {
    let api: Rc<Api> = session.api;
    let write = |f: &dyn Fn(&mut Inventory)| {
        if job.live() {
            app.inventory.try_update(|i| f(i));
        }
    };
    job.note("Listing projects…");
    let listing = api
        .listing(
            async |after| api.list_projects(true, 100, after).await,
            None,
        )
        .await;
    if listing.items.is_empty()
        && let Some(e) = listing.error
    {
        write(&|i| {
            i.listing_error = Some(e.clone());
            i.running = false;
        });
        job.finish(JobStatus::Failed(e.summary()), "");
        scan_ended();
        return;
    }
    // A list that failed part-way keeps what it read: those projects are scanned as usual.
    let archived = app.scan_archived.get_untracked();
    write(&|i| i.set_partial_projects(listing.clone(), archived));
    let lanes = app.scan_lanes.get_untracked();
    let should_stop = || job.should_stop();
    let next = || {
        if should_stop() {
            return None;
        }
        app.inventory
            .try_update_untracked(Inventory::next_queued)
            .flatten()
    };
    api.scan_keys(next, &all_keys(), lanes, should_stop, |id, listing| {
        if job.live() {
            app.inventory.try_update(|i| i.apply(id, true, listing));
            let (done, total, keys) = app.inventory.with_untracked(Inventory::progress);
            job.update(|j| {
                j.progress = (done, total);
                j.note = format!("{done} of {total} projects, {keys} keys so far");
            });
        }
    })
    .await;
    let stopped = job.should_stop();
    write(&|i| {
        if stopped {
            i.stop_waiting();
        }
        i.running = false;
    });
    scan_ended();
    let (done, total, keys) = app.inventory.with_untracked(Inventory::progress);
    if stopped {
        job.finish(
            JobStatus::Failed("Stopped.".into()),
            format!(
                "Stopped with {keys} keys from {done} of {total} projects; what was read is kept."
            ),
        );
    } else {
        job.finish(JobStatus::Done, format!("{keys} keys in {total} projects."));
        // The Projects page and the key tables show the result; the finished job adds nothing.
        app.work.dismiss(job.id);
    }
}

/// Retries only what did not finish: the project list from where it stopped, then each
/// project's listing that failed, from where it stopped, and each new project's.
pub async fn resume(app: AppState) {
    let Some(session) = app.current() else { return };
    let lifetime = session.lifetime().clone();
    let rest = app
        .inventory
        .with_untracked(|i| i.listing_error.as_ref().and(i.projects_resume.clone()));
    if let Some(after) = rest {
        let api = &session.api;
        let listing = api
            .listing(
                async |after| api.list_projects(true, 100, after).await,
                after,
            )
            .await;
        if lifetime.is_ended() {
            return;
        }
        let archived = app.scan_archived.get_untracked();
        app.inventory
            .try_update(|i| i.add_projects(listing, archived));
    }
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

//! The inventory scan, a job of the session: every project's keys, a few listings at once (the
//! user picks how many), paced as a whole when the API pushes back. Views read
//! [`Session::inventory`]; Stop ends the scan after the pages in flight; Lock ends it with
//! every other request; revokes, creations and rotations update it in place.

use crate::logic::inventory::{Inventory, PartState};
use crate::logic::keys::all_keys;
use crate::platform::browser;
use crate::platform::job_worker::JobWorker;
use crate::session::cache::Topic;
use crate::session::jobs::{JobData, JobHandle, JobKind, JobStatus};
use crate::session::{Api, Session};
use admin_api::types::{Project, ProjectApiKey};
use admin_api::{ApiError, ErrorKind, Listing};
use futures::channel::mpsc;
use futures::future::select;
use futures::stream::{self, Stream, StreamExt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// Resolves once the session's scan is not running: at once when none runs, else when it ends,
/// stops or is cut short by Lock.
pub fn scanned(session: Session) -> impl Future<Output = ()> + 'static {
    session.work.until_done(JobKind::Scan)
}

/// The inventory's project list, for a view: it changes once per scan, not with every key
/// listing that arrives (the list is shared, so a new one is told by its pointer).
pub fn projects(session: Session) -> Memo<Arc<Vec<Project>>> {
    Memo::new_with_compare(
        move |_| session.inventory.with(|i| i.projects.clone()),
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    )
}

/// Starts the scan unless this session has one (running, or finished).
pub fn ensure(session: Session) {
    let started = session
        .inventory
        .try_with_untracked(|i| i.running || !i.projects.is_empty() || i.listing_error.is_some());
    if started == Some(false) {
        refresh(session);
    }
}

/// Starts the scan if need be, and lists this project before the others still waiting (or
/// at once, if it is an archived project the scan leaves out).
pub fn watch(session: Session, project_id: &str) {
    ensure(session);
    let skipped = session.inventory.try_update_untracked(|i| {
        i.prioritise(project_id);
        i.parts
            .get(project_id)
            .is_some_and(|p| p.state == PartState::Skipped)
    });
    if skipped == Some(true) {
        refresh_project(session, project_id.to_owned());
    }
}

/// Scans the organization again from the start (the Refresh button).
pub fn refresh(session: Session) {
    if session.inventory.try_with_untracked(|i| i.running) != Some(false) {
        return;
    }
    let Some(api) = session.api() else { return };
    // Marked running at once, so whoever waits for the scan sees it before its first request.
    // What this session revoked stays known (the audit log names those keys).
    let gone = session
        .inventory
        .try_update_untracked(|i| std::mem::take(&mut i.gone))
        .unwrap_or_default();
    session.inventory.set(Inventory {
        running: true,
        gone,
        ..Inventory::default()
    });
    session
        .work
        .start(JobData::Scan, "Scan every project's keys".into(), |job| {
            scan(session, api, job)
        });
}

/// Scans again with the current preferences: a scan that is running (started with the old
/// ones) is stopped first, and the new one starts once it has ended.
pub fn restart(session: Session) {
    let old = session.work.running_id(JobKind::Scan);
    stop(session);
    let ended = scanned(session);
    spawn_local(async move {
        ended.await;
        // The stopped scan was replaced, not cut short: its entry says nothing worth keeping.
        if let Some(id) = old {
            session.work.dismiss(id);
        }
        refresh(session);
    });
}

/// Asks the running scan to stop after the pages in flight.
pub fn stop(session: Session) {
    if let Some(id) = session.work.running_id(JobKind::Scan) {
        session.work.stop(id);
    }
}

/// Lists the projects, and every project's keys as its page of the project list comes, in the
/// scan's worker or else in the page. Returns when all listings have ended.
async fn scan(session: Session, api: Rc<Api>, job: JobHandle) {
    let write = |f: &dyn Fn(&mut Inventory)| {
        if job.live() {
            session.inventory.try_update(|i| f(i));
        }
    };
    job.note("Listing projects…");
    // A worker for this scan, ended once its listings are: what reading a thousand listings left
    // in its memory goes with it. Started first, so it is ready by the first page of projects.
    let started = session.start_worker();
    let archived = session.prefs.scan_archived.get_untracked();
    // Each page of projects wakes the worker's listings; the sender dropped says the list ended.
    let (more, pages) = mpsc::unbounded::<()>();
    // The list read whole is the session's project list too: from before it started, as a
    // project made meanwhile may be missing from it.
    let (version, started_at) = (session.cache.current(&Topic::Projects), browser::now());
    let projects = async {
        let listing = api
            .listing_each(
                async |after| api.list_projects(true, 100, after).await,
                None,
                |page| {
                    write(&|i| i.append_projects(page, archived));
                    let _ = more.unbounded_send(());
                },
            )
            .await;
        drop(more);
        // Said now, while few keys are in: every change to the inventory costs the views a pass.
        write(&|i| i.end_project_listing(listing.error.clone(), listing.resume.clone()));
        if listing.error.is_none() && job.live() {
            let list = session.inventory.try_with_untracked(|i| i.projects.clone());
            if let Some(list) = list {
                session.keep_projects(list, version, started_at);
            }
        }
        listing
    };
    let lanes = session.prefs.scan_lanes.get_untracked();
    let should_stop = || job.should_stop();
    let queued = || {
        if should_stop() {
            return None;
        }
        session
            .inventory
            .try_update_untracked(Inventory::next_queued)
            .flatten()
    };
    // What a failed worker could not list, the page lists first, at the user's pace.
    let unlisted = RefCell::new(VecDeque::new());
    let next = || match should_stop() {
        true => None,
        false => unlisted.borrow_mut().pop_front().or_else(queued),
    };
    let arrivals = Rc::new(RefCell::new(Arrivals::default()));
    let arrived = |id: &str, listing: Listing<ProjectApiKey>| {
        if !job.live() {
            return;
        }
        let mut a = arrivals.borrow_mut();
        a.pending.push((id.to_owned(), listing));
        if !a.applying {
            a.applying = true;
            spawn_local(apply_in_batches(session, job.clone(), arrivals.clone()));
        }
    };
    let keys = async {
        let ids = waiting_for_projects(pages, queued);
        let Some(worker) = started.as_deref() else {
            // No worker (the single file, a page opened from disk, the demo): the page lists.
            list_in_page(&api, ids, lanes, &should_stop, &arrived).await;
            return;
        };
        let listed = list_in_worker(&api, worker, ids, lanes, |id, listing| match listing {
            Some(listing) => arrived(id, listing),
            None => unlisted.borrow_mut().push_back(id.to_owned()),
        });
        // Stop reaches the worker's listings at once, not when the next one would start.
        let stopped = async {
            job.stopped().await;
            worker.stop();
            std::future::pending::<()>().await
        };
        select(Box::pin(listed), Box::pin(stopped)).await;
    };
    let (listing, ()) = futures::join!(projects, keys);
    session.end_worker(started);
    if listing.items.is_empty()
        && let Some(e) = listing.error
    {
        write(&|i| {
            i.listing_error = Some(e.clone());
            i.running = false;
        });
        job.finish(JobStatus::Failed(e.summary()), "");
        return;
    }
    // A list that failed part-way keeps what it read: those projects are scanned as usual.
    api.scan_keys(next, &all_keys(), lanes, should_stop, &arrived)
        .await;
    // What is still waiting goes in now, with the scan's end: one change for the views to follow
    // (each costs them a pass over every key).
    let rest = std::mem::take(&mut arrivals.borrow_mut().pending);
    let stopped = job.should_stop();
    if job.live() {
        session.inventory.try_update(|i| {
            for (id, listing) in rest {
                i.apply(&id, true, listing);
            }
            if stopped {
                i.stop_waiting();
            }
            i.running = false;
        });
    }
    let Some((done, total, keys)) = session.inventory.try_with_untracked(Inventory::progress)
    else {
        return;
    };
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
        session.work.dismiss(job.id);
    }
}

/// The projects waiting for their keys, in the order the inventory gives them, while the project
/// list is read: when none waits, the next page of projects (or the list's end, `pages` closed).
fn waiting_for_projects(
    pages: mpsc::UnboundedReceiver<()>,
    queued: impl Fn() -> Option<String>,
) -> impl Stream<Item = String> {
    stream::unfold((Some(pages), queued), async |(mut pages, queued)| {
        loop {
            if let Some(id) = queued() {
                return Some((id, (pages, queued)));
            }
            // None waits: the next page of projects may bring some; after the list's end, none
            // comes (and after Stop, `queued` gives none).
            if pages.as_mut()?.next().await.is_none() {
                pages = None;
            }
        }
    })
}

/// [`Client::scan_keys`](admin_api::Client::scan_keys) over projects as they come: `lanes`
/// listings at once, in the page.
async fn list_in_page(
    api: &Api,
    ids: impl Stream<Item = String>,
    lanes: usize,
    stop: &dyn Fn() -> bool,
    mut done: impl FnMut(&str, Listing<ProjectApiKey>),
) {
    let filter = all_keys();
    let filter = &filter;
    let runs = ids
        .map(|id| async move {
            let listing = api.list_keys_until(&id, filter, None, stop).await;
            (id, listing)
        })
        .buffer_unordered(lanes.max(1));
    let mut runs = std::pin::pin!(runs);
    while let Some((id, listing)) = runs.next().await {
        done(&id, listing);
    }
}

/// [`Client::scan_keys`](admin_api::Client::scan_keys) with each listing read in the scan's
/// worker: `lanes` at once, the next project taken as one ends. `done` gets `None` for a project
/// the worker could not list (it failed): once it has, every project left comes back so.
async fn list_in_worker(
    api: &Api,
    worker: &JobWorker,
    ids: impl Stream<Item = String>,
    lanes: usize,
    mut done: impl FnMut(&str, Option<Listing<ProjectApiKey>>),
) {
    let runs = ids
        .map(|id| async move {
            let listing = worker.list(&id, lanes).await;
            let rejected = |e: &ApiError| e.kind == ErrorKind::InvalidKey;
            if listing
                .as_ref()
                .and_then(|l| l.error.as_ref())
                .is_some_and(rejected)
            {
                // Not seen by the page's transport, which locks when the key is refused.
                api.transport().lifetime.rejected();
            }
            (id, listing)
        })
        // Twice the lanes asked for: the worker starts the next listing as one ends, even while
        // the page is busy putting in what came (it runs no more than `lanes` at once).
        .buffer_unordered(lanes.max(1) * 2);
    let mut runs = std::pin::pin!(runs);
    while let Some((id, listing)) = runs.next().await {
        done(&id, listing);
    }
}

/// The pause after a batch, per millisecond it took (5 and 10 measured at 100,000 keys: with
/// the listings read in the worker, 10 leaves the main thread free 82 % of the scan, not 73 %,
/// and the scan ends sooner, with more of two cores left for the worker).
const PAUSE_PER_COST: f64 = 10.0;

/// Listings the scan read that are not in the inventory yet. Every view of the keys works over the
/// whole inventory when it changes, which at 100,000 keys costs tens of milliseconds: applied one
/// by one as they came, they kept the main thread busy for the whole scan. They are applied
/// together instead, and not again before ten times what that took has passed (at least a
/// frame): the page's own work stays a small share of the main thread at any size (measured in
/// scripts/bench.mjs). What is waiting when the scan ends goes in at once.
#[derive(Default)]
struct Arrivals {
    pending: Vec<(String, Listing<ProjectApiKey>)>,
    /// A task applies them (and sleeps between batches).
    applying: bool,
}

async fn apply_in_batches(session: Session, job: JobHandle, arrivals: Rc<RefCell<Arrivals>>) {
    loop {
        let batch = std::mem::take(&mut arrivals.borrow_mut().pending);
        if batch.is_empty() {
            arrivals.borrow_mut().applying = false;
            return;
        }
        let t0 = browser::now_ms();
        apply_batch(session, &job, batch);
        // The views recompute in the microtasks that follow: a macrotask later, they are done.
        gloo_timers::future::sleep(Duration::ZERO).await;
        let cost = browser::now_ms() - t0;
        gloo_timers::future::sleep(Duration::from_secs_f64(
            (cost * PAUSE_PER_COST).max(16.0) / 1000.0,
        ))
        .await;
    }
}

fn apply_batch(session: Session, job: &JobHandle, batch: Vec<(String, Listing<ProjectApiKey>)>) {
    if batch.is_empty() || !job.live() {
        return;
    }
    session.inventory.try_update(|i| {
        for (id, listing) in batch {
            i.apply(&id, true, listing);
        }
    });
    let (done, total, keys) = session
        .inventory
        .try_with_untracked(Inventory::progress)
        .unwrap_or_default();
    job.update(|j| {
        j.progress = (done, total);
        j.note = format!("{done} of {total} projects, {keys} keys so far");
    });
}

/// Retries only what did not finish: the project list from where it stopped, then each
/// project's listing that failed, from where it stopped, and each new project's.
pub async fn resume(session: Session) {
    let (Some(api), Some(lifetime)) = (session.api(), session.lifetime()) else {
        return;
    };
    let rest = session
        .inventory
        .try_with_untracked(|i| i.listing_error.as_ref().and(i.projects_resume.clone()))
        .flatten();
    if let Some(after) = rest {
        let listing = api
            .listing(
                async |after| api.list_projects(true, 100, after).await,
                after,
            )
            .await;
        if lifetime.is_ended() {
            return;
        }
        let archived = session.prefs.scan_archived.get_untracked();
        session
            .inventory
            .try_update(|i| i.add_projects(listing, archived));
    }
    let unfinished = session
        .inventory
        .try_with_untracked(Inventory::unfinished)
        .unwrap_or_default();
    for (id, after) in unfinished {
        let from_start = after.is_none();
        let listing = api.list_keys_from(&id, &all_keys(), after).await;
        if lifetime.is_ended() {
            return;
        }
        session
            .inventory
            .try_update(|i| i.apply(&id, from_start, listing));
    }
}

/// Re-reads one project's keys (after a key was created or rotated there).
pub fn refresh_project(session: Session, project_id: String) {
    if session
        .inventory
        .try_with_untracked(|i| i.projects.is_empty())
        != Some(false)
    {
        return;
    }
    let Some(api) = session.api() else { return };
    spawn_local(async move {
        let listing = api.list_keys_from(&project_id, &all_keys(), None).await;
        if session.is_live() {
            session
                .inventory
                .try_update(|i| i.apply(&project_id, true, listing));
        }
    });
}

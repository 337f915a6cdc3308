//! Reading usage, a job of the session: every usage endpoint that groups by key, a few at
//! once, each followed through at most a few pages and summed per key in a worker of the job's
//! own ([`crate::platform::usage_read`]), then added into [`Session::usage`]. Stop and Lock end it
//! like the scan; a key without `api.usage.read` ends it after the first refusal, with that
//! said where the numbers would be.

use crate::logic::usage::{Costs, UsagePart, UsageState, UsageTable};
use crate::platform::browser;
use crate::platform::job_worker::JobWorker;
use crate::platform::usage_read::{self, Read};
use crate::session::flag::first_of;
use crate::session::jobs::{JobData, JobHandle, JobKind, JobStatus};
use crate::session::{Api, Session};
use crate::work::inventory;
use admin_api::{ApiError, ErrorKind, UsageEndpoint};
use futures::future::{Either, select};
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Endpoints read at once: few, so usage never crowds out the key scan.
const LANES: usize = 3;
/// Keys added between two looks at the clock.
const KEYS_PER_STEP: usize = 512;

/// Reads usage for the chosen window unless this session has it (or is reading it).
pub fn ensure(session: Session) {
    let days = session.prefs.usage_days.get_untracked();
    let current = session
        .usage
        .try_with_untracked(|u| u.days == days && (u.running || u.loaded));
    if current == Some(false) {
        load(session);
    }
}

/// Picks a window (7 or 30 days) and reads usage for it.
pub fn set_window(session: Session, days: u32) {
    if session.prefs.usage_days.get_untracked() == days {
        return;
    }
    session.prefs.set_usage_days(days);
    stop(session);
    load(session);
}

/// Asks the running read to stop after the requests in flight.
pub fn stop(session: Session) {
    if let Some(id) = session.work.running_id(JobKind::Usage) {
        session.work.stop(id);
    }
}

/// Reads usage again from the start (a new window, or Retry).
pub fn load(session: Session) {
    let Some(api) = session.api() else { return };
    let days = session.prefs.usage_days.get_untracked();
    if let Some(id) = session.work.running_id(JobKind::Usage) {
        // A read of another window gives way; one of this window goes on.
        if session.usage.with_untracked(|u| u.days == days) {
            return;
        }
        session.work.stop(id);
    }
    let now = browser::now();
    let title = format!("Read every key's usage (last {days} days)");
    let Some(job) = session.work.add(JobData::Usage, title) else {
        return;
    };
    session.usage.set(UsageState {
        job: job.id,
        days,
        running: true,
        total: UsageEndpoint::PER_KEY.len() + 2,
        table: UsageTable::new(days, now),
        ..UsageState::default()
    });
    spawn_local(run(session, api, job, days, now));
}

async fn run(session: Session, api: Rc<Api>, job: JobHandle, days: u32, now: i64) {
    // The key tables come first: while the scan lists keys, usage waits its turn rather than
    // take the browser's few connections from it.
    job.note("Waiting for the key scan to finish…");
    first_of(inventory::scanned(session), job.stopped()).await;
    job.note("Reading usage…");
    // A worker of its own, ended with the job: at 100,000 keys one endpoint's pages are tens of
    // megabytes of JSON, which would otherwise be read on the main thread and leave the page's
    // memory that much larger for good.
    let started = session.start_worker();
    let denied = move || session.usage.try_with_untracked(|u| u.denied.is_some()) != Some(false);
    let should_stop = || job.should_stop() || denied();
    let (api, worker, should_stop) = (&api, started.as_deref(), &should_stop);
    let mut reads = stream::iter(Read::all())
        .map(|read| async move {
            (
                read,
                read_one(api, worker, read, days, now, should_stop).await,
            )
        })
        .buffer_unordered(LANES);
    // Writes only while the state is this job's: a newer read (another window) owns it after.
    let job = &job;
    let mine = || job.live() && session.usage.try_with_untracked(|u| u.job) == Some(job.id);
    // Keys' traffic is added up here and shown once every read is in (a part would be wrong);
    // at 100,000 keys each endpoint's table takes milliseconds to add, a slice at a time.
    let mut table = UsageTable::new(days, now);
    let summed = &mut table;
    let applied = async move {
        while let Some((read, result)) = reads.next().await {
            if !mine() {
                return false;
            }
            let result = match result {
                Ok(UsagePart::Traffic(part)) => {
                    let mut merging = summed.merging(part);
                    // Left undone once the job is over (Stop, Lock, a newer read).
                    browser::in_slices(|| {
                        (!mine() || summed.merge_some(&mut merging, KEYS_PER_STEP)).then_some(())
                    })
                    .await;
                    Ok(None)
                }
                Ok(UsagePart::KeyCosts(cents)) => {
                    summed.set_costs(cents);
                    Ok(None)
                }
                Ok(UsagePart::Costs(costs)) => Ok(Some(costs)),
                Err(e) => Err(e),
            };
            // What changes with it (the tables' rows, their counts) waits for any keystroke.
            browser::background_turn().await;
            // A newer read may have taken the state meanwhile.
            if !mine() {
                return false;
            }
            session.usage.try_update(|u| apply(u, read, result));
            if let Some(w) = worker.filter(|_| denied()) {
                w.stop();
            }
            let (done, total) = session
                .usage
                .try_with_untracked(|u| (u.done, u.total))
                .unwrap_or_default();
            job.update(|j| {
                j.progress = (done, total);
                j.note = format!("{done} of {total} usage endpoints read");
            });
        }
        true
    };
    // Stop reaches the worker's reads at once, not when their next page would be asked for.
    let stopped = async {
        job.stopped().await;
        if let Some(w) = worker {
            w.stop();
        }
        std::future::pending::<()>().await
    };
    let finished = match select(Box::pin(applied), Box::pin(stopped)).await {
        Either::Left((finished, _)) => finished,
        Either::Right(((), _)) => false,
    };
    session.end_worker(started);
    if !finished || !mine() {
        return;
    }
    // Every key's usage: each table looks its rows up and lays out again, after any keystroke.
    browser::background_turn().await;
    if !mine() {
        return;
    }
    session.usage.try_update(|u| {
        u.table = table;
        u.running = false;
        u.loaded = true;
    });
    let Some((denied, failed)) = session
        .usage
        .try_with_untracked(|u| (u.denied.clone(), u.failed.len()))
    else {
        return;
    };
    match (denied, failed) {
        // Said where the numbers would be; a failed job in the header would add nothing.
        (Some(_), _) => {
            job.finish(JobStatus::Done, "");
            session.work.dismiss(job.id);
        }
        (None, 0) => {
            job.finish(JobStatus::Done, "Usage read.");
            session.work.dismiss(job.id);
        }
        (None, n) => job.finish(
            JobStatus::Failed(format!("{n} usage endpoints could not be read.")),
            "What was read is kept; keys' usage is shown as unknown.",
        ),
    }
}

/// One read, in the worker when there is one (the page reads it when the worker failed).
async fn read_one(
    api: &Api,
    worker: Option<&JobWorker>,
    read: Read,
    days: u32,
    now: i64,
    stop: &dyn Fn() -> bool,
) -> Result<UsagePart, ApiError> {
    if let Some(summed) = match worker {
        Some(w) => w.usage(read, days, now).await,
        None => None,
    } {
        if summed
            .as_ref()
            .is_err_and(|e| e.kind == ErrorKind::InvalidKey)
        {
            // Not seen by the page's transport, which locks when the key is refused.
            api.transport().lifetime.rejected();
        }
        return summed;
    }
    usage_read::read(api, read, days, now, stop).await
}

/// Puts one read's outcome into the session's usage: the projects' costs, or why it failed
/// (what it read of the keys' table went into the job's own).
fn apply(u: &mut UsageState, read: Read, result: Result<Option<Costs>, ApiError>) {
    u.done += 1;
    match (read, result) {
        (_, Ok(None)) => {}
        (_, Ok(Some(costs))) => u.costs = Some(Ok(costs)),
        (Read::Costs, Err(e)) => u.costs = Some(Err(e)),
        // Keys' costs stay unknown; their traffic and the projects' costs still show.
        (Read::KeyCosts, Err(_)) => {}
        // Stopped because another endpoint was refused: that refusal says it all.
        (_, Err(e)) if e.kind == ErrorKind::Stopped && u.denied.is_some() => {}
        (Read::Usage(endpoint), Err(e)) => u.fail(endpoint, e),
    }
}

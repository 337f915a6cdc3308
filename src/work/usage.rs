//! Reading usage, a job of the session: every usage endpoint that groups by key, a few at
//! once, each followed through at most a few pages, summed per key into
//! [`Session::usage`]. Stop and Lock end it like the scan; a key without `api.usage.read`
//! ends it after the first refusal, with that said where the numbers would be.

use crate::logic::usage::{UsageState, UsageTable, project_costs, window_start};
use crate::platform::browser;
use crate::session::{Api, Session};
use crate::work::flag::first_of;
use crate::work::inventory;
use crate::work::jobs::{JobData, JobHandle, JobKind, JobStatus};
use admin_api::types::UsagePage;
use admin_api::{ApiError, ErrorKind, UsageEndpoint, UsageQuery};
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Endpoints read at once: few, so usage never crowds out the key scan.
const LANES: usize = 3;
/// Pages per endpoint at most. One page holds the whole window (a bucket per day); more means
/// the API paged its results, and a runaway cursor must not run forever.
const MAX_PAGES: usize = 8;

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

/// One read of the job: a usage endpoint grouped by key, or the costs grouped by project.
#[derive(Clone, Copy)]
enum Read {
    Usage(UsageEndpoint),
    Costs,
    /// Costs grouped by key: each key's cost beside its traffic.
    KeyCosts,
}

/// One read's pages for the window; stops asking once `stop` says so.
async fn pages(
    api: &Api,
    read: Read,
    days: u32,
    now: i64,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<UsagePage>, ApiError> {
    let group_by = match read {
        Read::Usage(_) => vec!["api_key_id".into()],
        Read::Costs => vec!["project_id".into(), "line_item".into()],
        Read::KeyCosts => vec!["api_key_id".into()],
    };
    let mut query = UsageQuery {
        start_time: window_start(now, days),
        bucket_width: Some("1d".into()),
        group_by,
        limit: Some(days),
        ..UsageQuery::default()
    };
    let fetch = async |page: Option<&str>| {
        query.page = page.map(str::to_owned);
        match read {
            Read::Usage(endpoint) => api.usage(endpoint, &query).await,
            Read::Costs | Read::KeyCosts => api.costs(&query).await,
        }
    };
    api.buckets(fetch, MAX_PAGES, stop).await
}

async fn run(session: Session, api: Rc<Api>, job: JobHandle, days: u32, now: i64) {
    // The key tables come first: while the scan lists keys, usage waits its turn rather than
    // take the browser's few connections from it.
    job.note("Waiting for the key scan to finish…");
    first_of(inventory::scanned(session), job.stopped()).await;
    job.note("Reading usage…");
    let denied = move || session.usage.try_with_untracked(|u| u.denied.is_some()) != Some(false);
    let should_stop = || job.should_stop() || denied();
    let api = &api;
    let should_stop = &should_stop;
    let all = UsageEndpoint::PER_KEY
        .into_iter()
        .map(Read::Usage)
        .chain([Read::Costs, Read::KeyCosts]);
    let mut reads = stream::iter(all)
        .map(|read| async move { (read, pages(api, read, days, now, should_stop).await) })
        .buffer_unordered(LANES);
    // Writes only while the state is this job's: a newer read (another window) owns it after.
    let job = &job;
    let mine = || job.live() && session.usage.try_with_untracked(|u| u.job) == Some(job.id);
    while let Some((read, result)) = reads.next().await {
        if !mine() {
            return;
        }
        session.usage.try_update(|u| {
            u.done += 1;
            match (read, result) {
                (Read::Costs, Ok(pages)) => u.costs = Some(Ok(project_costs(&pages))),
                (Read::Costs, Err(e)) => u.costs = Some(Err(e)),
                (Read::KeyCosts, Ok(pages)) => u.table.set_key_costs(&pages),
                // Keys' costs stay unknown; their traffic and the projects' costs still show.
                (Read::KeyCosts, Err(_)) => {}
                (Read::Usage(_), Ok(pages)) => pages.iter().for_each(|p| u.table.add(p)),
                // Stopped because another endpoint was refused: that refusal says it all.
                (_, Err(e)) if e.kind == ErrorKind::Stopped && u.denied.is_some() => {}
                (Read::Usage(endpoint), Err(e)) => u.fail(endpoint, e),
            }
        });
        let (done, total) = session
            .usage
            .try_with_untracked(|u| (u.done, u.total))
            .unwrap_or_default();
        job.update(|j| {
            j.progress = (done, total);
            j.note = format!("{done} of {total} usage endpoints read");
        });
    }
    drop(reads);
    if !mine() {
        return;
    }
    session.usage.try_update(|u| {
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

//! The inventory export as a job, then one file. What a table shows is exported as shown (its
//! rows in its order, with its filter stated); "every key" waits for the session's scan (one
//! scan serves it) and retries what could not be read. It runs on when the user navigates,
//! stops when asked, and never downloads after a lock.

use crate::logic::export::{self, About, Extra, Scope};
use crate::logic::findings::Thresholds;
use crate::logic::inventory::{Inventory, PartState};
use crate::logic::key_table::{RowCache, findings_of};
use crate::logic::time;
use crate::platform::browser;
use crate::session::Session;
use crate::session::flag::first_of;
use crate::session::jobs::{JobData, JobHandle, JobStatus};
use crate::state::{AppState, ToastKind};
use crate::work::inventory;
use admin_api::ApiError;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// What to export.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub format: Format,
    pub scope: Scope,
    /// For a shown view: its keys, in its order.
    pub key_ids: Vec<String>,
    /// The day counts its findings were computed with.
    pub thresholds: Thresholds,
}

/// Starts an export; returns the job's ID (none when not connected).
pub fn start(app: AppState, request: Request) -> Option<u64> {
    let session = app.current()?;
    let label = match request.format {
        Format::Csv => "CSV",
        Format::Json => "JSON",
    };
    let title = match &request.scope {
        Scope::All => format!("Export every key ({label})"),
        Scope::Shown(_) => format!("Export the {} keys shown ({label})", request.key_ids.len()),
    };
    session
        .work
        .start(JobData::Export, title, |job| async move {
            if request.scope == Scope::All && !whole_inventory(session, &job).await {
                return;
            }
            // The session may have ended while the last page loaded: then nothing is saved.
            if !job.live() {
                return;
            }
            let now = browser::now();
            let Some((rows, projects)) = rows(session, &request, now) else {
                return;
            };
            let stamp = time::date(now);
            let which = match request.scope {
                Scope::All => "inventory",
                Scope::Shown(_) => "shown",
            };
            let name = format!("keyward-{which}-{stamp}");
            match request.format {
                Format::Csv => {
                    browser::download(&format!("{name}.csv"), "text/csv", &export::to_csv(&rows))
                }
                Format::Json => {
                    let (usage_days, currency) = session
                        .usage
                        .try_with_untracked(|u| (u.days, u.currency().to_owned()))
                        .unwrap_or((0, "usd".into()));
                    let about = About {
                        scope: &request.scope,
                        projects,
                        thresholds: request.thresholds,
                        usage_days,
                        currency: &currency,
                        now,
                    };
                    browser::download(
                        &format!("{name}.json"),
                        "application/json",
                        &export::to_json(&rows, about),
                    )
                }
            }
            let done = format!("Exported {} keys from {projects} projects.", rows.len());
            job.progress(1, 1);
            job.finish(JobStatus::Done, done.clone());
            app.toast(ToastKind::Success, done);
            session.work.dismiss(job.id);
        })
}

/// Waits for the scan (or Stop), then retries what it could not read. False when the export
/// must not go on: stopped, or part of the inventory still unread (said in the job).
async fn whole_inventory(session: Session, job: &JobHandle) -> bool {
    inventory::ensure(session);
    job.note("Waiting for the key scan to finish…");
    first_of(inventory::scanned(session), job.stopped()).await;
    if job.should_stop() {
        let (done, total, _) = session
            .inventory
            .try_with_untracked(Inventory::progress)
            .unwrap_or_default();
        job.finish(
            JobStatus::Failed("Stopped before the end: nothing was saved.".into()),
            format!("Stopped after {done} of {total} projects."),
        );
        return false;
    }
    if session.inventory.try_with_untracked(Inventory::is_complete) == Some(false) {
        job.note("Retrying the projects that could not be read…");
        inventory::resume(session).await;
    }
    match session.inventory.try_with_untracked(problem).flatten() {
        Some(e) => {
            job.finish(
                JobStatus::Failed(e.summary()),
                "Some projects could not be read completely: nothing was saved. Try again.",
            );
            false
        }
        None => true,
    }
}

/// The first listing that did not finish, if any.
fn problem(i: &Inventory) -> Option<ApiError> {
    i.listing_error.clone().or_else(|| {
        i.parts.values().find_map(|p| match &p.state {
            PartState::Incomplete { error, .. } => Some(error.clone()),
            _ => None,
        })
    })
}

/// The rows to write, in order, and how many projects they span. Findings are computed over
/// every key (a service account's keys are counted across the inventory), as the table does.
fn rows(session: Session, request: &Request, now: i64) -> Option<(Vec<export::Row>, usize)> {
    let scopes = session
        .permissions
        .try_with_untracked(|p| p.scopes.clone())?;
    let usage = session.usage.try_with_untracked(Clone::clone)?;
    let t = request.thresholds;
    session.inventory.try_with_untracked(|i| {
        let keys = RowCache::default().rows(i, None);
        let findings = findings_of(&keys, &scopes, t, now);
        let one = |n: usize| {
            let k = &keys[n];
            let extra = Extra {
                findings: findings[n],
                scopes: scopes.get(&k.key.id).map(Vec::as_slice),
                usage: usage.of(&k.key.id),
            };
            export::row(k, extra, t)
        };
        let rows: Vec<export::Row> = match request.scope {
            Scope::All => (0..keys.len()).map(one).collect(),
            Scope::Shown(_) => {
                let at: HashMap<&str, usize> = keys
                    .iter()
                    .enumerate()
                    .map(|(n, k)| (k.key.id.as_str(), n))
                    .collect();
                request
                    .key_ids
                    .iter()
                    .filter_map(|id| at.get(id.as_str()).copied())
                    .map(one)
                    .collect()
            }
        };
        let mut projects: Vec<&str> = rows.iter().map(|r| r.project_id.as_str()).collect();
        projects.sort_unstable();
        projects.dedup();
        let projects = match request.scope {
            Scope::All => i.projects.len(),
            Scope::Shown(_) => projects.len(),
        };
        (rows, projects)
    })
}

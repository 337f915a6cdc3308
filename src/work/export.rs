//! The inventory export as a job: the session's inventory (scanned once, finished first if
//! need be), then one file. It runs on when the user navigates, stops when asked, and never
//! downloads after a lock.

use crate::logic::export;
use crate::logic::findings::Thresholds;
use crate::logic::inventory::{Inventory, PartState};
use crate::logic::key_table::{RowCache, findings_of};
use crate::logic::time;
use crate::platform::browser;
use crate::state::{AppState, ToastKind};
use crate::work::flag::first_of;
use crate::work::inventory;
use crate::work::jobs::{JobData, JobStatus};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// Starts an export; returns the job's ID (none when not connected).
pub fn start(app: AppState, format: Format) -> Option<u64> {
    let session = app.current()?;
    let label = match format {
        Format::Csv => "CSV",
        Format::Json => "JSON",
    };
    let title = format!("Export the inventory ({label})");
    session
        .work
        .start(JobData::Export, title, |job| async move {
            let now = browser::now();
            // One scan serves the export: the session's inventory, finished first if need be.
            // The scan job shows its own progress; this one waits for it to end, or for Stop.
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
                return;
            }
            if session.inventory.try_with_untracked(Inventory::is_complete) == Some(false) {
                job.note("Retrying the projects that could not be read…");
                inventory::resume(session).await;
            }
            let thresholds = Thresholds::default();
            let Some((rows, problem, total)) = session.inventory.try_with_untracked(|i| {
                let keys = RowCache::default().rows(i, None);
                let findings = findings_of(&keys, thresholds, now);
                let rows: Vec<export::Row> = keys
                    .iter()
                    .zip(findings)
                    .map(|(k, f)| export::row(k, f))
                    .collect();
                let problem = i.listing_error.clone().or_else(|| {
                    i.parts.values().find_map(|p| match &p.state {
                        PartState::Incomplete { error, .. } => Some(error.clone()),
                        _ => None,
                    })
                });
                (rows, problem, i.projects.len())
            }) else {
                return;
            };
            if let Some(e) = problem {
                job.finish(
                    JobStatus::Failed(e.summary()),
                    "Some projects could not be read completely: nothing was saved. Try again.",
                );
                return;
            }
            // The session may have ended while the last page loaded: then nothing is saved.
            if !job.live() {
                return;
            }
            let stamp = time::date(now);
            match format {
                Format::Csv => browser::download(
                    &format!("keyward-inventory-{stamp}.csv"),
                    "text/csv",
                    &export::to_csv(&rows),
                ),
                Format::Json => browser::download(
                    &format!("keyward-inventory-{stamp}.json"),
                    "application/json",
                    &export::to_json(&rows, total, thresholds, now),
                ),
            }
            let done = format!("Exported {} keys from {total} projects.", rows.len());
            job.progress(total, total);
            job.finish(JobStatus::Done, done.clone());
            app.toast(ToastKind::Success, done);
            session.work.dismiss(job.id);
        })
}

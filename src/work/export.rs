//! The inventory export as a job: every project's keys, then one file. It runs on when the
//! user navigates, stops between projects when asked, and never downloads after a lock.

use crate::logic::export;
use crate::logic::keys::all_keys;
use crate::logic::time;
use crate::platform::browser;
use crate::state::{AppState, ToastKind};
use crate::work::jobs::{JobKind, JobStatus};
use leptos::task::spawn_local;

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
    let job = app.work.add(
        session.lifetime(),
        JobKind::Export,
        format!("Export the inventory ({label})"),
        None,
    );
    let api = session.api;
    let id = job.id;
    spawn_local(async move {
        let now = browser::now();
        job.note("Listing projects…");
        let projects = match api.all_projects(true).await {
            Ok(p) => p,
            Err(e) => {
                job.finish(
                    JobStatus::Failed(e.summary()),
                    "Could not list the projects.",
                );
                return;
            }
        };
        let total = projects.len();
        let mut rows = Vec::new();
        for (i, p) in projects.iter().enumerate() {
            if job.should_stop() {
                job.finish(
                    JobStatus::Failed("Stopped before the end: nothing was saved.".into()),
                    format!("Stopped after {i} of {total} projects."),
                );
                return;
            }
            job.progress(i, total);
            job.note(format!(
                "Scanning project {} of {total} ({} keys so far)…",
                i + 1,
                rows.len()
            ));
            match api.all_api_keys(&p.id, &all_keys(), |_| {}).await {
                Ok(keys) => rows.extend(keys.iter().map(|k| export::row(p, k, now))),
                Err(e) => {
                    job.finish(
                        JobStatus::Failed(e.summary()),
                        format!("Stopped at “{}”: nothing was saved.", p.display_name()),
                    );
                    return;
                }
            }
        }
        drop(api);
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
                &export::to_json(&rows),
            ),
        }
        let done = format!("Exported {} keys from {total} projects.", rows.len());
        job.progress(total, total);
        job.finish(JobStatus::Done, done.clone());
        app.toast(ToastKind::Success, done);
        app.work.dismiss(job.id);
    });
    Some(id)
}

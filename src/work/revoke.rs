//! Revoking keys as a job: one DELETE per confirmed key, a few at once, with a truthful tally that
//! stays readable until the user dismisses it.

use crate::logic::tally::{LineState, RevokeItem, Tally};
use crate::session::cache::Topic;
use crate::session::jobs::{JobData, JobStatus};
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;

/// DELETEs in flight at once. Each still waits its turn under the shared pace and the
/// rate-limit window, so more lanes never mean more 429s.
pub const CONCURRENCY: usize = 4;

/// Starts revoking exactly `items`; returns the job's ID (none when not connected).
pub fn start(app: AppState, items: Vec<RevokeItem>) -> Option<u64> {
    let session = app.current()?;
    let title = match items.as_slice() {
        [one] => format!("Revoke “{}”", one.key_name),
        many => format!("Revoke {} keys", many.len()),
    };
    let tally = Tally::new(items);
    let targets = tally.targets();
    let total = targets.len();
    let api = session.api()?;
    session
        .work
        .start(JobData::Revoke(tally), title, |job| async move {
            job.note(format!("0 of {total} done"));
            api.revoke_many(
                &targets,
                CONCURRENCY,
                |i| {
                    if job.should_stop() {
                        return false;
                    }
                    // About to send: this key's DELETE is in flight from here on.
                    job.update(|j| j.tally_mut().map_or((), |t| t.start(i)));
                    true
                },
                |i, outcome| {
                    job.update(|j| {
                        if let Some(t) = j.tally_mut() {
                            t.set(i, LineState::Done(outcome));
                            let done = t.done();
                            j.progress = (done, total);
                            j.note = format!("{done} of {total} done");
                        }
                    })
                },
            )
            .await;
            drop(api);
            let mut headline = String::new();
            let mut all_gone = false;
            let mut gone = Vec::new();
            job.update(|j| {
                if let Some(t) = j.tally_mut() {
                    t.close(None);
                    headline = headline_of(t);
                    all_gone = t.counts().gone() == total;
                    gone = t.gone_ids();
                }
                j.status = JobStatus::Done;
                // The tally's own summary says it all.
                j.note.clear();
            });
            if job.live() {
                let kind = if all_gone {
                    ToastKind::Success
                } else {
                    ToastKind::Warning
                };
                app.toast(kind, headline);
                // The inventory drops what is proven gone, in place: no rescan.
                session.inventory.try_update(|i| i.remove_keys(&gone));
                // A key's own page reads the API: those keys are stale there.
                session.invalidate(targets.iter().map(|(_, key)| Topic::Key(key.clone())));
            }
        })
}

/// The toast: for one key, what happened to it by name; for many, the summary.
fn headline_of(t: &Tally) -> String {
    match t.lines.as_slice() {
        [(item, LineState::Done(o))] => {
            let name = &item.key_name;
            match o {
                admin_api::RevokeOutcome::Revoked => {
                    format!("Revoked “{name}” in {}.", item.project_name)
                }
                admin_api::RevokeOutcome::AlreadyGone => {
                    format!("“{name}” was already revoked: it no longer exists.")
                }
                admin_api::RevokeOutcome::NotRevoked(e) => {
                    format!("“{name}” was not revoked: {}", e.summary())
                }
                admin_api::RevokeOutcome::Unknown(e) => format!(
                    "Could not confirm whether “{name}” was revoked ({}). Refresh to see the truth.",
                    e.kind.title()
                ),
            }
        }
        _ => t.summary(),
    }
}

//! A reviewed run of steps (an offboarding, a Review fix) as a job of the session: each step
//! sent once, one at a time in the reviewed order, Stop between steps, nothing sent that the run
//! holds back; an answer that proves nothing is read back before it is reported. A run that
//! ended the session's own admin key locks the session at the end and says why.

use crate::logic::guard_rails::bulk::{Outcome as WriteOutcome, outcome_of};
use crate::logic::step::{Outcome, Run};
use crate::session::jobs::{Job, JobHandle, JobStatus};
use crate::state::{AppState, ToastKind};
use admin_api::{ApiError, RevokeOutcome};

/// Where a job keeps its run (`Job::offboard_mut`).
pub type Entry<R> = fn(&mut Job) -> Option<&mut R>;

/// Sends each of the run's `actions` with `send`, then closes the run. `send` (and the client it
/// holds) is dropped before this returns. Returns the run as it ended, if the session lives.
pub async fn send_each<R: Run>(
    job: &JobHandle,
    entry: Entry<R>,
    actions: Vec<R::Action>,
    mut send: impl AsyncFnMut(&R::Action) -> Outcome,
) -> Option<R> {
    let total = actions.len();
    for (i, action) in actions.iter().enumerate() {
        if job.should_stop() {
            break;
        }
        let mut held = None;
        job.update(|j| {
            if let Some(run) = entry(j) {
                held = run.held_back(i);
                run.set(i, held.clone().map_or(Outcome::InFlight, Outcome::HeldBack));
            }
            j.progress = (i, total);
            j.note = format!("{i} of {total} steps done");
        });
        if held.is_some() {
            continue;
        }
        let outcome = send(action).await;
        job.update(|j| {
            if let Some(run) = entry(j) {
                run.set(i, outcome);
            }
            j.progress = (i + 1, total);
        });
    }
    drop(send);
    let mut done = None;
    job.update(|j| {
        if let Some(run) = entry(j) {
            run.close();
            done = Some(run.clone());
        }
        j.status = JobStatus::Done;
        // The run's own list says how it went (and a toast announces it).
        j.note.clear();
    });
    done.filter(|_| job.live())
}

/// Says how a run ended: when it ended the session's own admin key, the session locks, giving
/// `why`; otherwise a toast gives the headline. True when the session goes on.
pub fn report<R: Run>(app: AppState, done: &R, why: impl FnOnce() -> String) -> bool {
    if done.session_over() {
        app.lock(Some(why()));
        return false;
    }
    let kind = if done.counts().failed == 0 {
        ToastKind::Success
    } else {
        ToastKind::Warning
    };
    app.toast(kind, done.headline());
    true
}

/// A refusal is final; an answer that proves nothing is settled by reading back (`Ok(true)`:
/// it happened). `None`: proven done.
pub async fn settle(
    e: &ApiError,
    read_back: impl Future<Output = Result<bool, ApiError>>,
) -> Option<Outcome> {
    match outcome_of(e) {
        WriteOutcome::Refused(why) => Some(Outcome::Refused(why)),
        _ => match read_back.await {
            Ok(true) => None,
            Ok(false) => Some(Outcome::Refused(format!(
                "{} — and reading back shows nothing changed",
                e.summary()
            ))),
            Err(_) => Some(Outcome::Unknown(e.summary())),
        },
    }
}

pub fn revoked(o: RevokeOutcome) -> Outcome {
    match o {
        RevokeOutcome::Revoked => Outcome::Done("Revoked.".into()),
        RevokeOutcome::AlreadyGone => Outcome::Done("Already revoked.".into()),
        RevokeOutcome::NotRevoked(e) => Outcome::Refused(e.summary()),
        RevokeOutcome::Unknown(e) => Outcome::Unknown(e.summary()),
    }
}

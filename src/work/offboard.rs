//! Offboarding one person as a job of the session: each reviewed step sent once, one at a time
//! in the reviewed order, Stop between steps; an answer that proves nothing is read back before
//! it is reported; the removal waits until every key meant to go is proven gone. When the
//! session's own admin key goes (or its owner does), the session locks at the end and says why.

use crate::logic::errors::proves_gone;
use crate::logic::guard_rails::bulk::{Outcome as WriteOutcome, outcome_of};
use crate::logic::people::offboard::{Action, Offboard, Outcome};
use crate::session::{Api, Session};
use crate::state::{AppState, ToastKind};
use crate::work::cache::Topic;
use crate::work::jobs::{JobData, JobStatus};
use admin_api::{ApiError, ErrorKind, RevokeOutcome};
use leptos::prelude::*;

/// Starts the run the user confirmed. Returns the job's ID.
pub fn start(app: AppState, session: Session, run: Offboard) -> Option<u64> {
    let api = session.api()?;
    let total = run.steps.len();
    let title = format!("Offboard {}", run.who);
    let user = run.user_id.clone();
    let actions: Vec<Action> = run.steps.iter().map(|s| s.action.clone()).collect();
    session
        .work
        .start(JobData::Offboard(run), title, |job| async move {
            for (i, action) in actions.iter().enumerate() {
                if job.should_stop() {
                    break;
                }
                let mut held = None;
                job.update(|j| {
                    if let Some(o) = j.offboard_mut() {
                        held = (*action == Action::Remove)
                            .then(|| o.removal_blocked())
                            .flatten();
                        o.set(i, held.clone().map_or(Outcome::InFlight, Outcome::HeldBack));
                    }
                    j.progress = (i, total);
                    j.note = format!("{i} of {total} steps done");
                });
                if held.is_some() {
                    continue;
                }
                let outcome = step(&api, &user, action).await;
                job.update(|j| {
                    if let Some(o) = j.offboard_mut() {
                        o.set(i, outcome);
                    }
                    j.progress = (i + 1, total);
                });
            }
            drop(api);
            let mut done = None;
            job.update(|j| {
                if let Some(o) = j.offboard_mut() {
                    o.close();
                    done = Some(o.clone());
                }
                j.status = JobStatus::Done;
                j.note.clear();
            });
            let Some(done) = done.filter(|_| job.live()) else {
                return;
            };
            if done.session_over() {
                app.lock(Some(format!(
                    "You offboarded {}, whose admin key this session was using. It no longer works, so Keyward \
                        locked and forgot it. Connect with another admin key to go on.",
                    done.who
                )));
                return;
            }
            let ok = done.counts().failed == 0;
            app.toast(
                if ok {
                    ToastKind::Success
                } else {
                    ToastKind::Warning
                },
                done.headline(),
            );
            let gone = done.keys_gone();
            session.inventory.try_update(|i| i.remove_keys(&gone));
            session.invalidate(
                [Topic::OrgUsers, Topic::AdminKeys, Topic::Groups]
                    .into_iter()
                    .chain(gone.into_iter().map(Topic::Key)),
            );
        })
}

/// Sends one step once, and says what is proven.
async fn step(api: &Api, user: &str, action: &Action) -> Outcome {
    match action {
        Action::ProjectKey { project_id, key_id } => {
            revoked(api.revoke_api_key(project_id, key_id).await)
        }
        Action::AdminKey { key_id } => revoked(api.revoke_admin_key(key_id).await),
        Action::Group { group_id } => match api.remove_group_user(group_id, user).await {
            Ok(_) => Outcome::Done("Left the group.".into()),
            Err(e) if e.kind == ErrorKind::NotFound => {
                Outcome::Done("Not a member any more.".into())
            }
            Err(e) => settle(&e, async {
                let members = api.all_group_users(group_id).await?;
                Ok(!members.iter().any(|m| m.id == user))
            })
            .await
            .unwrap_or_else(|| Outcome::Done("Left the group.".into())),
        },
        Action::Remove => match api.remove_org_user(user).await {
            Ok(_) => Outcome::Done("Removed from the organization.".into()),
            Err(e) if e.kind == ErrorKind::NotFound => {
                Outcome::Done("Already removed: not a member.".into())
            }
            Err(e) => settle(&e, async { proves_gone(api.org_user(user).await) })
                .await
                .unwrap_or_else(|| Outcome::Done("Removed from the organization.".into())),
        },
    }
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

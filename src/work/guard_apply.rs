//! One guard rail applied to many projects, a job of the session like a bulk revoke: one write
//! per project, one at a time within the rate limit, never twice; Stop between projects; an
//! answer that proves nothing is read back before it is reported; the table's rows follow.

use crate::logic::guard_rails::bulk::{Apply, Change, Outcome, outcome_of, policy};
use crate::session::jobs::{JobData, JobStatus};
use crate::session::{Api, Session};
use crate::state::{AppState, ToastKind};
use crate::work::guard_rails::{read_project, written};
use admin_api::ApiError;
use admin_api::resources::spend_alerts::AlertOwner;
use admin_api::types::*;

/// Starts the run the user confirmed. Returns the job's ID.
pub fn start(app: AppState, session: Session, run: Apply) -> Option<u64> {
    let api = session.api()?;
    let total = run.lines.len();
    let title = format!("{} — {total} projects", run.change.describe());
    let change = run.change.clone();
    let targets: Vec<String> = run.lines.iter().map(|l| l.project_id.clone()).collect();
    session
        .work
        .start(JobData::GuardApply(run), title, |job| async move {
            for (i, project) in targets.iter().enumerate() {
                if job.should_stop() {
                    break;
                }
                job.update(|j| {
                    if let Some(a) = j.apply_mut() {
                        a.set(i, Outcome::InFlight);
                    }
                    j.progress = (i, total);
                    j.note = format!("{i} of {total} done");
                });
                let outcome = match send(&api, project, &change).await {
                    Ok(()) => Outcome::Set,
                    Err(e) => match outcome_of(&e) {
                        // Nothing proved either way: what the project has now decides.
                        Outcome::Unknown(why) if job.live() => {
                            if change.is_in_place(&read_project(&api, project).await) {
                                Outcome::Set
                            } else {
                                Outcome::Unknown(why)
                            }
                        }
                        other => other,
                    },
                };
                if outcome == Outcome::Set {
                    let rails = read_project(&api, project).await;
                    written(session, Some(project), |r| *r = rails);
                }
                job.update(|j| {
                    if let Some(a) = j.apply_mut() {
                        a.set(i, outcome);
                    }
                    j.progress = (i + 1, total);
                });
            }
            let mut headline = String::new();
            let mut all_set = false;
            job.update(|j| {
                if let Some(a) = j.apply_mut() {
                    a.close();
                    headline = a.headline();
                    all_set = a.counts().set == total;
                }
                j.status = JobStatus::Done;
                j.note.clear();
            });
            if job.live() {
                app.toast(
                    if all_set {
                        ToastKind::Success
                    } else {
                        ToastKind::Warning
                    },
                    headline,
                );
            }
        })
}

/// The one write of a change to one project.
async fn send(api: &Api, project: &str, change: &Change) -> Result<(), ApiError> {
    match change {
        Change::Limit(cents) => api
            .set_project_spend_limit(project, &UpdateSpendLimit::monthly_usd(*cents))
            .await
            .map(drop),
        Change::Alert { cents, recipients } => {
            let channel = NotificationChannel::email(recipients.clone(), None);
            api.create_spend_alert(
                AlertOwner::Project(project),
                &SpendAlertBody::monthly_usd(*cents, channel),
            )
            .await
            .map(drop)
        }
        Change::Models { allow, ids } => {
            let p = policy(*allow, ids);
            let body = UpdateModelPermissions {
                mode: p.mode,
                model_ids: p.model_ids,
            };
            api.set_model_permissions(project, &body).await.map(drop)
        }
        Change::Tool { tool, on } => api
            .set_hosted_tools(project, &UpdateHostedTools::one(*tool, *on))
            .await
            .map(drop),
        Change::Retention(r) => {
            let body = UpdateDataRetention {
                retention_type: r.clone(),
            };
            api.set_project_data_retention(project, &body)
                .await
                .map(drop)
        }
    }
}

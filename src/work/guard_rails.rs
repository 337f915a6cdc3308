//! Reading every project's guard rails, a job of the session: the project list; month-to-date
//! spend from the costs endpoint (the organization's total too); then each project's six guard
//! rails, one project at a time, with progress and Stop. A rail the key may not read keeps its
//! note and the rest goes on. Writes update the rows in place. The organization's own rails are
//! read once, by its cards on the same page, which hand them to the state here.

use crate::logic::guard_rails::{GuardState, ProjectRails, RailRow, note_of, slot};
use crate::logic::usage::to_cents;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::jobs::{JobData, JobStatus};
use crate::session::{Api, Session};
use admin_api::resources::spend_alerts::AlertOwner;
use futures::join;
use leptos::prelude::*;

/// Reads the guard rails unless this session has them (or is reading them).
pub fn ensure(session: Session) {
    if session.guard.try_with_untracked(|g| g.running || g.loaded) == Some(false) {
        load(session);
    }
}

/// Reads the project list and every guard rail again ("Read again"): a project made elsewhere
/// since the list was read joins.
pub fn read_again(session: Session) {
    session.invalidate([Topic::Projects]);
    load(session);
}

/// Reads every guard rail again (Retry), over the session's project list.
pub fn load(session: Session) {
    let Some(api) = session.api() else { return };
    // The organization's rails are kept (its cards read them); everything else is read anew.
    session.guard.update(|g| {
        *g = GuardState {
            org: std::mem::take(&mut g.org),
            running: true,
            ..GuardState::default()
        }
    });
    session.invalidate([Topic::GuardRails(None)]);
    let title = "Read every project's guard rails".to_owned();
    session
        .work
        .start(JobData::GuardRails, title, |job| async move {
            job.note("Listing projects…");
            let projects = match session.projects().await {
                Ok(p) => p,
                Err(e) => {
                    let why = e.summary();
                    session.guard.try_update(|g| {
                        g.error = Some(e);
                        g.running = false;
                        g.loaded = true;
                    });
                    job.finish(
                        JobStatus::Failed(why),
                        "The project list could not be read.",
                    );
                    return;
                }
            };
            let total = projects.len();
            session.guard.try_update(|g| {
                g.rows = projects
                    .iter()
                    .map(|p| RailRow {
                        project: p.clone(),
                        spent: None,
                        rails: ProjectRails::default(),
                    })
                    .collect();
            });
            job.note("Reading this month's spend…");
            match api.month_to_date(browser::now()).await {
                Ok(spend) => session.guard.try_update(|g| {
                    for r in &mut g.rows {
                        r.spent = Some(spend.get(&r.project.id).map_or(0, |d| to_cents(*d)));
                    }
                    g.org_spent = Some(Ok(to_cents(spend.values().sum())));
                }),
                Err(e) => session
                    .guard
                    .try_update(|g| g.org_spent = Some(Err(note_of(&e)))),
            };
            for (i, p) in projects.iter().enumerate() {
                if job.should_stop() {
                    break;
                }
                job.progress(i, total);
                job.note(format!("{i} of {total} projects read"));
                let id = p.id.as_str();
                let rails = read_project(&api, id).await;
                session.guard.try_update(|g| {
                    if let Some(row) = g.row_mut(id) {
                        row.rails = rails;
                    }
                    g.done = i + 1;
                });
            }
            if !job.live() {
                return;
            }
            let done = session.guard.try_with_untracked(|g| g.done).unwrap_or(0);
            session.guard.try_update(|g| {
                g.running = false;
                g.loaded = true;
            });
            if done < total {
                job.finish(
                    JobStatus::Done,
                    format!("Stopped: guard rails read for {done} of {total} projects."),
                );
            } else {
                job.finish(
                    JobStatus::Done,
                    format!("Guard rails read for {total} projects."),
                );
                session.work.dismiss(job.id);
            }
        });
}

/// A write changed guard rails: the table's row (or the organization's) follows at once, and
/// the views reading that scope read again.
pub fn written(session: Session, project_id: Option<&str>, f: impl FnOnce(&mut ProjectRails)) {
    session.guard.try_update(|g| match project_id {
        Some(id) => {
            if let Some(row) = g.row_mut(id) {
                f(&mut row.rails);
            }
        }
        None => {
            let mut rails = ProjectRails {
                limit: g.org.limit.take(),
                alerts: g.org.alerts.take(),
                retention: g.org.retention.take(),
                ..ProjectRails::default()
            };
            f(&mut rails);
            g.org.limit = rails.limit;
            g.org.alerts = rails.alerts;
            g.org.retention = rails.retention;
        }
    });
    session.invalidate([Topic::GuardRails(project_id.map(str::to_owned))]);
}

/// The organization's own guard rails as its cards read them, for the table's findings.
pub fn org_read(session: Session, rails: &ProjectRails) {
    session.guard.try_update(|g| {
        g.org.limit = rails.limit.clone();
        g.org.alerts = rails.alerts.clone();
        g.org.retention = rails.retention.clone();
    });
}

/// The organization's own guard rails: limit, alerts, retention, read side by side.
pub async fn read_org(api: &Api) -> ProjectRails {
    let (limit, alerts, retention) = join!(
        api.org_spend_limit(),
        api.all_spend_alerts(AlertOwner::Organization),
        api.org_data_retention()
    );
    ProjectRails {
        limit: slot(limit),
        alerts: slot(alerts),
        retention: slot(retention),
        ..ProjectRails::default()
    }
}

/// One project's six guard rails, read side by side.
pub async fn read_project(api: &Api, id: &str) -> ProjectRails {
    let (limit, alerts, models, tools, retention, tiers) = join!(
        api.project_spend_limit(id),
        api.all_spend_alerts(AlertOwner::Project(id)),
        api.model_permissions(id),
        api.hosted_tools(id),
        api.project_data_retention(id),
        api.service_tiers(id)
    );
    ProjectRails {
        limit: slot(limit),
        alerts: slot(alerts),
        models: slot(models),
        tools: slot(tools),
        retention: slot(retention),
        tiers: slot(tiers),
    }
}

//! Rotating a service-account key as a job: the replacement is created first (one POST) and
//! its secret kept in memory, in the job, until the user says it is saved; then the old key's
//! revoke follows. A record without any secret is kept in the session store, so a rotation
//! cut short by a closed popup can be resumed or abandoned from the key's page.

use crate::logic::rotation::{self, Record, Stage};
use crate::logic::scopes::last_scopes;
use crate::platform::browser;
use crate::session::jobs::{JobData, JobStatus, Reveal};
use crate::state::AppState;
use admin_api::types::CreateServiceAccountKey;
use admin_api::{AuditQuery, ErrorKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the user confirmed.
#[derive(Clone, Debug)]
pub struct Plan {
    pub project_id: String,
    pub service_account_id: String,
    pub old_key_id: String,
    pub old_key_name: String,
    pub body: CreateServiceAccountKey,
}

/// Starts the rotation; returns the job's ID (none when not connected).
pub fn start(app: AppState, plan: Plan) -> Option<u64> {
    let session = app.current()?;
    let api = session.api()?;
    let store = app.store.get_value();
    let data = JobData::Rotation {
        key_id: plan.old_key_id.clone(),
        reveal: None,
    };
    let title = format!("Rotate “{}”", plan.old_key_name);
    session.work.start(data, title, |job| async move {
        let mut record = Record {
            project_id: plan.project_id.clone(),
            old_key_id: plan.old_key_id.clone(),
            old_key_name: plan.old_key_name.clone(),
            new_key_name: plan.body.name.clone().unwrap_or_default(),
            new_key_id: None,
            started_at: browser::now(),
            stage: Stage::Creating,
        };
        store.save_rotation(Some(&record.to_json())).await;
        job.note("Creating the replacement key…");
        let created = api
            .create_service_account_key(&plan.project_id, &plan.service_account_id, &plan.body)
            .await;
        let secret = match created {
            Ok(s) => s,
            Err(e) => {
                let unknown = matches!(
                    e.kind,
                    ErrorKind::Timeout
                        | ErrorKind::Network
                        | ErrorKind::Server
                        | ErrorKind::Malformed
                        | ErrorKind::Cancelled
                );
                if unknown {
                    // The record stays: the key page explains what may exist.
                    job.finish(
                        JobStatus::Failed(e.summary()),
                        "Could not confirm whether the replacement key was created. The old key was not touched.",
                    );
                } else {
                    store.save_rotation(None).await;
                    job.finish(
                        JobStatus::Failed(e.summary()),
                        "No replacement key was created. The old key was not touched.",
                    );
                }
                return;
            }
        };
        crate::work::inventory::refresh_project(session, plan.project_id.clone());
        record.new_key_id = Some(secret.id.clone());
        record.stage = Stage::Created;
        if job.live() {
            store.save_rotation(Some(&record.to_json())).await;
        }
        // What the API recorded for the new key, so the reveal states its real scopes.
        let recorded = api
            .list_audit_logs(&AuditQuery {
                resource_ids: vec![secret.id.clone()],
                event_types: vec!["api_key.created".into()],
                limit: Some(5),
                ..Default::default()
            })
            .await
            .ok()
            .and_then(|page| last_scopes(&page.data))
            .map(|(s, _)| s);
        let sent = plan.body.scopes.clone().unwrap_or_default();
        let facts = rotation::facts(&sent, recorded.as_deref(), secret.expires_at);
        job.update(|j| {
            j.set_reveal(Reveal { secret, facts });
            j.status = JobStatus::Done;
            j.note = "Copy the new key now, then revoke the old one.".into();
        });
    })
}

/// The user saved the new secret: forget it, and move the record on.
pub fn secret_saved(app: AppState, job_id: u64) {
    if let Some(session) = app.current() {
        session.work.dismiss(job_id);
    }
    let store = app.store.get_value();
    spawn_local(async move {
        if let Some(mut r) = store
            .load_rotation()
            .await
            .as_deref()
            .and_then(Record::from_json)
        {
            r.stage = Stage::Saved;
            store.save_rotation(Some(&r.to_json())).await;
        }
    });
}

/// The interrupted rotation's record, if any.
pub async fn pending(app: AppState) -> Option<Record> {
    app.store
        .get_value()
        .load_rotation()
        .await
        .as_deref()
        .and_then(Record::from_json)
}

/// Done with it (completed or abandoned).
pub fn forget(app: AppState) {
    let store = app.store.get_value();
    spawn_local(async move { store.save_rotation(None).await });
}

/// Forgets the record if it is about this key (its old key, or its abandoned new one).
pub fn forget_if_about(app: AppState, key_id: String) {
    let store = app.store.get_value();
    spawn_local(async move {
        let about = store
            .load_rotation()
            .await
            .as_deref()
            .and_then(Record::from_json)
            .is_some_and(|r| r.old_key_id == key_id || r.new_key_id.as_deref() == Some(&key_id));
        if about {
            store.save_rotation(None).await;
        }
    });
}

//! Admin-key work as jobs of the session: creating one (its secret held in the job, in memory,
//! until the user says it is saved) and revoking one (one DELETE, its outcome proven). Revoking
//! the key this session uses locks the session once the API confirms it is gone.

use crate::logic::tally::{LineState, RevokeItem, Tally};
use crate::session::cache::Topic;
use crate::session::jobs::{JobData, JobStatus, Reveal};
use crate::state::{AppState, ToastKind};
use admin_api::types::{AdminApiKey, CreateAdminKey, NewKeySecret};
use admin_api::{ErrorKind, RevokeOutcome};

/// Where an admin key's line sits in a tally (admin keys belong to no project).
const ORGANIZATION: &str = "the organization";

/// Creates an admin key; returns the job's ID. The reveal is shown by the job, wherever the
/// user is by then.
pub fn create(app: AppState, body: CreateAdminKey) -> Option<u64> {
    let session = app.current()?;
    let api = session.api()?;
    let title = format!("Create admin key “{}”", body.name);
    session.work.start(JobData::CreateKey { reveal: None }, title, |job| async move {
        job.note("Creating the key…");
        match api.create_admin_key(&body).await {
            Ok(created) => {
                let facts = vec![
                    (
                        "Owner".to_owned(),
                        created
                            .key
                            .owner
                            .name
                            .clone()
                            .unwrap_or_else(|| "you".into()),
                    ),
                    (
                        "Expires".to_owned(),
                        created
                            .key
                            .expires_at
                            .map_or_else(|| "Never".to_owned(), crate::logic::time::exact),
                    ),
                ];
                let secret = NewKeySecret {
                    object: created.key.object.clone(),
                    id: created.key.id.clone(),
                    name: created.key.display_name().to_owned(),
                    created_at: created.key.created_at,
                    value: created.value,
                    expires_at: created.key.expires_at,
                };
                job.update(|j| {
                    j.set_reveal(Reveal { secret, facts });
                    j.status = JobStatus::Done;
                    j.note = "Created. Copy the key now: it is shown once.".into();
                });
                session.invalidate([Topic::AdminKeys]);
            }
            Err(e) => {
                // A POST whose answer was lost may still have created the key.
                let note = if matches!(
                    e.kind,
                    ErrorKind::Timeout | ErrorKind::Network | ErrorKind::Server
                ) {
                    "The answer was lost: the key may have been created. Check the list before trying again."
                } else {
                    ""
                };
                job.finish(JobStatus::Failed(e.summary()), note);
                session.invalidate([Topic::AdminKeys]);
            }
        }
    })
}

/// Revokes one admin key with one DELETE; returns the job's ID. `ends_session`: it is (or may
/// be) the key this session uses: once it is proven gone, the session locks and says why.
pub fn revoke(app: AppState, key: AdminApiKey, ends_session: bool) -> Option<u64> {
    let session = app.current()?;
    let name = key.display_name().to_owned();
    let tally = Tally::new(vec![RevokeItem {
        project_id: String::new(),
        project_name: ORGANIZATION.into(),
        key_id: key.id.clone(),
        key_name: name.clone(),
        redacted: key.redacted_value.clone(),
    }]);
    let api = session.api()?;
    let title = format!("Revoke admin key “{name}”");
    session.work.start(JobData::Revoke(tally), title, |job| async move {
        job.update(|j| j.tally_mut().map_or((), |t| t.start(0)));
        let outcome = api.revoke_admin_key(&key.id).await;
        drop(api);
        let gone = outcome.is_gone();
        job.update(|j| {
            if let Some(t) = j.tally_mut() {
                t.set(0, LineState::Done(outcome.clone()));
                t.close(None);
            }
            j.status = JobStatus::Done;
            j.progress = (1, 1);
        });
        if !job.live() {
            return;
        }
        if gone && ends_session {
            app.lock(Some(format!(
                "You revoked the admin key this session was using (“{name}”). It no longer works, so Keyward \
                    locked and forgot it. Connect with another admin key to go on."
            )));
            return;
        }
        let kind = match outcome {
            RevokeOutcome::Revoked | RevokeOutcome::AlreadyGone => ToastKind::Success,
            _ => ToastKind::Warning,
        };
        app.toast(kind, format!("“{name}”: {}", outcome.describe()));
        session.invalidate([Topic::AdminKeys]);
    })
}

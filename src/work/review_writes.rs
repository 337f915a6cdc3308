//! A Review fix's own run as a reviewed run of the session ([`crate::work::step_run`]): what each
//! write sends, and what is read back when an answer proves nothing. When the session's own
//! admin key was revoked, the session locks at the end.

use crate::logic::guard_rails::bulk::{Outcome as WriteOutcome, outcome_of};
use crate::logic::review::writes::{Write, Writes};
use crate::logic::step::Outcome;
use crate::logic::time;
use crate::session::cache::Topic;
use crate::session::jobs::{Job, JobData};
use crate::session::{Api, Session};
use crate::state::AppState;
use crate::work::step_run::{report, revoked, send_each, settle};
use admin_api::ErrorKind;
use admin_api::types::{ProjectApiKey, UpdateApiKey};
use leptos::prelude::*;

/// Starts the run the user confirmed. Returns the job's ID.
pub fn start(app: AppState, session: Session, run: Writes) -> Option<u64> {
    let api = session.api()?;
    let title = run.title.clone();
    let writes: Vec<Write> = run.steps.iter().map(|s| s.action.clone()).collect();
    session
        .work
        .start(JobData::Writes(run), title, |job| async move {
            let send = async move |write: &Write| {
                let (outcome, key) = send(&api, write).await;
                if let (Some(key), Write::SetExpiry { project_id, .. }) = (key, write) {
                    session
                        .inventory
                        .try_update(|inv| inv.replace_key(project_id, key));
                }
                outcome
            };
            let Some(done) = send_each(&job, Job::writes_mut, writes, send).await else {
                return;
            };
            let why = || {
                "The admin key this session was using was revoked by the fix you ran, so Keyward locked and \
                 forgot it. Connect with another admin key to go on."
                    .to_owned()
            };
            if report(app, &done, why) {
                let keys = done.keys_changed().into_iter().map(|(_, k)| Topic::Key(k));
                session.invalidate([Topic::AdminKeys, Topic::Invites].into_iter().chain(keys));
            }
        })
}

fn expiring(key: ProjectApiKey) -> (Outcome, Option<ProjectApiKey>) {
    let when = key.expires_at.map(time::date).unwrap_or_default();
    (Outcome::Done(format!("Expires {when}.")), Some(key))
}

/// Sends one write once, and says what is proven (and, for an expiry, the key as it is now).
async fn send(api: &Api, write: &Write) -> (Outcome, Option<ProjectApiKey>) {
    match write {
        Write::SetExpiry {
            project_id,
            key_id,
            seconds,
        } => {
            // Only the expiry: the key's scopes are not sent, so they stay as they are.
            let body = UpdateApiKey {
                scopes: None,
                expires_in_seconds: Some(*seconds),
            };
            let sent = api.update_api_key(project_id, key_id, &body).await;
            let failed = match sent {
                Ok(key) if key.expires_at.is_some() => return expiring(key),
                Ok(_) => None,
                Err(e) => match outcome_of(&e) {
                    WriteOutcome::Refused(why) => return (Outcome::Refused(why), None),
                    _ => Some(e.summary()),
                },
            };
            // The answer proves nothing (lost, or without the expiry): read the key back.
            match (api.retrieve_api_key(project_id, key_id).await, failed) {
                (Ok(key), _) if key.expires_at.is_some() => expiring(key),
                (Ok(key), Some(why)) => (
                    Outcome::Refused(format!("{why} — and reading back shows no expiry")),
                    Some(key),
                ),
                (Ok(key), None) => (
                    Outcome::Unknown("the API answered, but the key shows no expiry".into()),
                    Some(key),
                ),
                (Err(e), why) => (Outcome::Unknown(why.unwrap_or_else(|| e.summary())), None),
            }
        }
        Write::RevokeAdminKey { key_id } => (revoked(api.revoke_admin_key(key_id).await), None),
        Write::DeleteInvite { invite_id } => {
            let outcome = match api.delete_invite(invite_id).await {
                Ok(_) => Outcome::Done("Deleted.".into()),
                Err(e) if e.kind == ErrorKind::NotFound => Outcome::Done("Already gone.".into()),
                Err(e) => settle(&e, async {
                    crate::logic::errors::proves_gone(api.invite(invite_id).await)
                })
                .await
                .unwrap_or_else(|| Outcome::Done("Deleted.".into())),
            };
            (outcome, None)
        }
    }
}

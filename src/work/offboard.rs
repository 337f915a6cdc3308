//! Offboarding one person as a reviewed run of the session ([`crate::work::step_run`]): what
//! each step sends, and what is read back when an answer proves nothing. The removal waits
//! until every key meant to go is proven gone; when the session's own admin key goes (or its
//! owner does), the session locks at the end and says why.

use crate::logic::errors::proves_gone;
use crate::logic::people::offboard::{Action, Offboard, Outcome};
use crate::session::cache::Topic;
use crate::session::jobs::{Job, JobData};
use crate::session::{Api, Session};
use crate::state::AppState;
use crate::work::step_run::{report, revoked, send_each, settle};
use admin_api::ErrorKind;
use leptos::prelude::*;

/// Starts the run the user confirmed. Returns the job's ID.
pub fn start(app: AppState, session: Session, run: Offboard) -> Option<u64> {
    let api = session.api()?;
    let title = format!("Offboard {}", run.who);
    let user = run.user_id.clone();
    let actions: Vec<Action> = run.steps.iter().map(|s| s.action.clone()).collect();
    session
        .work
        .start(JobData::Offboard(run), title, |job| async move {
            let send = async move |action: &Action| step(&api, &user, action).await;
            let Some(done) = send_each(&job, Job::offboard_mut, actions, send).await else {
                return;
            };
            let why = || {
                format!(
                    "You offboarded {}, whose admin key this session was using. It no longer works, so Keyward \
                        locked and forgot it. Connect with another admin key to go on.",
                    done.who
                )
            };
            if !report(app, &done, why) {
                return;
            }
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

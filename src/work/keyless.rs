//! Reads keyless sign-in whole: every provider with its rules, and every service account of the
//! live projects (each project's list read in turn, up to a cap the page states); and "Go
//! keyless" for one account, as a job.

use crate::logic::guard_rails::bulk::{Outcome as WriteOutcome, outcome_of};
use crate::session::cache::Topic;
use crate::session::jobs::{JobData, JobStatus};
use crate::session::project_list;
use crate::session::{Api, Session};
use crate::state::{AppState, ToastKind};
use admin_api::ApiError;
use admin_api::types::{
    CreateProvider, CreateRule, FederationRule, ProjectApiKey, WorkloadIdentityProvider,
};
use leptos::prelude::*;

pub use crate::logic::keyless::{Account, KeylessData};

/// Every provider, and every rule of each.
pub async fn load_rules(
    api: &Api,
) -> Result<(Vec<WorkloadIdentityProvider>, Vec<FederationRule>), ApiError> {
    let providers = api.all_providers().await?;
    let mut rules = Vec::new();
    for p in &providers {
        rules.extend(api.all_rules(&p.id, None).await?);
    }
    Ok((providers, rules))
}

/// A service account's keys, from the session's inventory (none until its project is read).
pub fn keys_of(session: Session, project_id: &str, service_account: &str) -> Vec<ProjectApiKey> {
    session.inventory.with(|inv| {
        inv.parts
            .get(project_id)
            .map(|p| {
                p.keys
                    .iter()
                    .filter(|k| {
                        k.owner
                            .service_account
                            .as_ref()
                            .is_some_and(|s| s.id == service_account)
                    })
                    .map(|k| ProjectApiKey::clone(k))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Every provider with its rules, and the service accounts of the live projects (the
/// session's shared project list).
pub async fn load(session: Session, api: &Api) -> Result<KeylessData, ApiError> {
    let (providers, rules) = load_rules(api).await?;
    let projects = session.live_projects().await?;
    let checked = project_list::checked(&projects);
    let lists = project_list::each(checked, |p| async move {
        api.all_service_accounts(&p.id).await.map(|list| (p, list))
    })
    .await?;
    let mut accounts = Vec::new();
    for (p, list) in lists {
        for account in list {
            accounts.push(Account {
                project_id: p.id.clone(),
                project_name: p.display_name().to_owned(),
                account,
            });
        }
    }
    Ok(KeylessData {
        providers,
        rules,
        accounts,
        checked: (checked.len(), projects.len()),
    })
}

/// Where the rule's provider comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ProviderChoice {
    Existing(String),
    /// Made first; `before`: the providers there already, to find it when the answer is lost.
    New(CreateProvider, Vec<String>),
}

/// "Go keyless" as a job of the session: the provider (when new), then the rule, each sent once;
/// an answer that proves nothing is settled by reading back before the next step.
pub fn go_keyless(
    app: AppState,
    session: Session,
    provider: ProviderChoice,
    rule: CreateRule,
) -> Option<u64> {
    let api = session.api()?;
    let title = "Go keyless".to_owned();
    session.work.start(JobData::GoKeyless, title, |job| async move {
        let provider_id = match provider {
            ProviderChoice::Existing(id) => id,
            ProviderChoice::New(body, before) => {
                job.note("Creating the provider…");
                match api.create_provider(&body).await {
                    Ok(p) => p.id,
                    Err(e) => {
                        let found = api.all_providers().await.ok().and_then(|all| {
                            all.into_iter()
                                .find(|p| p.issuer == body.issuer && p.name == body.name && !before.contains(&p.id))
                        });
                        match found {
                            Some(p) if !matches!(outcome_of(&e), WriteOutcome::Refused(_)) => p.id,
                            _ => {
                                job.finish(JobStatus::Failed(e.summary()), "The provider was not created.");
                                session.invalidate([Topic::Keyless]);
                                return;
                            }
                        }
                    }
                }
            }
        };
        job.note("Creating the rule…");
        let made = match api.create_rule(&provider_id, &rule).await {
            Ok(_) => Ok(()),
            Err(e) if matches!(outcome_of(&e), WriteOutcome::Refused(_)) => Err(e),
            Err(e) => {
                // Lost: the rule is there if one for this account has exactly these matchers.
                let back = api.all_rules(&provider_id, Some(&rule.service_account_id)).await;
                match back {
                    Ok(rules) if rules.iter().any(|r| r.attribute_matchers == rule.attribute_matchers) => Ok(()),
                    _ => Err(e),
                }
            }
        };
        match made {
            Ok(()) => {
                job.finish(
                    JobStatus::Done,
                    "Rule created: the workload can sign in without a key. Watch the old keys here.",
                );
                if job.live() {
                    app.toast(ToastKind::Success, "Rule created.");
                }
            }
            Err(e) => job.finish(JobStatus::Failed(e.summary()), "The rule was not created."),
        }
        session.invalidate([Topic::Keyless]);
    })
}

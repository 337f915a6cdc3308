//! One project: its header and its tabs, one file each.

mod keys;
mod rate_limits;
mod service_accounts;
mod settings;
mod users;

use crate::components::common::{api_resource, loaded};
use crate::components::guard_rails::{GuardRailCards, RailScope};
use crate::components::usage::ProjectCostCard;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::session::cache::Topic;
use admin_api::types::Project;
use keys::KeysTab;
use leptos::prelude::*;
use rate_limits::RateLimitsTab;
use service_accounts::ServiceAccountsTab;
use settings::SettingsTab;
use users::UsersTab;

#[component]
pub fn ProjectPage(
    /// The project's ID.
    id: String,
    /// Which tab is open.
    tab: ProjectTab,
) -> impl IntoView {
    let pid = id.clone();
    let project = api_resource(Topic::Project(id.clone()), move |api| {
        let id = pid.clone();
        async move { api.retrieve_project(&id).await }
    });
    let tab_link = |t: ProjectTab, label: &'static str, id: &str| {
        let href = Route::Project {
            id: id.to_owned(),
            tab: t,
        }
        .href();
        let current = t == tab;
        view! {
            <a
                href=href
                class="tab"
                class:active=current
                aria-current=current.then_some("page")
                role="tab"
                aria-selected=current.to_string()
            >
                {label}
            </a>
        }
    };
    let body = match tab {
        ProjectTab::Keys => view! { <KeysTab project_id=id.clone() /> }.into_any(),
        ProjectTab::ServiceAccounts => {
            view! { <ServiceAccountsTab project_id=id.clone() /> }.into_any()
        }
        ProjectTab::Users => view! { <UsersTab project_id=id.clone() /> }.into_any(),
        ProjectTab::Limits => view! {
            <GuardRailCards scope=RailScope::Project(id.clone()) />
            <h2 class="section-title">"Rate limits"</h2>
            <RateLimitsTab project_id=id.clone() />
        }
        .into_any(),
        ProjectTab::Settings => view! { <SettingsTab project_id=id.clone() /> }.into_any(),
    };
    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb">
                <a href=Route::Projects.href()>"Projects"</a>
                <span aria-hidden="true">" / "</span>
            </nav>
            {loaded(
                project,
                "Loading project…".to_string(),
                |p| view! { <ProjectHeader project=p /> }.into_any(),
            )}
            <ProjectCostCard project_id=id.clone() />
            <div class="tabs" role="tablist" aria-label="Project sections">
                {tab_link(ProjectTab::Keys, "API keys", &id)}
                {tab_link(ProjectTab::ServiceAccounts, "Service accounts", &id)}
                {tab_link(ProjectTab::Users, "Users", &id)}
                {tab_link(ProjectTab::Limits, "Limits", &id)}
                {tab_link(ProjectTab::Settings, "Settings", &id)}
            </div>
            {body}
        </section>
    }
}

#[component]
fn ProjectHeader(
    /// The project.
    project: Project,
) -> impl IntoView {
    view! {
        <div class="page-head">
            <div>
                <h1 class="wrap" data-testid="project-name">
                    {project.display_name().to_owned()}
                </h1>
                <p class="muted small">
                    <code>{project.id.clone()}</code>
                    " · "
                    {if project.is_archived() { "Archived" } else { "Active" }}
                    " · created "
                    {time::date(project.created_at)}
                </p>
            </div>
        </div>
    }
}

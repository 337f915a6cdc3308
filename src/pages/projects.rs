//! All projects: search, archived toggle, lazy key counts, and the inventory export.

use crate::components::common::{ErrorPanel, Loading};
use crate::logic::export;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::platform::browser;
use crate::state::{ToastKind, use_app};
use admin_api::types::Project;
use admin_api::{ApiError, KeyListQuery};
use leptos::prelude::*;

/// Rows rendered at once; "Show more" adds this many (key counts load only for shown rows).
const PAGE: usize = 50;

pub fn all_keys() -> KeyListQuery {
    // `any`: without it the API hides keys whose owner left the project.
    KeyListQuery {
        owner_project_access: Some("any".into()),
        limit: Some(100),
    }
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let app = use_app();
    let include_archived = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let loaded = RwSignal::new(0usize);
    let projects = LocalResource::new(move || {
        let archived = include_archived.get();
        app.version.track();
        let api = app.client();
        async move {
            let api = api?;
            loaded.set(0);
            let mut count = 0;
            api.collect(
                async |after| {
                    let page = api.list_projects(archived, 100, after).await;
                    if let Ok(p) = &page {
                        count += p.data.len();
                        loaded.set(count);
                    }
                    page
                },
                |_| {},
            )
            .await
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = projects.get() {
            app.handle_auth(&e);
        }
    });

    let filtered = move || -> Option<Result<Vec<Project>, ApiError>> {
        let needle = query.get().trim().to_lowercase();
        projects.get().map(|r| {
            r.map(|list| {
                list.into_iter()
                    .filter(|p| {
                        needle.is_empty()
                            || p.display_name().to_lowercase().contains(&needle)
                            || p.id.to_lowercase().contains(&needle)
                    })
                    .collect()
            })
        })
    };

    view! {
        <section class="page" aria-labelledby="projects-title">
            <div class="page-head">
                <h1 id="projects-title">"Projects"</h1>
                <ExportButtons />
            </div>
            <div class="toolbar" role="search">
                <input type="search" class="grow" placeholder="Search projects by name or ID" aria-label="Search projects" data-testid="project-search"
                    prop:value=move || query.get() on:input=move |e| { query.set(event_target_value(&e)); shown.set(PAGE); } />
                <label class="check">
                    <input type="checkbox" data-testid="show-archived" prop:checked=move || include_archived.get() on:change=move |e| include_archived.set(event_target_checked(&e)) />
                    " Show archived"
                </label>
            </div>
            {move || match filtered() {
                None => view! { <Loading label=Signal::derive(move || if loaded.get() == 0 { "Loading projects…".to_string() } else { format!("Loading projects… {} so far", loaded.get()) }) /> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e retry=Callback::new(move |_| projects.refetch()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty">{if query.get().is_empty() { "No projects in this organization." } else { "No project matches this search." }}</div>
                }.into_any(),
                Some(Ok(list)) => {
                    let total = list.len();
                    let rows: Vec<Project> = list.into_iter().take(shown.get()).collect();
                    view! {
                        <p class="muted small">{format!("{total} project{}", if total == 1 { "" } else { "s" })}</p>
                        <div class="table-wrap">
                            <table class="table" data-testid="projects-table">
                                <thead><tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col" class="hide-narrow">"ID"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col" class="hide-narrow">"Created"</th>
                                    <th scope="col" class="num">"Keys"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|p| view! { <ProjectRow project=p /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(total > shown.get()).then(|| view! {
                            <button class="btn" on:click=move |_| shown.update(|n| *n += PAGE)>{format!("Show more ({} more)", total - shown.get_untracked())}</button>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ProjectRow(
    /// The project in this row.
    project: Project,
) -> impl IntoView {
    let app = use_app();
    let href = Route::Project {
        id: project.id.clone(),
        tab: ProjectTab::Keys,
    }
    .href();
    let id = project.id.clone();
    // Loaded when the row is shown, not before.
    let count = LocalResource::new(move || {
        let id = id.clone();
        app.version.track();
        let api = app.api();
        async move {
            api?.all_api_keys(&id, &all_keys(), |_| {})
                .await
                .ok()
                .map(|k| k.len())
        }
    });
    let archived = project.is_archived();
    view! {
        <tr>
            <td class="wrap"><a href=href>{project.display_name().to_owned()}</a></td>
            <td class="mono hide-narrow">{project.id.clone()}</td>
            <td>{if archived { view! { <span class="badge">"Archived"</span> }.into_any() } else { view! { <span class="badge badge-ok">"Active"</span> }.into_any() }}</td>
            <td class="hide-narrow"><time datetime=time::iso(project.created_at) title=time::exact(project.created_at)>{time::date(project.created_at)}</time></td>
            <td class="num">{move || match count.get() {
                None => view! { <span class="spinner small" aria-label="Counting keys"></span> }.into_any(),
                Some(Some(n)) => view! { <span>{n}</span> }.into_any(),
                Some(None) => view! { <span class="muted" title="Could not count the keys">"?"</span> }.into_any(),
            }}</td>
        </tr>
    }
}

/// Scans every project's keys, then saves the inventory as CSV or JSON.
#[component]
fn ExportButtons() -> impl IntoView {
    let app = use_app();
    let progress = RwSignal::new(None::<String>);
    let export = Action::new_local(move |format: &&'static str| {
        let format = *format;
        let api = app.api();
        async move {
            let Some(api) = api else { return };
            let now = browser::now();
            progress.set(Some("Listing projects…".into()));
            let projects = match api.all_projects(true).await {
                Ok(p) => p,
                Err(e) => {
                    progress.set(None);
                    if !app.handle_auth(&e) {
                        app.toast(ToastKind::Error, format!("Export failed: {}", e.summary()));
                    }
                    return;
                }
            };
            let mut rows = Vec::new();
            let total = projects.len();
            for (i, p) in projects.iter().enumerate() {
                progress.set(Some(format!(
                    "Scanning project {} of {total} ({} keys so far)…",
                    i + 1,
                    rows.len()
                )));
                match api.all_api_keys(&p.id, &all_keys(), |_| {}).await {
                    Ok(keys) => rows.extend(keys.iter().map(|k| export::row(p, k, now))),
                    Err(e) => {
                        progress.set(None);
                        if !app.handle_auth(&e) {
                            app.toast(
                                ToastKind::Error,
                                format!(
                                    "Export stopped at “{}”: {}",
                                    p.display_name(),
                                    e.summary()
                                ),
                            );
                        }
                        return;
                    }
                }
            }
            let stamp = time::date(now);
            if format == "csv" {
                browser::download(
                    &format!("keyward-inventory-{stamp}.csv"),
                    "text/csv",
                    &export::to_csv(&rows),
                );
            } else {
                browser::download(
                    &format!("keyward-inventory-{stamp}.json"),
                    "application/json",
                    &export::to_json(&rows),
                );
            }
            progress.set(None);
            app.toast(
                ToastKind::Success,
                format!("Exported {} keys from {total} projects.", rows.len()),
            );
        }
    });
    view! {
        <div class="export">
            <span class="muted small" aria-live="polite">{move || progress.get()}</span>
            <button class="btn" data-testid="export-csv" disabled=move || export.pending().get() on:click=move |_| { export.dispatch_local("csv"); }>"Export CSV"</button>
            <button class="btn" data-testid="export-json" disabled=move || export.pending().get() on:click=move |_| { export.dispatch_local("json"); }>"Export JSON"</button>
        </div>
    }
}

//! All projects: search, archived toggle, lazy key counts, and the inventory export.

use crate::components::common::{api_resource, loaded};
use crate::logic::inventory::Count;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::state::use_app;
use crate::work::export::{self, Format};
use crate::work::inventory;
use crate::work::jobs::JobKind;
use admin_api::types::Project;
use leptos::prelude::*;

/// Rows rendered at once; "Show more" adds this many (key counts load only for shown rows).
const PAGE: usize = 50;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    // The key counts come from the session's one scan, started here the first time.
    inventory::ensure(use_app());
    let include_archived = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let count = RwSignal::new(0usize);
    let projects = api_resource(move |api| {
        let archived = include_archived.get();
        count.set(0);
        async move {
            api.collect(
                async |after| api.list_projects(archived, 100, after).await,
                // try_set: the view may be gone by the time a page arrives.
                |n| {
                    count.try_set(n);
                },
            )
            .await
        }
    });

    // Searching filters what was loaded: it never sends a request.
    let matching = move |list: Vec<Project>| -> Vec<Project> {
        let needle = query.get().trim().to_lowercase();
        list.into_iter()
            .filter(|p| {
                needle.is_empty()
                    || p.display_name().to_lowercase().contains(&needle)
                    || p.id.to_lowercase().contains(&needle)
            })
            .collect()
    };
    let label = Signal::derive(move || match count.get() {
        0 => "Loading projects…".to_string(),
        n => format!("Loading projects… {n} so far"),
    });

    view! {
        <section class="page" aria-labelledby="projects-title">
            <div class="page-head">
                <h1 id="projects-title">"Projects"</h1>
                <ExportButtons />
            </div>
            <ScanStatus />
            <div class="toolbar" role="search">
                <input type="search" class="grow" placeholder="Search projects by name or ID" aria-label="Search projects" data-testid="project-search"
                    prop:value=move || query.get() on:input=move |e| { query.set(event_target_value(&e)); shown.set(PAGE); } />
                <label class="check">
                    <input type="checkbox" data-testid="show-archived" prop:checked=move || include_archived.get() on:change=move |e| include_archived.set(event_target_checked(&e)) />
                    " Show archived"
                </label>
            </div>
            {loaded(projects, label, move |all| match matching(all) {
                list if list.is_empty() => view! {
                    <div class="empty">{if query.get().is_empty() { "No projects in this organization." } else { "No project matches this search." }}</div>
                }.into_any(),
                list => {
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
            })}
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
    // From the session's inventory: showing, hiding or searching rows never sends a request.
    let count = move || app.inventory.with(|i| i.count(&id));
    let archived = project.is_archived();
    view! {
        <tr>
            <td class="wrap"><a href=href>{project.display_name().to_owned()}</a></td>
            <td class="mono hide-narrow">{project.id.clone()}</td>
            <td>{if archived { view! { <span class="badge">"Archived"</span> }.into_any() } else { view! { <span class="badge badge-ok">"Active"</span> }.into_any() }}</td>
            <td class="hide-narrow"><time datetime=time::iso(project.created_at) title=time::exact(project.created_at)>{time::date(project.created_at)}</time></td>
            <td class="num">{move || match count() {
                Count::Loading => view! { <span class="spinner small" role="img" aria-label="Counting keys"></span> }.into_any(),
                Count::Exact(n) => view! { <span>{n}</span> }.into_any(),
                Count::AtLeast(n, why) => view! {
                    <span class="warn-text" title=format!("Only part of the list could be read: {why}")>{format!("{n}+")}</span>
                }.into_any(),
            }}</td>
        </tr>
    }
}

/// How far the inventory scan got, with Refresh, and a retry for the parts that failed.
#[component]
fn ScanStatus() -> impl IntoView {
    let app = use_app();
    let status = move || {
        app.inventory.with(|i| {
            let (done, total, keys) = i.progress();
            let failed = i.unfinished().len();
            (
                i.running,
                done,
                total,
                keys,
                failed,
                i.listing_error.clone(),
            )
        })
    };
    let retrying = RwSignal::new(false);
    let retry = move |_| {
        if retrying.get_untracked() {
            return;
        }
        retrying.set(true);
        leptos::task::spawn_local(async move {
            inventory::resume(app).await;
            retrying.try_set(false);
        });
    };
    view! {
        <div class="scan-status small" data-testid="scan-status" aria-live="polite">
            {move || match status() {
                (_, _, _, _, _, Some(e)) => view! {
                    <span class="warn-text">"The project list could not be read: " {e.summary()}</span>
                    <button class="btn btn-small" on:click=move |_| inventory::refresh(app)>"Try again"</button>
                }.into_any(),
                (true, done, total, keys, _, _) => view! {
                    <progress max=total.max(1) value=done aria-label="Projects scanned"></progress>
                    <span>{format!("Scanning keys: {done} of {total} projects (archived included), {keys} keys so far…")}</span>
                }.into_any(),
                (false, _, total, keys, 0, _) => view! {
                    <span>{format!("{keys} keys in {total} projects, archived included.")}</span>
                    <button class="btn btn-small" data-testid="scan-refresh" on:click=move |_| inventory::refresh(app)>"Refresh"</button>
                }.into_any(),
                (false, _, _, _, failed, _) => view! {
                    <span class="warn-text">{format!("{failed} project{} could not be read completely; what was read is kept.", if failed == 1 { "" } else { "s" })}</span>
                    <button class="btn btn-small" data-testid="scan-retry" disabled=move || retrying.get() on:click=retry>"Retry those"</button>
                }.into_any(),
            }}
        </div>
    }
}

/// Starts the inventory export as a session job (it goes on if the user navigates away).
#[component]
fn ExportButtons() -> impl IntoView {
    let app = use_app();
    let running = move || app.work.running_note(JobKind::Export).is_some();
    let start = move |format| {
        if !running() {
            export::start(app, format);
        }
    };
    view! {
        <div class="export">
            <span class="muted small" aria-live="polite" data-testid="export-progress">{move || app.work.running_note(JobKind::Export)}</span>
            <button class="btn" data-testid="export-csv" disabled=running on:click=move |_| start(Format::Csv)>"Export CSV"</button>
            <button class="btn" data-testid="export-json" disabled=running on:click=move |_| start(Format::Json)>"Export JSON"</button>
        </div>
    }
}

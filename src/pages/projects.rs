//! All projects, from the session's inventory: search, archived toggle, key counts, export.

use crate::components::common::{ErrorPanel, Loading};
use crate::components::export::ExportButtons;
use crate::components::new_project::NewProjectDialog;
use crate::components::scan_status::ScanStatus;
use crate::components::usage::{ProjectCostCell, WindowSelect};
use crate::logic::fold::fold;
use crate::logic::inventory::Count;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::logic::usage as usage_logic;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::{inventory, usage};
use admin_api::types::Project;
use leptos::prelude::*;
use std::collections::HashMap;

/// Sorts projects by cost (most first when `descending`); unknown costs keep the API's order.
fn sorted_by_cost(
    mut list: Vec<Project>,
    descending: Option<bool>,
    costs: Option<HashMap<String, i64>>,
) -> Vec<Project> {
    if let (Some(desc), Some(costs)) = (descending, costs) {
        let cost = |p: &Project| costs.get(&p.id).copied().unwrap_or(0);
        list.sort_by(|a, b| {
            let o = cost(a).cmp(&cost(b));
            if desc { o.reverse() } else { o }
        });
    }
    list
}

/// Rows rendered at once; "Show more" adds this many.
const PAGE: usize = 50;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    // The projects and their key counts come from the session's one scan, started here the
    // first time; searching, showing archived and "Show more" only filter what it holds.
    inventory::ensure(session);
    usage::ensure(session);
    let creating = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    // Memos: a key listing arriving during the scan changes neither, so the table is not
    // rebuilt 200 times while the counts fill in (each row watches its own count).
    let projects = inventory::projects(session);
    let state = Memo::new(move |_| {
        session
            .inventory
            .with(|i| (i.projects.is_empty(), i.running, i.listing_error.clone()))
    });
    // None: the API's order; Some(descending): by cost in the window.
    let by_cost = RwSignal::new(None::<bool>);
    let costs = Memo::new(move |_| {
        session.usage.with(|u| match &u.costs {
            Some(Ok(c)) => Some((
                c.per_project
                    .iter()
                    .map(|(id, pc)| (id.clone(), pc.cents))
                    .collect::<HashMap<_, _>>(),
                c.currency.clone(),
            )),
            _ => None,
        })
    });
    let matching = move || -> Vec<Project> {
        let needle = fold(query.get().trim());
        let costs = costs.get().map(|(c, _)| c);
        // The one archived choice (in the scan status): listed and scanned together.
        let archived = app.prefs.scan_archived.get();
        let list = projects.with(|list| {
            list.iter()
                .filter(|p| archived || !p.is_archived())
                .filter(|p| {
                    needle.is_empty()
                        || fold(p.display_name()).contains(&needle)
                        || p.id.to_ascii_lowercase().contains(&needle)
                })
                .cloned()
                .collect::<Vec<_>>()
        });
        sorted_by_cost(list, by_cost.get(), costs)
    };
    // The organization's cost in the window: every project's, archived ones too.
    let org_total = move || {
        costs.get().map(|(c, currency)| {
            let cents = c.values().copied().fold(0i64, i64::saturating_add);
            format!(
                "Organization total: {} in the last {} days",
                usage_logic::money(cents, &currency),
                app.prefs.usage_days.get()
            )
        })
    };

    view! {
        <section class="page" aria-labelledby="projects-title">
            <div class="page-head">
                <h1 id="projects-title">"Projects"</h1>
                <div class="actions">
                    <button
                        class="btn"
                        data-testid="new-project"
                        on:click=move |_| creating.set(true)
                    >
                        "New project…"
                    </button>
                    <ExportButtons />
                </div>
            </div>
            {move || {
                creating
                    .get()
                    .then(|| {
                        view! {
                            <NewProjectDialog on_close=Callback::new(move |_| {
                                creating.set(false)
                            }) />
                        }
                    })
            }}
            <ScanStatus />
            <div class="toolbar" role="search">
                <input
                    type="search"
                    class="grow"
                    placeholder="Search projects by name or ID"
                    aria-label="Search projects"
                    data-testid="project-search"
                    prop:value=move || query.get()
                    on:input=move |e| {
                        query.set(event_target_value(&e));
                        shown.set(PAGE);
                    }
                />
                <WindowSelect id="projects-window" />
            </div>
            {move || match state.get() {
                (true, _, Some(e)) => {
                    view! {
                        <ErrorPanel
                            error=e
                            retry=Callback::new(move |_| inventory::refresh(session))
                        />
                    }
                        .into_any()
                }
                (true, true, None) => {
                    view! { <Loading label="Loading projects…".to_string() /> }.into_any()
                }
                _ => {
                    match matching() {
                        list if list.is_empty() => {
                            view! {
                                <div class="empty">
                                    {if query.get().is_empty() {
                                        "No projects to show."
                                    } else {
                                        "No project matches this search."
                                    }}
                                </div>
                            }
                                .into_any()
                        }
                        list => {
                            let total = list.len();
                            let rows: Vec<Project> = list.into_iter().take(shown.get()).collect();
                            view! {
                                <p class="muted small">
                                    {format!(
                                        "{total} project{}",
                                        if total == 1 { "" } else { "s" },
                                    )}
                                    {move || {
                                        session
                                            .inventory
                                            .with(|i| i.listing_projects)
                                            .then_some(" so far (the list is still being read)")
                                    }} {move || org_total().map(|t| format!(" · {t}"))}
                                </p>
                                <div class="table-wrap">
                                    <table class="table" data-testid="projects-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">"Name"</th>
                                                <th scope="col" class="hide-narrow">
                                                    "ID"
                                                </th>
                                                <th scope="col">"Status"</th>
                                                <th scope="col" class="hide-narrow">
                                                    "Created"
                                                </th>
                                                <th scope="col" class="num">
                                                    "Keys"
                                                </th>
                                                <th
                                                    scope="col"
                                                    class="cost"
                                                    aria-sort=move || match by_cost.get() {
                                                        Some(true) => "descending",
                                                        Some(false) => "ascending",
                                                        None => "none",
                                                    }
                                                >
                                                    <button
                                                        class="th-btn"
                                                        data-testid="sort-cost"
                                                        on:click=move |_| {
                                                            by_cost.update(|s| *s = Some(!s.unwrap_or(false)))
                                                        }
                                                    >
                                                        {move || format!("Cost ({} d)", app.prefs.usage_days.get())}
                                                        <span aria-hidden="true">
                                                            {move || match by_cost.get() {
                                                                Some(true) => " ▼",
                                                                Some(false) => " ▲",
                                                                None => "",
                                                            }}
                                                        </span>
                                                    </button>
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .into_iter()
                                                .map(|p| view! { <ProjectRow project=p /> })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {(total > shown.get())
                                    .then(|| {
                                        view! {
                                            <button
                                                class="btn"
                                                on:click=move |_| shown.update(|n| *n += PAGE)
                                            >
                                                {format!(
                                                    "Show more ({} more)",
                                                    total - shown.get_untracked(),
                                                )}
                                            </button>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    }
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
    let session = use_session();
    let href = Route::Project {
        id: project.id.clone(),
        tab: ProjectTab::Keys,
    }
    .href();
    let id = project.id.clone();
    // From the session's inventory: showing, hiding or searching rows never sends a request.
    let count = move || session.inventory.with(|i| i.count(&id));
    let archived = project.is_archived();
    view! {
        <tr>
            <td class="wrap">
                <a href=href>{project.display_name().to_owned()}</a>
            </td>
            <td class="mono hide-narrow">{project.id.clone()}</td>
            <td>
                {if archived {
                    view! { <span class="badge">"Archived"</span> }.into_any()
                } else {
                    view! { <span class="badge badge-ok">"Active"</span> }.into_any()
                }}
            </td>
            <td class="hide-narrow">
                <time datetime=time::iso(project.created_at) title=time::exact(project.created_at)>
                    {time::date(project.created_at)}
                </time>
            </td>
            <td class="num">
                {move || match count() {
                    Count::Loading => {
                        view! {
                            <span
                                class="spinner small"
                                role="img"
                                aria-label="Counting keys"
                            ></span>
                        }
                            .into_any()
                    }
                    Count::Skipped => {
                        view! {
                            <span
                                class="muted"
                                title="Not scanned: archived projects are left out. Open the project to list its keys."
                            >
                                "—"
                            </span>
                        }
                            .into_any()
                    }
                    Count::Exact(n) => view! { <span>{n}</span> }.into_any(),
                    Count::AtLeast(n, why) => {
                        view! {
                            <span
                                class="warn-text"
                                title=format!("Only part of the list could be read: {why}")
                            >
                                {format!("{n}+")}
                            </span>
                        }
                            .into_any()
                    }
                }}
            </td>
            <td class="cost" data-testid="project-cost">
                <ProjectCostCell project_id=project.id.clone() />
            </td>
        </tr>
    }
}

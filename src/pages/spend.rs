//! Spend & limits: the organization's own guard rails, then every project's side by side with
//! its month-to-date spend, findings that filter the table, sorting on every column, the
//! filters in the hash, and exports of what is shown.

use crate::components::bulk_rails::BulkRailsDialog;
use crate::components::common::ErrorPanel;
use crate::components::guard_rails::{GuardRailCards, RailScope};
use crate::components::spend_filters::SpendFilters;
use crate::logic::guard_rails::findings::{self, RailFinding};
use crate::logic::guard_rails::table::{RailQuery, RailSort};
use crate::logic::guard_rails::{RailRow, cell, limit_text, model_policy_text};
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::logic::usage::money;
use crate::platform::browser;
use crate::session::jobs::JobKind;
use crate::session::use_session;
use crate::work::guard_rails;
use admin_api::resources::costs::month_start;
use admin_api::types::retention_label;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn SpendPage() -> impl IntoView {
    let session = use_session();
    guard_rails::ensure(session);
    let query = RwSignal::new(RailQuery::from_hash(&browser::hash()));
    // The hash follows the filters (replaced, so Back leaves the page rather than each filter).
    Effect::new(move |_| {
        let text = query.with(RailQuery::to_query);
        if browser::hash().split('?').next() == Some("#/spend") {
            browser::replace_hash(&format!("#/spend{text}"));
        }
    });
    let org_limit = Memo::new(move |_| session.guard.with(|g| g.org.limit_cents()));
    let shown = Memo::new(move |_| {
        let q = query.get();
        session.guard.with(|g| q.select(&g.rows, org_limit.get()))
    });
    let counts = Memo::new(move |_| {
        let org = org_limit.get();
        let archived = query.with(|q| q.archived);
        session.guard.with(|g| {
            RailFinding::ALL.map(|f| {
                g.rows
                    .iter()
                    .filter(|r| {
                        (archived || !r.project.is_archived()) && findings::of(r, org).contains(&f)
                    })
                    .count()
            })
        })
    });
    let running = move || session.work.running_note(JobKind::GuardRails);
    // Projects chosen for a bulk change (archived ones can't be changed, so can't be chosen).
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let bulk = RwSignal::new(None::<Vec<RailRow>>);
    let open_bulk = move |_| {
        let rows: Vec<RailRow> = session.guard.with_untracked(|g| {
            shown
                .get_untracked()
                .iter()
                .map(|&i| &g.rows[i])
                .filter(|r| selected.with_untracked(|s| s.contains(&r.project.id)))
                .cloned()
                .collect()
        });
        if !rows.is_empty() {
            bulk.set(Some(rows));
        }
    };
    let export = move |json: bool| {
        let org = org_limit.get_untracked();
        let text = session.guard.with_untracked(|g| {
            let rows: Vec<&RailRow> = shown.get_untracked().iter().map(|&i| &g.rows[i]).collect();
            if json {
                crate::logic::guard_rails::export::to_json(&rows, org, month_start(browser::now()))
            } else {
                crate::logic::guard_rails::export::to_csv(&rows, org)
            }
        });
        let day = time::date(browser::now());
        if json {
            browser::download(
                &format!("keyward-spend-{day}.json"),
                "application/json",
                &text,
            );
        } else {
            browser::download(&format!("keyward-spend-{day}.csv"), "text/csv", &text);
        }
    };
    view! {
        <section class="page" data-testid="spend-page">
            <div class="page-head">
                <div>
                    <h1 id="spend-title">"Spend & limits"</h1>
                    <p class="muted small">
                        "What each project may spend, call and keep. Spend counts from "
                        {time::date(month_start(browser::now()))} " (UTC) to now."
                    </p>
                </div>
                <div class="actions">
                    <button
                        class="btn btn-small"
                        data-testid="spend-export-csv"
                        on:click=move |_| export(false)
                    >
                        "Export CSV"
                    </button>
                    <button
                        class="btn btn-small"
                        data-testid="spend-export-json"
                        on:click=move |_| export(true)
                    >
                        "Export JSON"
                    </button>
                    <button
                        class="btn btn-small"
                        data-testid="spend-refresh"
                        disabled=move || running().is_some()
                        on:click=move |_| guard_rails::read_again(session)
                    >
                        "Read again"
                    </button>
                </div>
            </div>
            <h2 class="section-title">"Organization"</h2>
            <GuardRailCards scope=RailScope::Org />
            <h2 class="section-title">"Projects"</h2>
            {move || {
                running()
                    .map(|note| {
                        view! {
                            <p class="loading" role="status" data-testid="spend-progress">
                                <span class="spinner" aria-hidden="true"></span>
                                {note}
                            </p>
                        }
                    })
            }}
            {move || {
                session
                    .guard
                    .with(|g| g.error.clone())
                    .map(|e| {
                        view! {
                            <ErrorPanel
                                error=e
                                retry=Callback::new(move |_| guard_rails::load(session))
                            />
                        }
                    })
            }}
            <div
                class="chips"
                role="group"
                aria-label="Filter by finding"
                data-testid="spend-findings"
            >
                {RailFinding::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let pressed = move || query.with(|q| q.finding == Some(f));
                        view! {
                            <button
                                class="chip"
                                class:chip-on=pressed
                                title=f.why()
                                aria-pressed=move || pressed().to_string()
                                data-testid=format!("spend-finding-{}", f.id())
                                on:click=move |_| {
                                    query
                                        .update(|q| {
                                            q.finding = if q.finding == Some(f) {
                                                None
                                            } else {
                                                Some(f)
                                            };
                                        })
                                }
                            >
                                <span>{f.label()}</span>
                                <span class="chip-count">{move || counts.get()[i]}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <SpendFilters query=query />
            <div
                class="selection-bar"
                role="group"
                aria-label="Selected projects"
                data-testid="spend-selection"
            >
                <span>{move || format!("{} selected", selected.with(BTreeSet::len))}</span>
                <button
                    class="btn btn-small btn-primary"
                    data-testid="spend-bulk"
                    disabled=move || selected.with(BTreeSet::is_empty)
                    on:click=open_bulk
                >
                    "Apply a guard rail…"
                </button>
                <button
                    class="btn btn-small"
                    disabled=move || selected.with(BTreeSet::is_empty)
                    on:click=move |_| selected.set(BTreeSet::new())
                >
                    "Clear"
                </button>
            </div>
            <RailTable query=query shown=shown org_limit=org_limit selected=selected />
            {move || {
                bulk.get()
                    .map(|rows| {
                        view! {
                            <BulkRailsDialog
                                rows=rows
                                org_limit=org_limit.get_untracked()
                                on_close=Callback::new(move |_| {
                                    bulk.set(None);
                                    selected.set(BTreeSet::new());
                                })
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn RailTable(
    query: RwSignal<RailQuery>,
    shown: Memo<Vec<usize>>,
    org_limit: Memo<Option<i64>>,
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let session = use_session();
    // The live projects shown: what "select all" takes.
    let choosable = move || {
        session.guard.with(|g| {
            shown
                .get()
                .iter()
                .map(|&i| &g.rows[i])
                .filter(|r| !r.project.is_archived())
                .map(|r| r.project.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let all_chosen = move || {
        let ids = choosable();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let header = move |key: RailSort, class: &'static str| {
        let aria = move || match query.with(|q| (q.sort, q.descending)) {
            (s, false) if s == key => "ascending",
            (s, true) if s == key => "descending",
            _ => "none",
        };
        let arrow = move || match query.with(|q| (q.sort, q.descending)) {
            (s, false) if s == key => " ▲",
            (s, true) if s == key => " ▼",
            _ => "",
        };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button
                    class="th-btn"
                    data-testid=format!("spend-sort-{}", key.id())
                    on:click=move |_| {
                        query
                            .update(|q| {
                                if q.sort == key {
                                    q.descending = !q.descending;
                                } else {
                                    q.sort = key;
                                    q.descending = key.default_descending();
                                }
                            })
                    }
                >
                    {key.label()}
                    <span aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    let rows = move || {
        let org = org_limit.get();
        session.guard.with(|g| {
            shown
                .get()
                .iter()
                .map(|&i| {
                    let r = g.rows[i].clone();
                    view! { <RailRowView row=r org_limit=org selected=selected /> }
                })
                .collect_view()
        })
    };
    let empty = move || {
        let (none_shown, loaded, any) = session
            .guard
            .with(|g| (shown.with(Vec::is_empty), g.loaded, !g.rows.is_empty()));
        (none_shown && (loaded || any)).then(|| {
            view! {
                <p class="empty" data-testid="spend-empty">
                    {if any {
                        "No project matches these filters."
                    } else {
                        "This organization has no projects."
                    }}
                </p>
            }
        })
    };
    view! {
        <div class="table-wrap">
            <table class="table rails" data-testid="spend-table" aria-labelledby="spend-title">
                <thead>
                    <tr>
                        <th scope="col" class="sel">
                            <input
                                type="checkbox"
                                data-testid="spend-select-all"
                                aria-label="Select every live project shown"
                                prop:checked=all_chosen
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    let ids = choosable();
                                    selected
                                        .update(|s| {
                                            for id in ids {
                                                if on {
                                                    s.insert(id);
                                                } else {
                                                    s.remove(&id);
                                                }
                                            }
                                        });
                                }
                            />
                        </th>
                        {header(RailSort::Name, "")}
                        {header(RailSort::Spend, "num")}
                        {header(RailSort::Limit, "num")}
                        {header(RailSort::Used, "num")}
                        {header(RailSort::Alerts, "hide-narrow")}
                        {header(RailSort::Models, "hide-narrow")}
                        {header(RailSort::Tools, "hide-narrow")}
                        {header(RailSort::Retention, "hide-narrow")}
                        {header(RailSort::Tiers, "hide-narrow")}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {empty}
    }
}

#[component]
fn RailRowView(
    row: RailRow,
    org_limit: Option<i64>,
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let found = findings::of(&row, org_limit);
    let href = Route::Project {
        id: row.project.id.clone(),
        tab: ProjectTab::Limits,
    }
    .href();
    let r = &row.rails;
    let spent = row
        .spent
        .map_or_else(|| "…".to_owned(), |c| money(c, "usd"));
    let limit = cell(&r.limit, |l| limit_text(l.as_ref()));
    let used = row
        .used_percent()
        .map_or_else(|| "—".to_owned(), |p| format!("{p} %"));
    let alerts = cell(&r.alerts, |a| match row.lowest_alert() {
        Some(low) => format!("{} · lowest {}", a.len(), money(low, "usd")),
        None => "none".into(),
    });
    let models = cell(&r.models, |m| model_policy_text(m.as_ref()));
    let tools = cell(&r.tools, |t| {
        let off: Vec<&str> = t.off().iter().map(|t| t.label()).collect();
        if off.is_empty() {
            "all on".into()
        } else {
            off.join(", ")
        }
    });
    let retention = cell(&r.retention, |d| {
        retention_label(&d.retention_type).to_owned()
    });
    let tiers = cell(&r.tiers, |t| {
        format!("{} · {}", t.default, t.enabled_tiers.describe())
    });
    let stopped = row.is_stopped();
    let archived = row.project.is_archived();
    let id = row.project.id.clone();
    let for_select = id.clone();
    view! {
        <tr data-testid="spend-row" data-project-id=row.project.id.clone() class:row-warn=stopped>
            <td class="sel">
                <input
                    type="checkbox"
                    data-testid="spend-select"
                    aria-label=format!("Select {}", row.project.display_name())
                    disabled=archived
                    title=archived.then_some("An archived project's guard rails can't be changed")
                    prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        selected
                            .update(|s| {
                                if on {
                                    s.insert(for_select.clone());
                                } else {
                                    s.remove(&for_select);
                                }
                            });
                    }
                />
            </td>
            <td class="wrap">
                <a href=href>{row.project.display_name().to_owned()}</a>
                {row.project.is_archived().then(|| view! { <span class="badge">"archived"</span> })}
                <div class="badges">
                    {found
                        .into_iter()
                        .map(|f| {
                            view! {
                                <span class="badge badge-warn" data-finding=f.id() title=f.why()>
                                    {f.label()}
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            </td>
            <td class="num">{spent}</td>
            <td class="num">{limit}</td>
            <td class="num">{used}</td>
            <td class="hide-narrow">{alerts}</td>
            <td class="hide-narrow">{models}</td>
            <td class="hide-narrow">{tools}</td>
            <td class="hide-narrow">{retention}</td>
            <td class="hide-narrow">{tiers}</td>
        </tr>
    }
}

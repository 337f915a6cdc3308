//! Keys from the session's inventory: search, filters, findings, a virtualised table, and
//! single or bulk revoke. "All keys" shows every project; a project page shows its own. The
//! filters, sort and selection live in the hash query, so a view can be bookmarked and shared.
//! Its parts: the URL state, the filter bar, the selection bar and the table.

mod filter_bar;
mod selection_bar;
mod shown;
mod url_state;
mod warm_orders;
mod warm_search;

use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::common::ErrorPanel;
use crate::components::export::{ExportButtons, ShownView};
use crate::components::findings::FindingsPanel;
use crate::components::key_table::{KeyTable, TableData};
use crate::components::policy_dialog::kept_policy;
use crate::components::revoke::{RevokeDialog, RevokeTarget};
use crate::components::usage::UsageNotice;
use crate::logic::export::Filter as ExportFilter;
use crate::logic::inventory::PartState;
use crate::logic::key_table::{self, KeyRow, Orders, RowCache, Selection, TableQuery};
use crate::logic::usage::cells;
use crate::platform::browser;
use crate::session::use_session;
use crate::work::{inventory, permissions, usage};
use admin_api::types::ProjectApiKey;
use admin_api::{ApiError, ErrorKind};
use filter_bar::{FilterBar, clear_filters};
use leptos::prelude::*;
use selection_bar::SelectionBar;
use shown::{Shown, same_rows};
use std::sync::Arc;

#[component]
pub fn KeyBrowser(
    /// Only this project's keys; every key of the organization when none.
    #[prop(optional)]
    project: Option<String>,
    /// The hash path of this view (`#/keys`, `#/projects/…`); its state follows as a query.
    path: String,
) -> impl IntoView {
    let session = use_session();
    let now = browser::now();
    // "Unused" means what the Review's policy says, unless the link names another day count.
    let policy_days = kept_policy().unused_days;
    let (mut initial, initial_selection) = key_table::from_hash(&browser::hash(), policy_days);
    if let Some(p) = &project {
        initial.project = Some(p.clone());
    }
    let all_projects = project.is_none();
    match &project {
        Some(p) => inventory::watch(session, p),
        None => inventory::ensure(session),
    }
    // The popup has room for the table or the extras, not both: extras start folded there.
    let narrow = browser::is_popup_sized();
    let more = RwSignal::new(
        !narrow || {
            let q = &initial;
            q.owner_kind.is_some()
                || q.traffic.is_some()
                || q.created.is_some()
                || q.used.is_some()
                || q.expires.is_some()
                || (project.is_none() && q.project.is_some())
        },
    );
    let link_query = initial.clone();
    let query = RwSignal::new(initial);
    // What the user ticked, over the list of rows it was last changed on; `ticked` is the same
    // over the rows of now. Every change moves it onto the rows of now first.
    let selected = RwSignal::new(Selection::default());

    let cache = StoredValue::new(RowCache::default());
    let scope = project.clone();
    let rows = Memo::new_with_compare(
        move |_| {
            let rows = session.inventory.with(|inv| {
                cache
                    .try_update_value(|c| c.rows(inv, scope.as_deref()))
                    .unwrap_or_default()
            });
            Arc::new(rows)
        },
        |a, b| !same_rows(a, b),
    );
    let ticked = Memo::new_with_compare(
        move |_| {
            let rows = rows.get();
            selected.with(|s| s.over(&rows))
        },
        |_, _| true,
    );
    let thresholds = Memo::new(move |_| query.with(|q| q.thresholds));
    // Read by the findings panel's chips and the finding filter's options: a keystroke, which
    // changes only the text, wakes neither.
    let finding = Memo::new(move |_| query.with(|q| q.finding));
    // Permissions come from the audit log, read once per session after the scan.
    permissions::ensure(session);
    let findings = Memo::new(move |_| {
        let (rows, t) = (rows.get(), thresholds.get());
        Arc::new(
            session
                .permissions
                .with(|p| key_table::findings_of(&rows, &p.scopes, t, now)),
        )
    });
    // Each row's traffic, once usage is read completely (unknown otherwise).
    usage::ensure(session);
    let traffic = Memo::new(move |_| {
        let rows = rows.get();
        Arc::new(session.usage.with(|u| {
            if u.complete() {
                rows.iter().map(|r| Some(u.table.of(&r.key.id))).collect()
            } else {
                Vec::new()
            }
        }))
    });
    // Every row in each sort, computed once per list of rows and kept.
    let orders = StoredValue::new(Orders::default());
    warm_orders::warm(orders, rows, traffic);
    // And the search's and filters' code, run while the keys come in (see `warm_search`).
    warm_search::warm(rows, findings, traffic, now);
    // The rows shown, and what they were computed from: typing on narrows the last result
    // instead of filtering every row again.
    let shown_rows = Memo::new_with_compare(
        move |prev: Option<&Shown>| {
            let (rows, findings, traffic) = (rows.get(), findings.get(), traffic.get());
            let q = query.get();
            let sort = q.sort;
            let sorted = || {
                orders
                    .try_update_value(|o| o.get(&rows, &traffic, sort))
                    .unwrap_or_default()
            };
            Shown::compute(
                prev,
                q,
                rows.clone(),
                findings,
                traffic.clone(),
                now,
                Some(&sorted),
            )
        },
        |_, _| true,
    );
    // Notifies only when the rows shown differ.
    let order = Memo::new(move |_| shown_rows.with(|s| s.order.clone()));
    // The findings panel counts within every filter but the finding (and the sort, which
    // changes no count). With no finding chosen those are the rows shown, in another order.
    let scope_shown = Memo::new_with_compare(
        move |prev: Option<&Shown>| {
            let q = query.with(TableQuery::without_finding);
            let (rows, findings, traffic) = (rows.get(), findings.get(), traffic.get());
            let kept =
                prev.is_some_and(|p| p.query == q && p.computed_from(&rows, &findings, &traffic));
            if !kept
                && let Some(shown) =
                    shown_rows.with(|s| (s.query.without_finding() == q).then(|| s.clone()))
            {
                return shown.with_query(q);
            }
            Shown::compute(prev, q, rows, findings, traffic, now, None)
        },
        |_, _| true,
    );
    let scope_rows = Memo::new(move |_| scope_shown.with(|s| s.order.clone()));
    // Memos, not derived signals: some twenty chips, options and bars read them, and each
    // would otherwise make its own pass over every row.
    let counts = Memo::new(move |_| key_table::finding_counts(&scope_rows.get(), &findings.get()));
    let buckets = Memo::new(move |_| Arc::new(key_table::age_buckets(&rows.get(), now)));
    let ages = Memo::new(move |_| key_table::age_histogram(&scope_rows.get(), &buckets.get()));
    let data = TableData {
        rows,
        findings,
        usage: traffic,
        order,
        thresholds: thresholds.into(),
        unknown: Memo::new(move |_| session.usage.with(cells::Unknown::of)),
    };

    url_state::follow(query, selected, path, all_projects, policy_days);
    let link = url_state::Link {
        selection: initial_selection,
        query: link_query,
        project: project.clone(),
    };
    url_state::select_from_link(session, link, query, order, rows, selected);

    let revoking = RwSignal::new(None::<RevokeTarget>);
    let bulk = RwSignal::new(None::<Vec<Chosen>>);
    let on_revoke = Callback::new(move |row: Arc<KeyRow>| {
        revoking.set(Some(RevokeTarget {
            project_id: row.project_id.to_string(),
            project_name: row.project_name.to_string(),
            key: ProjectApiKey::clone(&row.key),
        }))
    });
    // The revoke job updates the inventory, which this table reads: nothing to re-read.
    let close_revoke = Callback::new(move |_changed: bool| revoking.set(None));
    let review = move |_| {
        // Taken now, so nothing that changes later can change what is reviewed.
        let chosen: Vec<Chosen> = ticked.with_untracked(|s| {
            s.rows()
                .map(|r| Chosen {
                    project_id: r.project_id.to_string(),
                    project_name: r.project_name.to_string(),
                    key: ProjectApiKey::clone(&r.key),
                })
                .collect()
        });
        if !chosen.is_empty() {
            bulk.set(Some(chosen));
        }
    };
    let shown = move || order.with(|o| o.len());
    // The export of this view: its keys in the order shown, and its filter in words.
    let export_view = ShownView {
        count: Signal::derive(shown),
        take: Callback::new(move |_| {
            let rows = rows.get_untracked();
            let ids = order
                .with_untracked(|o| o.iter().map(|&i| rows[i as usize].key.id.clone()).collect());
            let q = query.get_untracked();
            let filter = ExportFilter {
                query: key_table::to_query(&q, &Selection::default(), all_projects, policy_days),
                description: q.describe(session.prefs.usage_days.get_untracked()),
                of: rows.len(),
            };
            (ids, filter, q.thresholds)
        }),
    };
    let in_scope = move || rows.with(|r| r.len());
    let selected_count = move || ticked.with(Selection::len);
    // How many of the rows shown are selected: one pass serves "select all" and the summary.
    let selected_shown = Memo::new(move |_| {
        order.with(|o| {
            ticked.with(|s| {
                if s.is_empty() {
                    return 0;
                }
                o.iter().filter(|&&i| s.has(i)).count()
            })
        })
    });
    let hidden_selected = move || selected_count().saturating_sub(selected_shown.get());
    let all_selected = Signal::derive(move || {
        let shown = shown();
        shown > 0 && selected_shown.get() == shown
    });

    // What the scan knows about this scope: still coming, failed part-way, or failed outright.
    let pid = StoredValue::new(project.clone());
    let project_state = move || {
        pid.with_value(|p| {
            session.inventory.with(|inv| match p {
                // The scan is over and never saw this project: new since, or no such project.
                Some(id)
                    if !inv.parts.contains_key(id) && !inv.running && !inv.projects.is_empty() =>
                {
                    Some(Err(Some(ApiError::new(
                        ErrorKind::NotFound,
                        "This project is not in the session's inventory: it may be newer than the scan, or not exist. \
                            Refresh to scan again.",
                    ))))
                }
                Some(id) => match inv.parts.get(id).map(|part| &part.state) {
                    // Skipped: being listed now that the project is open (see `inventory::watch`).
                    None | Some(PartState::Waiting | PartState::Skipped)
                        if inv.listing_error.is_none() =>
                    {
                        Some(Err(None))
                    }
                    Some(PartState::Incomplete { error, .. }) => Some(Err(Some(error.clone()))),
                    None | Some(PartState::Waiting | PartState::Skipped) => {
                        inv.listing_error.clone().map(|e| Err(Some(e)))
                    }
                    Some(PartState::Complete) => None,
                },
                None => None,
            })
        })
    };
    let listing_error = move || session.inventory.with(|i| i.listing_error.clone());
    let scanning = move || session.inventory.with(|i| i.running);

    view! {
        {move || {
            project_state()
                .map(|state| match state {
                    Err(None) => {
                        view! {
                            <div class="loading" role="status">
                                <span class="spinner" aria-hidden="true"></span>
                                <span>"Loading this project's keys…"</span>
                            </div>
                        }
                            .into_any()
                    }
                    Err(Some(e)) => {
                        view! {
                            <div class="warn-panel" data-testid="part-incomplete">
                                {(e.kind != ErrorKind::NotFound)
                                    .then(|| {
                                        view! {
                                            <p class="warn-text">
                                                "Only part of this project's keys could be read. What was read is \
                                                    shown below."
                                            </p>
                                        }
                                    })}
                                <ErrorPanel
                                    error=e
                                    retry=Callback::new(move |_| {
                                        let known = pid
                                            .with_value(|p| {
                                                p.as_ref()
                                                    .is_some_and(|id| {
                                                        session
                                                            .inventory
                                                            .with_untracked(|i| i.parts.contains_key(id))
                                                    })
                                            });
                                        if known {
                                            leptos::task::spawn_local(inventory::resume(session))
                                        } else {
                                            inventory::refresh(session)
                                        }
                                    })
                                />
                            </div>
                        }
                            .into_any()
                    }
                    Ok(()) => ().into_any(),
                })
        }}
        {move || {
            (all_projects && rows.with(|r| r.is_empty()))
                .then(|| match listing_error() {
                    Some(e) => {
                        view! {
                            <ErrorPanel
                                error=e
                                retry=Callback::new(move |_| inventory::refresh(session))
                            />
                        }
                            .into_any()
                    }
                    None if scanning() => {
                        view! {
                            <div class="loading" role="status">
                                <span class="spinner" aria-hidden="true"></span>
                                <span>"Scanning every project's keys…"</span>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <div class="empty" data-testid="no-keys">
                                "This organization has no project API keys."
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
        {move || {
            (!all_projects && project_state().is_none() && rows.with(|r| r.is_empty()))
                .then(|| {
                    view! {
                        <div class="empty" data-testid="no-keys">
                            "This project has no API keys."
                        </div>
                    }
                })
        }}
        <Show when=move || rows.with(|r| !r.is_empty())>
            <FindingsPanel
                counts=counts
                ages=ages
                chosen=finding
                on_choose=Callback::new(move |f| query.update(|q| q.finding = f))
                thresholds=thresholds
                on_days=Callback::new(move |d| query.update(|q| q.thresholds.unused_days = d))
                folded=narrow
            />
            <FilterBar
                query=query
                finding=finding
                counts=counts
                thresholds=thresholds
                more=more
                all_projects=all_projects
            />
            <UsageNotice />
            <SelectionBar
                shown=Signal::derive(shown)
                in_scope=Signal::derive(in_scope)
                selected=selected
                hidden=Signal::derive(hidden_selected)
                on_review=Callback::new(review)
            />
            <ExportButtons view=export_view />
            <Show
                when=move || shown() != 0
                fallback=move || {
                    view! {
                        <div class="empty">
                            "No key matches these filters. "
                            <button
                                class="btn btn-small"
                                on:click=move |_| clear_filters(query, all_projects)
                            >
                                "Clear filters"
                            </button>
                        </div>
                    }
                }
            >
                <KeyTable
                    data=data
                    sort=Memo::new(move |_| query.with(|q| q.sort))
                    on_sort=Callback::new(move |k| query.update(|q| q.sort = q.sort.toggle(k)))
                    filters=query
                    selected=selected
                    ticked=ticked
                    all_selected=all_selected
                    show_project=all_projects
                    on_revoke=on_revoke
                    now=now
                />
            </Show>
        </Show>
        {move || revoking.get().map(|t| view! { <RevokeDialog target=t on_close=close_revoke /> })}
        {move || {
            bulk.get()
                .map(|keys| {
                    let close = Callback::new(move |started: bool| {
                        bulk.set(None);
                        if started {
                            selected.set(Selection::default());
                        }
                    });
                    // A run that started leaves the selection behind; a cancel keeps it.
                    view! { <BulkRevokeDialog keys=keys on_close=close /> }
                })
        }}
    }
}

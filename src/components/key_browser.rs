//! Keys from the session's inventory: search, filters, findings, a virtualised table, and
//! single or bulk revoke. "All keys" shows every project; a project page shows its own. The
//! filters, sort and selection live in the hash query, so a view can be bookmarked and shared.

use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::common::ErrorPanel;
use crate::components::findings::FindingsPanel;
use crate::components::key_table::{KeyTable, TableData};
use crate::components::revoke::{RevokeDialog, RevokeTarget};
use crate::components::usage::{UsageFilters, UsageNotice};
use crate::logic::findings::{Finding, Findings};
use crate::logic::inventory::PartState;
use crate::logic::key_table::{
    self, DateFilter, FindingFilter, KeyRow, OwnerKind, RowCache, TableQuery,
};
use crate::logic::usage::KeyUsage;
use crate::platform::browser;
use crate::state::use_app;
use crate::work::{inventory, usage};
use admin_api::{ApiError, ErrorKind};
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// The rows a table shows, with the inputs they came from.
struct Shown {
    query: TableQuery,
    rows: Arc<Vec<Arc<KeyRow>>>,
    findings: Arc<Vec<Findings>>,
    usage: Arc<Vec<Option<KeyUsage>>>,
    order: Arc<Vec<u32>>,
}

impl Shown {
    /// Narrows `prev` when the query allows it (same rows, the search only grew), else filters
    /// every row (and sorts, when `sorted`).
    fn compute(
        prev: Option<&Shown>,
        query: TableQuery,
        rows: Arc<Vec<Arc<KeyRow>>>,
        findings: Arc<Vec<Findings>>,
        usage: Arc<Vec<Option<KeyUsage>>>,
        now: i64,
        sorted: bool,
    ) -> Shown {
        let order = match prev {
            Some(p)
                if Arc::ptr_eq(&p.rows, &rows)
                    && Arc::ptr_eq(&p.findings, &findings)
                    && Arc::ptr_eq(&p.usage, &usage)
                    && query.narrows(&p.query) =>
            {
                query.select_within(&p.order, &rows, &findings, &usage, now)
            }
            _ if sorted => query.select(&rows, &findings, &usage, now),
            _ => query.matching(&rows, &findings, &usage, now),
        };
        Shown {
            query,
            rows,
            findings,
            usage,
            order: Arc::new(order),
        }
    }
}

/// True when two lists hold the very same rows (a scan's update elsewhere changes nothing here).
fn same_rows(a: Option<&Arc<Vec<Arc<KeyRow>>>>, b: Option<&Arc<Vec<Arc<KeyRow>>>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| Arc::ptr_eq(x, y))
        }
        _ => false,
    }
}

#[component]
pub fn KeyBrowser(
    /// Only this project's keys; every key of the organization when none.
    #[prop(optional)]
    project: Option<String>,
    /// The hash path of this view (`#/keys`, `#/projects/…`); its state follows as a query.
    path: String,
) -> impl IntoView {
    let app = use_app();
    let now = browser::now();
    let (mut initial, initial_selection) = key_table::from_hash(&browser::hash());
    if let Some(p) = &project {
        initial.project = Some(p.clone());
    }
    let all_projects = project.is_none();
    match &project {
        Some(p) => inventory::watch(app, p),
        None => inventory::ensure(app),
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
    let selected = RwSignal::new(HashSet::new());

    let cache = StoredValue::new(RowCache::default());
    let scope = project.clone();
    let rows = Memo::new_with_compare(
        move |_| {
            let rows = app.inventory.with(|inv| {
                cache
                    .try_update_value(|c| c.rows(inv, scope.as_deref()))
                    .unwrap_or_default()
            });
            Arc::new(rows)
        },
        |a, b| !same_rows(a, b),
    );
    let thresholds = Memo::new(move |_| query.with(|q| q.thresholds));
    let findings =
        Memo::new(move |_| Arc::new(key_table::findings_of(&rows.get(), thresholds.get(), now)));
    // Each row's traffic, once usage is read completely (unknown otherwise).
    usage::ensure(app);
    let traffic = Memo::new(move |_| {
        let rows = rows.get();
        Arc::new(app.usage.with(|u| {
            if u.complete() {
                rows.iter().map(|r| Some(u.table.of(&r.key.id))).collect()
            } else {
                Vec::new()
            }
        }))
    });
    // The rows shown, and what they were computed from: typing on narrows the last result
    // instead of filtering and sorting every row again.
    let shown_rows = Memo::new_with_compare(
        move |prev: Option<&Shown>| {
            let (rows, findings, traffic) = (rows.get(), findings.get(), traffic.get());
            Shown::compute(prev, query.get(), rows, findings, traffic, now, true)
        },
        |_, _| true,
    );
    // Notifies only when the rows shown differ.
    let order = Memo::new(move |_| shown_rows.with(|s| s.order.clone()));
    // The findings panel counts within every filter but the finding itself.
    let scope_shown = Memo::new_with_compare(
        move |prev: Option<&Shown>| {
            let q = query.with(TableQuery::without_finding);
            let (rows, findings, traffic) = (rows.get(), findings.get(), traffic.get());
            Shown::compute(prev, q, rows, findings, traffic, now, false)
        },
        |_, _| true,
    );
    let scope_rows = Memo::new(move |_| scope_shown.with(|s| s.order.clone()));
    // Memos, not derived signals: some twenty chips, options and bars read them, and each
    // would otherwise make its own pass over every row.
    let counts = Memo::new(move |_| key_table::finding_counts(&scope_rows.get(), &findings.get()));
    let ages = Memo::new(move |_| key_table::age_histogram(&scope_rows.get(), &rows.get(), now));
    let data = TableData {
        rows,
        findings,
        usage: traffic,
        order,
        thresholds: thresholds.into(),
    };

    // The hash follows the view's state, a moment after the last change: the text is built
    // then, not on every keystroke or click.
    let pending = StoredValue::new_local(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    let own_path = StoredValue::new(path);
    Effect::new(move |_| {
        query.track();
        selected.track();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let write = move || {
            let Some(text) = query.try_with_untracked(|q| {
                selected.with_untracked(|s| key_table::to_query(q, s, all_projects))
            }) else {
                return;
            };
            // Only while this view is still the one in the address bar.
            let path = own_path.try_get_value();
            if browser::hash().split('?').next() == path.as_deref() {
                browser::replace_hash(&format!("{}{text}", path.unwrap_or_default()));
            }
        };
        pending.set_value(set_timeout_with_handle(write, Duration::from_millis(200)).ok());
    });
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    });

    // A selection from a link selects only keys that the link's own filters show: each is taken
    // as its row appears, and what has not appeared when the listing ends, or once the filters
    // change, is dropped. A link can't select what the user does not see.
    let from_link = StoredValue::new(Some(initial_selection).filter(|s| !s.is_empty()));
    let link_scope = project.clone();
    Effect::new(move |_| {
        let order = order.get();
        if from_link.with_value(Option::is_none) {
            return;
        }
        if query.with_untracked(|q| *q != link_query) {
            from_link.set_value(None);
            return;
        }
        let rows = rows.get_untracked();
        let mut found = Vec::new();
        from_link.update_value(|pending| {
            if let Some(pending) = pending {
                found.extend(order.iter().filter_map(|&i| {
                    let id = &rows[i as usize].key.id;
                    pending.remove(id).then(|| id.clone())
                }));
            }
        });
        if !found.is_empty() {
            selected.update(|s| s.extend(found));
        }
        let listed = app.inventory.with_untracked(|inv| match &link_scope {
            Some(p) => inv
                .parts
                .get(p)
                .is_some_and(|part| part.state == PartState::Complete),
            None => inv.is_complete(),
        });
        if listed {
            from_link.set_value(None);
        }
    });

    let revoking = RwSignal::new(None::<RevokeTarget>);
    let bulk = RwSignal::new(None::<Vec<Chosen>>);
    let on_revoke = Callback::new(move |row: Arc<KeyRow>| {
        revoking.set(Some(RevokeTarget {
            project_id: row.project_id.clone(),
            project_name: row.project_name.clone(),
            key: row.key.clone(),
        }))
    });
    // The revoke job updates the inventory, which this table reads: nothing to re-read.
    let close_revoke = Callback::new(move |_changed: bool| revoking.set(None));
    let review = move |_| {
        // Taken now, so nothing that changes later can change what is reviewed.
        let chosen: Vec<Chosen> = selected.with_untracked(|s| {
            rows.get_untracked()
                .iter()
                .filter(|r| s.contains(&r.key.id))
                .map(|r| Chosen {
                    project_id: r.project_id.clone(),
                    project_name: r.project_name.clone(),
                    key: r.key.clone(),
                })
                .collect()
        });
        if !chosen.is_empty() {
            bulk.set(Some(chosen));
        }
    };
    let shown = move || order.with(|o| o.len());
    let in_scope = move || rows.with(|r| r.len());
    let selected_count = move || selected.with(HashSet::len);
    // How many of the rows shown are selected: one pass serves "select all" and the summary.
    let selected_shown = Memo::new(move |_| {
        let rows = rows.get();
        order.with(|o| {
            selected.with(|s| {
                o.iter()
                    .filter(|&&i| s.contains(&rows[i as usize].key.id))
                    .count()
            })
        })
    });
    let hidden_selected = move || selected_count().saturating_sub(selected_shown.get());
    let all_selected = Signal::derive(move || {
        let shown = shown();
        shown > 0 && selected_shown.get() == shown
    });
    let set = move |f: &dyn Fn(&mut TableQuery)| query.update(|q| f(q));
    let filtered = move || {
        query.with(|q| {
            !q.text.is_empty()
                || q.owner_kind.is_some()
                || q.finding.is_some()
                || q.created.is_some()
                || q.used.is_some()
                || q.expires.is_some()
                || q.traffic.is_some()
                || (all_projects && q.project.is_some())
        })
    };
    let clear = move |_| {
        query.update(|q| {
            *q = TableQuery {
                sort: q.sort,
                thresholds: q.thresholds,
                project: if all_projects {
                    None
                } else {
                    q.project.clone()
                },
                ..TableQuery::default()
            }
        })
    };

    // What the scan knows about this scope: still coming, failed part-way, or failed outright.
    let pid = StoredValue::new(project.clone());
    let project_state = move || {
        pid.with_value(|p| {
            app.inventory.with(|inv| match p {
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
    let listing_error = move || app.inventory.with(|i| i.listing_error.clone());
    let scanning = move || app.inventory.with(|i| i.running);
    let project_list = inventory::projects(app);
    let project_names = move || {
        project_list.with(|list| {
            list.iter()
                .map(|p| (p.id.clone(), p.display_name().to_owned()))
                .collect::<Vec<_>>()
        })
    };
    let date_select = move |id: &'static str,
                            label: &'static str,
                            choices: Vec<(DateFilter, &'static str)>,
                            get: fn(&TableQuery) -> Option<DateFilter>,
                            put: fn(&mut TableQuery, Option<DateFilter>)| {
        view! {
            <label class="sr-only" for=id>
                {label}
            </label>
            <select
                id=id
                data-testid=id
                on:change=move |e| {
                    let v = DateFilter::from_id(&event_target_value(&e));
                    query.update(|q| put(q, v));
                }
            >
                <option value="" selected=move || query.with(|q| get(q).is_none())>
                    {label}
                </option>
                {choices
                    .into_iter()
                    .map(|(f, text)| {
                        view! {
                            <option value=f.id() selected=move || query.with(|q| get(q) == Some(f))>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
    };

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
                                                        app.inventory.with_untracked(|i| i.parts.contains_key(id))
                                                    })
                                            });
                                        if known {
                                            leptos::task::spawn_local(inventory::resume(app))
                                        } else {
                                            inventory::refresh(app)
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
                                retry=Callback::new(move |_| inventory::refresh(app))
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
                chosen=Signal::derive(move || query.with(|q| q.finding))
                on_choose=Callback::new(move |f| query.update(|q| q.finding = f))
                thresholds=thresholds
                on_days=Callback::new(move |d| query.update(|q| q.thresholds.unused_days = d))
                folded=narrow
            />
            <div class="toolbar wrap-tools" role="search">
                <input
                    type="search"
                    class="grow"
                    placeholder="Search name, owner, project, ID"
                    aria-label="Search keys"
                    data-testid="key-search"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |e| {
                        let v = event_target_value(&e);
                        set(&|q| q.text = v.clone())
                    }
                />
                <label class="sr-only" for="key-filter">
                    "Finding"
                </label>
                <select
                    id="key-filter"
                    data-testid="key-filter"
                    on:change=move |e| {
                        let f = FindingFilter::from_id(&event_target_value(&e));
                        query.update(|q| q.finding = f);
                    }
                >
                    <option value="all" selected=move || query.with(|q| q.finding.is_none())>
                        "All keys"
                    </option>
                    <option
                        value="attention"
                        selected=move || query.with(|q| q.finding == Some(FindingFilter::Any))
                    >
                        {move || format!("Needs attention ({})", counts.get().1)}
                    </option>
                    {Finding::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <option
                                    value=f.id()
                                    selected=move || {
                                        query.with(|q| q.finding == Some(FindingFilter::Only(f)))
                                    }
                                >
                                    {move || {
                                        format!(
                                            "{} ({})",
                                            f.label(thresholds.get()),
                                            counts.get().0[f as usize],
                                        )
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button
                    class="btn btn-small narrow-only"
                    data-testid="more-filters"
                    aria-expanded=move || more.get().to_string()
                    aria-controls="more-filters"
                    on:click=move |_| more.update(|m| *m = !*m)
                >
                    {move || if more.get() { "Fewer filters" } else { "More filters" }}
                </button>
                <Show when=move || more.get()>
                    <div class="toolbar-group" id="more-filters">
                        {all_projects
                            .then(|| {
                                view! {
                                    <label class="sr-only" for="project-filter">
                                        "Project"
                                    </label>
                                    <select
                                        id="project-filter"
                                        data-testid="project-filter"
                                        on:change=move |e| {
                                            let v = event_target_value(&e);
                                            query
                                                .update(|q| q.project = Some(v).filter(|p| !p.is_empty()));
                                        }
                                    >
                                        <option
                                            value=""
                                            selected=move || query.with(|q| q.project.is_none())
                                        >
                                            "Every project"
                                        </option>
                                        {move || {
                                            project_names()
                                                .into_iter()
                                                .map(|(id, name)| {
                                                    let sel = id.clone();
                                                    view! {
                                                        <option
                                                            value=id
                                                            selected=move || {
                                                                query.with(|q| q.project.as_ref() == Some(&sel))
                                                            }
                                                        >
                                                            {name}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                }
                            })}
                        <label class="sr-only" for="owner-filter">
                            "Owner type"
                        </label>
                        <select
                            id="owner-filter"
                            data-testid="owner-filter"
                            on:change=move |e| {
                                let v = match event_target_value(&e).as_str() {
                                    "user" => Some(OwnerKind::User),
                                    "service-account" => Some(OwnerKind::ServiceAccount),
                                    _ => None,
                                };
                                query.update(|q| q.owner_kind = v);
                            }
                        >
                            <option
                                value=""
                                selected=move || query.with(|q| q.owner_kind.is_none())
                            >
                                "Any owner"
                            </option>
                            <option
                                value="user"
                                selected=move || {
                                    query.with(|q| q.owner_kind == Some(OwnerKind::User))
                                }
                            >
                                "Users' keys"
                            </option>
                            <option
                                value="service-account"
                                selected=move || {
                                    query.with(|q| q.owner_kind == Some(OwnerKind::ServiceAccount))
                                }
                            >
                                "Service accounts' keys"
                            </option>
                        </select>
                        {date_select(
                            "created-filter",
                            "Any creation date",
                            key_table::created_choices(),
                            |q| q.created,
                            |q, v| q.created = v,
                        )}
                        {date_select(
                            "used-filter",
                            "Any last use",
                            key_table::used_choices(),
                            |q| q.used,
                            |q, v| q.used = v,
                        )}
                        {date_select(
                            "expires-filter",
                            "Any expiry",
                            key_table::expiry_choices(),
                            |q| q.expires,
                            |q, v| q.expires = v,
                        )}
                        <UsageFilters query=query />
                    </div>
                </Show>
                <Show when=filtered>
                    <button class="btn btn-small" data-testid="clear-filters" on:click=clear>
                        "Clear filters"
                    </button>
                </Show>
            </div>
            <UsageNotice />
            <div class="selection-bar small">
                <span data-testid="key-summary" aria-live="polite">
                    {move || format!("Showing {} of {} keys", shown(), in_scope())}
                    {move || match (selected_count(), hidden_selected()) {
                        (0, _) => String::new(),
                        (n, 0) => format!(" · {n} selected"),
                        (n, h) => format!(" · {n} selected ({h} hidden by the filters)"),
                    }}
                </span>
                <Show when=move || selected_count() != 0>
                    <button
                        class="btn btn-small"
                        data-testid="clear-selection"
                        on:click=move |_| selected.set(HashSet::new())
                    >
                        "Clear selection"
                    </button>
                </Show>
                <button
                    class="btn btn-danger"
                    data-testid="bulk-revoke"
                    disabled=move || selected_count() == 0
                    on:click=review
                >
                    {move || format!("Revoke selected ({})", selected_count())}
                </button>
            </div>
            <Show
                when=move || shown() != 0
                fallback=move || {
                    view! {
                        <div class="empty">
                            "No key matches these filters. "
                            <button class="btn btn-small" on:click=clear>
                                "Clear filters"
                            </button>
                        </div>
                    }
                }
            >
                <KeyTable
                    data=data
                    sort=Signal::derive(move || query.with(|q| q.sort))
                    on_sort=Callback::new(move |k| query.update(|q| q.sort = q.sort.toggle(k)))
                    filters=query
                    selected=selected
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
                    let close = Callback::new(move |_| {
                        bulk.set(None);
                        selected.set(HashSet::new());
                    });
                    view! { <BulkRevokeDialog keys=keys on_close=close /> }
                })
        }}
    }
}

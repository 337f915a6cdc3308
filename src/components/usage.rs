//! Usage in the UI: the window and traffic filters, what is said when usage can't be shown,
//! a key's usage cell, and its daily sparkline.

use crate::components::common::ErrorPanel;
use crate::components::own_form::OwnForm;
use crate::logic::key_table::TableQuery;
use crate::logic::usage::{self, TrafficFilter, WINDOWS};
use crate::logic::{keys::DAY, time};
use crate::session::use_session;
use crate::state::use_app;
use crate::work::usage as usage_work;
use leptos::prelude::*;

/// The window select (7 or 30 days), shared by every view that shows usage or cost.
#[component]
pub fn WindowSelect(
    /// The element's id (a page may show two).
    id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    view! {
        <label class="sr-only" for=id>
            "Usage and cost window"
        </label>
        <select
            id=id
            data-testid="usage-window"
            on:change=move |e| {
                if let Ok(days) = event_target_value(&e).parse() {
                    usage_work::set_window(session, days)
                }
            }
        >
            {WINDOWS
                .into_iter()
                .map(|d| {
                    view! {
                        <option
                            value=d.to_string()
                            selected=move || app.prefs.usage_days.get() == d
                        >
                            {format!("Last {d} days")}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// The usage window and the traffic filter of a key table.
#[component]
pub fn UsageFilters(
    /// The table's query.
    query: RwSignal<TableQuery>,
) -> impl IntoView {
    let app = use_app();
    // Read through a memo, so a keystroke in the search does not wake every option.
    let traffic = Memo::new(move |_| query.with(|q| q.traffic));
    view! {
        <OwnForm>
            <WindowSelect id="usage-window" />
        </OwnForm>
        <OwnForm>
            <label class="sr-only" for="traffic-filter">
                "Traffic"
            </label>
            <select
                id="traffic-filter"
                data-testid="traffic-filter"
                on:change=move |e| {
                    let f = TrafficFilter::from_id(&event_target_value(&e));
                    query.update(|q| q.traffic = f);
                }
            >
                <option value="" selected=move || traffic.get().is_none()>
                    "Any traffic"
                </option>
                {TrafficFilter::ALL
                    .into_iter()
                    .map(|f| {
                        view! {
                            <option value=f.id() selected=move || traffic.get() == Some(f)>
                                {move || f.label(app.prefs.usage_days.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </OwnForm>
    }
}

/// Where usage stands, above a key table: reading, refused (the key lacks `api.usage.read`),
/// or partly failed. Says nothing once usage is read.
#[component]
pub fn UsageNotice() -> impl IntoView {
    let session = use_session();
    let retry = Callback::new(move |_| usage_work::load(session));
    move || {
        session.usage.with(|u| {
            if let Some(e) = &u.denied {
                view! {
                    <div class="warn-panel" data-testid="usage-denied" role="status">
                        <p class="warn-text">
                            <strong>"Usage can't be shown. "</strong>
                            "This admin key may not read usage (it needs the "
                            <code>"api.usage.read"</code>
                            " scope). Everything else works as before."
                        </p>
                        <details class="small">
                            <summary>"What the API said"</summary>
                            <p class="muted">{e.message.clone()}</p>
                        </details>
                    </div>
                }
                .into_any()
            } else if u.running {
                view! {
                    <p class="muted small" role="status" data-testid="usage-reading">
                        {format!(
                            "Reading usage for the last {} days… {} of {} endpoints",
                            u.days,
                            u.done,
                            u.total,
                        )}
                    </p>
                }
                .into_any()
            } else if let Some((_, first)) = u.failed.first() {
                let names: Vec<&str> = u.failed.iter().map(|(e, _)| e.path()).collect();
                view! {
                    <div class="warn-panel" data-testid="usage-failed">
                        <p class="warn-text">
                            {format!(
                                "Usage could not be read from {} ({}). Keys' usage shows as unknown until it is.",
                                if names.len() == 1 {
                                    "one endpoint".to_owned()
                                } else {
                                    format!("{} endpoints", names.len())
                                },
                                names.join(", "),
                            )}
                        </p>
                        <ErrorPanel error=first.clone() retry=retry />
                    </div>
                }
                .into_any()
            } else {
                ().into_any()
            }
        })
    }
}

/// Requests per day as an SVG line, with what it shows in words for screen readers.
#[component]
pub fn Sparkline(
    /// Requests per day, oldest first.
    values: Vec<i64>,
    /// The first day's start (Unix seconds).
    start: i64,
) -> impl IntoView {
    const W: i64 = 240;
    const H: i64 = 48;
    let points = usage::sparkline(&values, W, H);
    let total: i64 = values.iter().sum();
    let peak = values
        .iter()
        .enumerate()
        .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))
        .map(|(i, v)| (*v, start + i as i64 * DAY));
    let label = match peak {
        Some((p, day)) if p > 0 => format!(
            "Requests per day over {} days: {total} in all, most on {} ({p})",
            values.len(),
            time::date(day)
        ),
        _ => format!("Requests per day over {} days: none", values.len()),
    };
    let data = values
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let area = format!("1,{} {points} {},{}", H - 1, W - 1, H - 1);
    let title = label.clone();
    view! {
        <svg
            class="sparkline"
            data-testid="sparkline"
            data-values=data
            role="img"
            aria-label=label
            viewBox=format!("0 0 {W} {H}")
            width=W.to_string()
            height=H.to_string()
            preserveAspectRatio="none"
        >
            <title>{title}</title>
            <polygon class="spark-area" points=area />
            <polyline class="spark-line" points=points />
        </svg>
    }
}

/// A key's traffic in the window on its page: totals, the daily sparkline, and its last use as
/// the API reports it, side by side and never reconciled.
#[component]
pub fn KeyUsageCard(
    /// The key's ID.
    key_id: String,
    /// The key's `last_used_at`, as the API reported it.
    last_used_at: Option<i64>,
) -> impl IntoView {
    let session = use_session();
    usage_work::ensure(session);
    let id = StoredValue::new(key_id);
    let now = crate::platform::browser::now();
    let body = move || {
        session.usage.with(|u| {
            if u.denied.is_some() {
                return view! {
                    <p data-testid="usage-denied">
                        "Usage can't be shown: this admin key may not read usage (it needs the "
                        <code>"api.usage.read"</code>" scope)."
                    </p>
                }
                .into_any();
            }
            if u.running || !u.loaded {
                return view! {
                    <p class="muted" role="status">
                        "Reading usage…"
                    </p>
                }.into_any();
            }
            let Some(traffic) = id.with_value(|k| u.of(k)) else {
                return view! {
                    <p class="muted" data-testid="usage-unknown">
                        "Usage is unknown: some usage endpoints could not be read. See All keys to try again."
                    </p>
                }
                .into_any();
            };
            let series = id.with_value(|k| u.table.series(k));
            let before_window = last_used_at.is_none_or(|t| t < u.table.start);
            let note = match (traffic.has_traffic(), before_window) {
                (true, true) => Some(format!(
                    "The API reports this key's last use as {}, yet usage shows traffic in the last {} days. Both are \
                        shown as reported.",
                    last_used_at.map_or("never".into(), |t| time::relative(t, now)),
                    u.days
                )),
                (false, false) => Some(format!(
                    "The API reports a use {}, yet no usage endpoint shows traffic for this key in the last {} days \
                        (the use may be of an endpoint usage does not count per key). Both are shown as reported.",
                    last_used_at.map_or("never".into(), |t| time::relative(t, now)),
                    u.days
                )),
                _ => None,
            };
            view! {
                <p data-testid="key-usage-total">
                    {format!(
                        "{} requests · {} tokens in the last {} days",
                        usage::grouped(traffic.requests.max(0) as u64),
                        usage::grouped(traffic.tokens.max(0) as u64),
                        u.days,
                    )}
                </p>
                <p data-testid="key-cost-total">
                    {match traffic.cents {
                        Some(c) => {
                            format!(
                                "Cost: {} in the last {} days",
                                usage::money(c, u.currency()),
                                u.days,
                            )
                        }
                        None => "Cost: unknown (costs per key could not be read)".to_owned(),
                    }}
                </p>
                <Sparkline values=series start=u.table.start />
                <p class="muted small">{time::date(u.table.start)} " – today (UTC days)"</p>
                {note
                    .map(|n| {
                        view! {
                            <p class="muted small" data-testid="usage-disagrees">
                                {n}
                            </p>
                        }
                    })}
            }
            .into_any()
        })
    };
    view! {
        <div class="card" data-testid="key-usage">
            <div class="card-head">
                <h2>"Usage"</h2>
                <WindowSelect id="key-usage-window" />
            </div>
            {body}
        </div>
    }
}

/// A project's cost in the window, for the Projects table.
#[component]
pub fn ProjectCostCell(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let session = use_session();
    move || {
        session.usage.with(|u| match (&u.denied, &u.costs) {
            (Some(_), _) => view! {
                <span class="muted" title="This admin key may not read costs (api.usage.read)">
                    "No access"
                </span>
            }
            .into_any(),
            (None, Some(Ok(costs))) => {
                let c = costs.of(&project_id);
                view! { <span>{usage::money(c.cents, &costs.currency)}</span> }.into_any()
            }
            (None, Some(Err(e))) => view! {
                <span class="muted" title=e.summary()>
                    "Unknown"
                </span>
            }
            .into_any(),
            (None, None) => view! { <span class="muted">"…"</span> }.into_any(),
        })
    }
}

/// A project's cost in the window with its line items, for the project's page.
#[component]
pub fn ProjectCostCard(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let session = use_session();
    usage_work::ensure(session);
    let body = move || {
        session.usage.with(|u| match (&u.denied, &u.costs) {
            (Some(_), _) => view! {
                <p data-testid="cost-denied">
                    "Costs can't be shown: this admin key may not read usage and costs (it needs the "
                    <code>"api.usage.read"</code>" scope)."
                </p>
            }
            .into_any(),
            (None, None) => view! {
                <p class="muted" role="status">
                    "Reading costs…"
                </p>
            }.into_any(),
            (None, Some(Err(e))) => {
                let retry = Callback::new(move |_| usage_work::load(session));
                view! { <ErrorPanel error=e.clone() retry=retry /> }.into_any()
            }
            (None, Some(Ok(costs))) => {
                let c = costs.of(&project_id);
                let currency = costs.currency.clone();
                view! {
                    <p data-testid="project-cost-total">
                        <strong>{usage::money(c.cents, &currency)}</strong>
                        {format!(" in the last {} days", u.days)}
                    </p>
                    {(!c.items.is_empty())
                        .then(|| {
                            view! {
                                <details>
                                    <summary>"By line item"</summary>
                                    <table class="table compact" data-testid="project-cost-items">
                                        <thead>
                                            <tr>
                                                <th scope="col">"Line item"</th>
                                                <th scope="col" class="num">
                                                    "Cost"
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {usage::line_item_rows(&c, usage::LINE_ITEMS_SHOWN)
                                                .into_iter()
                                                .map(|(item, cents)| {
                                                    view! {
                                                        <tr>
                                                            <td class="wrap">{item}</td>
                                                            <td class="num">{usage::money(cents, &currency)}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </details>
                            }
                        })}
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="card" data-testid="project-cost">
            <div class="card-head">
                <h2>"Cost"</h2>
                <WindowSelect id="project-cost-window" />
            </div>
            {body}
        </div>
    }
}

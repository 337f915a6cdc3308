//! One guard rail applied to the projects chosen on Spend & limits, reviewed like a bulk
//! revoke: choose the rail and its value (checked before anything is sent), review every
//! project's current value → the new one, type the number, then watch the run.

use crate::components::common::FieldError;
use crate::components::jobs::DialogRun;
use crate::components::modal::Modal;
use crate::components::popup_warning::PopupRunWarning;
use crate::components::typed_count::TypedCount;
use crate::logic::guard_rails::RailRow;
use crate::logic::guard_rails::bulk::{Apply, Change};
use crate::logic::guard_rails::input::{models, recipients};
use crate::logic::money::parse_dollars;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::guard_apply;
use admin_api::types::{HostedTool, RETENTION_TYPES};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Which guard rail the form sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rail {
    Limit,
    Alert,
    Models,
    Tool,
    Retention,
}

impl Rail {
    const ALL: [Rail; 5] = [
        Rail::Limit,
        Rail::Alert,
        Rail::Models,
        Rail::Tool,
        Rail::Retention,
    ];

    fn id(self) -> &'static str {
        match self {
            Rail::Limit => "limit",
            Rail::Alert => "alert",
            Rail::Models => "models",
            Rail::Tool => "tool",
            Rail::Retention => "retention",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Rail::Limit => "A spend limit",
            Rail::Alert => "A spend alert",
            Rail::Models => "A model policy",
            Rail::Tool => "A hosted tool on or off",
            Rail::Retention => "A retention",
        }
    }
}

#[component]
pub fn BulkRailsDialog(
    /// The chosen projects' rows, in the table's order.
    rows: Vec<RailRow>,
    /// The organization's limit in cents: a project limit above it is refused, so the review
    /// says so first.
    org_limit: Option<i64>,
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
    /// The rail chosen first (a spend limit unless said).
    #[prop(optional)]
    rail: Option<Rail>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let total = rows.len();
    let rows = StoredValue::new(rows);
    let rail = RwSignal::new(rail.unwrap_or(Rail::Limit));
    let amount = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let allow = RwSignal::new(true);
    let ids = RwSignal::new(String::new());
    let tool = RwSignal::new(HostedTool::WebSearch);
    let on = RwSignal::new(false);
    let retention = RwSignal::new("zero_data_retention".to_owned());
    let error = RwSignal::new(None::<String>);
    let plan = RwSignal::new(None::<Apply>);
    let typed = RwSignal::new(String::new());
    let job = RwSignal::new(None::<u64>);
    let review = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let change = match rail.get_untracked() {
            Rail::Limit => parse_dollars(&amount.get_untracked())
                .map(Change::Limit)
                .map_err(|e| e.to_string()),
            Rail::Alert => parse_dollars(&amount.get_untracked())
                .map_err(|e| e.to_string())
                .and_then(|cents| {
                    recipients(&to.get_untracked())
                        .map(|recipients| Change::Alert { cents, recipients })
                        .map_err(|e| e.to_string())
                }),
            Rail::Models => models(
                &ids.get_untracked(),
                allow.get_untracked(),
                &BTreeSet::new(),
            )
            .map(|m| Change::Models {
                allow: allow.get_untracked(),
                ids: m.ids,
            })
            .map_err(|e| e.to_string()),
            Rail::Tool => Ok(Change::Tool {
                tool: tool.get_untracked(),
                on: on.get_untracked(),
            }),
            Rail::Retention => Ok(Change::Retention(retention.get_untracked())),
        };
        match change {
            Ok(c) => {
                error.set(None);
                plan.set(Some(
                    rows.with_value(|r| Apply::plan(c, &r.iter().collect::<Vec<_>>())),
                ));
            }
            Err(why) => error.set(Some(why)),
        }
    };
    let matches = move || typed.with(|t| t.trim() == total.to_string());
    let go = move || {
        if job.get_untracked().is_some() || !matches() {
            return;
        }
        if let Some(run) = plan.get_untracked() {
            job.set(guard_apply::start(app, session, run));
        }
    };
    let running = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .is_some_and(|j| j.status.is_running())
    };
    let close = Callback::new(move |_| on_close.run(()));
    let field = move |r: Rail| move || rail.get() == r;
    view! {
        <Modal
            labelledby="bulk-rails-title"
            testid="bulk-rails-dialog"
            on_close=close
            busy=Signal::derive(running)
        >
            <h2 id="bulk-rails-title" tabindex="-1" data-testid="bulk-rails-title">
                {move || match (job.get(), plan.with(Option::is_some)) {
                    (Some(_), _) if running() => format!("Applying to {total} projects…"),
                    (Some(_), _) => "Finished".to_owned(),
                    (None, true) => format!("Apply to {total} projects?"),
                    (None, false) => format!("Apply a guard rail to {total} projects"),
                }}
            </h2>
            {move || match (job.get(), plan.get()) {
                (Some(id), _) => {
                    view! {
                        <DialogRun job=job id=id close_testid="bulk-rails-close" on_close=close />
                    }
                        .into_any()
                }
                (None, Some(run)) => {
                    let new = run.change.new_value();
                    let above = match (&run.change, org_limit) {
                        (Change::Limit(c), Some(org)) if *c > org => Some(org),
                        _ => None,
                    };
                    view! {
                        <p data-testid="bulk-rails-change">{run.change.describe()}</p>
                        {above
                            .map(|org| {
                                view! {
                                    <p class="warn-text" data-testid="bulk-rails-above-org">
                                        {format!(
                                            "That is above the organization's limit of {}: the API will refuse it \
                                                for every project. Raise the organization's limit first.",
                                            crate::logic::usage::money(org, "usd"),
                                        )}
                                    </p>
                                }
                            })}
                        <ul
                            class="key-list"
                            data-testid="bulk-rails-review"
                            tabindex="0"
                            aria-label="Projects and the change each gets"
                        >
                            {run
                                .lines
                                .iter()
                                .map(|l| {
                                    view! {
                                        <li data-project-id=l.project_id.clone()>
                                            <span class="wrap">{l.project_name.clone()}</span>
                                            ": "
                                            {l.before.clone()}
                                            " → "
                                            <strong>{new.clone()}</strong>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <PopupRunWarning in_flight="the project in flight" />
                        <TypedCount
                            noun="projects"
                            count=total
                            typed=typed
                            ready=Signal::derive(matches)
                            testid="bulk-rails-confirm"
                            go_testid="bulk-rails-go"
                            go_class="btn btn-primary"
                            go_label=format!("Apply to {total} projects")
                            back="Back"
                            on_back=Callback::new(move |_| plan.set(None))
                            on_go=Callback::new(move |_| go())
                        />
                    }
                        .into_any()
                }
                (None, None) => {
                    view! {
                        <form class="rail-form" on:submit=review data-testid="bulk-rails-form">
                            <label class="field-inline">
                                <span>"What to apply"</span>
                                <select
                                    data-testid="bulk-rails-kind"
                                    data-autofocus=""
                                    on:change=move |e| {
                                        let v = event_target_value(&e);
                                        if let Some(r) = Rail::ALL.into_iter().find(|r| r.id() == v)
                                        {
                                            rail.set(r);
                                        }
                                    }
                                >
                                    {Rail::ALL
                                        .map(|r| {
                                            view! {
                                                <option value=r.id() selected=move || rail.get() == r>
                                                    {r.label()}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <Show when=move || field(Rail::Limit)() || field(Rail::Alert)()>
                                <label class="field-inline">
                                    <span>"Amount a month, US dollars"</span>
                                    <input
                                        type="text"
                                        inputmode="decimal"
                                        autocomplete="off"
                                        data-testid="bulk-rails-amount"
                                        prop:value=move || amount.get()
                                        on:input=move |e| amount.set(event_target_value(&e))
                                    />
                                </label>
                            </Show>
                            <Show when=field(Rail::Alert)>
                                <label class="field-inline">
                                    <span>"Email to (commas between addresses)"</span>
                                    <input
                                        type="text"
                                        autocomplete="off"
                                        data-testid="bulk-rails-recipients"
                                        prop:value=move || to.get()
                                        on:input=move |e| to.set(event_target_value(&e))
                                    />
                                </label>
                            </Show>
                            <Show when=field(Rail::Models)>
                                <label class="inline">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || allow.get()
                                        on:change=move |e| allow.set(event_target_checked(&e))
                                    />
                                    " An allow list (unticked: a deny list)"
                                </label>
                                <label class="field-inline">
                                    <span>"Model IDs"</span>
                                    <input
                                        type="text"
                                        autocomplete="off"
                                        data-testid="bulk-rails-models"
                                        prop:value=move || ids.get()
                                        on:input=move |e| ids.set(event_target_value(&e))
                                    />
                                </label>
                            </Show>
                            <Show when=field(Rail::Tool)>
                                <label class="field-inline">
                                    <span>"Tool"</span>
                                    <select on:change=move |e| {
                                        if let Some(t) = HostedTool::from_wire(
                                            &event_target_value(&e),
                                        ) {
                                            tool.set(t);
                                        }
                                    }>
                                        {HostedTool::ALL
                                            .map(|t| {
                                                view! {
                                                    <option value=t.wire() selected=move || tool.get() == t>
                                                        {t.label()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <label class="inline">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || on.get()
                                        on:change=move |e| on.set(event_target_checked(&e))
                                    />
                                    " On (unticked: off)"
                                </label>
                            </Show>
                            <Show when=field(Rail::Retention)>
                                <label class="field-inline">
                                    <span>"Retention"</span>
                                    <select on:change=move |e| {
                                        retention.set(event_target_value(&e))
                                    }>
                                        {RETENTION_TYPES
                                            .iter()
                                            .map(|(w, l)| {
                                                let w = *w;
                                                view! {
                                                    <option value=w selected=move || retention.get() == w>
                                                        {*l}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            </Show>
                            <FieldError message=error />
                            <div class="actions">
                                <button type="button" class="btn" on:click=move |_| close.run(())>
                                    "Cancel"
                                </button>
                                <button
                                    type="submit"
                                    class="btn btn-primary"
                                    data-testid="bulk-rails-review-btn"
                                >
                                    "Review"
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </Modal>
    }
}

//! The export controls: they start an export as a session job (it goes on if the user
//! navigates away) and show how far it got. Beside a table they export what it shows by
//! default, with "every key" as a stated choice; elsewhere, every key.

use crate::components::policy_dialog::kept_policy;
use crate::logic::export::{Filter, Scope};
use crate::logic::findings::Thresholds;
use crate::session::jobs::JobKind;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::export::{self, Format, Request};
use leptos::prelude::*;

/// A table's view, as an export takes it.
#[derive(Clone, Copy)]
pub struct ShownView {
    /// Keys shown now.
    pub count: Signal<usize>,
    /// Its keys in order, its filter and thresholds, taken when the export starts.
    pub take: Callback<(), (Vec<String>, Filter, Thresholds)>,
}

#[component]
pub fn ExportButtons(
    /// The table whose shown keys are exported; every key when none.
    #[prop(optional)]
    view: Option<ShownView>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let running = move || session.work.running_note(JobKind::Export).is_some();
    // "shown" (the default beside a table) or "all".
    let which = RwSignal::new(if view.is_some() { "shown" } else { "all" });
    let start = move |format| {
        if running() {
            return;
        }
        let request = match (which.get_untracked(), view) {
            ("shown", Some(v)) => {
                let (key_ids, filter, thresholds) = v.take.run(());
                Request {
                    format,
                    scope: Scope::Shown(filter),
                    key_ids,
                    thresholds,
                }
            }
            _ => Request {
                format,
                scope: Scope::All,
                key_ids: Vec::new(),
                // Every key's findings by the Review's policy, as the Review counts them.
                thresholds: Thresholds {
                    unused_days: kept_policy().unused_days,
                    ..Thresholds::default()
                },
            },
        };
        export::start(app, request);
    };
    let total = move || session.inventory.with(|i| i.key_count());
    view! {
        <div class="export" role="group" aria-label="Export keys">
            <span class="small">{if view.is_some() { "Export" } else { "Export every key" }}</span>
            <span class="muted small" aria-live="polite" data-testid="export-progress">
                {move || {
                    let note = session.work.running_note(JobKind::Export)?;
                    let (scanning, (done, total, keys)) = session
                        .inventory
                        .with(|i| (i.running, i.progress()));
                    Some(
                        if scanning {
                            format!("Scanning project {done} of {total} ({keys} keys so far)…")
                        } else {
                            note
                        },
                    )
                }}
            </span>
            {view
                .map(|v| {
                    view! {
                        <label class="sr-only" for="export-scope">
                            "Keys to export"
                        </label>
                        <select
                            id="export-scope"
                            class="select-small"
                            data-testid="export-scope"
                            on:change=move |e| {
                                which
                                    .set(
                                        if event_target_value(&e) == "all" {
                                            "all"
                                        } else {
                                            "shown"
                                        },
                                    )
                            }
                        >
                            <option value="shown" selected=move || which.get() == "shown">
                                {move || format!("The {} keys shown", v.count.get())}
                            </option>
                            <option value="all" selected=move || which.get() == "all">
                                {move || format!("Every key ({})", total())}
                            </option>
                        </select>
                    }
                })}
            <button
                class="btn btn-small"
                data-testid="export-csv"
                aria-label=if view.is_some() { "Export CSV" } else { "Export every key as CSV" }
                disabled=running
                on:click=move |_| start(Format::Csv)
            >
                "CSV"
            </button>
            <button
                class="btn btn-small"
                data-testid="export-json"
                aria-label=if view.is_some() { "Export JSON" } else { "Export every key as JSON" }
                disabled=running
                on:click=move |_| start(Format::Json)
            >
                "JSON"
            </button>
        </div>
    }
}

//! The export buttons: they start the inventory export as a session job (it goes on if the
//! user navigates away) and show how far it got.

use crate::session::use_session;
use crate::state::use_app;
use crate::work::export::{self, Format};
use crate::work::jobs::JobKind;
use leptos::prelude::*;

#[component]
pub fn ExportButtons() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let running = move || session.work.running_note(JobKind::Export).is_some();
    let start = move |format| {
        if !running() {
            export::start(app, format);
        }
    };
    view! {
        <div class="export">
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
            <button
                class="btn"
                data-testid="export-csv"
                disabled=running
                on:click=move |_| start(Format::Csv)
            >
                "Export CSV"
            </button>
            <button
                class="btn"
                data-testid="export-json"
                disabled=running
                on:click=move |_| start(Format::Json)
            >
                "Export JSON"
            </button>
        </div>
    }
}

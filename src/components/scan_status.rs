//! How far the session's inventory scan got: a progress bar while it runs (with Stop), the
//! totals and Refresh when done, and a retry for the parts that failed or were stopped.

use crate::platform::store::set_pref;
use crate::state::use_app;
use crate::work::inventory::{self, CONCURRENCY_CHOICES};
use leptos::prelude::*;

#[component]
pub fn ScanStatus() -> impl IntoView {
    let app = use_app();
    let status = move || {
        app.inventory.with(|i| {
            let (done, total, keys) = i.progress();
            let failed = i.unfinished_count();
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
    let plural = |n: usize| if n == 1 { "" } else { "s" };
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
                    <button class="btn btn-small btn-danger-outline" data-testid="scan-stop" on:click=move |_| inventory::stop(app)>"Stop"</button>
                }.into_any(),
                (false, _, total, keys, 0, _) => view! {
                    <span>{format!("{keys} keys in {total} projects, archived included.")}</span>
                    <button class="btn btn-small" data-testid="scan-refresh" on:click=move |_| inventory::refresh(app)>"Refresh"</button>
                }.into_any(),
                (false, _, _, keys, failed, _) => view! {
                    <span class="warn-text">{format!(
                        "{failed} project{} not read completely (failed or stopped); the {keys} keys read are kept.", plural(failed)
                    )}</span>
                    <button class="btn btn-small" data-testid="scan-retry" disabled=move || retrying.get() on:click=retry>"Retry those"</button>
                }.into_any(),
            }}
            <label class="lanes" title="Applies from the next scan or Refresh. The scan also slows by itself when the API asks.">"Listings at once "
                <select data-testid="scan-lanes" on:change=move |e| {
                    if let Ok(n) = event_target_value(&e).parse::<usize>() {
                        app.scan_lanes.set(n);
                        set_pref("scan_lanes", Some(&n.to_string()));
                    }
                }>
                    {CONCURRENCY_CHOICES.iter().map(|n| view! {
                        <option value=n.to_string() selected=move || app.scan_lanes.get() == *n>{n.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

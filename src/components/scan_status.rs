//! How far the session's inventory scan got: a progress bar while it runs (with Stop), the
//! totals and Refresh when done, and a retry for the parts that failed or were stopped.

use crate::components::focus::keep_in_region;
use crate::logic::inventory::CONCURRENCY_CHOICES;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::inventory;
use leptos::prelude::*;

#[component]
pub fn ScanStatus() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let status = move || {
        session.inventory.with(|i| {
            let (done, total, keys) = i.progress();
            let failed = i.unfinished_count();
            (
                i.running,
                done,
                total,
                keys,
                failed,
                i.listing_error.clone(),
                i.skipped(),
                i.listing_projects,
            )
        })
    };
    // Not `disabled` while it starts: the focus stays on it until Stop takes its place.
    let retrying = RwSignal::new(false);
    let retry = move |_| {
        if retrying.get_untracked() {
            return;
        }
        retrying.set(true);
        leptos::task::spawn_local(async move {
            inventory::resume(session).await;
            retrying.try_set(false);
        });
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    // The project list stopped part-way: what it read is listed, and this says so.
    let partial = move || {
        session.inventory.with(|i| {
            let e = i
                .listing_error
                .as_ref()
                .filter(|_| !i.projects.is_empty())?;
            Some((i.projects.len(), e.summary(), i.projects_resume.is_some()))
        })
    };
    view! {
        <div
            class="scan-status small"
            data-testid="scan-status"
            aria-live="polite"
            // Stop, Refresh and the retries each go when the scan starts or ends.
            on:focusout=keep_in_region
        >
            {move || {
                partial()
                    .map(|(read, why, resumable)| {
                        view! {
                            <p class="warn-text" data-testid="projects-incomplete">
                                {format!(
                                    "The project list is incomplete: {read} project{} read, then {why}",
                                    plural(read),
                                )}
                            </p>
                            {if resumable {
                                view! {
                                    <button
                                        class="btn btn-small"
                                        aria-disabled=move || retrying.get().then_some("true")
                                        on:click=retry
                                    >
                                        "Read the rest"
                                    </button>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button
                                        class="btn btn-small"
                                        on:click=move |_| inventory::refresh(session)
                                    >
                                        "Start over"
                                    </button>
                                }
                                    .into_any()
                            }}
                        }
                    })
            }}
            {move || match status() {
                (
                    _,
                    _,
                    _,
                    _,
                    _,
                    Some(e),
                    _,
                    _,
                ) if session.inventory.with(|i| i.projects.is_empty()) => {
                    view! {
                        <span class="warn-text">
                            "The project list could not be read: " {e.summary()}
                        </span>
                        <button class="btn btn-small" on:click=move |_| inventory::refresh(session)>
                            "Try again"
                        </button>
                    }
                        .into_any()
                }
                (true, done, total, keys, _, _, _, more) => {
                    let of = if more { "projects listed so far" } else { "projects" };
                    // The total grows while the project list is read.
                    view! {
                        <progress
                            max=total.max(1)
                            value=done
                            aria-label="Projects scanned"
                        ></progress>
                        <span>
                            {format!(
                                "Scanning keys: {done} of {total} {of}, {keys} keys so far…",
                            )}
                        </span>
                        <button
                            class="btn btn-small btn-danger-outline"
                            data-testid="scan-stop"
                            on:click=move |_| inventory::stop(session)
                        >
                            "Stop"
                        </button>
                    }
                        .into_any()
                }
                (false, _, total, keys, 0, _, skipped, _) => {
                    view! {
                        <span>
                            {match skipped {
                                0 => format!("{keys} keys in {total} projects, archived included."),
                                n => {
                                    format!(
                                        "{keys} keys in {total} projects; {n} archived project{} left out.",
                                        plural(n),
                                    )
                                }
                            }}
                        </span>
                        <button
                            class="btn btn-small"
                            data-testid="scan-refresh"
                            on:click=move |_| inventory::refresh(session)
                        >
                            "Refresh"
                        </button>
                    }
                        .into_any()
                }
                (false, _, _, keys, failed, _, _, _) => {
                    view! {
                        <span class="warn-text">
                            {format!(
                                "{failed} project{} not read completely (failed or stopped); the {keys} keys read are \
                                    kept.",
                                plural(failed),
                            )}
                        </span>
                        <button
                            class="btn btn-small"
                            data-testid="scan-retry"
                            aria-disabled=move || retrying.get().then_some("true")
                            on:click=retry
                        >
                            "Retry those"
                        </button>
                    }
                        .into_any()
                }
            }}
            // One choice for archived projects: listed and scanned, or neither.
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="scan-archived"
                    prop:checked=move || app.prefs.scan_archived.get()
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        app.prefs.set_scan_archived(on);
                        inventory::restart(session);
                    }
                />
                " Show archived projects and their keys"
            </label>
            <details class="advanced">
                <summary>"Advanced"</summary>
                <label class="lanes" for="scan-lanes">
                    "Key listings read at once "
                </label>
                <select
                    id="scan-lanes"
                    data-testid="scan-lanes"
                    on:change=move |e| {
                        if let Ok(n) = event_target_value(&e).parse::<usize>() {
                            app.prefs.set_scan_lanes(n);
                        }
                    }
                >
                    {CONCURRENCY_CHOICES
                        .iter()
                        .map(|n| {
                            view! {
                                <option
                                    value=n.to_string()
                                    selected=move || app.prefs.scan_lanes.get() == *n
                                >
                                    {n.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="muted small">
                    "Applies from the next scan or Refresh. The scan also slows by itself when the API asks."
                </p>
            </details>
        </div>
    }
}

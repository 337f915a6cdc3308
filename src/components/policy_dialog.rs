//! The written policy, edited as its JSON document: imported from a file, exported, checked
//! before it is kept (a refusal names the line and the reason, and the current policy stays).
//! Kept in `localStorage`: it is not secret, and an owner expects to find it again.

use crate::components::common::FieldError;
use crate::components::modal::Modal;
use crate::logic::review::document;
use crate::logic::review::policy::{Policy, SCHEMA};
use crate::platform::{browser, store};
use leptos::prelude::*;

const KEPT: &str = "policy";
/// Largest policy file read.
const MAX_BYTES: f64 = 256.0 * 1024.0;

/// The kept policy, or the default when none is kept (or what is kept no longer reads).
pub fn kept_policy() -> Policy {
    store::kept(KEPT)
        .and_then(|t| document::parse(&t).ok())
        .unwrap_or_default()
}

#[component]
pub fn PolicyDialog(
    policy: RwSignal<Policy>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(policy.with_untracked(Policy::to_text));
    let error = RwSignal::new(None::<String>);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        match document::parse(&text.get_untracked()) {
            Ok(p) => {
                store::set_kept(KEPT, &p.to_text());
                policy.set(p);
                on_close.run(());
            }
            Err(r) => error.set(Some(format!("Not saved. {r}"))),
        }
    };
    let import = move |e: leptos::ev::Event| {
        // Read into the editor; kept only once it reads and the user saves.
        browser::read_chosen_file(&e, MAX_BYTES, move |read| match read {
            Ok(t) => {
                error.try_set(
                    document::parse(&t)
                        .err()
                        .map(|r| format!("This file is refused. {r}")),
                );
                text.try_set(t);
            }
            Err(why) => drop(error.try_set(Some(why))),
        });
    };
    view! {
        <Modal labelledby="policy-title" testid="policy-dialog" on_close=on_close>
            <h2 id="policy-title">"The written policy"</h2>
            <p class="muted small">
                "Thresholds, the guard rails required, a severity per check, and checks switched off with a \
                 reason, as a versioned JSON document (its schema below). Kept in this browser; never with the key."
            </p>
            <form on:submit=save novalidate class="rail-form">
                <label class="stack">
                    <span>"Policy (JSON)"</span>
                    <textarea
                        rows="14"
                        class="mono"
                        spellcheck="false"
                        data-testid="policy-text"
                        prop:value=move || text.get()
                        on:input=move |e| text.set(event_target_value(&e))
                    ></textarea>
                </label>
                <label class="field-inline">
                    <span>"Import a policy file"</span>
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="policy-file"
                        on:change=import
                    />
                </label>
                <FieldError message=error />
                <div class="actions">
                    <button
                        type="button"
                        class="btn"
                        data-testid="policy-export"
                        on:click=move |_| {
                            browser::download(
                                "keyward-policy.json",
                                "application/json",
                                &text.get_untracked(),
                            )
                        }
                    >
                        "Export"
                    </button>
                    <button
                        type="button"
                        class="btn"
                        on:click=move |_| browser::download(
                            "keyward-policy.schema.json",
                            "application/json",
                            SCHEMA,
                        )
                    >
                        "Schema"
                    </button>
                    <button
                        type="button"
                        class="btn"
                        on:click=move |_| text.set(Policy::default().to_text())
                    >
                        "Defaults"
                    </button>
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button type="submit" class="btn btn-primary" data-testid="policy-save">
                        "Save"
                    </button>
                </div>
            </form>
        </Modal>
    }
}

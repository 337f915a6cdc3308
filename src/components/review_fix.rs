//! A Review check's fix for project keys: every failing key listed and ticked, the user unticks
//! what must stay, then the ticked ones go to the bulk revoke review (count typed, progress,
//! Stop, an outcome per key, Retry for the rest). An unticked key is never sent.

use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::modal::Modal;
use leptos::prelude::*;
use std::collections::HashSet;

#[component]
pub fn KeyFixDialog(
    /// The check's title, for the heading.
    title: String,
    keys: Vec<Chosen>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let ticked = RwSignal::new(
        keys.iter()
            .map(|k| k.key.id.clone())
            .collect::<HashSet<_>>(),
    );
    let reviewing = RwSignal::new(None::<Vec<Chosen>>);
    let keys = StoredValue::new(keys);
    let title = StoredValue::new(title);
    let n = move || ticked.with(HashSet::len);
    let go = move |_| {
        let chosen: Vec<Chosen> = keys.with_value(|ks| {
            ticked.with_untracked(|t| {
                ks.iter()
                    .filter(|k| t.contains(&k.key.id))
                    .cloned()
                    .collect()
            })
        });
        if !chosen.is_empty() {
            reviewing.set(Some(chosen));
        }
    };
    view! {
        <Show
            when=move || reviewing.with(Option::is_none)
            fallback=move || {
                let chosen = reviewing.get_untracked().unwrap_or_default();
                view! {
                    <BulkRevokeDialog
                        keys=chosen
                        on_close=Callback::new(move |_| on_close.run(()))
                    />
                }
            }
        >
            <Modal labelledby="fix-title" testid="fix-dialog" on_close=on_close>
                <h2 id="fix-title">{title.with_value(|t| format!("Fix: {t}"))}</h2>
                <p class="muted small">
                    "Untick any key that must stay. The ticked ones go to the revoke review next, where nothing is \
                     sent until you type their number."
                </p>
                <ul class="plain fix-list" data-testid="fix-items">
                    {keys
                        .with_value(|ks| {
                            ks.iter()
                                .map(|k| {
                                    let id = k.key.id.clone();
                                    let (a, b) = (id.clone(), id.clone());
                                    view! {
                                        <li>
                                            <label class="check">
                                                <input
                                                    type="checkbox"
                                                    data-testid="fix-item"
                                                    data-key-id=id
                                                    prop:checked=move || ticked.with(|t| t.contains(&a))
                                                    on:change=move |e| {
                                                        let on = event_target_checked(&e);
                                                        ticked
                                                            .update(|t| {
                                                                if on {
                                                                    t.insert(b.clone());
                                                                } else {
                                                                    t.remove(&b);
                                                                }
                                                            });
                                                    }
                                                />
                                                <span class="wrap">
                                                    {format!("{} ({})", k.key.name, k.project_name)}
                                                </span>
                                            </label>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })}
                </ul>
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class="btn btn-danger"
                        data-testid="fix-review"
                        disabled=move || n() == 0
                        on:click=go
                    >
                        {move || format!("Review the revoke of {} keys…", n())}
                    </button>
                </div>
            </Modal>
        </Show>
    }
}

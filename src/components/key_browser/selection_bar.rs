//! The selection bar: how many keys are shown and selected (and how many of those the filters
//! hide), Clear selection, and the bulk revoke's button.

use crate::logic::key_table::Selection;
use leptos::prelude::*;

#[component]
pub(super) fn SelectionBar(
    /// Keys shown.
    #[prop(into)]
    shown: Signal<usize>,
    /// Keys in scope (this project's, or every key).
    #[prop(into)]
    in_scope: Signal<usize>,
    /// The selection.
    selected: RwSignal<Selection>,
    /// Selected keys the filters hide.
    #[prop(into)]
    hidden: Signal<usize>,
    /// Opens the review of the selected keys.
    on_review: Callback<()>,
) -> impl IntoView {
    let selected_count = move || selected.with(Selection::len);
    let hidden_selected = move || hidden.get();
    let review = move |_| on_review.run(());
    let shown = move || shown.get();
    let in_scope = move || in_scope.get();
    view! {
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
                    on:click=move |_| selected.set(Selection::default())
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
    }
}

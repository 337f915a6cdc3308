//! A confirmation before one write: what it does in words, the API's refusal shown in place,
//! and the button showing its pending words while the write is on its way.

use crate::components::common::FieldError;
use crate::components::modal::Modal;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    title: String,
    /// What it does, said plainly.
    text: String,
    /// The button's words, then its words while the write is on its way.
    confirm: &'static str,
    pending: &'static str,
    testid: &'static str,
    #[prop(into)] busy: Signal<bool>,
    error: RwSignal<Option<String>>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal labelledby="confirm-title" testid=testid on_close=on_close busy=busy>
            <h2 id="confirm-title">{title}</h2>
            <p class="wrap">{text}</p>
            <FieldError message=error />
            <div class="actions">
                <button class="btn" on:click=move |_| on_close.run(())>
                    "Cancel"
                </button>
                <button
                    class="btn btn-danger"
                    data-testid=format!("{testid}-confirm")
                    disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {move || if busy.get() { pending } else { confirm }}
                </button>
            </div>
        </Modal>
    }
}

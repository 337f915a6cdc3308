//! Outcome messages, announced politely; errors stay until dismissed.

use crate::state::{ToastKind, use_app};
use leptos::prelude::*;

#[component]
pub fn Toasts() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="toasts" aria-live="polite" aria-relevant="additions">
            <For
                each=move || app.toasts.get()
                key=|t| t.id
                children=move |t| {
                    let id = t.id;
                    let class = match t.kind {
                        ToastKind::Success => "toast toast-success",
                        ToastKind::Error => "toast toast-error",
                        ToastKind::Warning => "toast toast-warn",
                    };
                    let role = if t.kind == ToastKind::Success { "status" } else { "alert" };
                    view! {
                        <div class=class role=role data-testid="toast">
                            <span>{t.text}</span>
                            <button
                                class="icon-btn"
                                aria-label="Dismiss message"
                                on:click=move |_| app.toasts.update(|v| v.retain(|x| x.id != id))
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}

//! The API's refusal of a guard-rail change, said where the form is.

use leptos::prelude::*;

/// The API's refusal of a guard-rail change, said where the form is: its words, and why.
#[component]
pub(super) fn Refused(
    /// The refusal, when there is one.
    error: RwSignal<Option<admin_api::ApiError>>,
) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| {
                let above = e.message.to_ascii_lowercase().contains("organization's spend limit");
                view! {
                    <div class="error-panel" role="alert" data-testid="rail-refused">
                        <strong>"The API refused the change; nothing was saved."</strong>
                        <p class="error-message">{e.message.clone()}</p>
                        <p class="muted">
                            {if above {
                                "A project's limit can't be above the organization's. Lower it, or raise the \
                                    organization's limit first."
                            } else {
                                e.advice()
                            }}
                        </p>
                    </div>
                }
            })
    }
}

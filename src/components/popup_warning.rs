//! What a destructive run started in the extension's popup says first: the popup dies when it
//! loses focus, so the run stops after what is in flight; a tab keeps running.

use crate::platform::browser;
use leptos::prelude::*;

#[component]
pub fn PopupRunWarning(
    /// What finishes before the run stops ("the keys in flight").
    in_flight: &'static str,
    /// The button's words.
    #[prop(default = "Open Keyward in a tab")]
    button: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] button_testid: Option<&'static str>,
) -> impl IntoView {
    (browser::in_extension() && browser::is_popup_sized()).then(|| {
        view! {
            <div class="warn-panel" data-testid=testid>
                <p class="warn-text">
                    {format!(
                        "Closing this popup stops the run after {in_flight}. A tab keeps running while you work \
                         elsewhere.",
                    )}
                </p>
                <button
                    type="button"
                    class="btn"
                    data-testid=button_testid
                    on:click=|_| browser::open_in_tab()
                >
                    {button}
                </button>
            </div>
        }
    })
}

//! How a provider's tokens are checked: the issuer's published keys (discovery), or a JWKS
//! pasted or read from a file here, for an issuer whose keys are not public.

use crate::logic::keyless::checks::JWKS_MAX_BYTES;
use crate::platform::browser;
use leptos::prelude::*;

#[component]
pub fn VerificationField(
    /// Whether the keys are uploaded here.
    uploaded: RwSignal<bool>,
    /// The JWKS as typed or read.
    jwks: RwSignal<String>,
    /// Where a file that cannot be read says so.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let read = move |e: leptos::ev::Event| {
        browser::read_chosen_file(&e, JWKS_MAX_BYTES, move |read| match read {
            // After the read the view may be gone: `try_set`.
            Ok(text) => drop(jwks.try_set(text)),
            Err(why) => drop(error.try_set(Some(why))),
        });
    };
    view! {
        <fieldset>
            <legend>"How its tokens are checked"</legend>
            <label class="inline">
                <input
                    type="radio"
                    name="verification"
                    data-testid="verify-discovery"
                    prop:checked=move || !uploaded.get()
                    on:change=move |_| uploaded.set(false)
                />
                " The issuer's published keys (discovery)"
            </label>
            <label class="inline">
                <input
                    type="radio"
                    name="verification"
                    data-testid="verify-jwks"
                    prop:checked=move || uploaded.get()
                    on:change=move |_| uploaded.set(true)
                />
                " Keys uploaded here (a JWKS)"
            </label>
        </fieldset>
        <Show when=move || uploaded.get()>
            <label class="stack">
                <span>"JWKS (JSON with a “keys” list)"</span>
                <textarea
                    rows="5"
                    class="mono"
                    data-testid="gk-jwks"
                    placeholder="{\"keys\": […]}"
                    prop:value=move || jwks.get()
                    on:input=move |e| jwks.set(event_target_value(&e))
                ></textarea>
            </label>
            <label class="field-inline">
                <span>"Or read it from a file"</span>
                <input
                    type="file"
                    accept=".json,.jwks,application/json"
                    data-testid="gk-jwks-file"
                    on:change=read
                />
            </label>
        </Show>
    }
}

//! Shows a new key's secret exactly once, with a copy button.

use crate::platform::browser;
use admin_api::types::NewKeySecret;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[component]
pub fn SecretReveal(
    /// The new key; its value is shown here and nowhere else.
    secret: NewKeySecret,
    /// Called when the user has saved it.
    #[prop(into)]
    on_done: Callback<()>,
    /// What the API says the new key is (scopes, expiry), shown beside it.
    #[prop(optional)]
    facts: Vec<(String, String)>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    // Offered, and on unless the user says otherwise: the clipboard is emptied a minute after
    // the copy (and at Lock), if this page has focus then.
    let clear_later = RwSignal::new(true);
    let value = StoredValue::new(secret.value.expose().to_owned());
    let copy = move |_| {
        let text = value.get_value();
        spawn_local(async move {
            let ok = browser::copy_secret(&text).await;
            copied.try_set(Some(ok));
            if ok {
                // Not tied to this view: the secret may be saved and the view gone by then.
                gloo_timers::future::sleep(Duration::from_secs(browser::CLIPBOARD_SECONDS.into()))
                    .await;
                if clear_later.try_get_untracked() != Some(false) {
                    browser::clear_copied_secret().await;
                }
            }
        })
    };
    view! {
        <div class="secret-reveal" role="region" aria-label="New API key">
            <h3>"New key “" {secret.name.clone()} "”"</h3>
            <p class="warn-text">
                "Copy it now: this is the only time it will be shown. Keyward does not keep it."
            </p>
            <div class="secret-row">
                <input
                    class="mono"
                    type="text"
                    readonly
                    aria-label="New key value"
                    prop:value=move || value.get_value()
                    data-testid="new-secret"
                />
                <button class="btn" data-testid="copy-secret" on:click=copy>
                    "Copy"
                </button>
            </div>
            <label class="small check">
                <input
                    type="checkbox"
                    data-testid="clear-clipboard"
                    prop:checked=move || clear_later.get()
                    on:change=move |e| clear_later.set(event_target_checked(&e))
                />
                " Empty the clipboard a minute after copying, and at Lock (while Keyward has focus)"
            </label>
            <p class="small" aria-live="polite">
                {move || match copied.get() {
                    Some(true) => "Copied to the clipboard.",
                    Some(false) => "Copy failed: select the text and copy it by hand.",
                    None => "",
                }}
            </p>
            <p class="muted small">"ID " <code>{secret.id.clone()}</code></p>
            {(!facts.is_empty())
                .then(|| {
                    view! {
                        <dl class="facts" data-testid="new-key-facts">
                            {facts
                                .into_iter()
                                .map(|(k, v)| {
                                    view! {
                                        <div>
                                            <dt>{k}</dt>
                                            <dd>{v}</dd>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    }
                })}
            <button class="btn btn-primary" on:click=move |_| on_done.run(())>
                "I have saved it"
            </button>
        </div>
    }
}

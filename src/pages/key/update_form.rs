//! A key's scopes and expiry, changed with one POST whose answer is shown as the server gave it.

use crate::components::common::{DaysInput, Field, FieldError, ScopeChecklist, Write};
use crate::components::focus::keep_in_region;
use crate::logic::keys::is_expired;
use crate::logic::route::Route;
use crate::logic::scopes::{EXPIRY_PRESETS, ExpiryChoice, ScopeChoice, build_update, describe};
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use admin_api::types::ProjectApiKey;
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn UpdateForm(
    /// The key to change.
    key: ProjectApiKey,
    /// Where the server's answer goes.
    answer: RwSignal<Option<(ProjectApiKey, String)>>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let now = browser::now();
    if is_expired(&key, now) {
        return view! {
            <div class="card">
                <h2>"Scopes and expiry"</h2>
                <p data-testid="expired-note">
                    "This key expired " {time::relative(key.expires_at.unwrap_or(now), now)}
                    ". The API does not allow updating an expired key: revoke it, or create a new key."
                </p>
            </div>
        }.into_any();
    }
    let scope_mode = RwSignal::new("keep".to_string());
    let chosen = RwSignal::new(Vec::<String>::new());
    let expiry_mode = RwSignal::new("keep".to_string());
    let custom_days = RwSignal::new("30".to_string());
    let form_error = RwSignal::new(None::<String>);
    let ids = StoredValue::new((String::new(), key.id.clone()));
    let project_id = app.route.with_untracked(|r| match r {
        Route::Key { project, .. } => project.clone(),
        _ => String::new(),
    });
    ids.update_value(|v| v.0 = project_id);

    // The write's follow-up belongs to it: the inventory, the permissions, the toast and what it
    // made stale are updated even if the user has left the page by then.
    let save = Write::new();
    let send = move |body: admin_api::types::UpdateApiKey| {
        let api = session.client();
        let (p, k) = ids.get_value();
        let sent_scopes = body.scopes.clone();
        save.run(
            async move { api?.update_api_key(&p, &k, &body).await },
            move |result| match result {
                Ok(k) => {
                    let sent = sent_scopes
                        .as_ref()
                        .map(|s| describe(s))
                        .unwrap_or_else(|| "unchanged".into());
                    // The inventory takes the API's answer in place (expiry findings follow).
                    let project_id = ids.try_get_value().map(|v| v.0).unwrap_or_default();
                    session
                        .inventory
                        .try_update(|i| i.replace_key(&project_id, k.clone()));
                    if let Some(scopes) = sent_scopes {
                        crate::work::permissions::set(session, &k.id, scopes);
                    }
                    let stale = Topic::Key(k.id.clone());
                    answer.try_set(Some((k, sent)));
                    app.toast(ToastKind::Success, "Saved.");
                    // Re-read the key and its history, so Details shows the new state too.
                    session.invalidate([stale]);
                }
                Err(e) => {
                    // Said in the form while it is open; in a toast once it is gone.
                    if let Some(Some(why)) = form_error.try_set(Some(e.summary())) {
                        app.toast(ToastKind::Error, format!("The key was not updated: {why}"));
                    }
                }
            },
        );
    };
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if save.pending_untracked() {
            return;
        }
        let scopes = match scope_mode.get_untracked().as_str() {
            "all" => ScopeChoice::All,
            "read" => ScopeChoice::ReadOnly,
            "custom" => ScopeChoice::Restricted(chosen.get_untracked()),
            _ => ScopeChoice::Keep,
        };
        let expiry = match expiry_mode.get_untracked().as_str() {
            "keep" => ExpiryChoice::Keep,
            "custom" => ExpiryChoice::Days(custom_days.get_untracked().trim().parse().unwrap_or(0)),
            days => ExpiryChoice::Days(days.parse().unwrap_or(0)),
        };
        match build_update(&scopes, expiry) {
            Ok(body) => {
                form_error.set(None);
                answer.set(None);
                send(body);
            }
            Err(e) => form_error.set(Some(e.to_string())),
        }
    };
    let radio =
        move |group: &'static str, signal: RwSignal<String>, value: String, label: &'static str| {
            let (v1, v2) = (value.clone(), value.clone());
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name=group
                        value=value
                        prop:checked=move || signal.get() == v1
                        on:change=move |_| signal.set(v2.clone())
                    />
                    " "
                    {label}
                </label>
            }
        };
    view! {
        <form on:focusout=keep_in_region class="card" on:submit=submit data-testid="update-form">
            <h2>"Scopes and expiry"</h2>
            <fieldset>
                <legend>"Permissions"</legend>
                {radio("scopes", scope_mode, "keep".into(), "Keep as they are")}
                {radio("scopes", scope_mode, "all".into(), "All permissions")}
                {radio("scopes", scope_mode, "read".into(), "Read-only")}
                {radio("scopes", scope_mode, "custom".into(), "Restricted to…")}
                <Show when=move || scope_mode.get() == "custom">
                    <ScopeChecklist chosen=chosen />
                </Show>
            </fieldset>
            <fieldset>
                <legend>"Expiry (counted from now)"</legend>
                {radio("expiry", expiry_mode, "keep".into(), "Keep as it is")}
                {EXPIRY_PRESETS
                    .iter()
                    .map(|(days, label)| radio("expiry", expiry_mode, days.to_string(), label))
                    .collect_view()}
                {radio("expiry", expiry_mode, "custom".into(), "Custom")}
                <Show when=move || expiry_mode.get() == "custom">
                    <DaysInput value=custom_days />
                </Show>
                <p class="muted small">
                    "The API cannot remove an expiry once set; it can only set a new one."
                </p>
            </fieldset>
            <FieldError message=form_error />
            <div class="actions">
                <button
                    class="btn btn-primary"
                    type="submit"
                    data-testid="save-key"
                    disabled=move || save.pending()
                >
                    {move || if save.pending() { "Saving…" } else { "Save changes" }}
                </button>
            </div>
            {move || {
                answer
                    .get()
                    .map(|(k, sent)| {
                        view! {
                            <div class="answer" role="status" data-testid="server-answer">
                                <strong>"The server answered:"</strong>
                                <dl class="fields">
                                    <Field label="Key">
                                        {k.name.clone()} " " <code>{k.redacted_value.clone()}</code>
                                    </Field>
                                    <Field label="Expires">
                                        {k
                                            .expires_at
                                            .map(time::exact)
                                            .unwrap_or_else(|| "Never".into())}
                                    </Field>
                                    <Field label="Scopes sent">{sent}</Field>
                                </dl>
                            </div>
                        }
                    })
            }}
        </form>
    }
    .into_any()
}

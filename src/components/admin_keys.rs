//! The admin-key dialogs: revoke (its name typed; for the key this session uses, a second,
//! plain confirmation that Keyward will lock) and create (the secret revealed once).

use crate::components::common::FieldError;
use crate::components::modal::Modal;
use crate::components::secret::SecretReveal;
use crate::logic::admin_keys::{Current, EXPIRY_CHOICES, confirmation_word};
use crate::logic::tally::LineState;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::admin;
use admin_api::RevokeOutcome;
use admin_api::types::{AdminApiKey, CreateAdminKey};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn AdminRevokeDialog(
    /// The key to revoke.
    key: AdminApiKey,
    /// Whether it is (or may be) the key this session uses.
    current: Current,
    /// Called when the dialog closes.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let word = confirmation_word(&key).to_owned();
    let typed = RwSignal::new(String::new());
    // The second step, for the key this session uses.
    let second = RwSignal::new(false);
    let job = RwSignal::new(None::<u64>);
    let key = StoredValue::new(key);
    let expected = StoredValue::new(word.clone());
    let outcome = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .and_then(|j| j.tally().cloned())
            .and_then(|t| match t.lines.first() {
                Some((_, LineState::Done(o))) => Some(o.clone()),
                _ => None,
            })
    };
    let pending = move || job.get().is_some() && outcome().is_none();
    let confirmed = move || typed.with(|t| t.trim() == expected.get_value());
    let send = move || {
        if pending() || outcome().is_some_and(|o| o.is_gone()) {
            return;
        }
        if let Some(old) = job.get_untracked() {
            session.work.dismiss(old);
        }
        job.set(admin::revoke(app, key.get_value(), current.ends_session()));
    };
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if !confirmed() {
            return;
        }
        if current.ends_session() && !second.get_untracked() {
            second.set(true);
        } else {
            send();
        }
    };
    // Gone: close (the list re-reads). Refused or unknown: stay, and say so.
    Effect::new(move |_| {
        if outcome().is_some_and(|o| o.is_gone()) {
            if let Some(id) = job.get_untracked() {
                session.work.dismiss(id);
            }
            on_close.run(());
        }
    });
    let k = key.get_value();
    view! {
        <Modal
            labelledby="admin-revoke-title"
            testid="admin-revoke-dialog"
            on_close=on_close
            busy=Signal::derive(pending)
        >
            <h2 id="admin-revoke-title">"Revoke this admin key?"</h2>
            <dl class="facts">
                <div>
                    <dt>"Key"</dt>
                    <dd class="wrap">{k.display_name().to_owned()}</dd>
                </div>
                <div>
                    <dt>"Value"</dt>
                    <dd class="mono">{k.redacted_value.clone()}</dd>
                </div>
                <div>
                    <dt>"Owner"</dt>
                    <dd class="wrap">{k.owner.name.clone().unwrap_or_else(|| "—".into())}</dd>
                </div>
            </dl>
            <p>
                "Admin keys manage the whole organization. Whatever uses this one stops at once. This cannot be undone."
            </p>
            {(crate::platform::browser::in_extension()
                && crate::platform::browser::is_popup_sized())
                .then(|| {
                    view! {
                        <p class="muted small">
                            "Keep this popup open until the answer arrives: closing it stops Keyward from reading the \
                                outcome."
                        </p>
                    }
                })}
            {(current == Current::Maybe)
                .then(|| {
                    view! {
                        <p class="warn-text">
                            "Its redacted value fits the key this session is using: it may be that key."
                        </p>
                    }
                })}
            <form on:submit=submit>
                <label class="stack">
                    <span>
                        "Type its name to confirm: " <code class="wrap">{word.clone()}</code>
                    </span>
                    <input
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        data-testid="confirm-admin-name"
                        prop:disabled=move || second.get()
                        prop:value=move || typed.get()
                        on:input=move |e| typed.set(event_target_value(&e))
                    />
                </label>
                {move || {
                    second
                        .get()
                        .then(|| {
                            view! {
                                <div
                                    class="warn-panel"
                                    role="alert"
                                    data-testid="current-key-warning"
                                >
                                    <p class="warn-text">
                                        <strong>
                                            "This is the admin key Keyward is using right now."
                                        </strong>
                                    </p>
                                    <p>
                                        "Once it is revoked, Keyward can't make another request with it: the session \
                                            locks at once, the key is forgotten, and anything still running stops. You \
                                            will need another admin key to connect again."
                                    </p>
                                </div>
                            }
                        })
                }}
                {move || {
                    outcome()
                        .and_then(|o| match o {
                            RevokeOutcome::NotRevoked(e) => {
                                Some(
                                    view! {
                                        <div class="error-panel" role="alert">
                                            <strong>"Not revoked — the key still works."</strong>
                                            <p class="error-message">{e.summary()}</p>
                                            <p class="muted">{crate::logic::errors::advice(&e)}</p>
                                        </div>
                                    }
                                        .into_any(),
                                )
                            }
                            RevokeOutcome::Unknown(e) => {
                                Some(
                                    view! {
                                        <div class="error-panel" role="alert">
                                            <strong>
                                                "Outcome unknown — the key may or may not be revoked."
                                            </strong>
                                            <p class="error-message">{e.summary()}</p>
                                            <p class="muted">
                                                "Close and refresh the list to see the truth."
                                            </p>
                                        </div>
                                    }
                                        .into_any(),
                                )
                            }
                            _ => None,
                        })
                }}
                <div class="actions">
                    <button
                        type="button"
                        class="btn"
                        disabled=pending
                        on:click=move |_| on_close.run(())
                    >
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-danger"
                        data-testid="confirm-admin-revoke"
                        disabled=move || pending() || !confirmed()
                    >
                        {move || match (pending(), second.get(), current.ends_session()) {
                            (true, _, _) => "Revoking…",
                            (false, false, true) => "Continue…",
                            (false, true, _) => "Revoke it and lock",
                            _ => "Revoke admin key",
                        }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

#[component]
pub fn CreateAdminKeyDialog(
    /// Called when the dialog closes.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let expiry = RwSignal::new(Some(90u32));
    let error = RwSignal::new(None::<String>);
    let job = RwSignal::new(None::<u64>);
    // Watched: another job's progress must not draw the secret again (its Copy state with it).
    let entry = session.work.watch(move || job.get());
    let pending = move || entry().is_some_and(|j| j.status.is_running());
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if pending() || entry().is_some_and(|j| j.reveal().is_some()) {
            return;
        }
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            error.set(Some("Give the key a name that says what uses it.".into()));
            return;
        }
        error.set(None);
        let body = CreateAdminKey {
            name: n,
            expires_in_seconds: expiry.get_untracked().map(|d| i64::from(d) * 86_400),
        };
        job.set(admin::create(app, body));
    };
    let done = move || {
        if let Some(id) = job.get_untracked() {
            session.work.dismiss(id);
        }
        on_close.run(());
    };
    view! {
        <Modal
            labelledby="admin-create-title"
            testid="admin-create-dialog"
            on_close=Callback::new(move |_| done())
            busy=Signal::derive(pending)
        >
            <h2 id="admin-create-title">"Create an admin key"</h2>
            {move || match entry().and_then(|j| j.reveal().cloned()).map(|r| (r.secret, r.facts)) {
                Some((secret, facts)) => {
                    view! {
                        <SecretReveal
                            secret=secret
                            facts=facts
                            on_done=Callback::new(move |_| done())
                        />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p>
                            "An admin key can manage everything in the organization. Only an organization owner can \
                                create one. Keyward shows its value once and does not keep it."
                        </p>
                        <form on:submit=submit>
                            <label class="stack">
                                <span>"Name"</span>
                                <input
                                    type="text"
                                    data-testid="admin-key-name"
                                    autocomplete="off"
                                    prop:value=move || name.get()
                                    on:input=move |e| name.set(event_target_value(&e))
                                />
                            </label>
                            <label class="stack">
                                <span>"Expires after"</span>
                                <select
                                    data-testid="admin-key-expiry"
                                    on:change=move |e| {
                                        expiry.set(event_target_value(&e).parse().ok())
                                    }
                                >
                                    {EXPIRY_CHOICES
                                        .iter()
                                        .map(|(days, label)| {
                                            let v = days.map(|d| d.to_string()).unwrap_or_default();
                                            let d = *days;
                                            view! {
                                                <option value=v selected=move || expiry.get() == d>
                                                    {*label}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <FieldError message=error />
                            {move || {
                                entry()
                                    .and_then(|j| match j.status {
                                        crate::session::jobs::JobStatus::Failed(why) => {
                                            Some(
                                                view! {
                                                    <div class="error-panel" role="alert">
                                                        <strong>"Not created."</strong>
                                                        <p class="error-message">{why}</p>
                                                        <p class="muted">{j.note.clone()}</p>
                                                    </div>
                                                },
                                            )
                                        }
                                        _ => None,
                                    })
                            }}
                            <div class="actions">
                                <button
                                    type="button"
                                    class="btn"
                                    disabled=pending
                                    on:click=move |_| on_close.run(())
                                >
                                    "Cancel"
                                </button>
                                <button
                                    type="submit"
                                    class="btn btn-primary"
                                    data-testid="admin-key-create"
                                    disabled=pending
                                >
                                    {move || if pending() { "Creating…" } else { "Create key" }}
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </Modal>
    }
}

//! The revoke confirmation. One DELETE for exactly the key shown, sent once however the button
//! is pressed, as a session job; the key leaves the list only after the API confirms.

use crate::components::common::Write;
use crate::components::modal::Modal;
use crate::logic::keys::{confirmation_matches, confirmation_word, needs_typed_confirmation};
use crate::logic::tally::{LineState, RevokeItem};
use crate::platform::browser;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::revoke;
use admin_api::types::ProjectApiKey;
use admin_api::{ApiError, ErrorKind, RevokeOutcome};
use leptos::ev;
use leptos::prelude::*;

/// What the dialog is asked to revoke.
#[derive(Clone, Debug, PartialEq)]
pub struct RevokeTarget {
    pub project_id: String,
    pub project_name: String,
    pub key: ProjectApiKey,
}

#[component]
pub fn RevokeDialog(
    /// The key, with its project.
    target: RevokeTarget,
    /// Called with `true` when something changed (the list must re-fetch).
    #[prop(into)]
    on_close: Callback<bool>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let now = browser::now();
    let typed = RwSignal::new(String::new());
    let needs_typing = needs_typed_confirmation(&target.key, now);
    let word = confirmation_word(&target.key).to_owned();
    let error = RwSignal::new(None::<ApiError>);
    let offer_sa_delete = RwSignal::new(false);
    let target = StoredValue::new(target);
    let key_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let cancel_btn: NodeRef<leptos::html::Button> = NodeRef::new();

    // The DELETE runs as a session job: leaving the page can't cut it short or lose its outcome.
    let job = RwSignal::new(None::<u64>);
    let outcome = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .filter(|j| !j.status.is_running())
            .and_then(|j| j.tally().cloned())
            .and_then(|t| match t.lines.first() {
                Some((_, LineState::Done(o))) => Some(o.clone()),
                _ => None,
            })
    };
    let pending = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .is_some_and(|j| j.status.is_running())
    };
    // Deleting the key's service account: its follow-up (toast, the project re-read) belongs to
    // the write and happens even if the dialog is gone by then.
    let delete_sa = Write::new();
    let send_delete_sa = move || {
        let t = target.get_value();
        let Some(sa) = t.key.owner.service_account.clone() else {
            return;
        };
        let api = session.client();
        let (project_id, sa_id) = (t.project_id.clone(), sa.id.clone());
        let name = sa.name.unwrap_or_default();
        delete_sa.run(
            async move { api?.delete_service_account(&project_id, &sa_id).await },
            move |result| match result {
                Ok(_) => {
                    app.toast(
                        ToastKind::Success,
                        format!("Deleted service account “{name}” and its keys."),
                    );
                    // Its keys went with it: the inventory re-reads that project.
                    crate::work::inventory::refresh_project(session, t.project_id.clone());
                    on_close.try_run(true);
                }
                Err(e) => {
                    app.toast(
                        ToastKind::Error,
                        format!("The service account was not deleted: {}", e.summary()),
                    );
                    error.try_set(Some(e));
                }
            },
        );
    };

    let confirmed =
        move || !needs_typing || typed.with(|t| confirmation_matches(&target.get_value().key, t));
    let busy = move || pending() || delete_sa.pending();
    let submit = move || {
        // One DELETE per confirmation: ignore repeats while one is in flight or after success.
        if busy() || !confirmed() || outcome().is_some_and(|o| o.is_gone()) {
            return;
        }
        if let Some(old) = job.get_untracked() {
            session.work.dismiss(old);
        }
        error.set(None);
        let t = target.get_value();
        job.set(revoke::start(
            app,
            vec![RevokeItem {
                project_id: t.project_id,
                project_name: t.project_name,
                key_id: t.key.id.clone(),
                key_name: t.key.name.clone(),
                redacted: t.key.redacted_value.clone(),
            }],
        ));
    };

    // The job toasts the outcome; the dialog closes when the key is gone (or unknown, so the
    // list is re-read), and stays open with the reason when the API refused.
    Effect::new(move |_| {
        let Some(outcome) = outcome() else {
            return;
        };
        let t = target.get_value();
        let done = |changed: bool| {
            if let Some(id) = job.get_untracked() {
                session.work.dismiss(id);
            }
            on_close.run(changed);
        };
        match outcome {
            RevokeOutcome::Revoked | RevokeOutcome::AlreadyGone | RevokeOutcome::Unknown(_) => {
                done(true)
            }
            RevokeOutcome::NotRevoked(e) => {
                if e.kind == ErrorKind::BadRequest && t.key.owner.is_service_account() {
                    offer_sa_delete.set(true);
                }
                error.set(Some(e));
            }
        }
    });
    // Focus the name field when typing is needed, else Cancel (the safe default).
    Effect::new(move |_| {
        if needs_typing {
            if let Some(el) = key_input.get() {
                let _ = el.focus();
            }
        } else if let Some(el) = cancel_btn.get() {
            let _ = el.focus();
        }
    });

    let t = target.get_value();
    let owner = t.key.owner.label();
    let sa_name = t
        .key
        .owner
        .service_account
        .as_ref()
        .map(|s| s.name.clone().unwrap_or_else(|| s.id.clone()));
    let sa_typed = RwSignal::new(String::new());
    let sa_word = StoredValue::new(sa_name.unwrap_or_default());
    view! {
        <Modal
            labelledby="revoke-title"
            testid="revoke-dialog"
            on_close=Callback::new(move |_| on_close.run(false))
            busy=Signal::derive(busy)
        >
            <h2 id="revoke-title">"Revoke this key?"</h2>
            <dl class="facts">
                <div>
                    <dt>"Key"</dt>
                    <dd class="wrap">{t.key.name.clone()}</dd>
                </div>
                <div>
                    <dt>"Value"</dt>
                    <dd class="mono">{t.key.redacted_value.clone()}</dd>
                </div>
                <div>
                    <dt>"Project"</dt>
                    <dd class="wrap">{t.project_name.clone()}</dd>
                </div>
                <div>
                    <dt>"Owner"</dt>
                    <dd class="wrap">{owner}</dd>
                </div>
            </dl>
            <p>"Anything using this key stops working at once. This cannot be undone."</p>
            <form on:submit=move |e: ev::SubmitEvent| {
                e.prevent_default();
                submit();
            }>
                {needs_typing
                    .then(|| {
                        view! {
                            <p class="warn-text">
                                "This key was used in the last 7 days. Type its name to confirm."
                            </p>
                            <label class="stack">
                                <span>"Key name: " <code class="wrap">{word.clone()}</code></span>
                                <input
                                    node_ref=key_input
                                    type="text"
                                    autocomplete="off"
                                    spellcheck="false"
                                    data-testid="confirm-name"
                                    prop:value=move || typed.get()
                                    on:input=move |e| typed.set(event_target_value(&e))
                                />
                            </label>
                        }
                    })}
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <div class="error-panel" role="alert">
                                    <strong>"Not revoked — the key still works."</strong>
                                    <p class="error-message">{e.summary()}</p>
                                    <p class="muted">{crate::logic::errors::advice(&e)}</p>
                                </div>
                            }
                        })
                }} <div class="actions">
                    <button
                        node_ref=cancel_btn
                        type="button"
                        class="btn"
                        disabled=busy
                        on:click=move |_| on_close.run(false)
                    >
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-danger"
                        data-testid="confirm-revoke"
                        disabled=move || busy() || !confirmed()
                    >
                        {move || {
                            if pending() {
                                "Revoking…"
                            } else if error.get().is_some() {
                                "Try again"
                            } else {
                                "Revoke key"
                            }
                        }}
                    </button>
                </div>
            </form>
            {move || {
                offer_sa_delete
                    .get()
                    .then(|| {
                        let word = sa_word.get_value();
                        view! {
                            <div class="sa-offer">
                                <h3>"The API refused to delete a service-account key this way"</h3>
                                <p>
                                    "Some OpenAI organizations only allow removing a service account’s key by \
                                        deleting the service account itself. That deletes "
                                    <strong>
                                        "the service account “" {word.clone()}
                                        "” and all of its keys"
                                    </strong> "."
                                </p>
                                <label class="stack">
                                    <span>
                                        "Type the service account’s name to confirm: "
                                        <code>{word.clone()}</code>
                                    </span>
                                    <input
                                        type="text"
                                        autocomplete="off"
                                        data-testid="confirm-sa-name"
                                        prop:value=move || sa_typed.get()
                                        on:input=move |e| sa_typed.set(event_target_value(&e))
                                    />
                                </label>
                                <button
                                    class="btn btn-danger"
                                    data-testid="delete-sa"
                                    disabled=move || {
                                        busy() || sa_typed.get().trim() != sa_word.get_value()
                                    }
                                    on:click=move |_| {
                                        if !busy() {
                                            send_delete_sa();
                                        }
                                    }
                                >
                                    {move || {
                                        if delete_sa.pending() {
                                            "Deleting…".to_string()
                                        } else {
                                            format!(
                                                "Delete service account “{}”",
                                                sa_word.get_value(),
                                            )
                                        }
                                    }}
                                </button>
                            </div>
                        }
                    })
            }}
        </Modal>
    }
}

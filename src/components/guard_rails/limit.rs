//! The hard spend limit: shown with its enforcement, set in dollars, removed after a question.

use super::refused::Refused;
use super::scope::RailScope;
use crate::components::common::{FieldError, Write};
use crate::components::focus::keep_in_region;
use crate::logic::guard_rails::{Slot, cell, limit_text};
use crate::logic::money::parse_dollars;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::guard_rails::written;
use admin_api::types::{SpendLimit, UpdateSpendLimit};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn SpendLimitCard(
    /// Whose limit.
    scope: RailScope,
    /// The limit as read.
    current: Slot<Option<SpendLimit>>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let scope = StoredValue::new(scope);
    let shown = cell(&current, |l| match l {
        Some(l) => format!(
            "{} a month · {}",
            limit_text(Some(l)),
            if l.enforcement.is_enforcing() {
                "enforcing: spending is stopped"
            } else {
                "not reached"
            }
        ),
        None => "No limit: spending never stops".into(),
    });
    let has_limit = matches!(current, Some(Ok(Some(_))));
    let editing = RwSignal::new(false);
    let removing = RwSignal::new(false);
    let text = RwSignal::new(match &current {
        Some(Ok(Some(l))) => format!(
            "{}.{:02}",
            l.threshold_amount / 100,
            l.threshold_amount % 100
        ),
        _ => String::new(),
    });
    let error = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let save = Write::new();
    let remove = Write::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if save.pending_untracked() {
            return;
        }
        let cents = match parse_dollars(&text.get_untracked()) {
            Ok(c) => c,
            Err(e) => return error.set(Some(e.to_string())),
        };
        error.set(None);
        refused.set(None);
        let api = session.client();
        let target = scope.get_value();
        let project = target.project().map(str::to_owned);
        save.run(
            async move {
                let body = UpdateSpendLimit::monthly_usd(cents);
                match target.project() {
                    Some(p) => api?.set_project_spend_limit(p, &body).await,
                    None => api?.set_org_spend_limit(&body).await,
                }
            },
            move |answer| match answer {
                Ok(saved) => {
                    app.toast(
                        ToastKind::Success,
                        format!("Spend limit set to {}.", limit_text(Some(&saved))),
                    );
                    written(session, project.as_deref(), |r| {
                        r.limit = Some(Ok(Some(saved)))
                    });
                }
                Err(e) => {
                    refused.try_set(Some(e));
                }
            },
        );
    };
    let confirm_remove = move |_| {
        if remove.pending_untracked() {
            return;
        }
        let api = session.client();
        let target = scope.get_value();
        let project = target.project().map(str::to_owned);
        remove.run(
            async move {
                match target.project() {
                    Some(p) => api?.delete_project_spend_limit(p).await,
                    None => api?.delete_org_spend_limit().await,
                }
            },
            move |answer| match answer {
                Ok(_) => {
                    app.toast(ToastKind::Success, "Spend limit removed.");
                    written(session, project.as_deref(), |r| r.limit = Some(Ok(None)));
                }
                Err(e) => {
                    refused.try_set(Some(e));
                    removing.try_set(false);
                }
            },
        );
    };
    let readable = matches!(current, Some(Ok(_)));
    view! {
        <section
            on:focusout=keep_in_region
            class="card rail-card"
            data-testid="rail-limit"
            aria-labelledby="rail-limit-title"
        >
            <div class="card-head">
                <h2 id="rail-limit-title">"Spend limit"</h2>
                {readable
                    .then(|| {
                        view! {
                            <button
                                class="btn btn-small"
                                data-testid="rail-limit-edit"
                                aria-expanded=move || editing.get().to_string()
                                on:click=move |_| editing.update(|v| *v = !*v)
                            >
                                {if has_limit { "Change" } else { "Set a limit" }}
                            </button>
                        }
                    })}
            </div>
            <p data-testid="rail-limit-value">{shown}</p>
            <p class="muted small">
                "Requests are refused once the month's spend reaches it (UTC months)."
            </p>
            <Show when=move || editing.get()>
                <form class="rail-form" data-testid="rail-limit-form" on:submit=submit>
                    <label class="field-inline">
                        <span>"Monthly limit, US dollars"</span>
                        <input
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            data-autofocus
                            data-testid="rail-limit-input"
                            prop:value=move || text.get()
                            on:input=move |e| text.set(event_target_value(&e))
                        />
                    </label>
                    <FieldError message=error />
                    <div class="actions">
                        {has_limit
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="btn btn-danger-outline"
                                        data-testid="rail-limit-remove"
                                        on:click=move |_| removing.set(true)
                                    >
                                        "Remove limit"
                                    </button>
                                }
                            })}
                        <button type="button" class="btn" on:click=move |_| editing.set(false)>
                            "Cancel"
                        </button>
                        <button
                            type="submit"
                            class="btn btn-primary"
                            data-testid="rail-limit-save"
                            disabled=move || save.pending()
                        >
                            {move || if save.pending() { "Saving…" } else { "Save limit" }}
                        </button>
                    </div>
                </form>
            </Show>
            <Show when=move || removing.get()>
                <div
                    class="confirm"
                    role="alertdialog"
                    aria-label="Remove the spend limit?"
                    data-testid="rail-limit-confirm"
                >
                    <p>"Remove the limit? Spending will no longer stop, whatever it reaches."</p>
                    <div class="actions">
                        <button class="btn" on:click=move |_| removing.set(false)>
                            "Keep it"
                        </button>
                        <button
                            class="btn btn-danger"
                            data-testid="rail-limit-remove-confirm"
                            disabled=move || remove.pending()
                            on:click=confirm_remove
                        >
                            {move || if remove.pending() { "Removing…" } else { "Remove limit" }}
                        </button>
                    </div>
                </div>
            </Show>
            <Refused error=refused />
        </section>
    }
}

//! Spend alerts: listed with their recipients; added, changed and deleted in place. Amounts in
//! dollars and recipients are checked before anything is sent.

use super::refused::Refused;
use super::scope::RailScope;
use crate::components::common::{FieldError, Write};
use crate::components::focus::keep_in_region;
use crate::logic::guard_rails::Slot;
use crate::logic::guard_rails::input::recipients;
use crate::logic::money::parse_dollars;
use crate::logic::usage::money;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::guard_rails::written;
use admin_api::types::{NotificationChannel, SpendAlert, SpendAlertBody};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn AlertsCard(
    /// Whose alerts.
    scope: RailScope,
    /// The alerts as read.
    current: Slot<Vec<SpendAlert>>,
) -> impl IntoView {
    let scope = StoredValue::new(scope);
    // Which form is open: a new alert (`Some(None)`) or an existing one.
    let editing = RwSignal::new(None::<Option<SpendAlert>>);
    let body = match current {
        None => view! { <p class="muted">"…"</p> }.into_any(),
        Some(Err(note)) => view! { <p class="muted">{note}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p data-testid="rail-alerts-empty">
                "No alerts: nobody is told before the limit is reached."
            </p>
        }
        .into_any(),
        Some(Ok(list)) => view! {
            <ul class="rail-list" data-testid="rail-alerts">
                {list
                    .into_iter()
                    .map(|a| view! { <AlertRow scope=scope.get_value() alert=a editing=editing /> })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section
            on:focusout=keep_in_region
            class="card rail-card"
            data-testid="rail-alerts-card"
            aria-labelledby="rail-alerts-title"
        >
            <div class="card-head">
                <h2 id="rail-alerts-title">"Spend alerts"</h2>
                <button
                    class="btn btn-small"
                    data-testid="rail-alert-add"
                    on:click=move |_| editing.set(Some(None))
                >
                    "Add alert"
                </button>
            </div>
            {body}
            {move || {
                editing
                    .get()
                    .map(|alert| {
                        view! {
                            <AlertForm
                                scope=scope.get_value()
                                alert=alert
                                on_done=Callback::new(move |_| {
                                    editing.try_set(None);
                                })
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn AlertRow(
    scope: RailScope,
    alert: SpendAlert,
    editing: RwSignal<Option<Option<SpendAlert>>>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let scope = StoredValue::new(scope);
    let confirming = RwSignal::new(false);
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let delete = Write::new();
    let id = StoredValue::new(alert.id.clone());
    let for_edit = StoredValue::new(alert.clone());
    let on_delete = move |_| {
        if !confirming.get_untracked() {
            return confirming.set(true);
        }
        if delete.pending_untracked() {
            return;
        }
        let api = session.client();
        let (target, id) = (scope.get_value(), id.get_value());
        let project = target.project().map(str::to_owned);
        delete.run(
            async move { api?.delete_spend_alert(target.owner(), &id).await },
            move |answer| match answer {
                Ok(gone) => {
                    app.toast(ToastKind::Success, "Alert deleted.");
                    written(session, project.as_deref(), |r| {
                        if let Some(Ok(list)) = &mut r.alerts {
                            list.retain(|a| a.id != gone.id);
                        }
                    });
                }
                Err(e) => {
                    refused.try_set(Some(e));
                    confirming.try_set(false);
                }
            },
        );
    };
    let who = alert.notification_channel.recipients.join(", ");
    let prefix = alert.notification_channel.subject_prefix.clone();
    view! {
        <li data-testid="rail-alert" data-alert-id=alert.id.clone()>
            <strong>{money(alert.threshold_amount, "usd")}</strong>
            " a month → "
            <span class="wrap">{who}</span>
            {prefix
                .map(|p| {
                    view! { <span class="muted small">" · subject starts “" {p} "”"</span> }
                })}
            <span class="row-actions">
                <button
                    class="btn btn-small"
                    aria-label=format!("Edit the {} alert", money(alert.threshold_amount, "usd"))
                    on:click=move |_| editing.set(Some(Some(for_edit.get_value())))
                >
                    "Edit"
                </button>
                <button
                    class="btn btn-small btn-danger-outline"
                    data-testid="rail-alert-delete"
                    disabled=move || delete.pending()
                    on:click=on_delete
                >
                    {move || if confirming.get() { "Confirm delete" } else { "Delete" }}
                </button>
            </span>
            <Refused error=refused />
        </li>
    }
}

#[component]
fn AlertForm(
    scope: RailScope,
    /// The alert to change, or none for a new one.
    alert: Option<SpendAlert>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let scope = StoredValue::new(scope);
    let id = StoredValue::new(alert.as_ref().map(|a| a.id.clone()));
    let amount = RwSignal::new(
        alert
            .as_ref()
            .map(|a| {
                format!(
                    "{}.{:02}",
                    a.threshold_amount / 100,
                    a.threshold_amount % 100
                )
            })
            .unwrap_or_default(),
    );
    let to = RwSignal::new(
        alert
            .as_ref()
            .map(|a| a.notification_channel.recipients.join(", "))
            .unwrap_or_default(),
    );
    let prefix = RwSignal::new(
        alert
            .as_ref()
            .and_then(|a| a.notification_channel.subject_prefix.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let save = Write::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if save.pending_untracked() {
            return;
        }
        let checked = parse_dollars(&amount.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|c| {
                recipients(&to.get_untracked())
                    .map(|r| (c, r))
                    .map_err(|e| e.to_string())
            });
        let (cents, list) = match checked {
            Ok(v) => v,
            Err(why) => return error.set(Some(why)),
        };
        error.set(None);
        refused.set(None);
        let subject = Some(prefix.get_untracked().trim().to_owned()).filter(|p| !p.is_empty());
        let body = SpendAlertBody::monthly_usd(cents, NotificationChannel::email(list, subject));
        let api = session.client();
        let (target, id) = (scope.get_value(), id.get_value());
        let project = target.project().map(str::to_owned);
        save.run(
            async move {
                match &id {
                    Some(id) => api?.update_spend_alert(target.owner(), id, &body).await,
                    None => api?.create_spend_alert(target.owner(), &body).await,
                }
            },
            move |answer| match answer {
                Ok(saved) => {
                    app.toast(
                        ToastKind::Success,
                        format!("Alert at {} saved.", money(saved.threshold_amount, "usd")),
                    );
                    written(session, project.as_deref(), |r| {
                        if let Some(Ok(list)) = &mut r.alerts {
                            match list.iter_mut().find(|a| a.id == saved.id) {
                                Some(a) => *a = saved,
                                None => list.push(saved),
                            }
                        }
                    });
                    on_done.try_run(());
                }
                Err(e) => {
                    refused.try_set(Some(e));
                }
            },
        );
    };
    view! {
        <form class="rail-form" data-testid="rail-alert-form" on:submit=submit>
            <label class="field-inline">
                <span>"Alert when the month's spend passes, US dollars"</span>
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-autofocus
                    data-testid="rail-alert-amount"
                    prop:value=move || amount.get()
                    on:input=move |e| amount.set(event_target_value(&e))
                />
            </label>
            <label class="field-inline">
                <span>"Email to (commas between addresses)"</span>
                <input
                    type="text"
                    autocomplete="off"
                    data-testid="rail-alert-recipients"
                    prop:value=move || to.get()
                    on:input=move |e| to.set(event_target_value(&e))
                />
            </label>
            <label class="field-inline">
                <span>"Subject starts with (optional)"</span>
                <input
                    type="text"
                    maxlength="100"
                    autocomplete="off"
                    prop:value=move || prefix.get()
                    on:input=move |e| prefix.set(event_target_value(&e))
                />
            </label>
            <FieldError message=error />
            <Refused error=refused />
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_done.run(())>
                    "Cancel"
                </button>
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="rail-alert-save"
                    disabled=move || save.pending()
                >
                    {move || if save.pending() { "Saving…" } else { "Save alert" }}
                </button>
            </div>
        </form>
    }
}

//! What is kept: data retention (organization and project), and a project's service tiers.

use super::refused::Refused;
use super::scope::RailScope;
use crate::components::common::Write;
use crate::components::focus::keep_in_region;
use crate::logic::guard_rails::{Slot, cell};
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::guard_rails::written;
use admin_api::types::{
    DEFAULT_TIERS, DataRetention, EnabledTiers, OPTIONAL_TIERS, ORG_RETENTION_TYPES,
    RETENTION_TYPES, ServiceTierSettings, UpdateDataRetention, UpdateServiceTiers, retention_label,
};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn RetentionCard(
    /// Whose retention.
    scope: RailScope,
    /// The setting as read.
    current: Slot<DataRetention>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let choices: Vec<(&'static str, &'static str)> = match scope {
        RailScope::Org => RETENTION_TYPES
            .iter()
            .copied()
            .filter(|(w, _)| ORG_RETENTION_TYPES.contains(w))
            .collect(),
        RailScope::Project(_) => RETENTION_TYPES.to_vec(),
    };
    let scope = StoredValue::new(scope);
    let shown = cell(&current, |r| retention_label(&r.retention_type).to_owned());
    let chosen = RwSignal::new(match &current {
        Some(Ok(r)) => r.retention_type.clone(),
        _ => String::new(),
    });
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let save = Write::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if save.pending_untracked() || chosen.get_untracked().is_empty() {
            return;
        }
        refused.set(None);
        let body = UpdateDataRetention {
            retention_type: chosen.get_untracked(),
        };
        let api = session.client();
        let target = scope.get_value();
        let project = target.project().map(str::to_owned);
        save.run(
            async move {
                match target.project() {
                    Some(p) => api?.set_project_data_retention(p, &body).await,
                    None => api?.set_org_data_retention(&body).await,
                }
            },
            move |answer| match answer {
                Ok(saved) => {
                    app.toast(
                        ToastKind::Success,
                        format!("Retention: {}.", retention_label(&saved.retention_type)),
                    );
                    written(session, project.as_deref(), |r| {
                        r.retention = Some(Ok(saved))
                    });
                }
                Err(e) => {
                    refused.try_set(Some(e));
                }
            },
        );
    };
    let readable = matches!(current, Some(Ok(_)));
    view! {
        <section
            on:focusout=keep_in_region
            class="card rail-card"
            data-testid="rail-retention"
            aria-labelledby="rail-retention-title"
        >
            <h2 id="rail-retention-title">"Data retention"</h2>
            <p data-testid="rail-retention-value">{shown}</p>
            {readable
                .then(|| {
                    view! {
                        <form class="rail-form inline-form" on:submit=submit>
                            <label class="field-inline">
                                <span class="sr-only">"Retention"</span>
                                <select
                                    data-testid="rail-retention-select"
                                    on:change=move |e| chosen.set(event_target_value(&e))
                                >
                                    {choices
                                        .iter()
                                        .map(|(wire, label)| {
                                            let wire = *wire;
                                            view! {
                                                <option value=wire selected=move || chosen.get() == wire>
                                                    {*label}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <button
                                type="submit"
                                class="btn btn-small"
                                data-testid="rail-retention-save"
                                disabled=move || save.pending()
                            >
                                "Save"
                            </button>
                        </form>
                    }
                })}
            <Refused error=refused />
        </section>
    }
}

#[component]
pub(super) fn TiersCard(
    /// The project.
    scope: RailScope,
    /// The settings as read.
    current: Slot<ServiceTierSettings>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let pid = StoredValue::new(scope.project().unwrap_or_default().to_owned());
    let shown = cell(&current, |t| {
        format!(
            "Default {} · optional tiers: {}",
            t.default,
            t.enabled_tiers.describe()
        )
    });
    let (default0, all0, some0) = match &current {
        Some(Ok(t)) => match &t.enabled_tiers {
            EnabledTiers::All(_) => (t.default.clone(), true, Vec::new()),
            EnabledTiers::Only(list) => (t.default.clone(), false, list.clone()),
        },
        _ => ("standard".to_owned(), true, Vec::new()),
    };
    let default = RwSignal::new(default0);
    let all = RwSignal::new(all0);
    let some = RwSignal::new(some0);
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let save = Write::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if save.pending_untracked() {
            return;
        }
        refused.set(None);
        let body = UpdateServiceTiers {
            default: Some(default.get_untracked()),
            enabled_tiers: Some(if all.get_untracked() {
                EnabledTiers::default()
            } else {
                EnabledTiers::Only(some.get_untracked())
            }),
        };
        let api = session.client();
        let id = pid.get_value();
        save.run(
            async move { api?.set_service_tiers(&id, &body).await },
            move |answer| match answer {
                Ok(saved) => {
                    app.toast(ToastKind::Success, "Service tiers saved.");
                    written(session, Some(&pid.get_value()), |r| {
                        r.tiers = Some(Ok(saved))
                    });
                }
                Err(e) => {
                    refused.try_set(Some(e));
                }
            },
        );
    };
    let readable = matches!(current, Some(Ok(_)));
    view! {
        <section
            on:focusout=keep_in_region
            class="card rail-card"
            data-testid="rail-tiers"
            aria-labelledby="rail-tiers-title"
        >
            <h2 id="rail-tiers-title">"Service tiers"</h2>
            <p data-testid="rail-tiers-value">{shown}</p>
            {readable
                .then(|| {
                    view! {
                        <form class="rail-form" on:submit=submit>
                            <label class="field-inline">
                                <span>"Default tier"</span>
                                <select on:change=move |e| {
                                    default.set(event_target_value(&e))
                                }>
                                    {DEFAULT_TIERS
                                        .map(|d| {
                                            view! {
                                                <option value=d selected=move || default.get() == d>
                                                    {d}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <fieldset>
                                <legend>"Optional tiers requests may ask for"</legend>
                                <label class="inline">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || all.get()
                                        on:change=move |e| all.set(event_target_checked(&e))
                                    />
                                    " All, future ones too"
                                </label>
                                {OPTIONAL_TIERS
                                    .map(|t| {
                                        view! {
                                            <label class="inline">
                                                <input
                                                    type="checkbox"
                                                    disabled=move || all.get()
                                                    prop:checked=move || {
                                                        all.get() || some.with(|s| s.iter().any(|x| x == t))
                                                    }
                                                    on:change=move |e| {
                                                        let on = event_target_checked(&e);
                                                        some.update(|s| {
                                                            s.retain(|x| x != t);
                                                            if on {
                                                                s.push(t.to_owned());
                                                            }
                                                        });
                                                    }
                                                />
                                                " "
                                                {t}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <button
                                type="submit"
                                class="btn btn-small"
                                disabled=move || save.pending()
                            >
                                "Save tiers"
                            </button>
                        </form>
                    }
                })}
            <Refused error=refused />
        </section>
    }
}

//! What a project's keys may call: its model policy and its hosted tools.

use super::refused::Refused;
use super::scope::RailScope;
use crate::components::common::{FieldError, Write, api_resource};
use crate::components::focus::keep_in_region;
use crate::logic::guard_rails::input::models;
use crate::logic::guard_rails::{Slot, cell, model_policy_text};
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::guard_rails::written;
use admin_api::types::{
    HostedTool, HostedToolPermissions, ModelPermissions, UpdateHostedTools, UpdateModelPermissions,
};
use leptos::ev;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub(super) fn ModelsCard(
    /// The project.
    scope: RailScope,
    /// The policy as read (`None` inside: every model).
    current: Slot<Option<ModelPermissions>>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let pid = StoredValue::new(scope.project().unwrap_or_default().to_owned());
    // The models the organization's rate limits list: a typed ID outside them gets a warning.
    let known = api_resource(Topic::RateLimits(pid.get_value()), move |api| {
        let id = pid.get_value();
        async move { api.all_rate_limits(&id).await }
    });
    let shown = cell(&current, |p| {
        let text = model_policy_text(p.as_ref());
        match p {
            Some(p) if !p.model_ids.is_empty() => format!("{text}: {}", p.model_ids.join(", ")),
            _ => format!("{text}: no policy"),
        }
    });
    let (mode0, ids0) = match &current {
        Some(Ok(Some(p))) => (p.mode.clone(), p.model_ids.join(", ")),
        _ => ("allow_list".to_owned(), String::new()),
    };
    let has_policy = matches!(current, Some(Ok(Some(_))));
    let editing = RwSignal::new(false);
    let mode = RwSignal::new(mode0);
    let ids = RwSignal::new(ids0);
    let error = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let save = Write::new();
    let clear = Write::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if save.pending_untracked() {
            return;
        }
        let allow = mode.get_untracked() == "allow_list";
        let names: BTreeSet<String> = known
            .get_untracked()
            .and_then(Result::ok)
            .map(|l| l.into_iter().map(|r| r.model).collect())
            .unwrap_or_default();
        let checked = match models(&ids.get_untracked(), allow, &names) {
            Ok(m) => m,
            Err(e) => return error.set(Some(e.to_string())),
        };
        error.set(None);
        refused.set(None);
        // Said with the answer (a toast): the card is read again once the policy is saved.
        let unknown = (!checked.unknown.is_empty()).then(|| {
            format!(
                "Not in this project's rate limits (a typo, or a model the organization can't call): {}. Saved anyway.",
                checked.unknown.join(", ")
            )
        });
        let body = UpdateModelPermissions {
            mode: mode.get_untracked(),
            model_ids: checked.ids,
        };
        let api = session.client();
        let id = pid.get_value();
        save.run(
            async move { api?.set_model_permissions(&id, &body).await },
            move |answer| match answer {
                Ok(saved) => {
                    app.toast(
                        ToastKind::Success,
                        format!("Model policy saved: {}.", model_policy_text(Some(&saved))),
                    );
                    if let Some(w) = unknown {
                        app.toast(ToastKind::Warning, w);
                    }
                    written(session, Some(&pid.get_value()), |r| {
                        r.models = Some(Ok(Some(saved)))
                    });
                }
                Err(e) => {
                    refused.try_set(Some(e));
                }
            },
        );
    };
    let remove = move |_| {
        if clear.pending_untracked() {
            return;
        }
        let api = session.client();
        let id = pid.get_value();
        clear.run(
            async move { api?.delete_model_permissions(&id).await },
            move |answer| match answer {
                Ok(_) => {
                    app.toast(
                        ToastKind::Success,
                        "Model policy removed: every model may be called.",
                    );
                    written(session, Some(&pid.get_value()), |r| {
                        r.models = Some(Ok(None))
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
            data-testid="rail-models"
            aria-labelledby="rail-models-title"
        >
            <div class="card-head">
                <h2 id="rail-models-title">"Models"</h2>
                {readable
                    .then(|| {
                        view! {
                            <button
                                class="btn btn-small"
                                data-testid="rail-models-edit"
                                aria-expanded=move || editing.get().to_string()
                                on:click=move |_| editing.update(|v| *v = !*v)
                            >
                                "Change"
                            </button>
                        }
                    })}
            </div>
            <p class="wrap" data-testid="rail-models-value">
                {shown}
            </p>
            <Show when=move || editing.get()>
                <form class="rail-form" data-testid="rail-models-form" on:submit=submit>
                    <fieldset>
                        <legend>"Policy"</legend>
                        <label class="inline">
                            <input
                                type="radio"
                                name="model-mode"
                                value="allow_list"
                                prop:checked=move || mode.get() == "allow_list"
                                on:change=move |_| mode.set("allow_list".into())
                            />
                            " Allow only these models"
                        </label>
                        <label class="inline">
                            <input
                                type="radio"
                                name="model-mode"
                                value="deny_list"
                                prop:checked=move || mode.get() == "deny_list"
                                on:change=move |_| mode.set("deny_list".into())
                            />
                            " Every model but these"
                        </label>
                    </fieldset>
                    <label class="field-inline">
                        <span>"Model IDs (commas or spaces between them)"</span>
                        <textarea
                            rows="2"
                            data-testid="rail-models-input"
                            prop:value=move || ids.get()
                            on:input=move |e| ids.set(event_target_value(&e))
                        ></textarea>
                    </label>
                    <FieldError message=error />
                    <div class="actions">
                        {has_policy
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="btn btn-danger-outline"
                                        data-testid="rail-models-remove"
                                        on:click=remove
                                    >
                                        "Remove policy"
                                    </button>
                                }
                            })}
                        <button type="button" class="btn" on:click=move |_| editing.set(false)>
                            "Cancel"
                        </button>
                        <button
                            type="submit"
                            class="btn btn-primary"
                            data-testid="rail-models-save"
                            disabled=move || save.pending()
                        >
                            {move || if save.pending() { "Saving…" } else { "Save policy" }}
                        </button>
                    </div>
                </form>
            </Show>
            <Refused error=refused />
        </section>
    }
}

#[component]
pub(super) fn ToolsCard(
    /// The project.
    scope: RailScope,
    /// The switches as read.
    current: Slot<HostedToolPermissions>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let pid = StoredValue::new(scope.project().unwrap_or_default().to_owned());
    let refused = RwSignal::new(None::<admin_api::ApiError>);
    let save = Write::new();
    let body = match current {
        None => view! { <p class="muted">"…"</p> }.into_any(),
        Some(Err(note)) => view! { <p class="muted">{note}</p> }.into_any(),
        Some(Ok(tools)) => {
            let switch = move |tool: HostedTool, on: bool| {
                if save.pending_untracked() {
                    return;
                }
                refused.set(None);
                let api = session.client();
                let id = pid.get_value();
                save.run(
                    async move {
                        api?.set_hosted_tools(&id, &UpdateHostedTools::one(tool, on))
                            .await
                    },
                    move |answer| match answer {
                        Ok(saved) => {
                            let word = if saved.enabled(tool) { "on" } else { "off" };
                            app.toast(ToastKind::Success, format!("{} is {word}.", tool.label()));
                            written(session, Some(&pid.get_value()), |r| {
                                r.tools = Some(Ok(saved))
                            });
                        }
                        Err(e) => {
                            refused.try_set(Some(e));
                        }
                    },
                );
            };
            view! {
                <fieldset class="rail-tools" data-testid="rail-tools">
                    <legend class="sr-only">"Hosted tools this project's keys may use"</legend>
                    {HostedTool::ALL
                        .into_iter()
                        .map(|tool| {
                            let on = tools.enabled(tool);
                            view! {
                                <label class="inline" data-tool=tool.wire()>
                                    <input
                                        type="checkbox"
                                        prop:checked=on
                                        disabled=move || save.pending()
                                        on:change=move |e| switch(tool, event_target_checked(&e))
                                    />
                                    " "
                                    {tool.label()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            }
            .into_any()
        }
    };
    view! {
        <section
            on:focusout=keep_in_region
            class="card rail-card"
            data-testid="rail-tools-card"
            aria-labelledby="rail-tools-title"
        >
            <h2 id="rail-tools-title">"Hosted tools"</h2>
            <p class="muted small">"Each switch is saved as you change it."</p>
            {body}
            <Refused error=refused />
        </section>
    }
}

//! A project's rate limits per model: read them, and change one model's at a time. Input is
//! checked before it is sent; the API's refusals (above the organization's limit, a field that
//! does not apply) are shown as it gave them.

use crate::components::common::{FieldError, Write, api_resource, loaded};
use crate::components::focus::{ReturnTo, focus_into};
use crate::logic::rate_limits::{LimitField, build_update};
use crate::logic::usage::grouped;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use admin_api::ApiError;
use admin_api::types::{RateLimit, UpdateRateLimit};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn RateLimitsTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let pid = StoredValue::new(project_id);
    let limits = api_resource(Topic::RateLimits(pid.get_value()), move |api| {
        let id = pid.get_value();
        async move { api.all_rate_limits(&id).await }
    });
    let editing = RwSignal::new(None::<RateLimit>);
    view! {
        <p class="muted small">
            "Limits apply to every key of this project, per model. A project can't go above the organization's own \
                limits."
        </p>
        {loaded(
            limits,
            "Loading rate limits…".to_string(),
            move |list| {
                if list.is_empty() {
                    return view! {
                        <div class="empty">"The API lists no rate limits for this project."</div>
                    }
                        .into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="rate-limits-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Model"</th>
                                    {LimitField::ALL
                                        .iter()
                                        .map(|f| {
                                            view! {
                                                <th scope="col" class="num">
                                                    {f.label()}
                                                </th>
                                            }
                                        })
                                        .collect_view()}
                                    <th scope="col">
                                        <span class="sr-only">"Actions"</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|r| {
                                        let for_edit = r.clone();
                                        view! {
                                            <tr data-testid="rate-limit-row" data-model=r.model.clone()>
                                                <td class="mono wrap">{r.model.clone()}</td>
                                                {LimitField::ALL
                                                    .iter()
                                                    .map(|f| {
                                                        view! {
                                                            <td class="num">
                                                                {f
                                                                    .get(&r)
                                                                    .map_or_else(
                                                                        || "—".to_owned(),
                                                                        |n| grouped(n.max(0) as u64),
                                                                    )}
                                                            </td>
                                                        }
                                                    })
                                                    .collect_view()}
                                                <td class="actions-cell">
                                                    <button
                                                        class="btn btn-small"
                                                        data-testid="rate-limit-edit"
                                                        aria-label=format!("Edit the limits of {}", r.model)
                                                        on:click=move |_| editing.set(Some(for_edit.clone()))
                                                    >
                                                        "Edit"
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            },
        )}
        {move || {
            editing
                .get()
                .map(|r| {
                    view! {
                        <LimitEditor
                            project_id=pid.get_value()
                            limit=r
                            on_done=Callback::new(move |_saved: bool| {
                                editing.try_set(None);
                            })
                        />
                    }
                })
        }}
    }
}

#[component]
fn LimitEditor(
    /// The project's ID.
    project_id: String,
    /// The model's limits as the API gave them.
    limit: RateLimit,
    /// Called when done; `true` when something was saved.
    #[prop(into)]
    on_done: Callback<bool>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let fields: Vec<(LimitField, RwSignal<String>)> = LimitField::ALL
        .iter()
        .filter_map(|f| f.get(&limit).map(|v| (*f, RwSignal::new(v.to_string()))))
        .collect();
    let fields = StoredValue::new(fields);
    let current = StoredValue::new(limit.clone());
    let error = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<ApiError>);
    let ids = StoredValue::new((project_id, limit.id.clone()));
    let save = Write::new();
    let send = move |body: UpdateRateLimit| {
        let api = session.client();
        let (p, r) = ids.get_value();
        let project = p.clone();
        save.run(
            async move { api?.update_rate_limit(&p, &r, &body).await },
            move |answer| match answer {
                Ok(saved) => {
                    app.toast(
                        ToastKind::Success,
                        format!("Saved the limits of {}.", saved.model),
                    );
                    session.invalidate([Topic::RateLimits(project)]);
                    on_done.try_run(true);
                }
                Err(e) => {
                    if let Some(Some(e)) = refused.try_set(Some(e)) {
                        app.toast(
                            ToastKind::Error,
                            format!("The limits were not saved: {}", e.summary()),
                        );
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
        let inputs: Vec<(LimitField, String)> = fields.with_value(|f| {
            f.iter()
                .map(|(field, text)| (*field, text.get_untracked()))
                .collect()
        });
        refused.set(None);
        match build_update(&current.get_value(), &inputs) {
            Ok(body) => {
                error.set(None);
                send(body);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    // The form opens below the table: it takes focus (which scrolls it into view, at popup size
    // too), and gives it back to the row's Edit when it closes.
    let form: NodeRef<leptos::html::Form> = NodeRef::new();
    let back = StoredValue::new_local(std::rc::Rc::new(ReturnTo::capture()));
    Effect::new(move |_| {
        if let Some(f) = form.get() {
            focus_into(&f);
        }
    });
    on_cleanup(move || {
        if let Some(back) = back.try_get_value() {
            request_animation_frame(move || back.restore());
        }
    });
    let on_key = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" && !save.pending_untracked() {
            on_done.run(false);
        }
    };
    view! {
        <form
            class="card"
            data-testid="rate-limit-form"
            node_ref=form
            on:submit=submit
            on:keydown=on_key
        >
            <h2>"Limits of " <span class="mono">{limit.model.clone()}</span></h2>
            <div class="limit-fields">
                {fields
                    .get_value()
                    .into_iter()
                    .map(|(field, text)| {
                        let (id, for_id) = (format!("limit-{field:?}"), format!("limit-{field:?}"));
                        view! {
                            <label class="field-inline" for=for_id>
                                <span>{field.label()}</span>
                                <input
                                    id=id
                                    type="text"
                                    inputmode="numeric"
                                    autocomplete="off"
                                    data-testid=format!("limit-{field:?}")
                                    prop:value=move || text.get()
                                    on:input=move |e| text.set(event_target_value(&e))
                                />
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldError message=error />
            {move || {
                refused
                    .get()
                    .map(|e| {
                        let above = e.message.to_ascii_lowercase().contains("organization");
                        view! {
                            <div class="error-panel" role="alert" data-testid="rate-limit-refused">
                                <strong>"The API refused the change; nothing was saved."</strong>
                                <p class="error-message">{e.message.clone()}</p>
                                <p class="muted">
                                    {if above {
                                        "A project's limit can't exceed the organization's own limit for the model. \
                                            Lower the value, or have OpenAI raise the organization's limit first."
                                    } else {
                                        e.advice()
                                    }}
                                </p>
                            </div>
                        }
                    })
            }}
            <div class="actions">
                <button
                    type="button"
                    class="btn"
                    disabled=move || save.pending()
                    on:click=move |_| on_done.run(false)
                >
                    "Cancel"
                </button>
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="rate-limit-save"
                    disabled=move || save.pending()
                >
                    {move || if save.pending() { "Saving…" } else { "Save limits" }}
                </button>
            </div>
        </form>
    }
}

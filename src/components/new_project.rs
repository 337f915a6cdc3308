//! Creating a project: a name, and a data-residency region where the organization has them.

use crate::components::common::FieldError;
use crate::components::common::Write;
use crate::components::modal::Modal;
use crate::logic::route::{ProjectTab, Route};
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use admin_api::ApiError;
use admin_api::types::{CreateProject, Project};
use leptos::ev;
use leptos::prelude::*;

/// The regions the API names (SDK 3.54), with what people call them.
const RESIDENCIES: &[(&str, &str)] = &[
    (
        "US_STORAGE_PROCESSING",
        "United States (storage and processing)",
    ),
    ("EU_STORAGE_PROCESSING", "Europe (storage and processing)"),
    ("GB_STORAGE", "United Kingdom (storage)"),
    ("JP_STORAGE", "Japan (storage)"),
    ("JP_STORAGE_PROCESSING", "Japan (storage and processing)"),
    ("KR_STORAGE", "South Korea (storage)"),
    ("CA_STORAGE", "Canada (storage)"),
    ("SG_STORAGE", "Singapore (storage)"),
    ("IN_STORAGE", "India (storage)"),
    ("IN_STORAGE_PROCESSING", "India (storage and processing)"),
    ("AU_STORAGE", "Australia (storage)"),
    (
        "AU_STORAGE_PROCESSING",
        "Australia (storage and processing)",
    ),
    ("AE_STORAGE", "United Arab Emirates (storage)"),
    (
        "AE_STORAGE_PROCESSING",
        "United Arab Emirates (storage and processing)",
    ),
    ("GLOBAL", "Global"),
];

#[component]
pub fn NewProjectDialog(
    /// Called when the dialog closes.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let residency = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let create = Write::<Project>::new();
    // The new project joins the inventory even if the dialog is gone by the answer.
    let created = move |answer: Result<Project, ApiError>| match answer {
        Ok(p) => {
            app.toast(
                ToastKind::Success,
                format!("Created project “{}”.", p.display_name()),
            );
            session.inventory.update(|i| i.put_project(p.clone()));
            session.invalidate([Topic::Projects]);
            // Opened only from the dialog still on screen: no jump for a user who moved on.
            if on_close.try_run(()).is_some() {
                app.navigate(Route::Project {
                    id: p.id,
                    tab: ProjectTab::Keys,
                });
            }
        }
        Err(e) => {
            if let Some(Some(why)) = error.try_set(Some(e.summary())) {
                app.toast(
                    ToastKind::Error,
                    format!("The project was not created: {why}"),
                );
            }
        }
    };
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            error.set(Some("A project needs a name.".into()));
            return;
        }
        error.set(None);
        let r = residency.get_untracked();
        let body = CreateProject {
            name: n,
            residency: (!r.is_empty()).then_some(r),
        };
        let api = session.client();
        create.run(async move { api?.create_project(&body).await }, created);
    };
    view! {
        <Modal
            labelledby="new-project-title"
            testid="new-project-dialog"
            busy=create.pending()
            on_close=Callback::new(move |_| { on_close.run(()) })
        >
            <h2 id="new-project-title">"New project"</h2>
            <form on:submit=submit>
                <label class="stack">
                    <span>"Name"</span>
                    <input
                        type="text"
                        data-testid="new-project-name"
                        autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </label>
                <label class="stack">
                    <span>"Data residency"</span>
                    <select
                        data-testid="new-project-residency"
                        on:change=move |e| residency.set(event_target_value(&e))
                    >
                        <option value="" selected=move || residency.get().is_empty()>
                            "The organization's default"
                        </option>
                        {RESIDENCIES
                            .iter()
                            .map(|(v, l)| {
                                view! {
                                    <option value=*v selected=move || residency.get() == *v>
                                        {*l}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <p class="muted small">
                    "Only organizations entitled to data residency can choose a region; the API refuses it otherwise. \
                        It can't be changed later."
                </p>
                <FieldError message=error />
                <div class="actions">
                    <button
                        type="button"
                        class="btn"
                        disabled=move || create.pending()
                        on:click=move |_| on_close.run(())
                    >
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="new-project-create"
                        disabled=move || create.pending()
                    >
                        {move || if create.pending() { "Creating…" } else { "Create project" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

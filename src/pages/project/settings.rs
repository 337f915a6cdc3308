//! A project's settings: rename it, or archive it. Archiving needs the project's name typed,
//! says what happens to its keys, and is not offered for the default project (the API
//! refuses it).

use crate::components::common::{FieldError, Write, api_resource, loaded};
use crate::components::focus::keep_in_region;
use crate::logic::time;
use crate::session::cache::Topic;
use crate::session::{Session, use_session};
use crate::state::{AppState, ToastKind, use_app};
use admin_api::ApiError;
use admin_api::types::Project;
use leptos::ev;
use leptos::prelude::*;

/// The organization's default project, which the API never lets anyone rename or archive.
pub fn is_default(project: &Project) -> bool {
    project.name.as_deref() == Some("Default project")
}

#[component]
pub(super) fn SettingsTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let pid = StoredValue::new(project_id);
    let project = api_resource(Topic::Project(pid.get_value()), move |api| {
        let id = pid.get_value();
        async move { api.retrieve_project(&id).await }
    });
    view! {
        {loaded(
            project,
            "Loading project…".to_string(),
            |p| {
                view! {
                    <RenameForm project=p.clone() />
                    <ArchiveZone project=p />
                }
                    .into_any()
            },
        )}
    }
}

#[component]
fn RenameForm(
    /// The project.
    project: Project,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let name = RwSignal::new(project.name.clone().unwrap_or_default());
    let id = StoredValue::new(project.id.clone());
    let save = Write::<Project>::new();
    let error = RwSignal::new(None::<String>);
    let locked = if is_default(&project) {
        Some("The default project can't be renamed: the API refuses it.")
    } else if project.is_archived() {
        Some("An archived project can't be renamed.")
    } else {
        None
    };
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            error.set(Some("A project needs a name.".into()));
        } else {
            error.set(None);
            let (api, id) = (session.client(), id.get_value());
            save.run(
                async move { api?.rename_project(&id, &n).await },
                move |answer| settled(app, session, answer, "Renamed to", error),
            );
        }
    };
    view! {
        <form on:focusout=keep_in_region class="card" on:submit=submit data-testid="rename-form">
            <h2>"Name"</h2>
            {locked.map(|why| view! { <p class="muted">{why}</p> })}
            <div class="toolbar">
                <label class="sr-only" for="project-rename">
                    "Project name"
                </label>
                <input
                    id="project-rename"
                    class="grow"
                    type="text"
                    data-testid="project-rename"
                    disabled=locked.is_some()
                    prop:value=move || name.get()
                    on:input=move |e| name.set(event_target_value(&e))
                />
                <button
                    class="btn btn-primary"
                    type="submit"
                    data-testid="project-rename-save"
                    disabled=move || locked.is_some() || save.pending()
                >
                    {move || if save.pending() { "Saving…" } else { "Rename" }}
                </button>
            </div>
            <FieldError message=error />
        </form>
    }
}

#[component]
fn ArchiveZone(
    /// The project.
    project: Project,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let typed = RwSignal::new(String::new());
    let word = StoredValue::new(project.display_name().trim().to_owned());
    let id = StoredValue::new(project.id.clone());
    let archive = Write::<Project>::new();
    let error = RwSignal::new(None::<String>);
    if let Some(at) = project.archived_at {
        return view! {
            <div class="card" data-testid="archived-note">
                <h2>"Archived"</h2>
                <p>
                    {format!(
                        "This project was archived on {}. Its keys no longer work.",
                        time::date(at),
                    )}
                </p>
            </div>
        }
        .into_any();
    }
    if is_default(&project) {
        return view! {
            <div class="card" data-testid="default-note">
                <h2>"Archive"</h2>
                <p>
                    "This is the organization's default project. The API does not allow archiving it."
                </p>
            </div>
        }
        .into_any();
    }
    let confirmed = move || typed.with(|t| t.trim() == word.get_value());
    view! {
        <div class="danger-zone" data-testid="archive-zone">
            <h2>"Archive this project"</h2>
            <p>
                "Archiving is for good: the API has no way to undo it. Every API key of this project stops working at \
                    once, for everything that uses it. The project, its keys and its history stay listed (as archived) \
                    for the record; no keys, users or service accounts can be added to it afterwards."
            </p>
            <form
                on:focusout=keep_in_region
                on:submit=move |e: ev::SubmitEvent| {
                    e.prevent_default();
                    if confirmed() {
                        error.set(None);
                        let (api, id) = (session.client(), id.get_value());
                        archive
                            .run(
                                async move { api?.archive_project(&id).await },
                                move |answer| { settled(app, session, answer, "Archived", error) },
                            );
                    }
                }
            >
                <label class="stack">
                    <span>
                        "Type the project's name to confirm: "
                        <code class="wrap">{word.get_value()}</code>
                    </span>
                    <input
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        data-testid="confirm-project-name"
                        prop:value=move || typed.get()
                        on:input=move |e| typed.set(event_target_value(&e))
                    />
                </label>
                <FieldError message=error />
                <button
                    class="btn btn-danger"
                    type="submit"
                    data-testid="archive-project"
                    disabled=move || !confirmed() || archive.pending()
                >
                    {move || if archive.pending() { "Archiving…" } else { "Archive project" }}
                </button>
            </form>
        </div>
    }
    .into_any()
}

/// A rename's or an archive's follow-up, wherever the user is by then: the project as the API
/// now has it goes into the inventory and its page; a refusal is said in the form, if open.
fn settled(
    app: AppState,
    session: Session,
    answer: Result<Project, ApiError>,
    done: &str,
    error: RwSignal<Option<String>>,
) {
    match answer {
        Ok(p) => {
            app.toast(
                ToastKind::Success,
                format!("{done} “{}”.", p.display_name()),
            );
            session.invalidate([Topic::Project(p.id.clone()), Topic::Projects]);
            session.inventory.update(|i| i.put_project(p));
        }
        // Said in the form while it is open; in a toast once it is gone.
        Err(e) => {
            if let Some(Some(why)) = error.try_set(Some(e.summary())) {
                app.toast(ToastKind::Error, format!("{done}: not done. {why}"));
            }
        }
    }
}

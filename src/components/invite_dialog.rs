//! Invite someone: address, organization role, and which projects they join, chosen outright
//! (the default project only, no project, or projects picked with a role each). Sent once; an
//! answer that proves nothing is checked against the invite list before anything is said.

use crate::components::common::{FieldError, Write};
use crate::components::modal::Modal;
use crate::logic::people::invites::{ProjectChoice, body, made};
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use admin_api::types::{Invite, Project};
use admin_api::{ApiError, ErrorKind};
use leptos::ev;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Which radio of the projects choice is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    DefaultOnly,
    NoProject,
    Chosen,
}

#[component]
pub fn InviteDialog(
    /// The live projects to choose from.
    projects: Vec<Project>,
    /// The invites listed when the dialog opened (to prove a lost answer).
    before: Vec<String>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("reader".to_owned());
    let which = RwSignal::new(Which::DefaultOnly);
    // Project ID → role, for the projects ticked.
    let chosen = RwSignal::new(BTreeMap::<String, String>::new());
    let error = RwSignal::new(None::<String>);
    let send = Write::<Invite>::new();
    let before = StoredValue::new(before);
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if send.pending_untracked() {
            return;
        }
        let choice = match which.get_untracked() {
            Which::DefaultOnly => ProjectChoice::DefaultOnly,
            Which::NoProject => ProjectChoice::NoProject,
            Which::Chosen => ProjectChoice::Chosen(chosen.get_untracked().into_iter().collect()),
        };
        let req = match body(&email.get_untracked(), &role.get_untracked(), &choice) {
            Ok(b) => b,
            Err(e) => return error.set(Some(e.to_string())),
        };
        error.set(None);
        let api = session.client();
        let address = req.email.clone();
        let proof_api = session.client();
        send.run(async move { api?.create_invite(&req).await }, move |answer| match answer {
            Ok(inv) => {
                app.toast(ToastKind::Success, format!("Invite sent to {}.", inv.email));
                session.invalidate([Topic::Invites]);
                on_close.run(());
            }
            Err(e) if proves_nothing(&e) => {
                // The answer was lost: read the list and say what is true.
                let before = before.get_value();
                leptos::task::spawn_local(async move {
                    let listed = match proof_api {
                        Ok(api) => api.all_invites().await,
                        Err(e) => Err(e),
                    };
                    let text = match listed {
                        Ok(list) if made(&list, &before, &address).is_some() => {
                            format!("The answer was lost, but the invite to {address} was made.")
                        }
                        Ok(_) => format!("The answer was lost and no invite to {address} was made. Try again."),
                        Err(_) => format!("The answer was lost: check the list for {address} before sending again."),
                    };
                    app.toast(ToastKind::Warning, text);
                    session.invalidate([Topic::Invites]);
                });
                on_close.run(());
            }
            Err(e) => {
                error.try_set(Some(e.summary()));
            }
        });
    };
    let radio = move |value: Which, label: &'static str, testid: &'static str| {
        view! {
            <label class="inline">
                <input
                    type="radio"
                    name="invite-projects"
                    data-testid=testid
                    prop:checked=move || which.get() == value
                    on:change=move |_| which.set(value)
                />
                " "
                {label}
            </label>
        }
    };
    let projects = StoredValue::new(projects);
    let project_rows = move || {
        projects
            .get_value()
            .into_iter()
            .map(|p| {
                let id = StoredValue::new(p.id.clone());
                let ticked = move || chosen.with(|c| id.with_value(|id| c.contains_key(id)));
                view! {
                    <li class="invite-project">
                        <label class="inline">
                            <input
                                type="checkbox"
                                data-testid="invite-project"
                                data-project-id=p.id.clone()
                                prop:checked=ticked
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    chosen
                                        .update(|c| {
                                            if on {
                                                c.insert(id.get_value(), "member".into());
                                            } else {
                                                c.remove(&id.get_value());
                                            }
                                        });
                                }
                            />
                            " "
                            {p.display_name().to_owned()}
                        </label>
                        <select
                            aria-label=format!("Role in {}", p.display_name())
                            disabled=move || !ticked()
                            on:change=move |e| {
                                let r = event_target_value(&e);
                                chosen
                                    .update(|c| {
                                        if let Some(v) = c.get_mut(&id.get_value()) {
                                            *v = r;
                                        }
                                    });
                            }
                        >
                            <option value="member">"member"</option>
                            <option value="owner">"owner"</option>
                        </select>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Modal
            labelledby="invite-title"
            testid="invite-dialog"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="invite-title">"Invite someone"</h2>
            // Our own check says why; the browser's would only show a bubble.
            <form novalidate on:submit=submit>
                <label class="stack">
                    <span>"Email"</span>
                    <input
                        type="email"
                        autocomplete="off"
                        data-testid="invite-email"
                        prop:value=move || email.get()
                        on:input=move |e| email.set(event_target_value(&e))
                    />
                </label>
                <fieldset>
                    <legend>"Organization role"</legend>
                    {["reader", "owner"]
                        .map(|r| {
                            view! {
                                <label class="inline">
                                    <input
                                        type="radio"
                                        name="invite-role"
                                        data-testid=format!("invite-role-{r}")
                                        prop:checked=move || role.get() == r
                                        on:change=move |_| role.set(r.to_owned())
                                    />
                                    " "
                                    {r}
                                </label>
                            }
                        })
                        .collect_view()}
                    <p class="muted small">
                        "An owner can do everything, including inviting and removing people."
                    </p>
                </fieldset>
                <fieldset>
                    <legend>"Projects"</legend>
                    <div class="choices">
                        {radio(
                            Which::DefaultOnly,
                            "The default project only",
                            "invite-default-only",
                        )} {radio(Which::NoProject, "No project", "invite-no-project")}
                        {radio(Which::Chosen, "Choose projects", "invite-choose")}
                    </div>
                    <Show when=move || which.get() == Which::Chosen>
                        <ul class="plain invite-projects">{project_rows}</ul>
                    </Show>
                </fieldset>
                <FieldError message=error />
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="invite-send"
                        disabled=move || send.pending()
                    >
                        {move || if send.pending() { "Sending…" } else { "Send invite" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// An error after which the invite may or may not exist.
fn proves_nothing(e: &ApiError) -> bool {
    matches!(
        e.kind,
        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::Malformed
    )
}

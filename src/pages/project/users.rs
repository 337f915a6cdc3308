//! A project's users: add a member of the organization, change a user's project role, or
//! remove one, saying first what that does to their keys.

use crate::components::common::{RelTime, Write, api_resource};
use crate::components::modal::Modal;
use crate::components::partial::PartialList;
use crate::logic::membership::{active_keys_of, removal_effect};
use crate::platform::browser;
use crate::state::{ToastKind, use_app};
use crate::work::inventory;
use leptos::ev;
use leptos::prelude::*;

const ROLES: [&str; 2] = ["member", "owner"];

#[component]
pub(super) fn UsersTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let app = use_app();
    let pid = StoredValue::new(project_id);
    inventory::watch(app, &pid.get_value());
    let users = PartialList::new(move |api, after| {
        let id = pid.get_value();
        Box::pin(async move {
            api.listing(
                async |after| api.list_project_users(&id, after).await,
                after,
            )
            .await
        })
    });
    let org_users = api_resource(move |api| async move { api.all_org_users().await });
    let adding = RwSignal::new(String::new());
    let add_role = RwSignal::new("member".to_string());
    let removing = RwSignal::new(None::<(String, String)>);
    let add = Write::new();
    let set_role = Write::new();
    let remove = Write::new();
    let send_add = move |u: String, r: String| {
        let (api, p) = (app.client(), pid.get_value());
        add.run(async move { api?.add_project_user(&p, &u, &r).await });
    };
    let send_role = move |u: String, r: String| {
        let (api, p) = (app.client(), pid.get_value());
        set_role.run(async move { api?.set_project_user_role(&p, &u, &r).await });
    };
    let send_remove = move |u: String| {
        let (api, p) = (app.client(), pid.get_value());
        remove.run(async move { api?.remove_project_user(&p, &u).await });
    };
    // Membership decides `owner_project_access` of the user's keys: re-read them after a change.
    let after_change = move |text: String| {
        app.toast(ToastKind::Success, text);
        app.changed();
        inventory::refresh_project(app, pid.get_value());
    };
    Effect::new(move |_| match add.value() {
        Some(Ok(u)) => {
            adding.set(String::new());
            after_change(format!(
                "Added {} as {}.",
                u.email.clone().unwrap_or(u.id.clone()),
                u.role
            ));
        }
        Some(Err(e)) => app.toast(ToastKind::Error, format!("Not added: {}", e.summary())),
        None => {}
    });
    Effect::new(move |_| match set_role.value() {
        Some(Ok(u)) => after_change(format!(
            "{} is now {}.",
            u.email.clone().unwrap_or(u.id.clone()),
            u.role
        )),
        Some(Err(e)) => {
            app.toast(
                ToastKind::Error,
                format!("Role not changed: {}", e.summary()),
            );
            app.changed();
        }
        None => {}
    });
    Effect::new(move |_| match remove.value() {
        Some(Ok(_)) => {
            removing.set(None);
            after_change("Removed from the project.".into());
        }
        Some(Err(e)) => app.toast(ToastKind::Error, format!("Not removed: {}", e.summary())),
        None => {}
    });
    let now = browser::now();
    let members = move || {
        users
            .items()
            .iter()
            .map(|u| u.id.clone())
            .collect::<Vec<_>>()
    };
    let candidates = move || {
        let present = members();
        org_users
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|u| !present.contains(&u.id))
            .collect::<Vec<_>>()
    };
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let user = adding.get_untracked();
        if !user.is_empty() {
            send_add(user, add_role.get_untracked());
        }
    };
    view! {
        <form class="toolbar" on:submit=submit data-testid="add-user-form">
            <label class="sr-only" for="add-user">
                "Member of the organization to add"
            </label>
            <select
                id="add-user"
                class="grow"
                data-testid="add-user"
                on:change=move |e| adding.set(event_target_value(&e))
            >
                <option value="" selected=move || adding.get().is_empty()>
                    "Add a member of the organization…"
                </option>
                {move || {
                    candidates()
                        .into_iter()
                        .map(|u| {
                            let id = u.id.clone();
                            let sel = id.clone();
                            view! {
                                <option value=id selected=move || adding.get() == sel>
                                    {u.label()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <label class="sr-only" for="add-user-role">
                "Project role"
            </label>
            <select
                id="add-user-role"
                data-testid="add-user-role"
                on:change=move |e| add_role.set(event_target_value(&e))
            >
                {ROLES
                    .iter()
                    .map(|r| {
                        view! {
                            <option value=*r selected=move || add_role.get() == *r>
                                {*r}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button
                class="btn btn-primary"
                type="submit"
                data-testid="add-user-submit"
                disabled=move || adding.get().is_empty() || add.pending()
            >
                {move || if add.pending() { "Adding…" } else { "Add to project" }}
            </button>
        </form>
        {users
            .view(
                "Loading users…",
                move |list| match list {
                    list if list.is_empty() => {
                        view! { <div class="empty">"No users in this project."</div> }.into_any()
                    }
                    list => {
                        view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="project-users-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Name"</th>
                                            <th scope="col" class="hide-narrow">
                                                "Email"
                                            </th>
                                            <th scope="col">"Role"</th>
                                            <th scope="col" class="hide-narrow">
                                                "Added"
                                            </th>
                                            <th scope="col">
                                                <span class="sr-only">"Actions"</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|u| {
                                                let label = u
                                                    .name
                                                    .clone()
                                                    .filter(|n| !n.is_empty())
                                                    .or(u.email.clone())
                                                    .unwrap_or(u.id.clone());
                                                let (id_role, id_remove) = (u.id.clone(), u.id.clone());
                                                let role = u.role.clone();
                                                let target = (id_remove, label.clone());
                                                view! {
                                                    <tr
                                                        data-testid="project-user-row"
                                                        data-user-id=u.id.clone()
                                                    >
                                                        <td class="wrap">
                                                            {u.name.clone().unwrap_or_else(|| "—".into())}
                                                        </td>
                                                        <td class="wrap hide-narrow">
                                                            {u.email.clone().unwrap_or_default()}
                                                        </td>
                                                        <td>
                                                            <select
                                                                aria-label=format!("Project role of {label}")
                                                                data-testid="user-role"
                                                                disabled=move || set_role.pending()
                                                                on:change=move |e| send_role(
                                                                    id_role.clone(),
                                                                    event_target_value(&e),
                                                                )
                                                            >
                                                                {ROLES
                                                                    .iter()
                                                                    .map(|r| {
                                                                        view! {
                                                                            <option value=*r selected=role == *r>
                                                                                {*r}
                                                                            </option>
                                                                        }
                                                                    })
                                                                    .collect_view()}
                                                            </select>
                                                        </td>
                                                        <td class="hide-narrow">
                                                            <RelTime ts=Some(u.added_at) now=now />
                                                        </td>
                                                        <td class="actions-cell">
                                                            <button
                                                                class="btn btn-small btn-danger-outline"
                                                                data-testid="remove-user"
                                                                aria-label=format!("Remove {label} from the project")
                                                                on:click=move |_| removing.set(Some(target.clone()))
                                                            >
                                                                "Remove"
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
                    }
                },
            )}
        {move || {
            removing
                .get()
                .map(|(id, label)| {
                    let keys = app
                        .inventory
                        .with_untracked(|i| active_keys_of(i, &pid.get_value(), &id));
                    view! {
                        <Modal
                            labelledby="remove-user-title"
                            testid="remove-user-dialog"
                            on_escape=Callback::new(move |_| {
                                if !remove.pending_untracked() {
                                    removing.set(None)
                                }
                            })
                        >
                            <h2 id="remove-user-title">
                                "Remove " <span class="wrap">{label.clone()}</span>
                                " from this project?"
                            </h2>
                            <p>
                                "They lose access to the project. They stay a member of the organization."
                            </p>
                            <p data-testid="removal-effect">{removal_effect(keys)}</p>
                            <div class="actions">
                                <button
                                    class="btn"
                                    disabled=move || remove.pending()
                                    on:click=move |_| removing.set(None)
                                >
                                    "Cancel"
                                </button>
                                <button
                                    class="btn btn-danger"
                                    data-testid="confirm-remove-user"
                                    disabled=move || remove.pending()
                                    on:click=move |_| send_remove(id.clone())
                                >
                                    {move || {
                                        if remove.pending() {
                                            "Removing…"
                                        } else {
                                            "Remove from project"
                                        }
                                    }}
                                </button>
                            </div>
                        </Modal>
                    }
                })
        }}
    }
}

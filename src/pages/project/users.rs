//! A project's users: add a member of the organization, change a user's project role, or
//! remove one, saying first what that does to their keys.

use crate::components::common::{RelTime, Write, api_resource};
use crate::components::focus::keep_in_region;
use crate::components::modal::Modal;
use crate::components::partial::PartialList;
use crate::components::role_select::{ROLES, RoleSelect};
use crate::logic::membership::{active_keys_of, removal_effect};
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::inventory;
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn UsersTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let pid = StoredValue::new(project_id);
    inventory::watch(session, &pid.get_value());
    let users = PartialList::new(Topic::ProjectUsers(pid.get_value()), move |api, after| {
        let id = pid.get_value();
        Box::pin(async move {
            api.listing(
                async |after| api.list_project_users(&id, after).await,
                after,
            )
            .await
        })
    });
    let org_users = api_resource(Topic::OrgUsers, move |api| async move {
        api.all_org_users().await
    });
    let adding = RwSignal::new(String::new());
    let add_role = RwSignal::new("member".to_string());
    let removing = RwSignal::new(None::<(String, String)>);
    let add = Write::new();
    let set_role = Write::new();
    let remove = Write::new();
    // Each write's follow-up is its own: it runs when the answer arrives, even after the user
    // has left this tab. A change makes the project's users stale; joining or leaving also
    // decides `owner_project_access` of the user's keys, so those are read again too.
    let after_change = move |project: String, text: String, access: bool| {
        app.toast(ToastKind::Success, text);
        session.invalidate([Topic::ProjectUsers(project.clone())]);
        if access {
            inventory::refresh_project(session, project);
        }
    };
    let send_add = move |u: String, r: String| {
        let (api, p) = (session.client(), pid.get_value());
        let project = p.clone();
        add.run(
            async move { api?.add_project_user(&p, &u, &r).await },
            move |answer| match answer {
                Ok(u) => {
                    adding.try_set(String::new());
                    let who = u.email.clone().unwrap_or(u.id.clone());
                    after_change(project, format!("Added {who} as {}.", u.role), true);
                }
                Err(e) => app.toast(ToastKind::Error, format!("Not added: {}", e.summary())),
            },
        );
    };
    let send_role = move |u: String, r: String| {
        if set_role.pending_untracked() {
            app.toast(
                ToastKind::Warning,
                "One role change at a time: that one was not sent.",
            );
            session.invalidate([Topic::ProjectUsers(pid.get_value())]);
            return;
        }
        let (api, p) = (session.client(), pid.get_value());
        let project = p.clone();
        set_role.run(
            async move { api?.set_project_user_role(&p, &u, &r).await },
            move |answer| match answer {
                Ok(u) => {
                    let who = u.email.clone().unwrap_or(u.id.clone());
                    after_change(project, format!("{who} is now {}.", u.role), false);
                }
                Err(e) => {
                    app.toast(
                        ToastKind::Error,
                        format!("Role not changed: {}", e.summary()),
                    );
                    // The select shows what was picked: read the true role back.
                    session.invalidate([Topic::ProjectUsers(project)]);
                }
            },
        );
    };
    let send_remove = move |u: String| {
        let (api, p) = (session.client(), pid.get_value());
        let project = p.clone();
        remove.run(
            async move { api?.remove_project_user(&p, &u).await },
            move |answer| match answer {
                Ok(_) => {
                    removing.try_set(None);
                    after_change(project, "Removed from the project.".into(), true);
                }
                Err(e) => app.toast(ToastKind::Error, format!("Not removed: {}", e.summary())),
            },
        );
    };
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
        <form
            on:focusout=keep_in_region
            class="toolbar"
            on:submit=submit
            data-testid="add-user-form"
        >
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
                move || {
                    view! {
                        <Show
                            when=move || users.with_items(|l| !l.is_empty())
                            fallback=|| {
                                view! { <div class="empty">"No users in this project."</div> }
                            }
                        >
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
                                        // Keyed rows: a read again changes a row's role in place, so
                                        // the select that was just changed keeps its focus.
                                        <For each=move || users.items() key=|u| u.id.clone() let:u>
                                            {
                                                let label = u
                                                    .name
                                                    .clone()
                                                    .filter(|n| !n.is_empty())
                                                    .or(u.email.clone())
                                                    .unwrap_or(u.id.clone());
                                                let id = u.id.clone();
                                                let role = Signal::derive(move || {
                                                    users
                                                        .with_items(|l| {
                                                            l.iter().find(|x| x.id == id).map(|x| x.role.clone())
                                                        })
                                                        .unwrap_or_default()
                                                });
                                                let id_role = u.id.clone();
                                                let target = (u.id.clone(), label.clone());
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
                                                            <RoleSelect
                                                                label=format!("Project role of {label}")
                                                                testid="user-role"
                                                                role=role
                                                                on_pick=Callback::new(move |r| send_role(
                                                                    id_role.clone(),
                                                                    r,
                                                                ))
                                                            />
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
                                            }
                                        </For>
                                    </tbody>
                                </table>
                            </div>
                        </Show>
                    }
                        .into_any()
                },
            )}
        {move || {
            removing
                .get()
                .map(|(id, label)| {
                    let keys = session
                        .inventory
                        .with_untracked(|i| active_keys_of(i, &pid.get_value(), &id));
                    view! {
                        <Modal
                            labelledby="remove-user-title"
                            testid="remove-user-dialog"
                            busy=remove.pending()
                            on_close=Callback::new(move |_| { removing.set(None) })
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

//! A project's service accounts: create one, give one a new key, delete one.

use crate::components::common::Write;
use crate::components::modal::Modal;
use crate::components::partial::PartialList;
use crate::components::secret::SecretReveal;
use crate::logic::inventory::PartState;
use crate::logic::time;
use crate::platform::browser;
use crate::state::{ToastKind, use_app};
use crate::work::inventory;
use admin_api::types::{
    CreateServiceAccount, CreateServiceAccountKey, NewKeySecret, scopes::READ_ONLY,
};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn ServiceAccountsTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let app = use_app();
    let pid = StoredValue::new(project_id);
    inventory::watch(app, &pid.get_value());
    let accounts = PartialList::new(move |api, after| {
        let id = pid.get_value();
        Box::pin(async move {
            api.listing(
                async |after| api.list_service_accounts(&id, after).await,
                after,
            )
            .await
        })
    });
    // Key counts come from the session's inventory: no second listing of the project's keys.
    let keys_of = move |account: &str| -> Option<usize> {
        let project = pid.get_value();
        app.inventory.with(|i| {
            let part = i.parts.get(&project)?;
            (part.state == PartState::Complete).then(|| part.of_service_account(account))
        })
    };
    let new_name = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<NewKeySecret>);
    let deleting = RwSignal::new(None::<(String, String)>);
    let create = Action::new_local(move |name: &String| {
        let api = app.client();
        let body = CreateServiceAccount {
            name: name.clone(),
            ..Default::default()
        };
        let pid = pid.get_value();
        async move { api?.create_service_account(&pid, &body).await }
    });
    let new_key = Action::new_local(move |(sa, read_only): &(String, bool)| {
        let api = app.client();
        let body = CreateServiceAccountKey {
            name: Some(format!("key {}", time::date(browser::now()))),
            scopes: read_only.then(|| vec![READ_ONLY.to_owned()]),
            expires_in_seconds: None,
        };
        let (pid, sa) = (pid.get_value(), sa.clone());
        async move { api?.create_service_account_key(&pid, &sa, &body).await }
    });
    let set_role = Write::new();
    let send_role = move |sa: String, role: String| {
        let (api, pid) = (app.client(), pid.get_value());
        set_role.run(async move { api?.set_service_account_role(&pid, &sa, &role).await });
    };
    Effect::new(move |_| match set_role.value() {
        Some(Ok(sa)) => {
            app.toast(
                ToastKind::Success,
                format!("“{}” is now {}.", sa.name, sa.role),
            );
            app.changed();
            // Its keys carry the account's role.
            inventory::refresh_project(app, pid.get_value());
        }
        Some(Err(e)) => {
            app.toast(
                ToastKind::Error,
                format!("Role not changed: {}", e.summary()),
            );
            app.changed();
        }
        None => {}
    });
    let remove = Action::new_local(move |sa: &String| {
        let api = app.client();
        let (pid, sa) = (pid.get_value(), sa.clone());
        async move { api?.delete_service_account(&pid, &sa).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(created)) => {
            new_name.set(String::new());
            app.toast(
                ToastKind::Success,
                format!("Created service account “{}”.", created.name),
            );
            secret.set(created.api_key);
            // The secret has one home, `secret`, dropped at "I have saved it".
            create.value().set(None);
            app.changed();
            inventory::refresh_project(app, pid.get_value());
        }
        Some(Err(e)) => app.toast(ToastKind::Error, format!("Not created: {}", e.summary())),
        _ => {}
    });
    Effect::new(move |_| match new_key.value().get() {
        Some(Ok(k)) => {
            secret.set(Some(k));
            new_key.value().set(None);
            app.changed();
            inventory::refresh_project(app, pid.get_value());
        }
        Some(Err(e)) => app.toast(
            ToastKind::Error,
            format!("No key was created: {}", e.summary()),
        ),
        _ => {}
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(_)) => {
            deleting.set(None);
            app.toast(
                ToastKind::Success,
                "Service account deleted, with its keys.",
            );
            app.changed();
            inventory::refresh_project(app, pid.get_value());
        }
        Some(Err(e)) => app.toast(ToastKind::Error, format!("Not deleted: {}", e.summary())),
        _ => {}
    });
    let confirm_text = RwSignal::new(String::new());

    view! {
        <form
            class="toolbar"
            on:submit=move |e: ev::SubmitEvent| {
                e.prevent_default();
                let n = new_name.get_untracked();
                if !n.trim().is_empty() && !create.pending().get_untracked() {
                    create.dispatch_local(n.trim().to_owned());
                }
            }
        >
            <label class="sr-only" for="sa-name">
                "New service account name"
            </label>
            <input
                id="sa-name"
                class="grow"
                type="text"
                placeholder="New service account name"
                data-testid="sa-name"
                prop:value=move || new_name.get()
                on:input=move |e| new_name.set(event_target_value(&e))
            />
            <button
                class="btn btn-primary"
                type="submit"
                disabled=move || create.pending().get() || new_name.get().trim().is_empty()
            >
                {move || {
                    if create.pending().get() { "Creating…" } else { "Create service account" }
                }}
            </button>
        </form>
        {move || {
            secret
                .get()
                .map(|s| {
                    view! {
                        <SecretReveal secret=s on_done=Callback::new(move |_| secret.set(None)) />
                    }
                })
        }}
        {accounts
            .view(
                "Loading service accounts…",
                move |list| match list {
                    list if list.is_empty() => {
                        view! { <div class="empty">"No service accounts in this project."</div> }
                            .into_any()
                    }
                    list => {
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Name"</th>
                                            <th scope="col">"Role"</th>
                                            <th scope="col" class="hide-narrow">
                                                "Created"
                                            </th>
                                            <th scope="col" class="num">
                                                "Keys"
                                            </th>
                                            <th scope="col">
                                                <span class="sr-only">"Actions"</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|a| {
                                                let (id1, id2, id3, name) = (
                                                    a.id.clone(),
                                                    a.id.clone(),
                                                    a.id.clone(),
                                                    a.name.clone(),
                                                );
                                                view! {
                                                    <tr>
                                                        <td class="wrap">
                                                            {a.name.clone()}
                                                            <span class="muted small block mono">{a.id.clone()}</span>
                                                        </td>
                                                        <td>
                                                            {
                                                                let sa = a.id.clone();
                                                                view! {
                                                                    <RoleSelect
                                                                        label=a.name.clone()
                                                                        role=a.role.clone()
                                                                        busy=Signal::derive(move || set_role.pending())
                                                                        on_pick=Callback::new(move |role| {
                                                                            send_role(sa.clone(), role)
                                                                        })
                                                                    />
                                                                }
                                                            }
                                                        </td>
                                                        <td class="hide-narrow">{time::date(a.created_at)}</td>
                                                        <td class="num">
                                                            {
                                                                let id = a.id.clone();
                                                                move || shown_count(keys_of(&id))
                                                            }
                                                        </td>
                                                        <td class="actions-cell">
                                                            <button
                                                                class="btn btn-small"
                                                                disabled=move || new_key.pending().get()
                                                                on:click=move |_| {
                                                                    new_key.dispatch_local((id1.clone(), false));
                                                                }
                                                            >
                                                                "New key"
                                                            </button>
                                                            <button
                                                                class="btn btn-small"
                                                                disabled=move || new_key.pending().get()
                                                                on:click=move |_| {
                                                                    new_key.dispatch_local((id2.clone(), true));
                                                                }
                                                            >
                                                                "New read-only key"
                                                            </button>
                                                            <button
                                                                class="btn btn-small btn-danger-outline"
                                                                aria-label=format!("Delete service account {}", a.name)
                                                                on:click=move |_| {
                                                                    confirm_text.set(String::new());
                                                                    deleting.set(Some((id3.clone(), name.clone())))
                                                                }
                                                            >
                                                                "Delete"
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
            deleting
                .get()
                .map(|(id, name)| {
                    let n2 = name.clone();
                    view! {
                        <Modal
                            labelledby="sa-del-title"
                            on_escape=Callback::new(move |_| {
                                if !remove.pending().get_untracked() {
                                    deleting.set(None)
                                }
                            })
                        >
                            <h2 id="sa-del-title">
                                "Delete service account “"
                                <span class="wrap">{name.clone()}</span> "”?"
                            </h2>
                            <p>
                                "This deletes the service account and every one of its API keys. Anything using them \
                                    stops working."
                            </p>
                            <label class="stack">
                                <span>
                                    "Type its name to confirm: " <code>{name.clone()}</code>
                                </span>
                                <input
                                    type="text"
                                    autocomplete="off"
                                    prop:value=move || confirm_text.get()
                                    on:input=move |e| confirm_text.set(event_target_value(&e))
                                />
                            </label>
                            <div class="actions">
                                <button
                                    class="btn"
                                    on:click=move |_| deleting.set(None)
                                    disabled=move || remove.pending().get()
                                >
                                    "Cancel"
                                </button>
                                <button
                                    class="btn btn-danger"
                                    disabled=move || {
                                        remove.pending().get()
                                            || confirm_text.get().trim() != n2.as_str()
                                    }
                                    on:click=move |_| {
                                        if !remove.pending().get_untracked() {
                                            remove.dispatch_local(id.clone());
                                        }
                                    }
                                >
                                    {move || {
                                        if remove.pending().get() {
                                            "Deleting…"
                                        } else {
                                            "Delete service account"
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

/// A service account's role, changed in place. A role Keyward does not offer is shown as it is,
/// never silently replaced.
#[component]
fn RoleSelect(
    /// The account's name, for the label.
    label: String,
    /// Its role now.
    role: String,
    /// True while a role change is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with the role picked.
    on_pick: Callback<String>,
) -> impl IntoView {
    let offered = ["member", "owner"];
    let other = (!offered.contains(&role.as_str())).then(|| role.clone());
    view! {
        <select
            aria-label=format!("Role of {label}")
            data-testid="sa-role"
            disabled=move || busy.get()
            on:change=move |e| on_pick.run(event_target_value(&e))
        >
            {offered
                .map(|r| {
                    view! {
                        <option value=r selected=role == r>
                            {r}
                        </option>
                    }
                })
                .collect_view()}
            {other
                .map(|r| {
                    view! {
                        <option value="" selected=true disabled=true>
                            {r}
                        </option>
                    }
                })}
        </select>
    }
}

/// A key count as the table shows it: "…" until the project's keys are read.
fn shown_count(n: Option<usize>) -> String {
    n.map_or_else(|| "…".to_owned(), |n| n.to_string())
}

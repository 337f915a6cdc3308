//! A project's service accounts: create one, give one a new key, delete one.

use crate::components::common::Write;
use crate::components::focus::keep_in_region;
use crate::components::modal::Modal;
use crate::components::old_keys::OldKeys;
use crate::components::partial::PartialList;
use crate::components::role_select::RoleSelect;
use crate::components::secret::SecretReveal;
use crate::logic::inventory::PartState;
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use crate::work::inventory;
use admin_api::types::{
    CreateServiceAccount, CreateServiceAccountKey, NewKeySecret, ServiceAccount, scopes::READ_ONLY,
};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub(super) fn ServiceAccountsTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let pid = StoredValue::new(project_id);
    inventory::watch(session, &pid.get_value());
    let accounts = PartialList::new(
        Topic::ServiceAccounts(pid.get_value()),
        move |api, after| {
            let id = pid.get_value();
            Box::pin(async move {
                api.listing(
                    async |after| api.list_service_accounts(&id, after).await,
                    after,
                )
                .await
            })
        },
    );
    // Key counts come from the session's inventory: no second listing of the project's keys.
    let keys_of = move |account: &str| -> Option<usize> {
        let project = pid.get_value();
        session.inventory.with(|i| {
            let part = i.parts.get(&project)?;
            (part.state == PartState::Complete).then(|| part.of_service_account(account))
        })
    };
    let new_name = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<NewKeySecret>);
    let deleting = RwSignal::new(None::<(String, String)>);
    // Each write's follow-up is its own, run when the answer arrives wherever the user is then.
    // A new key's secret has one home, `secret`, dropped at "I have saved it".
    let create = Write::new();
    let new_key = Write::new();
    let remove = Write::new();
    let set_role = Write::new();
    let changed = move |project: String| {
        session.invalidate([Topic::ServiceAccounts(project.clone())]);
        // Its keys carry the account's role and name.
        inventory::refresh_project(session, project);
    };
    let send_create = move |name: String| {
        let (api, project) = (session.client(), pid.get_value());
        let body = CreateServiceAccount {
            name,
            ..Default::default()
        };
        let p = project.clone();
        create.run(
            async move { api?.create_service_account(&p, &body).await },
            move |answer| match answer {
                Ok(created) => {
                    new_name.try_set(String::new());
                    app.toast(
                        ToastKind::Success,
                        format!("Created service account “{}”.", created.name),
                    );
                    secret.try_set(created.api_key);
                    changed(project);
                }
                Err(e) => app.toast(ToastKind::Error, format!("Not created: {}", e.summary())),
            },
        );
    };
    let send_new_key = move |sa: String, read_only: bool| {
        let (api, project) = (session.client(), pid.get_value());
        let body = CreateServiceAccountKey {
            name: Some(format!("key {}", time::date(browser::now()))),
            scopes: read_only.then(|| vec![READ_ONLY.to_owned()]),
            expires_in_seconds: None,
        };
        let p = project.clone();
        new_key.run(
            async move { api?.create_service_account_key(&p, &sa, &body).await },
            move |answer| match answer {
                Ok(k) => {
                    secret.try_set(Some(k));
                    changed(project);
                }
                Err(e) => app.toast(
                    ToastKind::Error,
                    format!("No key was created: {}", e.summary()),
                ),
            },
        );
    };
    let send_remove = move |sa: String| {
        let (api, project) = (session.client(), pid.get_value());
        let p = project.clone();
        remove.run(
            async move { api?.delete_service_account(&p, &sa).await },
            move |answer| match answer {
                Ok(_) => {
                    deleting.try_set(None);
                    app.toast(
                        ToastKind::Success,
                        "Service account deleted, with its keys.",
                    );
                    changed(project);
                }
                Err(e) => app.toast(ToastKind::Error, format!("Not deleted: {}", e.summary())),
            },
        );
    };
    let send_role = move |sa: String, role: String| {
        let (api, project) = (session.client(), pid.get_value());
        let p = project.clone();
        set_role.run(
            async move { api?.set_service_account_role(&p, &sa, &role).await },
            move |answer| match answer {
                Ok(sa) => {
                    app.toast(
                        ToastKind::Success,
                        format!("“{}” is now {}.", sa.name, sa.role),
                    );
                    changed(project);
                }
                Err(e) => {
                    app.toast(
                        ToastKind::Error,
                        format!("Role not changed: {}", e.summary()),
                    );
                    // The select shows what was picked: read the true role back.
                    session.invalidate([Topic::ServiceAccounts(project)]);
                }
            },
        );
    };
    let confirm_text = RwSignal::new(String::new());

    view! {
        <form
            on:focusout=keep_in_region
            class="toolbar"
            on:submit=move |e: ev::SubmitEvent| {
                e.prevent_default();
                let n = new_name.get_untracked();
                if !n.trim().is_empty() {
                    send_create(n.trim().to_owned());
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
                disabled=move || create.pending() || new_name.get().trim().is_empty()
            >
                {move || {
                    if create.pending() { "Creating…" } else { "Create service account" }
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
                move || {
                    let rows = move || match accounts.items() {
                        list if list.is_empty() => {
                            // Reads the items itself: a read again re-renders the rows.
                            view! {
                                <div class="empty">"No service accounts in this project."</div>
                            }
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
                                                    let (id, role_id, key_id, gone) = (
                                                        a.id.clone(),
                                                        a.id.clone(),
                                                        a.id.clone(),
                                                        a.id.clone(),
                                                    );
                                                    let name = a.name.clone();
                                                    view! {
                                                        <AccountRow
                                                            account=a
                                                            keys=Signal::derive(move || shown_count(keys_of(&id)))
                                                            role_busy=Signal::derive(move || set_role.pending())
                                                            key_busy=Signal::derive(move || new_key.pending())
                                                            on_role=Callback::new(move |r| send_role(
                                                                role_id.clone(),
                                                                r,
                                                            ))
                                                            on_new_key=Callback::new(move |read_only| {
                                                                send_new_key(key_id.clone(), read_only)
                                                            })
                                                            on_delete=Callback::new(move |_| {
                                                                confirm_text.set(String::new());
                                                                deleting.set(Some((gone.clone(), name.clone())))
                                                            })
                                                        />
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                    };
                    view! { {rows} }.into_any()
                },
            )}
        <OldKeys project_id=pid.get_value() accounts=Signal::derive(move || accounts.items()) />
        {move || {
            deleting
                .get()
                .map(|(id, name)| {
                    let n2 = name.clone();
                    view! {
                        <Modal
                            labelledby="sa-del-title"
                            testid="sa-delete-dialog"
                            busy=remove.pending()
                            on_close=Callback::new(move |_| { deleting.set(None) })
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
                                    disabled=move || remove.pending()
                                >
                                    "Cancel"
                                </button>
                                <button
                                    class="btn btn-danger"
                                    disabled=move || {
                                        remove.pending() || confirm_text.get().trim() != n2.as_str()
                                    }
                                    on:click=move |_| {
                                        if !remove.pending_untracked() {
                                            send_remove(id.clone());
                                        }
                                    }
                                >
                                    {move || {
                                        if remove.pending() {
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

/// A key count as the table shows it: "…" until the project's keys are read.
fn shown_count(n: Option<usize>) -> String {
    n.map_or_else(|| "…".to_owned(), |n| n.to_string())
}

/// One service account's row: name, role (changed in place), created, key count, actions.
#[component]
fn AccountRow(
    /// The account as the API listed it.
    account: ServiceAccount,
    /// Its key count as shown ("…" until the project's keys are read).
    #[prop(into)]
    keys: Signal<String>,
    /// True while a role change is on its way.
    #[prop(into)]
    role_busy: Signal<bool>,
    /// True while a new key is being created.
    #[prop(into)]
    key_busy: Signal<bool>,
    /// Called with the role picked.
    on_role: Callback<String>,
    /// Called to create a key (`true`: read-only).
    on_new_key: Callback<bool>,
    /// Called to ask before deleting the account.
    on_delete: Callback<()>,
) -> impl IntoView {
    view! {
        <tr>
            <td class="wrap">
                {account.name.clone()}
                <span class="muted small block mono">{account.id.clone()}</span>
            </td>
            <td>
                <RoleSelect
                    label=format!("Role of {}", account.name)
                    testid="sa-role"
                    role=Signal::stored(account.role.clone())
                    busy=role_busy
                    on_pick=on_role
                />
            </td>
            <td class="hide-narrow">{time::date(account.created_at)}</td>
            <td class="num">{keys}</td>
            <td class="actions-cell">
                <button
                    class="btn btn-small"
                    disabled=key_busy
                    on:click=move |_| on_new_key.run(false)
                >
                    "New key"
                </button>
                <button
                    class="btn btn-small"
                    disabled=key_busy
                    on:click=move |_| on_new_key.run(true)
                >
                    "New read-only key"
                </button>
                <button
                    class="btn btn-small btn-danger-outline"
                    aria-label=format!("Delete service account {}", account.name)
                    on:click=move |_| on_delete.run(())
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}

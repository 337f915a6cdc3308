//! A custom role, new or changed: its name, description and permissions, chosen from the names
//! the API uses, grouped and described. A role that can write admin keys (or project keys) is
//! marked as such while it is chosen. Sent once; a lost answer is settled by reading back.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{FieldError, Write};
use crate::components::modal::Modal;
use crate::logic::people::findings::{KeyWrite, strongest_key_write};
use crate::logic::people::permission_names::{areas, check, unknown};
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::types::{CreateRole, Role, RoleScope, UpdateRole};
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn RoleEditor(
    /// The project whose role it is; none for the organization's.
    project: Option<String>,
    /// The role changed; none for a new one.
    role: Option<Role>,
    /// The roles there before, to find a new one when the answer is lost.
    before: Vec<String>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(role.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let about = RwSignal::new(
        role.as_ref()
            .and_then(|r| r.description.clone())
            .unwrap_or_default(),
    );
    let held: Vec<String> = role
        .as_ref()
        .map(|r| r.permissions.clone())
        .unwrap_or_default();
    let others = unknown(&held);
    let chosen = RwSignal::new(held.into_iter().collect::<BTreeSet<String>>());
    let editing = role.as_ref().map(|r| r.id.clone());
    let title = if role.is_some() {
        "Change the role"
    } else {
        "New role"
    };
    let strongest =
        move || chosen.with(|c| strongest_key_write(&c.iter().cloned().collect::<Vec<_>>()));
    let context = StoredValue::new((project, editing, before));
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let n = name.get_untracked().trim().to_owned();
        let perms: Vec<String> = chosen.get_untracked().into_iter().collect();
        if n.is_empty() {
            error.set(Some("A role needs a name.".into()));
            return;
        }
        if let Err(why) = check(&perms) {
            error.set(Some(why));
            return;
        }
        error.set(None);
        let d = about.get_untracked().trim().to_owned();
        let description = (!d.is_empty()).then_some(d);
        let (project, editing, before) = context.get_value();
        let (api, back) = (session.client(), session.client());
        let said = Checked {
            done: if editing.is_some() {
                "Role saved."
            } else {
                "Role created."
            }
            .into(),
            error,
            topics: vec![Topic::Roles, Topic::Groups, Topic::OrgUsers],
            then: on_close,
        };
        let (p1, p2) = (project.clone(), project);
        let (n2, perms2) = (n.clone(), perms.clone());
        match editing {
            Some(id) => {
                let id2 = id.clone();
                let body = UpdateRole {
                    role_name: Some(n),
                    permissions: Some(perms),
                    description,
                };
                checker.send(
                    send,
                    async move {
                        api?.update_role(RoleScope::of(p1.as_deref()), &id, &body)
                            .await
                            .map(drop)
                    },
                    async move {
                        let r = back?.role(RoleScope::of(p2.as_deref()), &id2).await?;
                        let now: BTreeSet<&String> = r.permissions.iter().collect();
                        Ok(r.name == n2 && now == perms2.iter().collect())
                    },
                    said,
                );
            }
            None => {
                let body = CreateRole {
                    role_name: n,
                    permissions: perms,
                    description,
                };
                checker.send(
                    send,
                    async move {
                        api?.create_role(RoleScope::of(p1.as_deref()), &body)
                            .await
                            .map(drop)
                    },
                    async move {
                        let all = back?.all_roles(RoleScope::of(p2.as_deref())).await?;
                        Ok(all.iter().any(|r| r.name == n2 && !before.contains(&r.id)))
                    },
                    said,
                );
            }
        }
    };
    let toggle = move |perm: String, on: bool| {
        chosen.update(|c| {
            if on {
                c.insert(perm);
            } else {
                c.remove(&perm);
            }
        })
    };
    let box_for = move |name: String, says: String| {
        let n1 = name.clone();
        let n2 = name.clone();
        view! {
            <label class="perm">
                <input
                    type="checkbox"
                    data-testid="role-permission"
                    data-permission=name.clone()
                    prop:checked=move || chosen.with(|c| c.contains(&n1))
                    on:change=move |e| toggle(n2.clone(), event_target_checked(&e))
                />
                " "
                <code>{name}</code>
                <span class="muted small">" — " {says}</span>
            </label>
        }
    };
    view! {
        <Modal
            labelledby="role-editor-title"
            testid="role-editor"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="role-editor-title">{title}</h2>
            <form on:submit=submit novalidate>
                <label class="stack">
                    <span>"Name"</span>
                    <input
                        type="text"
                        autocomplete="off"
                        data-autofocus=""
                        data-testid="role-name"
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </label>
                <label class="stack">
                    <span>"Description (optional)"</span>
                    <input
                        type="text"
                        autocomplete="off"
                        data-testid="role-description"
                        prop:value=move || about.get()
                        on:input=move |e| about.set(event_target_value(&e))
                    />
                </label>
                <div class="perm-list" tabindex="0" role="group" aria-label="Permissions">
                    {areas()
                        .into_iter()
                        .map(|a| {
                            view! {
                                <fieldset>
                                    <legend>{a.label}</legend>
                                    {a
                                        .permissions
                                        .into_iter()
                                        .map(|p| box_for(p.name.to_owned(), p.says.to_owned()))
                                        .collect_view()}
                                </fieldset>
                            }
                        })
                        .collect_view()}
                    {(!others.is_empty())
                        .then(|| {
                            view! {
                                <fieldset>
                                    <legend>"Other (kept as they are)"</legend>
                                    {others
                                        .into_iter()
                                        .map(|p| box_for(
                                            p,
                                            "A permission this version of Keyward does not describe."
                                                .into(),
                                        ))
                                        .collect_view()}
                                </fieldset>
                            }
                        })}
                </div>
                <p class="warn-text" data-testid="role-key-write" aria-live="polite">
                    {move || match strongest() {
                        Some(KeyWrite::AdminKeys) => {
                            "This role can write admin keys: whoever holds it can create an admin key and change \
                                anything in the organization."
                        }
                        Some(KeyWrite::ProjectKeys) => {
                            "This role can create and revoke project API keys in every project its holders reach."
                        }
                        None => "",
                    }}
                </p>
                <FieldError message=error />
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="role-save"
                        disabled=move || send.pending()
                    >
                        {move || if send.pending() { "Saving…" } else { "Save role" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

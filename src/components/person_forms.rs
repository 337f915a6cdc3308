//! A person's access, changed from their page: their organization role (`owner` or `reader`;
//! the API refuses to demote the last owner) and a role given to them directly, taken back after
//! a confirmation. Each write is sent once and its outcome proven.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{FieldError, Write};
use crate::components::confirm::ConfirmDialog;
use crate::components::focus::keep_in_region;
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::resources::role_assignments::Principal;
use admin_api::types::UpdateOrgUser;
use leptos::prelude::*;

fn said(done: String, error: RwSignal<Option<String>>, then: Callback<()>) -> Checked {
    Checked {
        done,
        error,
        topics: vec![Topic::OrgUsers, Topic::Roles, Topic::Groups],
        then,
    }
}

#[component]
pub fn OrgRoleForm(user: String, role: String) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(role.clone());
    let user = StoredValue::new(user);
    let before = StoredValue::new(role);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let new = chosen.get_untracked();
        if before.with_value(|b| *b == new) {
            return;
        }
        error.set(None);
        let (api, back, id) = (session.client(), session.client(), user.get_value());
        let (id2, r2) = (id.clone(), new.clone());
        let body = UpdateOrgUser {
            role: Some(new.clone()),
            role_id: None,
        };
        checker.send(
            send,
            async move { api?.update_org_user(&id, &body).await.map(drop) },
            async move { Ok(back?.org_user(&id2).await?.role.as_deref() == Some(r2.as_str())) },
            said(
                format!("Organization role set to {new}."),
                error,
                Callback::new(|_| {}),
            ),
        );
    };
    view! {
        <form
            on:focusout=keep_in_region
            class="people-form"
            on:submit=submit
            data-testid="org-role-form"
        >
            <label class="field-inline">
                <span>"Owner or reader"</span>
                <select
                    data-testid="org-role"
                    on:change=move |e| chosen.set(event_target_value(&e))
                >
                    {["reader", "owner"]
                        .map(|r| {
                            view! {
                                <option value=r selected=move || chosen.with(|c| c == r)>
                                    {r}
                                </option>
                            }
                        })}
                </select>
            </label>
            <button
                type="submit"
                class="btn btn-small"
                data-testid="org-role-save"
                disabled=move || send.pending() || chosen.with(|c| before.with_value(|b| b == c))
            >
                {move || if send.pending() { "Saving…" } else { "Save role" }}
            </button>
            <FieldError message=error />
        </form>
    }
}

/// "Unassign" next to a role given to them directly, with a confirmation.
#[component]
pub fn UnassignUserRole(user: String, role: String, name: String) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::<()>::new();
    let error = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let ids = StoredValue::new((user, role));
    let label = format!("Unassign {name}");
    let go = move |_| {
        let (api, back) = (session.client(), session.client());
        let ((u1, r1), (u2, r2)) = (ids.get_value(), ids.get_value());
        checker.send(
            send,
            async move {
                api?.unassign_role(Principal::User(&u1), &r1)
                    .await
                    .map(drop)
            },
            async move {
                let held = back?.all_assigned_roles(Principal::User(&u2)).await?;
                Ok(!held.iter().any(|r| r.id == r2))
            },
            said(
                "Role taken back.".into(),
                error,
                Callback::new(move |_| asking.set(false)),
            ),
        );
    };
    view! {
        <button
            class="btn btn-small"
            data-testid="user-role-remove"
            aria-label=label
            on:click=move |_| asking.set(true)
        >
            "Unassign"
        </button>
        {move || {
            asking
                .get()
                .then(|| {
                    view! {
                        <ConfirmDialog
                            title=format!("Take “{name}” back?")
                            text="They lose what it grants, unless they hold it through a group."
                                .to_owned()
                            confirm="Unassign"
                            pending="Sending…"
                            testid="user-role-dialog"
                            busy=Signal::derive(move || send.pending())
                            error=error
                            on_confirm=Callback::new(go)
                            on_close=Callback::new(move |_| asking.set(false))
                        />
                    }
                })
        }}
    }
}

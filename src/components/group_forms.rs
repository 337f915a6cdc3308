//! The small forms of an open group: rename it, add a member, give it an organization role, give
//! it a project with a role. Each write is sent once and its outcome proven (see
//! [`crate::components::checked_write`]).

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{FieldError, Write};
use crate::components::focus::keep_in_region;
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::resources::role_assignments::Principal;
use admin_api::types::{AddProjectGroup, OrganizationUser, Project, Role, RoleScope};
use leptos::prelude::*;

fn said(
    done: String,
    error: RwSignal<Option<String>>,
    then: impl Fn() + Send + Sync + 'static,
) -> Checked {
    Checked {
        done,
        error,
        topics: vec![Topic::Groups, Topic::Roles, Topic::OrgUsers],
        then: Callback::new(move |_| then()),
    }
}

#[component]
pub fn RenameGroup(group: String, name: String) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let text = RwSignal::new(name.clone());
    let before = StoredValue::new(name);
    let group = StoredValue::new(group);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let new = text.get_untracked().trim().to_owned();
        if new.is_empty() {
            error.set(Some("A group needs a name.".into()));
            return;
        }
        if before.with_value(|b| *b == new) {
            return;
        }
        error.set(None);
        let (api, back, id) = (session.client(), session.client(), group.get_value());
        let (id2, n2, n3) = (id.clone(), new.clone(), new.clone());
        // The form stays open on the new name: renaming back is a change again.
        let renamed = move || {
            let _ = before.try_update_value(|b| b.clone_from(&n3));
        };
        checker.send(
            send,
            async move { api?.rename_group(&id, &new).await.map(drop) },
            async move { Ok(back?.group(&id2).await?.name == n2) },
            said("Group renamed.".into(), error, renamed),
        );
    };
    view! {
        <form
            on:focusout=keep_in_region
            class="people-form"
            on:submit=submit
            data-testid="group-rename"
        >
            <label class="field-inline">
                <span>"Name"</span>
                <input
                    type="text"
                    autocomplete="off"
                    data-testid="group-name"
                    prop:value=move || text.get()
                    on:input=move |e| text.set(event_target_value(&e))
                />
            </label>
            <button type="submit" class="btn btn-small" disabled=move || send.pending()>
                {move || if send.pending() { "Renaming…" } else { "Rename" }}
            </button>
            <FieldError message=error />
        </form>
    }
}

#[component]
pub fn AddMember(
    group: String,
    users: Vec<OrganizationUser>,
    members: Vec<String>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(String::new());
    let group = StoredValue::new(group);
    let options: Vec<(String, String)> = users
        .into_iter()
        .filter(|u| !members.contains(&u.id))
        .map(|u| (u.id.clone(), u.label()))
        .collect();
    let add = move |(user, who): (String, String)| {
        let (api, back, g) = (session.client(), session.client(), group.get_value());
        let (g2, u2) = (g.clone(), user.clone());
        checker.send(
            send,
            async move { api?.add_group_user(&g, &user).await.map(drop) },
            async move { Ok(back?.all_group_users(&g2).await?.iter().any(|m| m.id == u2)) },
            said(format!("{who} added to the group."), error, move || {
                chosen.try_set(String::new()).map_or((), drop)
            }),
        );
    };
    let words = Words {
        label: "Add a member",
        placeholder: "Choose someone…",
        missing: "Choose someone to add.",
        button: ("Add", "Adding…"),
        testids: (
            "group-add-member",
            "group-member-choice",
            "group-member-add",
        ),
    };
    view! {
        <ChoiceForm
            words=words
            options=options
            send=send
            error=error
            chosen=chosen
            on_choose=Callback::new(add)
        />
    }
}

/// The words and test IDs of a one-choice form.
struct Words {
    label: &'static str,
    placeholder: &'static str,
    /// Said when nothing is chosen.
    missing: &'static str,
    /// The button, then the button while the write is on its way.
    button: (&'static str, &'static str),
    /// The form's, the select's and the button's.
    testids: (&'static str, &'static str, &'static str),
}

/// One select and a button: the choice `(id, label)` is handed to `on_choose`.
#[component]
fn ChoiceForm(
    words: Words,
    options: Vec<(String, String)>,
    send: Write<()>,
    error: RwSignal<Option<String>>,
    chosen: RwSignal<String>,
    #[prop(into)] on_choose: Callback<(String, String)>,
) -> impl IntoView {
    let Words {
        label,
        placeholder,
        missing,
        button,
        testids,
    } = words;
    let labels = StoredValue::new(options.clone());
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let id = chosen.get_untracked();
        match labels.with_value(|l| l.iter().find(|(x, _)| *x == id).map(|(_, n)| n.clone())) {
            Some(name) => {
                error.set(None);
                on_choose.run((id, name));
            }
            None => error.set(Some(missing.into())),
        }
    };
    view! {
        <form on:focusout=keep_in_region class="people-form" on:submit=submit data-testid=testids.0>
            <label class="field-inline">
                <span>{label}</span>
                <select data-testid=testids.1 on:change=move |e| chosen.set(event_target_value(&e))>
                    <option value="" selected=move || chosen.with(String::is_empty)>
                        {placeholder}
                    </option>
                    {options
                        .into_iter()
                        .map(|(id, label)| {
                            let v = id.clone();
                            view! {
                                <option value=id selected=move || chosen.with(|c| *c == v)>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button
                type="submit"
                class="btn btn-small"
                data-testid=testids.2
                disabled=move || send.pending()
            >
                {move || if send.pending() { button.1 } else { button.0 }}
            </button>
            <FieldError message=error />
        </form>
    }
}

/// Who a role is given to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    User(String),
    Group(String),
}

impl Holder {
    pub fn principal(&self) -> Principal<'_> {
        match self {
            Self::User(id) => Principal::User(id),
            Self::Group(id) => Principal::Group(id),
        }
    }
}

#[component]
pub fn AssignRole(holder: Holder, roles: Vec<Role>, held: Vec<String>) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(String::new());
    let holder = StoredValue::new(holder);
    let options: Vec<(String, String)> = roles
        .into_iter()
        .filter(|r| !held.contains(&r.id))
        .map(|r| (r.id, r.name))
        .collect();
    let assign = move |(role, name): (String, String)| {
        let (api, back, g) = (session.client(), session.client(), holder.get_value());
        let (g2, r2) = (g.clone(), role.clone());
        checker.send(
            send,
            async move { api?.assign_role(g.principal(), &role).await.map(drop) },
            async move {
                Ok(back?
                    .all_assigned_roles(g2.principal())
                    .await?
                    .iter()
                    .any(|r| r.id == r2))
            },
            said(format!("Role “{name}” given."), error, move || {
                chosen.try_set(String::new()).map_or((), drop)
            }),
        );
    };
    let words = Words {
        label: "Give an organization role",
        placeholder: "Choose a role…",
        missing: "Choose a role.",
        button: ("Assign", "Assigning…"),
        testids: ("assign-role", "role-choice", "role-assign"),
    };
    view! {
        <ChoiceForm
            words=words
            options=options
            send=send
            error=error
            chosen=chosen
            on_choose=Callback::new(assign)
        />
    }
}

#[component]
pub fn AddToProject(group: String, projects: Vec<Project>) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let project = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let group = StoredValue::new(group);
    // The chosen project's roles (its role IDs are its own).
    let roles = LocalResource::new(move || {
        let p = project.get();
        let api = session.client();
        async move {
            if p.is_empty() {
                return Ok(Vec::new());
            }
            api?.all_roles(RoleScope::Project(&p)).await
        }
    });
    let names = StoredValue::new(
        projects
            .iter()
            .map(|p| (p.id.clone(), p.display_name().to_owned()))
            .collect::<Vec<_>>(),
    );
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let (p, r) = (project.get_untracked(), role.get_untracked());
        let Some(name) =
            names.with_value(|l| l.iter().find(|(id, _)| *id == p).map(|(_, n)| n.clone()))
        else {
            error.set(Some("Choose a project.".into()));
            return;
        };
        if r.is_empty() {
            error.set(Some("Choose the group's role in the project.".into()));
            return;
        }
        error.set(None);
        let (api, back, g) = (session.client(), session.client(), group.get_value());
        let (g2, p2) = (g.clone(), p.clone());
        let body = AddProjectGroup {
            group_id: g,
            role: r,
        };
        checker.send(
            send,
            async move { api?.add_project_group(&p, &body).await.map(drop) },
            async move {
                Ok(back?
                    .all_project_groups(&p2)
                    .await?
                    .iter()
                    .any(|x| x.group_id == g2))
            },
            said(format!("The group now reaches {name}."), error, move || {
                project.try_set(String::new()).map_or((), drop)
            }),
        );
    };
    view! {
        <form
            on:focusout=keep_in_region
            class="people-form"
            on:submit=submit
            data-testid="group-add-project"
        >
            <label class="field-inline">
                <span>"Give a project"</span>
                <select
                    data-testid="group-project-choice"
                    on:change=move |e| {
                        role.set(String::new());
                        project.set(event_target_value(&e));
                    }
                >
                    <option value="" selected=move || project.with(String::is_empty)>
                        "Choose a project…"
                    </option>
                    {projects
                        .into_iter()
                        .map(|p| {
                            let v = p.id.clone();
                            view! {
                                <option
                                    value=p.id.clone()
                                    selected=move || project.with(|c| *c == v)
                                >
                                    {p.display_name().to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field-inline">
                <span>"With the role"</span>
                <select
                    data-testid="group-project-role"
                    on:change=move |e| role.set(event_target_value(&e))
                >
                    <option value="" selected=move || role.with(String::is_empty)>
                        {move || {
                            if project.with(String::is_empty) {
                                "Choose a project first"
                            } else {
                                "Choose…"
                            }
                        }}
                    </option>
                    {move || {
                        roles
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|r| view! { <option value=r.id>{r.name}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <button
                type="submit"
                class="btn btn-small"
                data-testid="group-project-add"
                disabled=move || send.pending()
            >
                {move || if send.pending() { "Adding…" } else { "Add" }}
            </button>
            <FieldError message=error />
        </form>
    }
}

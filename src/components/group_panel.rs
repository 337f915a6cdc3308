//! One group, opened from Groups: its members, its organization roles and the projects it is
//! given, each changeable here. A SCIM-managed group's name and members come from the identity
//! provider, which undoes changes made here, so those are read-only, with the reason; its roles
//! and projects are Keyward's to change.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{Loading, Write, api_resource_on};
use crate::components::confirm::ConfirmDialog;
use crate::components::focus;
use crate::components::group_forms::{AddMember, AddToProject, AssignRole, Holder, RenameGroup};
use crate::logic::errors::proves_gone;
use crate::session::cache::Topic;
use crate::session::project_list::{self, PROJECTS_CHECKED};
use crate::session::use_session;
use crate::work::groups::{self, GroupDetail};
use admin_api::resources::role_assignments::Principal;
use admin_api::types::{Group, OrganizationUser, Project, Role};
use admin_api::{ApiError, ErrorKind};
use leptos::prelude::*;

/// A removal waiting for its confirmation.
#[derive(Clone, Debug, PartialEq)]
enum Removal {
    Member { id: String, who: String },
    Role { id: String, name: String },
    Project { id: String, name: String },
    Group,
}

/// What the open group's panel shows from the Groups listing, as last read.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub group: Group,
    pub users: Vec<OrganizationUser>,
    pub roles: Vec<Role>,
    pub projects: Vec<Project>,
}

/// The panel of `group`, kept while it stays open: a write in it reads the listing and the
/// group again, and what was read is shown until the new read arrives, where rebuilding the
/// panel flashed "Loading the group…" for as long as the group's projects took to read.
#[component]
pub fn GroupPanel(
    group: Group,
    /// The open group and the forms' choices, from the listing as last read.
    opened: Memo<Option<Opened>>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let gid = StoredValue::new(group.id.clone());
    let live = move || {
        opened.with_untracked(|o| {
            o.as_ref()
                .map(|o| project_list::live(&o.projects))
                .unwrap_or_default()
        })
    };
    let detail = api_resource_on([Topic::Groups, Topic::Roles], move |api| async move {
        let projects = live();
        Ok::<_, ApiError>(groups::load(&api, &gid.get_value(), &projects).await)
    });
    let scim = group.is_scim_managed;
    let removing = RwSignal::new(None::<Removal>);
    let first_name = group.name.clone();
    let name = Memo::new(move |_| {
        opened
            .with(|o| o.as_ref().map(|o| o.group.name.clone()))
            .unwrap_or_else(|| first_name.clone())
    });
    // Opened from the table: the keyboard and the screen follow to it.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    // A new read of the group replaces its lists: a control that had the focus there (a
    // removed member's button) is gone, and the focus comes back to the panel's heading.
    Effect::new(move |ran: Option<()>| {
        detail.track();
        if ran.is_some()
            && focus::fell_to_page()
            && let Some(h) = heading.get_untracked()
        {
            let _ = h.focus();
        }
    });
    view! {
        <section
            class="card people-section"
            aria-labelledby="group-title"
            data-testid="group-panel"
            data-group-id=group.id.clone()
        >
            <div class="page-head">
                <h2 id="group-title" class="wrap" tabindex="-1" node_ref=heading>
                    {name}
                </h2>
                <div class="actions">
                    {(!scim)
                        .then(|| {
                            view! {
                                <button
                                    class="btn btn-small btn-danger-outline"
                                    data-testid="group-delete"
                                    on:click=move |_| removing.set(Some(Removal::Group))
                                >
                                    "Delete group…"
                                </button>
                            }
                        })}
                    <button
                        class="btn btn-small"
                        data-testid="group-close"
                        on:click=move |_| on_close.run(())
                    >
                        "Close"
                    </button>
                </div>
            </div>
            {if scim {
                view! {
                    <p class="muted small" role="note" data-testid="group-scim-note">
                        "Managed by your identity provider (SCIM): its name and members are changed there, since its \
                            next sync would undo a change made here. Its roles and projects can be changed here."
                    </p>
                }
                    .into_any()
            } else {
                view! { <RenameGroup group=group.id.clone() name=group.name.clone() /> }.into_any()
            }}
            {move || match detail.get() {
                None => view! { <Loading label="Loading the group…".to_string() /> }.into_any(),
                Some(Err(e)) => view! { <p class="muted">{e.summary()}</p> }.into_any(),
                Some(Ok(d)) => {
                    let (users, roles) = opened
                        .with_untracked(|o| {
                            o.as_ref()
                                .map(|o| (o.users.clone(), o.roles.clone()))
                                .unwrap_or_default()
                        });
                    view! {
                        <Detail
                            group=gid.get_value()
                            detail=d
                            scim=scim
                            users=users
                            roles=roles
                            projects=live()
                            removing=removing
                        />
                    }
                        .into_any()
                }
            }}
            {move || {
                removing
                    .get()
                    .map(|r| {
                        view! {
                            <ConfirmRemoval
                                group=gid.get_value()
                                group_name=name.get_untracked()
                                removal=r
                                on_close=Callback::new(move |_| removing.set(None))
                                on_gone=on_close
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn Detail(
    group: String,
    detail: GroupDetail,
    scim: bool,
    users: Vec<OrganizationUser>,
    roles: Vec<Role>,
    projects: Vec<Project>,
    removing: RwSignal<Option<Removal>>,
) -> impl IntoView {
    let GroupDetail {
        members,
        roles: held,
        projects: given,
    } = detail;
    let member_ids: Vec<String> = members.iter().flatten().map(|m| m.id.clone()).collect();
    let held_ids: Vec<String> = held.iter().flatten().map(|r| r.id.clone()).collect();
    let given_ids: Vec<String> = given
        .iter()
        .flat_map(|(g, _, _)| g)
        .map(|g| g.project_id.clone())
        .collect();
    view! {
        <h3>"Members"</h3>
        {match members {
            Err(e) => note(&e, "members").into_any(),
            Ok(list) if list.is_empty() => {
                view! {
                    <p class="muted" data-testid="group-members">
                        "No members."
                    </p>
                }
                    .into_any()
            }
            Ok(list) => {
                view! {
                    <ul class="plain" data-testid="group-members">
                        {list
                            .into_iter()
                            .map(|m| {
                                let who = m.email.clone().unwrap_or_else(|| m.name.clone());
                                let removal = Removal::Member {
                                    id: m.id.clone(),
                                    who: who.clone(),
                                };
                                view! {
                                    <li data-user-id=m.id.clone()>
                                        <span class="wrap">{who.clone()}</span>
                                        {(!scim)
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <button
                                                        class="btn btn-small"
                                                        data-testid="group-member-remove"
                                                        aria-label=format!("Remove {who} from the group")
                                                        on:click=move |_| removing.set(Some(removal.clone()))
                                                    >
                                                        "Remove"
                                                    </button>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
        {(!scim)
            .then(|| view! { <AddMember group=group.clone() users=users members=member_ids /> })}
        <h3>"Organization roles"</h3>
        {match held {
            Err(e) => note(&e, "roles").into_any(),
            Ok(list) => {
                view! {
                    <ul class="plain" data-testid="group-roles">
                        {list.is_empty().then(|| view! { <li class="muted">"None."</li> })}
                        {list
                            .into_iter()
                            .map(|r| {
                                let removal = Removal::Role {
                                    id: r.id.clone(),
                                    name: r.name.clone(),
                                };
                                view! {
                                    <li>
                                        {r.name.clone()} " "
                                        <button
                                            class="btn btn-small"
                                            data-testid="group-role-remove"
                                            aria-label=format!("Unassign {} from the group", r.name)
                                            on:click=move |_| removing.set(Some(removal.clone()))
                                        >
                                            "Unassign"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
        <AssignRole holder=Holder::Group(group.clone()) roles=roles held=held_ids />
        <h3>"Projects"</h3>
        {match given {
            Err(e) => note(&e, "projects it is given").into_any(),
            Ok((list, checked, total)) => {
                view! {
                    {(checked < total)
                        .then(|| {
                            view! {
                                <p class="muted small" role="note">
                                    {format!("Checked in the first {checked} of {total} projects.")}
                                </p>
                            }
                        })}
                    <ul class="plain" data-testid="group-projects">
                        {list.is_empty().then(|| view! { <li class="muted">"In no project."</li> })}
                        {list
                            .into_iter()
                            .map(|g| {
                                let removal = Removal::Project {
                                    id: g.project_id.clone(),
                                    name: g.project_name.clone(),
                                };
                                let roles = g
                                    .roles
                                    .iter()
                                    .map(|r| r.name.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                view! {
                                    <li data-project-id=g.project_id.clone()>
                                        <span class="wrap">{g.project_name.clone()}</span>
                                        {(!roles.is_empty()).then(|| format!(" ({roles})"))}
                                        " "
                                        <button
                                            class="btn btn-small"
                                            data-testid="group-project-remove"
                                            aria-label=format!(
                                                "Remove the group from {}",
                                                g.project_name,
                                            )
                                            on:click=move |_| removing.set(Some(removal.clone()))
                                        >
                                            "Remove"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
        <AddToProject
            group=group
            projects=projects
                .into_iter()
                .filter(|p| !given_ids.contains(&p.id))
                .take(PROJECTS_CHECKED)
                .collect()
        />
    }
}

fn note(e: &ApiError, what: &str) -> impl IntoView + use<> {
    let text = if e.kind == ErrorKind::MissingPermission {
        format!(
            "This admin key can't read the group's {what}: {}",
            e.message
        )
    } else {
        format!("The group's {what} could not be read: {}", e.summary())
    };
    view! {
        <p class="muted small" role="note">
            {text}
        </p>
    }
}

/// One removal, confirmed, sent once, its outcome proven.
#[component]
fn ConfirmRemoval(
    group: String,
    group_name: String,
    removal: Removal,
    #[prop(into)] on_close: Callback<()>,
    /// The group itself is gone: the panel closes.
    #[prop(into)]
    on_gone: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::<()>::new();
    let error = RwSignal::new(None::<String>);
    let (title, text, done) = match &removal {
        Removal::Member { who, .. } => (
            format!("Remove {who} from “{group_name}”?"),
            "They lose the roles and projects the group gives them; what they hold directly stays.".to_owned(),
            format!("{who} left “{group_name}”."),
        ),
        Removal::Role { name, .. } => (
            format!("Take the role “{name}” from “{group_name}”?"),
            "Its members lose what the role grants, unless they hold it another way.".to_owned(),
            format!("“{group_name}” no longer has “{name}”."),
        ),
        Removal::Project { name, .. } => (
            format!("Take “{group_name}” out of {name}?"),
            "Its members lose access to the project through this group; direct members stay.".to_owned(),
            format!("“{group_name}” is out of {name}."),
        ),
        Removal::Group => (
            format!("Delete the group “{group_name}”?"),
            "Its members lose every role and project it gives them. The members themselves stay in the \
                organization."
                .to_owned(),
            format!("Group “{group_name}” deleted."),
        ),
    };
    let go = move |_| {
        let api = session.client();
        let back = session.client();
        let g = group.clone();
        let g2 = group.clone();
        let gone = matches!(removal, Removal::Group);
        let then = if gone { on_gone } else { on_close };
        let said = Checked {
            done: done.clone(),
            error,
            topics: vec![Topic::Groups, Topic::Roles, Topic::OrgUsers],
            then,
        };
        match removal.clone() {
            Removal::Member { id, .. } => {
                let id2 = id.clone();
                checker.send(
                    send,
                    async move { api?.remove_group_user(&g, &id).await.map(drop) },
                    async move {
                        Ok(!back?
                            .all_group_users(&g2)
                            .await?
                            .iter()
                            .any(|m| m.id == id2))
                    },
                    said,
                );
            }
            Removal::Role { id, .. } => {
                let id2 = id.clone();
                checker.send(
                    send,
                    async move {
                        api?.unassign_role(Principal::Group(&g), &id)
                            .await
                            .map(drop)
                    },
                    async move {
                        let held = back?.all_assigned_roles(Principal::Group(&g2)).await?;
                        Ok(!held.iter().any(|r| r.id == id2))
                    },
                    said,
                );
            }
            Removal::Project { id, .. } => {
                let id2 = id.clone();
                checker.send(
                    send,
                    async move { api?.remove_project_group(&id, &g).await.map(drop) },
                    async move {
                        Ok(!back?
                            .all_project_groups(&id2)
                            .await?
                            .iter()
                            .any(|p| p.group_id == g2))
                    },
                    said,
                );
            }
            Removal::Group => checker.send(
                send,
                async move { api?.delete_group(&g).await.map(drop) },
                async move { proves_gone(back?.group(&g2).await) },
                said,
            ),
        }
    };
    view! {
        <ConfirmDialog
            title=title
            text=text
            confirm="Confirm"
            pending="Sending…"
            testid="group-confirm"
            busy=Signal::derive(move || send.pending())
            error=error
            on_confirm=Callback::new(go)
            on_close=on_close
        />
    }
}

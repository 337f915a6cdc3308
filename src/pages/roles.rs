//! Roles: the organization's, or one project's (`#/roles?project=ID`). Predefined roles are
//! OpenAI's and read-only; custom ones can be created, changed and deleted. A finding filters
//! the custom roles that grant key or admin-key writes. Sorted and exported like every People
//! & access table.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{Write, api_resource_on, loaded};
use crate::components::confirm::ConfirmDialog;
use crate::components::data_table::{DataTable, TableExport, sort_in_hash};
use crate::components::finding_chips::{Finding, FindingChips, chosen_in_hash};
use crate::components::people_tabs::PeopleTabs;
use crate::components::role_editor::RoleEditor;
use crate::logic::errors::proves_gone;
use crate::logic::hash_query;
use crate::logic::people::findings::{KeyWrite, key_writing_roles, strongest_key_write};
use crate::logic::table::{Column, Key, Row};
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::ApiError;
use admin_api::id;
use admin_api::types::{Project, Role, RoleScope};
use leptos::prelude::*;

const PAGE: &str = "#/roles";

const COLUMNS: &[Column] = &[
    Column::new("name", "Name"),
    Column::new("kind", "Kind"),
    Column::new("writes", "Writes keys"),
    Column::wide("permissions", "Permissions"),
    Column::wide("description", "Description"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RoleFinding {
    KeyWrites,
}

impl Finding for RoleFinding {
    fn all() -> &'static [Self] {
        &[Self::KeyWrites]
    }

    fn id(self) -> &'static str {
        "key-writes"
    }

    fn label(self) -> String {
        "Custom roles that write keys".into()
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Listing {
    roles: Vec<Role>,
    projects: Vec<Project>,
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let session = use_session();
    let project =
        RwSignal::new(hash_query::get(&browser::hash(), "project").filter(|p| id::is_valid(p)));
    Effect::new(move |_| {
        let p = project.get();
        let hash = browser::hash();
        if hash.split('?').next() == Some(PAGE) {
            browser::replace_hash(&hash_query::set(&hash, PAGE, "project", p.as_deref()));
        }
    });
    let listing = api_resource_on([Topic::Roles], move |api| async move {
        let p = project.get_untracked();
        let scope = RoleScope::of(p.as_deref());
        let (roles, projects) = futures::join!(api.all_roles(scope), session.live_projects());
        Ok::<_, ApiError>(Listing {
            roles: roles?,
            projects: projects.unwrap_or_default(),
        })
    });
    // A new scope is a new read.
    Effect::new(move |prev: Option<Option<String>>| {
        let now = project.get();
        if prev.is_some_and(|p| p != now) {
            listing.refetch();
        }
        now
    });
    let editing = RwSignal::new(None::<Option<Role>>);
    let deleting = RwSignal::new(None::<Role>);
    view! {
        <section class="page" aria-labelledby="roles-title" data-testid="roles-page">
            <PeopleTabs />
            <div class="page-head">
                <div>
                    <h1 id="roles-title">"Roles"</h1>
                    <p class="muted small">
                        "What each role lets its holders do. OpenAI's predefined roles are read-only."
                    </p>
                </div>
                <div class="actions">
                    <button
                        class="btn btn-primary btn-small"
                        data-testid="role-new"
                        on:click=move |_| editing.set(Some(None))
                    >
                        "New role…"
                    </button>
                </div>
            </div>
            {loaded(
                listing,
                "Loading roles…".to_string(),
                move |l: Listing| {
                    view! {
                        <ScopeChoice projects=l.projects.clone() project=project />
                        <RoleTable roles=l.roles editing=editing deleting=deleting />
                    }
                        .into_any()
                },
            )}
            {move || {
                editing
                    .get()
                    .map(|role| {
                        let before = listing
                            .get()
                            .and_then(Result::ok)
                            .map(|l| l.roles.into_iter().map(|r| r.id).collect())
                            .unwrap_or_default();
                        view! {
                            <RoleEditor
                                project=project.get_untracked()
                                role=role
                                before=before
                                on_close=Callback::new(move |_| editing.set(None))
                            />
                        }
                    })
            }}
            {move || {
                deleting
                    .get()
                    .map(|role| {
                        view! {
                            <DeleteRole
                                project=project.get_untracked()
                                role=role
                                on_close=Callback::new(move |_| deleting.set(None))
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn ScopeChoice(projects: Vec<Project>, project: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <label class="field-inline">
            <span>"Roles of"</span>
            <select
                data-testid="roles-scope"
                on:change=move |e| {
                    let v = event_target_value(&e);
                    project.set((!v.is_empty()).then_some(v));
                }
            >
                <option value="" selected=move || project.with(Option::is_none)>
                    "The organization"
                </option>
                {projects
                    .into_iter()
                    .map(|p| {
                        let v = p.id.clone();
                        view! {
                            <option
                                value=p.id.clone()
                                selected=move || project.with(|c| c.as_deref() == Some(v.as_str()))
                            >
                                {format!("Project: {}", p.display_name())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn RoleTable(
    roles: Vec<Role>,
    editing: RwSignal<Option<Option<Role>>>,
    deleting: RwSignal<Option<Role>>,
) -> impl IntoView {
    let finding = chosen_in_hash::<RoleFinding>(PAGE);
    let sort = sort_in_hash(PAGE, COLUMNS);
    // The finding counts custom roles; the column marks every role that writes keys.
    let custom: Vec<String> = key_writing_roles(&roles)
        .into_iter()
        .map(|(r, _)| r.id.clone())
        .collect();
    let counts = vec![custom.len()];
    let writing: Vec<(String, Option<KeyWrite>)> = roles
        .iter()
        .map(|r| (r.id.clone(), strongest_key_write(&r.permissions)))
        .collect();
    let writing = StoredValue::new(writing);
    let custom = StoredValue::new(custom);
    let roles = StoredValue::new(roles);
    let writes = move |id: &str| {
        writing.with_value(|w| w.iter().find(|(r, _)| r == id).and_then(|(_, k)| *k))
    };
    let rows = Signal::derive(move || {
        let only = finding.get().is_some();
        roles.with_value(|rs| {
            rs.iter()
                .filter(|r| !only || custom.with_value(|c| c.contains(&r.id)))
                .map(|r| row(r, writes(&r.id)))
                .collect::<Vec<_>>()
        })
    });
    let filter = Signal::derive(move || finding.get().map(|f| f.label()).unwrap_or_default());
    let draw = Callback::new(move |r: Row| {
        let Some(role) = roles.with_value(|rs| rs.iter().find(|x| x.id == r.id).cloned()) else {
            return ().into_any();
        };
        let custom = !role.predefined_role;
        let (edit, delete) = (role.clone(), role.clone());
        let perms = role.permissions.join(", ");
        view! {
            <tr data-testid="role-row" data-role-id=role.id.clone() data-writes=r.cells[2].clone()>
                <td class="wrap">{role.name.clone()}</td>
                <td>{r.cells[1].clone()}</td>
                <td>
                    {match writes(&role.id) {
                        Some(KeyWrite::AdminKeys) => {
                            view! { <span class="badge badge-warn">"admin keys"</span> }.into_any()
                        }
                        Some(KeyWrite::ProjectKeys) => {
                            view! { <span class="badge">"project keys"</span> }.into_any()
                        }
                        None => view! { <span class="muted">"—"</span> }.into_any(),
                    }}
                </td>
                <td class="wrap hide-narrow small">{perms}</td>
                <td class="wrap hide-narrow">{role.description.clone().unwrap_or_default()}</td>
                <td>
                    {if custom {
                        view! {
                            <button
                                class="btn btn-small"
                                data-testid="role-edit"
                                aria-label=format!("Edit the role {}", role.name)
                                on:click=move |_| editing.set(Some(Some(edit.clone())))
                            >
                                "Edit"
                            </button>
                            <button
                                class="btn btn-small btn-danger-outline"
                                data-testid="role-delete"
                                aria-label=format!("Delete the role {}", role.name)
                                on:click=move |_| deleting.set(Some(delete.clone()))
                            >
                                "Delete"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! { <span class="muted small">"OpenAI's, read-only"</span> }.into_any()
                    }}
                </td>
            </tr>
        }
        .into_any()
    });
    view! {
        <FindingChips prefix="role-finding" counts=counts chosen=finding />
        <TableExport columns=COLUMNS rows=rows sort=sort what="roles" filter=filter />
        <DataTable
            columns=COLUMNS
            rows=rows
            sort=sort
            row=draw
            actions="Actions"
            empty=Signal::derive(move || {
                if finding.get().is_some() { "No custom role writes keys." } else { "No roles." }
                    .to_owned()
            })
            testid="roles-table"
            labelledby="roles-title"
        />
    }
}

fn row(r: &Role, writes: Option<KeyWrite>) -> Row {
    let kind = if r.predefined_role {
        "predefined"
    } else {
        "custom"
    };
    let writes = match writes {
        Some(KeyWrite::AdminKeys) => "admin keys",
        Some(KeyWrite::ProjectKeys) => "project keys",
        None => "",
    };
    Row {
        id: r.id.clone(),
        cells: vec![
            r.name.clone(),
            kind.into(),
            writes.into(),
            r.permissions.join(" "),
            r.description.clone().unwrap_or_default(),
        ],
        keys: vec![
            Key::text(&r.name),
            Key::text(kind),
            Key::text(writes),
            Key::Num(Some(r.permissions.len() as i64)),
            Key::text(r.description.as_deref().unwrap_or("")),
        ],
    }
}

#[component]
fn DeleteRole(
    project: Option<String>,
    role: Role,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let id = StoredValue::new(role.id.clone());
    let project = StoredValue::new(project);
    let go = move |_| {
        let (api, back) = (session.client(), session.client());
        let (p1, p2) = (project.get_value(), project.get_value());
        let (i1, i2) = (id.get_value(), id.get_value());
        checker.send(
            send,
            async move {
                api?.delete_role(RoleScope::of(p1.as_deref()), &i1)
                    .await
                    .map(drop)
            },
            async move { proves_gone(back?.role(RoleScope::of(p2.as_deref()), &i2).await) },
            Checked {
                done: "Role deleted.".into(),
                error,
                topics: vec![Topic::Roles, Topic::Groups, Topic::OrgUsers],
                then: on_close,
            },
        );
    };
    view! {
        <ConfirmDialog
            title=format!("Delete the role “{}”?", role.name)
            text="Everyone who holds it, directly or through a group, loses what it grants."
                .to_owned()
            confirm="Delete role"
            pending="Deleting…"
            testid="role-delete-dialog"
            busy=Signal::derive(move || send.pending())
            error=error
            on_confirm=Callback::new(go)
            on_close=on_close
        />
    }
}

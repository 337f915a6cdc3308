//! Groups: every group of the organization (SCIM-managed ones marked, a finding that filters the
//! table), sorted and exported like every People & access table; a new group; one group opened
//! below the table, kept in the hash (`#/groups?group=ID`) so a link or reload brings it back.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{FieldError, RelTime, Write, api_resource_on, loaded};
use crate::components::data_table::{DataTable, TableExport, sort_in_hash};
use crate::components::finding_chips::{Finding, FindingChips, chosen_in_hash};
use crate::components::group_panel::{GroupPanel, Opened};
use crate::components::modal::Modal;
use crate::components::people_tabs::PeopleTabs;
use crate::components::scim_drift::ScimDriftList;
use crate::logic::people::findings::{
    GROUP_CHANGES, changed_outside_scim, scim_groups, scim_undoes,
};
use crate::logic::table::{Column, Key, Row};
use crate::logic::{hash_query, time};
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::id;
use admin_api::types::{AuditLog, AuditQuery, Group, OrganizationUser, Project, Role, RoleScope};
use leptos::prelude::*;

const PAGE: &str = "#/groups";

const COLUMNS: &[Column] = &[
    Column::new("name", "Name"),
    Column::new("type", "Managed by"),
    Column::wide("created", "Created"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupFinding {
    Scim,
    /// SCIM-managed, and changed here or through the API: its next sync undoes it.
    ScimDrift,
}

impl Finding for GroupFinding {
    fn all() -> &'static [Self] {
        &[Self::Scim, Self::ScimDrift]
    }

    fn id(self) -> &'static str {
        match self {
            Self::Scim => "scim",
            Self::ScimDrift => "changed-outside-scim",
        }
    }

    fn label(self) -> String {
        match self {
            Self::Scim => "SCIM-managed",
            Self::ScimDrift => "Changed outside SCIM",
        }
        .into()
    }
}

/// The groups, and what the forms choose from (each may be unreadable: then empty).
#[derive(Clone, Debug, PartialEq)]
struct Listing {
    groups: Vec<Group>,
    users: Vec<OrganizationUser>,
    roles: Vec<Role>,
    projects: Vec<Project>,
    /// Changes to groups from the audit log; none when it can't be read.
    events: Option<Vec<AuditLog>>,
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let session = use_session();
    let listing = api_resource_on(
        [Topic::Groups, Topic::OrgUsers, Topic::Roles],
        move |api| async move {
            let groups = api.all_groups().await?;
            let query = AuditQuery {
                event_types: GROUP_CHANGES.iter().map(|t| (*t).to_owned()).collect(),
                limit: Some(100),
                ..AuditQuery::default()
            };
            let (users, roles, projects, events) = futures::join!(
                api.all_org_users(),
                api.all_roles(RoleScope::Organization),
                session.live_projects(),
                api.list_audit_logs(&query)
            );
            Ok(Listing {
                groups,
                users: users.unwrap_or_default(),
                roles: roles.unwrap_or_default(),
                projects: projects.unwrap_or_default(),
                events: events.ok().map(|p| p.data),
            })
        },
    );
    let open =
        RwSignal::new(hash_query::get(&browser::hash(), "group").filter(|g| id::is_valid(g)));
    Effect::new(move |_| {
        let g = open.get();
        let hash = browser::hash();
        if hash.split('?').next() == Some(PAGE) {
            browser::replace_hash(&hash_query::set(&hash, PAGE, "group", g.as_deref()));
        }
    });
    // The open group, from the listing as last read. Its panel is made again only when
    // another group opens: a write in it, which reads the listing again, leaves it in place.
    let opened = Memo::new(move |_| {
        let id = open.get()?;
        let l = listing.get()?.ok()?;
        Some(Opened {
            group: l.groups.into_iter().find(|g| g.id == id)?,
            users: l.users,
            roles: l.roles,
            projects: l.projects,
        })
    });
    let opened_id = Memo::new(move |_| opened.with(|o| o.as_ref().map(|o| o.group.id.clone())));
    let creating = RwSignal::new(false);
    view! {
        <section class="page" aria-labelledby="groups-title" data-testid="groups-page">
            <PeopleTabs />
            <div class="page-head">
                <div>
                    <h1 id="groups-title">"Groups"</h1>
                    <p class="muted small">
                        "Groups of users. A group's roles and projects reach every member."
                    </p>
                </div>
                <div class="actions">
                    <button
                        class="btn btn-primary btn-small"
                        data-testid="group-new"
                        on:click=move |_| creating.set(true)
                    >
                        "New group…"
                    </button>
                </div>
            </div>
            {loaded(
                listing,
                "Loading groups…".to_string(),
                move |l: Listing| {
                    view! { <GroupTable groups=l.groups events=l.events open=open /> }.into_any()
                },
            )}
            {move || {
                opened_id
                    .get()
                    .and_then(|_| opened.get_untracked())
                    .map(|o| {
                        view! {
                            <GroupPanel
                                group=o.group
                                opened=opened
                                on_close=Callback::new(move |_| open.set(None))
                            />
                        }
                    })
            }}
            {move || {
                creating
                    .get()
                    .then(|| {
                        let before = listing
                            .get()
                            .and_then(Result::ok)
                            .map(|l| l.groups.into_iter().map(|g| g.id).collect())
                            .unwrap_or_default();
                        view! {
                            <NewGroup
                                before=before
                                on_close=Callback::new(move |_| creating.set(false))
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn GroupTable(
    groups: Vec<Group>,
    events: Option<Vec<AuditLog>>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let now = browser::now();
    let finding = chosen_in_hash::<GroupFinding>(PAGE);
    let sort = sort_in_hash(PAGE, COLUMNS);
    let scim: Vec<String> = scim_groups(&groups)
        .into_iter()
        .map(|g| g.id.clone())
        .collect();
    let ids: Vec<&str> = scim.iter().map(String::as_str).collect();
    let drift = events
        .as_deref()
        .map(|e| changed_outside_scim(&ids, e))
        .unwrap_or_default();
    let drifted: Vec<String> = drift.iter().map(|d| d.id.clone()).collect();
    let counts = vec![scim.len(), drifted.len()];
    let drift_lines: Vec<String> = drift
        .iter()
        .map(|d| {
            let name = groups
                .iter()
                .find(|g| g.id == d.id)
                .map_or_else(|| d.id.clone(), |g| g.name.clone());
            format!("{name}: {}", scim_undoes(&d.changes))
        })
        .collect();
    let audit_unread = events.is_none();
    let groups = StoredValue::new(groups);
    let rows = Signal::derive(move || {
        let keep = match finding.get() {
            None => None,
            Some(GroupFinding::Scim) => Some(&scim),
            Some(GroupFinding::ScimDrift) => Some(&drifted),
        };
        groups.with_value(|gs| {
            gs.iter()
                .filter(|g| keep.is_none_or(|k| k.contains(&g.id)))
                .map(row)
                .collect::<Vec<_>>()
        })
    });
    let filter = Signal::derive(move || finding.get().map(|f| f.label()).unwrap_or_default());
    let draw = Callback::new(move |r: Row| {
        let Some(g) = groups.with_value(|gs| gs.iter().find(|g| g.id == r.id).cloned()) else {
            return ().into_any();
        };
        let id = g.id.clone();
        let is_open = Memo::new(move |_| open.with(|o| o.as_deref() == Some(id.as_str())));
        let id = g.id.clone();
        view! {
            <tr
                data-testid="group-row"
                data-group-id=g.id.clone()
                data-scim=g.is_scim_managed.to_string()
            >
                <td class="wrap">
                    <button
                        class="btn-link"
                        data-testid="group-open"
                        aria-expanded=move || is_open.get().to_string()
                        on:click=move |_| open.set(Some(id.clone()))
                    >
                        {g.name.clone()}
                    </button>
                </td>
                <td>
                    {if g.is_scim_managed {
                        view! { <span class="badge">"SCIM"</span> }.into_any()
                    } else {
                        "Keyward / dashboard".into_any()
                    }}
                </td>
                <td class="hide-narrow">
                    <RelTime ts=Some(g.created_at) now=now />
                </td>
            </tr>
        }
        .into_any()
    });
    view! {
        <FindingChips prefix="group-finding" counts=counts chosen=finding />
        {move || {
            (finding.get() == Some(GroupFinding::ScimDrift))
                .then(|| {
                    view! {
                        <ScimDriftList
                            lines=drift_lines.clone()
                            unread=audit_unread
                            testid="group-scim-drift"
                        />
                    }
                })
        }}
        <TableExport columns=COLUMNS rows=rows sort=sort what="groups" filter=filter />
        <DataTable
            columns=COLUMNS
            rows=rows
            sort=sort
            row=draw
            empty=Signal::derive(move || {
                if finding.get().is_some() {
                    "No group matches this finding."
                } else {
                    "No groups yet."
                }
                    .to_owned()
            })
            testid="groups-table"
            labelledby="groups-title"
        />
    }
}

fn row(g: &Group) -> Row {
    let kind = if g.is_scim_managed { "SCIM" } else { "manual" };
    Row {
        id: g.id.clone(),
        cells: vec![g.name.clone(), kind.into(), time::iso(g.created_at)],
        keys: vec![
            Key::text(&g.name),
            Key::text(kind),
            Key::Num(Some(g.created_at)),
        ],
    }
}

/// A new group, by name; a lost answer is settled by looking for a new group of that name.
#[component]
fn NewGroup(before: Vec<String>, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let before = StoredValue::new(before);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            error.set(Some("A group needs a name.".into()));
            return;
        }
        error.set(None);
        let (api, back, n2, old) = (
            session.client(),
            session.client(),
            n.clone(),
            before.get_value(),
        );
        checker.send(
            send,
            async move { api?.create_group(&n).await.map(drop) },
            async move {
                Ok(back?
                    .all_groups()
                    .await?
                    .iter()
                    .any(|g| g.name == n2 && !old.contains(&g.id)))
            },
            Checked {
                done: "Group created.".into(),
                error,
                topics: vec![Topic::Groups],
                then: on_close,
            },
        );
    };
    view! {
        <Modal
            labelledby="group-new-title"
            testid="group-new-dialog"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="group-new-title">"New group"</h2>
            <form on:submit=submit novalidate>
                <label class="stack">
                    <span>"Name"</span>
                    <input
                        type="text"
                        autocomplete="off"
                        data-autofocus=""
                        data-testid="group-new-name"
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </label>
                <FieldError message=error />
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="group-new-create"
                        disabled=move || send.pending()
                    >
                        {move || if send.pending() { "Creating…" } else { "Create group" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

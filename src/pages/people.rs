//! The organization's users: role, SCIM, when each last used a key and how many keys each owns
//! (from the session's inventory, so the count grows as the scan goes on). Findings filter the
//! table (owners, every one named; never used a key; SCIM-managed); it sorts and exports.

use crate::components::common::{RelTime, api_resource, loaded};
use crate::components::data_table::{DataTable, TableExport, sort_in_hash};
use crate::components::finding_chips::{Finding, FindingChips, chosen_in_hash};
use crate::components::people_tabs::PeopleTabs;
use crate::components::scim_drift::ScimDriftList;
use crate::logic::membership::keys_per_user;
use crate::logic::people::findings::{
    ScimDrift, USER_CHANGES, changed_outside_scim, never_used_a_key, owners, scim_undoes,
    scim_users,
};
use crate::logic::route::Route;
use crate::logic::table::{Column, Key, Row};
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::work::inventory;
use admin_api::ApiError;
use admin_api::types::{AuditLog, AuditQuery, OrganizationUser};
use leptos::prelude::*;
use std::collections::HashMap;

const PAGE: &str = "#/people";

const COLUMNS: &[Column] = &[
    Column::new("name", "Name"),
    Column::wide("email", "Email"),
    Column::new("role", "Role"),
    Column::wide("scim", "SCIM"),
    Column::wide("added", "Added"),
    Column::wide("key_last_used", "Key last used"),
    Column::new("keys", "Keys"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UserFinding {
    Owners,
    NeverUsedAKey,
    Scim,
    /// SCIM-managed, and changed here or through the API: its next sync undoes it.
    ScimDrift,
}

impl Finding for UserFinding {
    fn all() -> &'static [Self] {
        &[
            Self::Owners,
            Self::NeverUsedAKey,
            Self::Scim,
            Self::ScimDrift,
        ]
    }

    fn id(self) -> &'static str {
        match self {
            Self::Owners => "owners",
            Self::NeverUsedAKey => "never-used-a-key",
            Self::Scim => "scim",
            Self::ScimDrift => "changed-outside-scim",
        }
    }

    fn label(self) -> String {
        match self {
            Self::Owners => "Owners",
            Self::NeverUsedAKey => "Never used a key",
            Self::Scim => "SCIM-managed",
            Self::ScimDrift => "Changed outside SCIM",
        }
        .into()
    }
}

impl UserFinding {
    fn of(self, users: &[OrganizationUser], drift: &[ScimDrift]) -> Vec<String> {
        let list = match self {
            Self::ScimDrift => return drift.iter().map(|d| d.id.clone()).collect(),
            Self::Owners => owners(users),
            // Only answers that carry the field say "never".
            Self::NeverUsedAKey => never_used_a_key(users, |u| u.projects.is_some()),
            Self::Scim => scim_users(users),
        };
        list.into_iter().map(|u| u.id.clone()).collect()
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = use_session();
    inventory::ensure(session);
    let users = api_resource(Topic::OrgUsers, move |api| async move {
        let users = api.all_org_users().await?;
        // Changes to SCIM-managed users, from the audit log (without it, none are known).
        let query = AuditQuery {
            event_types: USER_CHANGES.iter().map(|t| (*t).to_owned()).collect(),
            limit: Some(100),
            ..AuditQuery::default()
        };
        let events = api.list_audit_logs(&query).await.map(|p| p.data).ok();
        Ok::<_, ApiError>((users, events))
    });
    let scanning = move || session.inventory.with(|i| i.running);
    view! {
        <section class="page" aria-labelledby="people-title" data-testid="people-page">
            <PeopleTabs />
            <div class="page-head">
                <div>
                    <h1 id="people-title">"Users"</h1>
                    <p class="muted small">
                        "Members of the organization, what each can do, and the project API keys each one owns. \
                            Open a person to see everything they hold, or to offboard them."
                    </p>
                </div>
            </div>
            {move || {
                scanning()
                    .then(|| {
                        view! {
                            <p class="muted small" role="status">
                                "Counting keys while the scan runs…"
                            </p>
                        }
                    })
            }}
            {loaded(
                users,
                "Loading people…".to_string(),
                move |(list, events)| view! { <UserTable users=list events=events /> }.into_any(),
            )}
        </section>
    }
}

#[component]
fn UserTable(users: Vec<OrganizationUser>, events: Option<Vec<AuditLog>>) -> impl IntoView {
    let session = use_session();
    let now = browser::now();
    let finding = chosen_in_hash::<UserFinding>(PAGE);
    let sort = sort_in_hash(PAGE, COLUMNS);
    let scim: Vec<&str> = scim_users(&users).iter().map(|u| u.id.as_str()).collect();
    let drift = events
        .as_deref()
        .map(|e| changed_outside_scim(&scim, e))
        .unwrap_or_default();
    let found: Vec<(UserFinding, Vec<String>)> = UserFinding::all()
        .iter()
        .map(|f| (*f, f.of(&users, &drift)))
        .collect();
    let drift_lines: Vec<String> = drift
        .iter()
        .map(|d| {
            let who = users
                .iter()
                .find(|u| u.id == d.id)
                .map_or_else(|| d.id.clone(), OrganizationUser::label);
            format!("{who}: {}", scim_undoes(&d.changes))
        })
        .collect();
    let audit_unread = events.is_none();
    let counts = found.iter().map(|(_, v)| v.len()).collect();
    let owner_names: Vec<String> = owners(&users)
        .into_iter()
        .map(OrganizationUser::label)
        .collect();
    let found = StoredValue::new(found);
    let by_id: HashMap<String, OrganizationUser> =
        users.iter().map(|u| (u.id.clone(), u.clone())).collect();
    let by_id = StoredValue::new(by_id);
    let keys = Memo::new(move |_| session.inventory.with(keys_per_user));
    let rows = Signal::derive(move || {
        let keep = finding.get().map(|f| {
            found.with_value(|all| {
                all.iter()
                    .find(|(g, _)| *g == f)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
        });
        let keys = keys.get();
        users
            .iter()
            .filter(|u| keep.as_ref().is_none_or(|k| k.contains(&u.id)))
            .map(|u| row(u, keys.get(&u.id).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
    });
    let filter = Signal::derive(move || finding.get().map(|f| f.label()).unwrap_or_default());
    let draw = Callback::new(move |r: Row| {
        let Some(u) = by_id.with_value(|m| m.get(&r.id).cloned()) else {
            return ().into_any();
        };
        let href = Route::Person(u.id.clone()).href();
        let name = u
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| u.label());
        view! {
            <tr data-testid="person-row" data-user-id=u.id.clone()>
                <td class="wrap">
                    <a href=href data-testid="person-link">
                        {name}
                    </a>
                </td>
                <td class="wrap hide-narrow">{u.email.clone().unwrap_or_default()}</td>
                <td>{r.cells[2].clone()}</td>
                <td class="hide-narrow">
                    {(u.is_scim_managed == Some(true))
                        .then(|| view! { <span class="badge">"SCIM"</span> })}
                </td>
                <td class="hide-narrow">
                    <RelTime ts=Some(u.added_at) now=now />
                </td>
                <td class="hide-narrow">
                    <RelTime
                        ts=u.api_key_last_used_at
                        now=now
                        none=if u.projects.is_some() { "never" } else { "—" }
                    />
                </td>
                <td class="num" data-testid="person-keys">
                    {r.cells[6].clone()}
                </td>
            </tr>
        }
        .into_any()
    });
    view! {
        <FindingChips prefix="user-finding" counts=counts chosen=finding />
        {move || {
            (finding.get() == Some(UserFinding::Owners))
                .then(|| {
                    view! {
                        <p class="small" data-testid="owners-named">
                            {format!(
                                "{} owners: {}. Each can manage everything, admin keys included.",
                                owner_names.len(),
                                owner_names.join(", "),
                            )}
                        </p>
                    }
                })
        }}
        {move || {
            (finding.get() == Some(UserFinding::ScimDrift))
                .then(|| {
                    view! {
                        <ScimDriftList
                            lines=drift_lines.clone()
                            unread=audit_unread
                            testid="scim-drift"
                        />
                    }
                })
        }}
        {move || {
            (finding.get() == Some(UserFinding::Scim))
                .then(|| {
                    view! {
                        <p class="small muted" role="note">
                            "These accounts come from your identity provider: a role or membership changed here is \
                                undone at its next SCIM sync."
                        </p>
                    }
                })
        }}
        <TableExport columns=COLUMNS rows=rows sort=sort what="users" filter=filter />
        <DataTable
            columns=COLUMNS
            rows=rows
            sort=sort
            row=draw
            empty=Signal::derive(move || {
                if finding.get().is_some() { "No user matches this finding." } else { "No users." }
                    .to_owned()
            })
            testid="people-table"
            labelledby="people-title"
        />
    }
}

fn row(u: &OrganizationUser, keys: usize) -> Row {
    let name = u.name.clone().unwrap_or_default();
    let email = u.email.clone().unwrap_or_default();
    let role = u.role.clone().unwrap_or_else(|| "—".into());
    let scim = u.is_scim_managed == Some(true);
    let used = u.api_key_last_used_at;
    Row {
        id: u.id.clone(),
        cells: vec![
            name.clone(),
            email.clone(),
            role.clone(),
            if scim { "yes" } else { "no" }.into(),
            time::iso(u.added_at),
            used.map(time::iso).unwrap_or_default(),
            keys.to_string(),
        ],
        keys: vec![
            Key::text(if name.is_empty() { &email } else { &name }),
            Key::text(&email),
            Key::text(&role),
            Key::Num(Some(i64::from(scim))),
            Key::Num(Some(u.added_at)),
            Key::Num(used),
            Key::Num(Some(keys as i64)),
        ],
    }
}

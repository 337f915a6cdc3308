//! One person: their organization role and where it comes from, their groups, every project
//! they reach (directly or through a group), their project keys (from the session's
//! inventory), their admin keys, and what they did lately. Offboarding starts here.

use crate::components::common::{ErrorPanel, Loading, RelTime, api_resource_on};
use crate::components::group_forms::{AssignRole, Holder};
use crate::components::offboard_dialog::OffboardDialog;
use crate::components::people_tabs::PeopleTabs;
use crate::components::person_forms::{OrgRoleForm, UnassignUserRole};
use crate::logic::audit::AuditFilter;
use crate::logic::membership::{OwnedKey, keys_of_user};
use crate::logic::people::person::Via;
use crate::logic::route::{ProjectTab, Route};
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::work::inventory;
use crate::work::person::{self, PersonData};
use admin_api::{ApiError, ErrorKind};
use leptos::prelude::*;

#[component]
pub fn PersonPage(id: String) -> impl IntoView {
    let session = use_session();
    inventory::ensure(session);
    let id = StoredValue::new(id);
    let data = api_resource_on(
        [Topic::OrgUsers, Topic::Groups, Topic::AdminKeys],
        move |api| async move { person::load(session, &api, &id.get_value()).await },
    );
    let keys = Memo::new(move |_| {
        session
            .inventory
            .with(|inv| id.with_value(|id| keys_of_user(inv, id)))
    });
    // What the review was opened with: it stays while the page reads again under it.
    let offboarding = RwSignal::new(None::<(PersonData, Vec<OwnedKey>)>);
    let now = browser::now();
    view! {
        <section
            class="page people-section"
            aria-labelledby="person-title"
            data-testid="person-page"
        >
            <PeopleTabs />
            {move || match data.get() {
                None => view! { <Loading label="Loading this person…".to_string() /> }.into_any(),
                Some(Err(e)) if e.kind == ErrorKind::NotFound => {
                    view! {
                        <h1 id="person-title">"Not a member"</h1>
                        <div class="empty" data-testid="person-gone">
                            "No member of the organization has this ID. They may have been removed. "
                            <a href=Route::People.href()>"See everyone"</a>
                        </div>
                    }
                        .into_any()
                }
                Some(Err(e)) => {
                    view! {
                        <h1 id="person-title">"Person"</h1>
                        <ErrorPanel error=e retry=Callback::new(move |_| data.refetch()) />
                    }
                        .into_any()
                }
                Some(Ok(d)) => {
                    view! { <Person data=d keys=keys now=now offboarding=offboarding /> }.into_any()
                }
            }}
            {move || {
                offboarding
                    .get()
                    .map(|(d, k)| {
                        view! {
                            <OffboardDialog
                                data=d
                                keys=k
                                on_close=Callback::new(move |_| offboarding.set(None))
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn Person(
    data: PersonData,
    keys: Memo<Vec<OwnedKey>>,
    now: i64,
    offboarding: RwSignal<Option<(PersonData, Vec<OwnedKey>)>>,
) -> impl IntoView {
    let session = use_session();
    let u = data.user.clone();
    let scim = u.is_scim_managed == Some(true);
    let who = u.label();
    let audit_href = AuditFilter {
        actor: u.id.clone(),
        ..AuditFilter::default()
    }
    .href();
    let scanning = move || session.inventory.with(|i| !i.is_complete());
    let stored = StoredValue::new(data.clone());
    view! {
        <div class="page-head">
            <div>
                <h1 id="person-title" class="wrap">
                    {u.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| who.clone())}
                </h1>
                <p class="muted small wrap">
                    {u.email.clone().unwrap_or_default()} " · " <code>{u.id.clone()}</code>
                    {scim
                        .then(|| {
                            view! {
                                " · "
                                <span class="badge">"SCIM-managed"</span>
                            }
                        })}
                </p>
            </div>
            <div class="actions">
                <button
                    class="btn btn-danger"
                    data-testid="offboard-open"
                    on:click=move |_| {
                        offboarding.set(Some((stored.get_value(), keys.get_untracked())))
                    }
                >
                    "Offboard…"
                </button>
            </div>
        </div>
        {scim
            .then(|| {
                view! {
                    <p class="muted small" role="note">
                        "Their account comes from your identity provider (SCIM). A change made here to their role \
                            or membership is undone at its next sync: make it there too."
                    </p>
                }
            })}
        <h2>"Organization role"</h2>
        {
            let uid = u.id.clone();
            let held: Vec<String> = data
                .roles
                .iter()
                .flatten()
                .filter(|r| r.via == Via::Direct)
                .filter_map(|r| r.id.clone())
                .collect();
            let org_roles = data.org_roles.clone();
            part(
                data.roles,
                "roles",
                move |roles| {
                    view! {
                        <ul class="plain" data-testid="person-roles">
                            {roles
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <li>
                                            <strong>{r.name.clone()}</strong>
                                            " — "
                                            {r.via.text()}
                                            {r
                                                .writes_keys
                                                .then(|| {
                                                    view! {
                                                        " "
                                                        <span class="badge badge-warn">"can write keys"</span>
                                                    }
                                                })}
                                            {(r.via == Via::Direct)
                                                .then(|| r.id.clone())
                                                .flatten()
                                                .map(|id| {
                                                    view! {
                                                        " "
                                                        <UnassignUserRole
                                                            user=uid.clone()
                                                            role=id
                                                            name=r.name.clone()
                                                        />
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {(!org_roles.is_empty())
                            .then(|| {
                                view! {
                                    <AssignRole
                                        holder=Holder::User(uid.clone())
                                        roles=org_roles
                                        held=held
                                    />
                                }
                            })}
                    }
                        .into_any()
                },
            )
        }
        {u.role.clone().map(|r| view! { <OrgRoleForm user=u.id.clone() role=r /> })}
        <h2>"Groups"</h2>
        {part(
            data.groups,
            "groups",
            |groups| {
                if groups.is_empty() {
                    return view! {
                        <p class="muted" data-testid="person-groups">
                            "In no group."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <ul class="plain" data-testid="person-groups">
                        {groups
                            .into_iter()
                            .map(|g| {
                                view! {
                                    <li>
                                        <a href=format!(
                                            "{}?group={}",
                                            Route::Groups.href(),
                                            g.id,
                                        )>{g.name.clone()}</a>
                                        {g.is_scim_managed.then_some(" (SCIM-managed)")}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            },
        )}
        <h2>"Projects"</h2>
        <Projects data=stored />
        <h2>"Project keys"</h2>
        {move || {
            scanning()
                .then(|| {
                    view! {
                        <p class="muted small" role="status">
                            "The key scan is still running: more of their keys may appear."
                        </p>
                    }
                })
        }}
        <OwnedKeys keys=keys now=now />
        <h2>"Admin keys"</h2>
        {part(
            data.admin_keys,
            "admin keys",
            move |keys| {
                if keys.is_empty() {
                    return view! {
                        <p class="muted" data-testid="person-admin-keys">
                            "None."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <ul class="plain" data-testid="person-admin-keys">
                        {keys
                            .into_iter()
                            .map(|(k, mark)| {
                                view! {
                                    <li>
                                        <span class="wrap">{k.display_name().to_owned()}</span>
                                        " "
                                        <code class="small">{k.redacted_value.clone()}</code>
                                        " · used "
                                        <RelTime ts=k.last_used_at now=now none="never" />
                                        {mark
                                            .ends_session()
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <span class="badge badge-warn">"this session's key"</span>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            },
        )}
        <h2>"Recent activity"</h2>
        {part(
            data.events,
            "audit log",
            move |events| {
                if events.is_empty() {
                    return view! {
                        <p class="muted" data-testid="person-events">
                            "No events by them in the audit log."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <ul class="plain" data-testid="person-events">
                        {events
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li>
                                        <code>{e.kind.clone()}</code>
                                        " "
                                        <RelTime ts=Some(e.effective_at) now=now />
                                        {e
                                            .project
                                            .as_ref()
                                            .and_then(|p| p.name.clone())
                                            .map(|n| format!(" · {n}"))}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            },
        )}
        <p>
            <a href=audit_href data-testid="person-audit-link">
                "All their events in the audit log"
            </a>
        </p>
    }
}

/// Every project they reach, and through what.
#[component]
fn Projects(data: StoredValue<PersonData>) -> impl IntoView {
    let d = data.get_value();
    let groups = d.groups.clone().unwrap_or_default();
    let (via, checked, total) = match &d.via_groups {
        Ok((v, c, t)) => (v.clone(), *c, *t),
        Err(_) => (Vec::new(), 0, 0),
    };
    let lines = crate::logic::people::person::projects(&d.user, &groups, &via);
    let note = match &d.via_groups {
        Err(e) => Some(part_note(e, "projects given to their groups")),
        Ok(_) if checked < total => Some(format!(
            "Access through groups was checked in the first {checked} of {total} projects."
        )),
        Ok(_) => None,
    };
    view! {
        {note
            .map(|n| {
                view! {
                    <p class="muted small" role="note">
                        {n}
                    </p>
                }
            })}
        {if lines.is_empty() {
            view! {
                <p class="muted" data-testid="person-projects">
                    "In no project."
                </p>
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table" data-testid="person-projects">
                        <thead>
                            <tr>
                                <th scope="col">"Project"</th>
                                <th scope="col">"Role"</th>
                                <th scope="col">"Through"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {lines
                                .into_iter()
                                .map(|p| {
                                    let href = Route::Project {
                                        id: p.id.clone(),
                                        tab: ProjectTab::Users,
                                    }
                                        .href();
                                    view! {
                                        <tr data-project-id=p.id.clone()>
                                            <td class="wrap">
                                                <a href=href>{p.name}</a>
                                            </td>
                                            <td>
                                                {if p.role.is_empty() { "—".into() } else { p.role }}
                                            </td>
                                            <td class="wrap">{p.via.text()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

/// Their project keys, as far as the scan got.
#[component]
fn OwnedKeys(keys: Memo<Vec<OwnedKey>>, now: i64) -> impl IntoView {
    move || {
        let list = keys.get();
        if list.is_empty() {
            return view! {
                <p class="muted" data-testid="person-keys">
                    "None found."
                </p>
            }
            .into_any();
        }
        view! {
            <ul class="plain" data-testid="person-keys">
                {list
                    .into_iter()
                    .map(|k| {
                        let href = Route::Key {
                            project: k.project_id.clone(),
                            key: k.key.id.clone(),
                        }
                            .href();
                        view! {
                            <li data-key-id=k.key.id.clone()>
                                <a href=href class="wrap">
                                    {k.key.name.clone()}
                                </a>
                                " in "
                                {k.project_name}
                                " · used "
                                <RelTime ts=k.key.last_used_at now=now none="never" />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// One part of the page, or a plain note of why it can't be read (the rest still shows).
fn part<T: 'static>(
    result: Result<T, ApiError>,
    what: &'static str,
    ok: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match result {
        Ok(v) => ok(v),
        Err(e) => view! {
            <p class="muted small" role="note" data-testid="person-part-error">
                {part_note(&e, what)}
            </p>
        }
        .into_any(),
    }
}

fn part_note(e: &ApiError, what: &str) -> String {
    if e.kind == ErrorKind::MissingPermission {
        format!("This admin key can't read the {what}: {}", e.message)
    } else {
        format!("The {what} could not be read: {}", e.summary())
    }
}

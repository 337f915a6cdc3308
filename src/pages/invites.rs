//! Invites: every invitation with its status as of now (a pending one past its date is
//! expired), findings that filter the table (pending for over a week, expired), the filter in
//! the hash, an invite form, and revoking a pending invite after a confirmation, sent once.

use crate::components::common::{RelTime, Write, api_resource, loaded};
use crate::components::data_table::{DataTable, TableExport, sort_in_hash};
use crate::components::finding_chips::{Finding, FindingChips, chosen_in_hash};
use crate::components::invite_dialog::InviteDialog;
use crate::components::modal::Modal;
use crate::components::people_tabs::PeopleTabs;
use crate::logic::guard_rails::bulk::{Outcome, outcome_of};
use crate::logic::people::findings::{
    STALE_INVITE_DAYS, expired_invites, invite_status, stale_invites,
};
use crate::logic::table::{Column, Key, Row};
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use admin_api::types::{Invite, Project};
use leptos::prelude::*;

/// The findings, each a filter: `#/invites?finding=stale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InviteFinding {
    Stale,
    Expired,
}

impl Finding for InviteFinding {
    fn all() -> &'static [Self] {
        &[Self::Stale, Self::Expired]
    }

    fn id(self) -> &'static str {
        match self {
            Self::Stale => "stale",
            Self::Expired => "expired",
        }
    }

    fn label(self) -> String {
        match self {
            Self::Stale => format!("Pending over {STALE_INVITE_DAYS} days"),
            Self::Expired => "Expired".into(),
        }
    }
}

impl InviteFinding {
    fn of(self, invites: &[Invite], now: i64) -> Vec<String> {
        let list = match self {
            Self::Stale => stale_invites(invites, now),
            Self::Expired => expired_invites(invites, now),
        };
        list.into_iter().map(|i| i.id.clone()).collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Listing {
    invites: Vec<Invite>,
    projects: Vec<Project>,
}

#[component]
pub fn InvitesPage() -> impl IntoView {
    let session = use_session();
    let listing = api_resource(Topic::Invites, move |api| async move {
        let (invites, projects) = futures::join!(api.all_invites(), session.live_projects());
        // The projects only name an invite's projects and fill the form: without them, IDs.
        Ok(Listing {
            invites: invites?,
            projects: projects.unwrap_or_default(),
        })
    });
    let finding = chosen_in_hash::<InviteFinding>(PAGE);
    let inviting = RwSignal::new(false);
    let revoking = RwSignal::new(None::<Invite>);
    let now = browser::now();
    let form = move || {
        inviting.get().then(|| {
            let (projects, before) = listing
                .get()
                .and_then(Result::ok)
                .map(|l| {
                    let live = l
                        .projects
                        .into_iter()
                        .filter(|p| !p.is_archived())
                        .collect();
                    (live, l.invites.into_iter().map(|i| i.id).collect())
                })
                .unwrap_or_default();
            view! {
                <InviteDialog
                    projects=projects
                    before=before
                    on_close=Callback::new(move |_| inviting.set(false))
                />
            }
        })
    };
    view! {
        <section class="page" aria-labelledby="invites-title" data-testid="invites-page">
            <PeopleTabs />
            <div class="page-head">
                <div>
                    <h1 id="invites-title">"Invites"</h1>
                    <p class="muted small">
                        "Invitations to the organization. A pending invite lets its address join until it expires."
                    </p>
                </div>
                <div class="actions">
                    <button
                        class="btn btn-primary btn-small"
                        data-testid="invite-open"
                        on:click=move |_| inviting.set(true)
                    >
                        "Invite someone…"
                    </button>
                </div>
            </div>
            {loaded(
                listing,
                "Loading invites…".to_string(),
                move |l: Listing| {
                    view! { <InviteTable listing=l finding=finding now=now revoking=revoking /> }
                        .into_any()
                },
            )}
            {form}
            {move || {
                revoking
                    .get()
                    .map(|inv| {
                        view! {
                            <RevokeInvite
                                invite=inv
                                on_close=Callback::new(move |_| revoking.set(None))
                            />
                        }
                    })
            }}
        </section>
    }
}

const PAGE: &str = "#/invites";

const COLUMNS: &[Column] = &[
    Column::new("email", "Email"),
    Column::new("role", "Role"),
    Column::new("status", "Status"),
    Column::wide("sent", "Sent"),
    Column::wide("projects", "Projects"),
];

#[component]
fn InviteTable(
    listing: Listing,
    finding: RwSignal<Option<InviteFinding>>,
    now: i64,
    revoking: RwSignal<Option<Invite>>,
) -> impl IntoView {
    let Listing { invites, projects } = listing;
    let sort = sort_in_hash(PAGE, COLUMNS);
    let found: Vec<(InviteFinding, Vec<String>)> = InviteFinding::all()
        .iter()
        .map(|f| (*f, f.of(&invites, now)))
        .collect();
    let counts: Vec<usize> = found.iter().map(|(_, v)| v.len()).collect();
    let found = StoredValue::new(found);
    let name_of = move |id: &str| {
        projects
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_owned(), |p| p.display_name().to_owned())
    };
    let all: Vec<(Invite, Row)> = invites
        .into_iter()
        .map(|i| {
            let where_ = if i.projects.is_empty() {
                "no project".to_owned()
            } else {
                i.projects
                    .iter()
                    .map(|p| format!("{} ({})", name_of(&p.id), p.role))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let status = invite_status(&i, now).to_owned();
            let row = Row {
                id: i.id.clone(),
                cells: vec![
                    i.email.clone(),
                    i.role.clone(),
                    status.clone(),
                    time::iso(i.created_at),
                    where_,
                ],
                keys: vec![
                    Key::text(&i.email),
                    Key::text(&i.role),
                    Key::text(&status),
                    Key::Num(Some(i.created_at)),
                    Key::Num(Some(i.projects.len() as i64)),
                ],
            };
            (i, row)
        })
        .collect();
    let all = StoredValue::new(all);
    let rows = Signal::derive(move || {
        let keep = finding.get().map(|f| {
            found.with_value(|all| {
                all.iter()
                    .find(|(g, _)| *g == f)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
        });
        all.with_value(|a| {
            a.iter()
                .filter(|(i, _)| keep.as_ref().is_none_or(|k| k.contains(&i.id)))
                .map(|(_, r)| r.clone())
                .collect::<Vec<_>>()
        })
    });
    let filter = Signal::derive(move || finding.get().map(|f| f.label()).unwrap_or_default());
    let draw = Callback::new(move |r: Row| {
        let Some(i) =
            all.with_value(|a| a.iter().find(|(i, _)| i.id == r.id).map(|(i, _)| i.clone()))
        else {
            return ().into_any();
        };
        let status = r.cells[2].clone();
        let pending = status == "pending";
        let inv = StoredValue::new(i.clone());
        view! {
            <tr data-testid="invite-row" data-invite-id=i.id.clone() data-status=status.clone()>
                <td class="wrap">{i.email.clone()}</td>
                <td>{i.role.clone()}</td>
                <td>
                    <span class="badge" class:badge-warn=!pending && status != "accepted">
                        {status.clone()}
                    </span>
                </td>
                <td class="hide-narrow">
                    <RelTime ts=Some(i.created_at) now=now />
                </td>
                <td class="wrap hide-narrow">{r.cells[4].clone()}</td>
                <td>
                    {pending
                        .then(|| {
                            view! {
                                <button
                                    class="btn btn-small btn-danger"
                                    data-testid="invite-revoke"
                                    aria-label=format!("Revoke the invite to {}", i.email)
                                    on:click=move |_| revoking.set(Some(inv.get_value()))
                                >
                                    "Revoke"
                                </button>
                            }
                        })}
                </td>
            </tr>
        }
        .into_any()
    });
    view! {
        <FindingChips prefix="invite-finding" counts=counts chosen=finding />
        <TableExport columns=COLUMNS rows=rows sort=sort what="invites" filter=filter />
        <DataTable
            columns=COLUMNS
            rows=rows
            sort=sort
            row=draw
            actions="Actions"
            empty=Signal::derive(move || {
                if finding.get().is_some() {
                    "No invite matches this finding."
                } else {
                    "No invites."
                }
                    .to_owned()
            })
            testid="invites-table"
            labelledby="invites-title"
        />
    }
}

/// Revoke one pending invite, after saying what it does; sent once; a lost answer is checked.
#[component]
fn RevokeInvite(invite: Invite, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let send = Write::new();
    let error = RwSignal::new(None::<String>);
    let id = StoredValue::new(invite.id.clone());
    let email = invite.email.clone();
    let go = move |_| {
        if send.pending_untracked() {
            return;
        }
        let api = session.client();
        let check = session.client();
        let id = id.get_value();
        let sent = id.clone();
        send.run(
            async move { api?.delete_invite(&sent).await },
            move |answer| match answer {
                Ok(_) => {
                    app.toast(ToastKind::Success, "Invite revoked.");
                    session.invalidate([Topic::Invites]);
                    on_close.run(());
                }
                Err(e) => match outcome_of(&e) {
                    Outcome::Refused(why) => {
                        error.try_set(Some(why));
                    }
                    _ => {
                        // The answer proves nothing: read the invite back.
                        leptos::task::spawn_local(async move {
                            let back = match check {
                                Ok(api) => api.invite(&id).await,
                                Err(e) => Err(e),
                            };
                            let text = match back {
                                Err(e) if e.kind == admin_api::ErrorKind::NotFound => {
                                    "Invite revoked."
                                }
                                Ok(_) => "The invite was not revoked: it is still open.",
                                Err(_) => {
                                    "The answer was lost: the list shows whether it was revoked."
                                }
                            };
                            app.toast(ToastKind::Warning, text);
                            session.invalidate([Topic::Invites]);
                        });
                        on_close.run(());
                    }
                },
            },
        );
    };
    view! {
        <Modal
            labelledby="invite-revoke-title"
            testid="invite-revoke-dialog"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="invite-revoke-title">"Revoke this invite?"</h2>
            <p>
                {format!(
                    "{email} will no longer be able to join with it. You can invite them again later.",
                )}
            </p>
            <crate::components::common::FieldError message=error />
            <div class="actions">
                <button class="btn" on:click=move |_| on_close.run(())>
                    "Keep it"
                </button>
                <button
                    class="btn btn-danger"
                    data-testid="invite-revoke-confirm"
                    disabled=move || send.pending()
                    on:click=go
                >
                    {move || if send.pending() { "Revoking…" } else { "Revoke invite" }}
                </button>
            </div>
        </Modal>
    }
}

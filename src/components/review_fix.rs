//! A Review check's fix: every failing item listed and ticked, the user unticks what must stay,
//! then the ticked ones go to the reviewed job the app already has for that change: the bulk
//! revoke review for keys, the bulk guard rail review for projects (each: the list, the number
//! typed, progress, Stop, an outcome per item, Retry for the rest). An unticked item is never sent.

use crate::components::bulk_rails::{BulkRailsDialog, Rail};
use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::modal::Modal;
use crate::components::review_writes::WritesDialog;
use crate::logic::guard_rails::RailRow;
use crate::logic::review::Item;
use crate::logic::review::checks::Fix;
use crate::logic::review::writes::Write;
use crate::session::Session;
use crate::work::review;
use admin_api::types::ProjectApiKey;
use leptos::prelude::*;
use std::collections::HashSet;

/// What a fix works on, once the user has chosen.
#[derive(Clone, Debug)]
pub enum FixItems {
    Keys(Vec<Chosen>),
    /// Projects, the rail to set first, and the organization's limit in cents.
    Projects(Vec<RailRow>, Rail, Option<i64>),
    /// The Review's own writes, each named, and the admin keys this session may be using
    /// (never ticked unless the user ticks them).
    Writes(Vec<(Write, String)>, Vec<String>),
}

impl FixItems {
    /// What a fix works on: the failing keys from the inventory, the failing projects' rows, or
    /// the Review's own writes for the failing items.
    pub fn of(session: Session, fix: Fix, items: &[Item]) -> Self {
        match fix {
            Fix::RevokeKeys => FixItems::Keys(chosen(session, items)),
            Fix::SpendLimit | Fix::ModelPolicy => {
                let ids: std::collections::HashSet<&str> =
                    items.iter().map(|i| i.id.as_str()).collect();
                let (rows, org) = session.guard.with_untracked(|g| {
                    let rows = g
                        .rows
                        .iter()
                        .filter(|r| ids.contains(r.project.id.as_str()))
                        .cloned()
                        .collect();
                    (rows, g.org.limit_cents())
                });
                let rail = if fix == Fix::SpendLimit {
                    Rail::Limit
                } else {
                    Rail::Models
                };
                FixItems::Projects(rows, rail, org)
            }
            // The expiry itself is chosen at review; only it is sent, so scopes stay.
            Fix::SetExpiry => FixItems::Writes(
                chosen(session, items)
                    .into_iter()
                    .map(|c| {
                        let label =
                            format!("Set an expiry on “{}” in {}", c.key.name, c.project_name);
                        let write = Write::SetExpiry {
                            project_id: c.project_id,
                            key_id: c.key.id,
                            seconds: 0,
                        };
                        (write, label)
                    })
                    .collect(),
                Vec::new(),
            ),
            Fix::RevokeAdminKeys => FixItems::Writes(
                items
                    .iter()
                    .map(|i| {
                        let write = Write::RevokeAdminKey {
                            key_id: i.id.clone(),
                        };
                        (write, format!("Revoke admin key “{}”", i.label))
                    })
                    .collect(),
                review::session_admin_keys(session),
            ),
            Fix::DeleteInvites => FixItems::Writes(
                items
                    .iter()
                    .map(|i| {
                        let write = Write::DeleteInvite {
                            invite_id: i.id.clone(),
                        };
                        (write, format!("Delete the invite to {}", i.label))
                    })
                    .collect(),
                Vec::new(),
            ),
        }
    }

    /// Each item's ID and how it is named.
    fn listed(&self) -> Vec<(String, String)> {
        match self {
            Self::Keys(keys) => keys
                .iter()
                .map(|k| {
                    (
                        k.key.id.clone(),
                        format!("{} ({})", k.key.name, k.project_name),
                    )
                })
                .collect(),
            Self::Projects(rows, ..) => rows
                .iter()
                .map(|r| (r.project.id.clone(), r.project.display_name().to_owned()))
                .collect(),
            Self::Writes(writes, mine) => writes
                .iter()
                .map(|(w, label)| {
                    let id = w.target().to_owned();
                    let label = if mine.contains(&id) {
                        format!("{label} — the key this session uses: ticking it ends this session")
                    } else {
                        label.clone()
                    };
                    (id, label)
                })
                .collect(),
        }
    }

    /// What starts ticked: everything but this session's own admin key.
    fn ticked_first(&self) -> HashSet<String> {
        let mine = match self {
            Self::Writes(_, mine) => mine.as_slice(),
            _ => &[],
        };
        self.listed()
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !mine.contains(id))
            .collect()
    }

    /// Only the ticked items.
    fn keep(&self, ticked: &HashSet<String>) -> Self {
        match self {
            Self::Keys(keys) => Self::Keys(
                keys.iter()
                    .filter(|k| ticked.contains(&k.key.id))
                    .cloned()
                    .collect(),
            ),
            Self::Projects(rows, rail, org) => Self::Projects(
                rows.iter()
                    .filter(|r| ticked.contains(&r.project.id))
                    .cloned()
                    .collect(),
                *rail,
                *org,
            ),
            Self::Writes(writes, mine) => Self::Writes(
                writes
                    .iter()
                    .filter(|(w, _)| ticked.contains(w.target()))
                    .cloned()
                    .collect(),
                mine.clone(),
            ),
        }
    }
}

#[component]
pub fn FixDialog(
    /// The check's title, for the heading.
    title: String,
    items: FixItems,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let listed = items.listed();
    let ticked = RwSignal::new(items.ticked_first());
    let listed = StoredValue::new(listed);
    let reviewing = RwSignal::new(None::<FixItems>);
    let items = StoredValue::new(items);
    let title = StoredValue::new(title);
    let n = move || ticked.with(HashSet::len);
    let what = items.with_value(|i| match i {
        FixItems::Keys(_) => "keys",
        FixItems::Projects(..) => "projects",
        FixItems::Writes(..) => "items",
    });
    let go = move |_| {
        let chosen = items.with_value(|i| ticked.with_untracked(|t| i.keep(t)));
        reviewing.set(Some(chosen));
    };
    let close = Callback::new(move |_| on_close.run(()));
    let close_rails = Callback::new(move |()| on_close.run(()));
    view! {
        <Show
            when=move || reviewing.with(Option::is_none)
            fallback=move || match reviewing.get_untracked() {
                Some(FixItems::Keys(keys)) => {
                    view! { <BulkRevokeDialog keys=keys on_close=close /> }.into_any()
                }
                Some(FixItems::Projects(rows, rail, org)) => {
                    view! {
                        <BulkRailsDialog rows=rows org_limit=org rail=rail on_close=close_rails />
                    }
                        .into_any()
                }
                Some(FixItems::Writes(writes, mine)) => {
                    view! {
                        <WritesDialog
                            title=title.get_value()
                            items=writes
                            session_keys=mine
                            on_close=close_rails
                        />
                    }
                        .into_any()
                }
                None => ().into_any(),
            }
        >
            <Modal labelledby="fix-title" testid="fix-dialog" on_close=on_close>
                <h2 id="fix-title">{title.with_value(|t| format!("Fix: {t}"))}</h2>
                <p class="muted small">
                    {format!(
                        "Untick any of these {what} that must stay. The ticked ones go to the review next, where \
                         nothing is sent until you type their number.",
                    )}
                </p>
                <ul class="plain fix-list" data-testid="fix-items">
                    {listed
                        .get_value()
                        .into_iter()
                        .map(|(id, label)| {
                            let (a, b) = (id.clone(), id.clone());
                            view! {
                                <li>
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            data-testid="fix-item"
                                            data-item-id=id
                                            prop:checked=move || ticked.with(|t| t.contains(&a))
                                            on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                ticked
                                                    .update(|t| {
                                                        if on {
                                                            t.insert(b.clone());
                                                        } else {
                                                            t.remove(&b);
                                                        }
                                                    });
                                            }
                                        />
                                        <span class="wrap">{label}</span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class="btn btn-danger"
                        data-testid="fix-review"
                        disabled=move || n() == 0
                        on:click=go
                    >
                        {move || format!("Review the change of {} {what}…", n())}
                    </button>
                </div>
            </Modal>
        </Show>
    }
}

/// The project keys behind a check's failing items, for its fix.
fn chosen(session: Session, items: &[Item]) -> Vec<Chosen> {
    let ids: std::collections::HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    session.inventory.with_untracked(|inv| {
        let mut out = Vec::new();
        for p in inv.projects.iter() {
            let Some(part) = inv.parts.get(&p.id) else {
                continue;
            };
            for k in part.keys.iter().filter(|k| ids.contains(k.id.as_str())) {
                out.push(Chosen {
                    project_id: p.id.clone(),
                    project_name: p.display_name().to_owned(),
                    key: ProjectApiKey::clone(k),
                });
            }
        }
        out
    })
}

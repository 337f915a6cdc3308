//! One row of the key table. A row stays where it is while the keys under it change: a filter,
//! a keystroke or a sort gives it another key to show, and only what differs is written into
//! the page. At 100,000 keys that is what keeps an interaction within a frame.

use crate::components::common::RelTime;
use crate::components::usage::{CostCell, UsageCell};
use crate::logic::findings::{Finding, Findings, Thresholds};
use crate::logic::key_table::{KeyRow, OwnerKind, Selection};
use crate::logic::permissions::Permission;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::usage::KeyUsage;
use crate::platform::browser;
use admin_api::types::OwnerAccess;
use leptos::html::{A, Button, Input, Span, Tr};
use leptos::prelude::*;
use std::sync::Arc;

/// What one row shows: a key, its place in the rows in scope, its findings and its traffic.
#[derive(Clone)]
pub struct Slot {
    pub at: u32,
    pub row: Arc<KeyRow>,
    pub findings: Findings,
    pub usage: Option<KeyUsage>,
}

/// The same row data: the rows are shared, so the same key is the same pointer.
impl PartialEq for Slot {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
            && Arc::ptr_eq(&self.row, &other.row)
            && self.findings == other.findings
            && self.usage == other.usage
    }
}

impl Slot {
    /// Unknown when the audit log no longer holds the key's creation or last update.
    fn permission(&self) -> &'static str {
        self.findings
            .permission()
            .map_or("Permissions unknown", Permission::name)
    }
}

/// The stylesheet's layouts, which hide columns (`hide-narrow`, `hide-medium`) or show their text
/// under the name (`show-narrow`). Cells hidden there are not made at all: a filter or a sort
/// changes every row, and what no one sees would cost as much to change as what they see.
#[derive(Clone, Copy, PartialEq)]
pub enum Width {
    /// `max-width: 640px`.
    Narrow,
    /// `max-width: 1400px`.
    Medium,
    Wide,
}

impl Width {
    pub fn now() -> Self {
        if browser::is_narrow() {
            Self::Narrow
        } else if browser::inner_width().is_some_and(|w| w > 1400.0) {
            Self::Wide
        } else {
            Self::Medium
        }
    }
}

/// A value read from the row's slot: the default while the row has none (for the moment before
/// a row that left the view is dropped).
fn read<T: Default + 'static>(
    shows: Memo<Option<Slot>>,
    f: impl Fn(&Slot) -> T + Send + Sync + Copy + 'static,
) -> impl Fn() -> T + Send + Sync + Copy + 'static {
    move || shows.with(|s| s.as_ref().map(f).unwrap_or_default())
}

/// The elements whose text and attributes come from the key alone.
#[derive(Clone, Copy, Default)]
struct Parts {
    tr: NodeRef<Tr>,
    tick: NodeRef<Input>,
    name: NodeRef<A>,
    project: NodeRef<A>,
    owner: NodeRef<Span>,
    note: NodeRef<Span>,
    revoke: NodeRef<Button>,
}

impl Parts {
    /// Writes `row`'s texts into the row: one effect for a dozen places, which as a dozen
    /// effects cost more than the writing.
    fn write(&self, row: &KeyRow) {
        let name = row.display_name();
        let set = |el: Option<web_sys::Element>, attrs: &[(&str, &str)], text: Option<&str>| {
            let Some(el) = el else { return };
            for (attr, value) in attrs {
                let _ = el.set_attribute(attr, value);
            }
            if text.is_some() {
                el.set_text_content(text);
            }
        };
        let href = Route::Key {
            project: row.project_id.to_string(),
            key: row.key.id.clone(),
        }
        .href();
        let project_href = Route::Project {
            id: row.project_id.to_string(),
            tab: ProjectTab::Keys,
        }
        .href();
        let note = if row.key.owner_project_access == OwnerAccess::Inactive {
            Some("no longer in project")
        } else {
            match row.owner_kind {
                OwnerKind::ServiceAccount => Some("Service account"),
                OwnerKind::User => row.owner_email().filter(|e| **e != *row.owner),
            }
        };
        set(
            self.tr.get().map(Into::into),
            &[("data-key-id", &row.key.id)],
            None,
        );
        let tick = format!("Select {name}");
        set(
            self.tick.get().map(Into::into),
            &[("aria-label", &tick)],
            None,
        );
        set(
            self.name.get().map(Into::into),
            &[("href", &href), ("title", name)],
            Some(name),
        );
        let project = &*row.project_name;
        set(
            self.project.get().map(Into::into),
            &[("href", &project_href), ("title", project)],
            Some(project),
        );
        set(
            self.owner.get().map(Into::into),
            &[("title", &row.owner)],
            Some(&row.owner),
        );
        set(
            self.note.get().map(Into::into),
            &[],
            Some(note.unwrap_or_default()),
        );
        let revoke = format!("Revoke key {name}");
        set(
            self.revoke.get().map(Into::into),
            &[("aria-label", &revoke)],
            None,
        );
    }
}

#[component]
pub fn Row(
    /// The key this row shows now, if any.
    shows: Memo<Option<Slot>>,
    /// The row's place in the shown order (0-based).
    place: usize,
    /// The selection, to change.
    selected: RwSignal<Selection>,
    /// The selection over the rows of now, to read.
    ticked: Memo<Selection>,
    /// Shows the project column.
    show_project: bool,
    /// The layout: which cells are shown.
    width: ReadSignal<Width>,
    /// For the badges' explanations.
    thresholds: Signal<Thresholds>,
    /// Opens the revoke dialog.
    on_revoke: Callback<Arc<KeyRow>>,
    /// Now, Unix seconds.
    now: i64,
) -> impl IntoView {
    let slot = shows;
    // The key alone, apart from its findings and traffic (which change on their own).
    let key = Memo::new_with_compare(
        move |_| slot.with(|s| s.as_ref().map(|s| s.row.clone())),
        |old, new| !matches!((old, new), (Some(Some(a)), Some(Some(b))) if Arc::ptr_eq(a, b)),
    );
    let parts = Parts::default();
    // Runs again when the key changes, or when an element comes (the project's cell comes and
    // goes with the layout). Kept with the row: a render effect ends when it is dropped.
    let writer = RenderEffect::new(move |_| {
        let elements = (parts.tr.get(), parts.name.get(), parts.project.get());
        if let (Some(row), Some(_), Some(_)) = (key.get(), &elements.0, &elements.1) {
            parts.write(&row);
        }
    });
    StoredValue::new_local(writer);
    let checked =
        move || ticked.with(|t| slot.with(|s| s.as_ref().is_some_and(|s| t.has_row(s.at, &s.row))));
    let toggle = move |on: bool| {
        // Read before the update: `ticked` reads `selected`.
        let rows = ticked.with_untracked(|s| s.list().clone());
        slot.with_untracked(|s| {
            let Some(s) = s else { return };
            selected.update(|sel| {
                sel.rebase(&rows);
                sel.put_row(s.at, &s.row, on);
            });
        });
    };
    let revoke = move |_| {
        if let Some(row) = key.get_untracked() {
            on_revoke.run(row);
        }
    };
    // At popup width, what the hidden columns would say: project and permissions.
    let narrow_line = read(slot, move |s| match show_project {
        true => format!("{} · {}", s.row.project_name, s.permission()),
        false => s.permission().to_owned(),
    });
    let badges = move || {
        let thresholds = thresholds.get();
        read(slot, move |s| {
            s.findings
                .iter()
                .map(|f| view! { <FindingBadge finding=f thresholds=thresholds /> })
                .collect::<Vec<_>>()
        })()
    };
    let usage = read(slot, |s| s.usage);
    let rel = move |ts: fn(&KeyRow) -> Option<i64>, none: &'static str| {
        move || {
            key.with(|k| k.as_deref().map(ts))
                .map(|ts| view! { <RelTime ts=ts now=now none=none /> })
        }
    };
    let archived = move || key.with(|k| k.as_ref().is_some_and(|k| k.archived));
    let narrow = move || width.get() == Width::Narrow;
    let wide = move || width.get() == Width::Wide;
    view! {
        <tr data-testid="key-row" node_ref=parts.tr aria-rowindex=place + 2 class:picked=checked>
            <td class="sel">
                <input
                    type="checkbox"
                    node_ref=parts.tick
                    prop:checked=checked
                    on:change=move |e| toggle(event_target_checked(&e))
                />
            </td>
            <td class="cell-name">
                <a class="line" node_ref=parts.name></a>
                {move || {
                    narrow()
                        .then(|| {
                            view! {
                                <span class="line muted small show-narrow">{narrow_line}</span>
                            }
                        })
                }}
                <span class="line badges">{badges}</span>
            </td>
            {move || {
                (show_project && !narrow())
                    .then(|| {
                        view! {
                            <td class="hide-narrow">
                                <a class="line" node_ref=parts.project></a>
                                {move || {
                                    archived()
                                        .then(|| {
                                            view! { <span class="line muted small">"Archived"</span> }
                                        })
                                }}
                            </td>
                        }
                    })
            }}
            {move || {
                wide()
                    .then(|| {
                        view! {
                            <td class="mono hide-narrow hide-medium">
                                <span class="line">
                                    {move || {
                                        key.with(|k| {
                                            k.as_ref().map(|k| k.key.redacted_value.clone())
                                        })
                                    }}
                                </span>
                            </td>
                        }
                    })
            }}
            <td data-testid="owner-cell">
                <span class="line" node_ref=parts.owner></span>
                <span class="line muted small" node_ref=parts.note></span>
            </td>
            {move || {
                wide()
                    .then(|| {
                        view! {
                            <td class="hide-narrow hide-medium">
                                {rel(|k| Some(k.key.created_at), "—")}
                            </td>
                        }
                    })
            }}
            <td>
                {rel(|k| k.key.last_used_at, "Never")}
                {move || {
                    narrow()
                        .then(|| {
                            view! {
                                <span class="line muted small show-narrow">
                                    {move || view! { <UsageCell usage=usage() /> }} " · "
                                    {move || view! { <CostCell usage=usage() /> }}
                                </span>
                            }
                        })
                }}
            </td>
            {move || {
                (!narrow())
                    .then(|| {
                        view! {
                            <td class="hide-narrow">{rel(|k| k.key.expires_at, "Never")}</td>
                            <td class="hide-narrow cell-small" data-testid="perm-cell">
                                <span class="line">{read(slot, Slot::permission)}</span>
                            </td>
                            <td class="hide-narrow cell-small" data-testid="usage-cell">
                                {move || view! { <UsageCell usage=usage() /> }}
                            </td>
                            <td class="hide-narrow cell-small" data-testid="cost-cell">
                                {move || view! { <CostCell usage=usage() /> }}
                            </td>
                        }
                    })
            }}
            <td class="actions-cell">
                <button
                    class="btn btn-small btn-danger-outline"
                    node_ref=parts.revoke
                    data-testid="revoke"
                    on:click=revoke
                >
                    "Revoke"
                </button>
            </td>
        </tr>
    }
}

/// A finding as a small badge, explained on hover.
#[component]
pub fn FindingBadge(
    /// The finding.
    finding: Finding,
    /// The day counts behind it.
    thresholds: Thresholds,
) -> impl IntoView {
    let class = match finding {
        Finding::Expired | Finding::OwnerLeft => "badge badge-danger",
        Finding::ArchivedProject | Finding::SharedServiceAccount | Finding::NoExpiry => "badge",
        _ => "badge badge-warn",
    };
    view! {
        <span class=class title=finding.explain(thresholds)>
            {finding.name(thresholds)}
        </span>
    }
}

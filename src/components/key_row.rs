//! One row of the key table. A row stays where it is while the keys under it change: a filter,
//! a keystroke or a sort gives it another key to show, and only what differs is written into
//! the page. At 100,000 keys that is what keeps an interaction within a frame.

use crate::logic::findings::{Finding, Findings, Thresholds};
use crate::logic::key_table::{KeyRow, OwnerKind, Selection};
use crate::logic::permissions::Permission;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::logic::usage::{KeyUsage, cells};
use crate::platform::browser;
use admin_api::types::OwnerAccess;
use leptos::html::{A, Button, Input, Span, Time, Tr};
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

/// The row's elements that show its key: written by one effect, in place. As an effect (or a
/// rebuilt view) per cell, a filter's few dozen rows cost more in bookkeeping than in writing.
#[derive(Clone, Copy, Default)]
struct Parts {
    tr: NodeRef<Tr>,
    tick: NodeRef<Input>,
    name: NodeRef<A>,
    badges: NodeRef<Span>,
    /// At popup width: the project and permissions, then the traffic and cost, under the name.
    narrow_line: NodeRef<Span>,
    usage_narrow: NodeRef<Span>,
    cost_narrow: NodeRef<Span>,
    project: NodeRef<A>,
    archived: NodeRef<Span>,
    redacted: NodeRef<Span>,
    owner: NodeRef<Span>,
    note: NodeRef<Span>,
    created: NodeRef<Time>,
    used: NodeRef<Time>,
    expires: NodeRef<Time>,
    permission: NodeRef<Span>,
    usage: NodeRef<Span>,
    cost: NodeRef<Span>,
    revoke: NodeRef<Button>,
}

/// One of the row's elements, as the writing below takes it (one copy of it, not one per
/// element type).
fn el(e: Option<impl Into<web_sys::Element>>) -> Option<web_sys::Element> {
    e.map(Into::into)
}

/// What was last written into one element.
struct Last {
    el: web_sys::Element,
    attrs: Vec<Option<String>>,
    text: Option<String>,
}

/// What the row last wrote into each of its elements (in the order written), so a write that
/// would change nothing is left out: the page then has nothing to lay out again. Compared as
/// written, not hashed: a key's name is anyone's to choose.
#[derive(Default)]
struct Written {
    last: Vec<Option<Last>>,
    at: usize,
    badges: Option<(web_sys::Element, Findings, Thresholds)>,
}

impl Written {
    /// Sets `el`'s attributes (`None` removes one) and, if given, its text, where they differ
    /// from what was last written there.
    fn set(
        &mut self,
        el: Option<web_sys::Element>,
        attrs: &[(&str, Option<&str>)],
        text: Option<&str>,
    ) {
        let at = self.at;
        self.at += 1;
        if self.last.len() <= at {
            self.last.resize_with(at + 1, || None);
        }
        let Some(el) = el else { return };
        let last = self.last[at].take().filter(|l| l.el == el);
        let attrs_kept = last.as_ref().is_some_and(|l| {
            l.attrs.len() == attrs.len()
                && l.attrs
                    .iter()
                    .zip(attrs)
                    .all(|(was, (_, v))| was.as_deref() == *v)
        });
        if !attrs_kept {
            for (attr, value) in attrs {
                let _ = match value {
                    Some(v) => el.set_attribute(attr, v),
                    None => el.remove_attribute(attr),
                };
            }
        }
        let text_kept = last.as_ref().is_some_and(|l| l.text.as_deref() == text);
        if let Some(text) = text.filter(|_| !text_kept) {
            // Into the text node itself, when there is one: the page keeps its layout object.
            match el
                .first_child()
                .filter(|n| n.node_type() == web_sys::Node::TEXT_NODE)
            {
                Some(node) => node.set_node_value(Some(text)),
                None => el.set_text_content(Some(text)),
            }
        }
        self.last[at] = Some(Last {
            el,
            attrs: attrs.iter().map(|(_, v)| v.map(str::to_owned)).collect(),
            text: text.map(str::to_owned),
        });
    }

    /// A moment as `RelTime` shows it: relative, exact on hover; `none` when there is none.
    fn time(&mut self, element: Option<web_sys::Element>, ts: Option<i64>, now: i64, none: &str) {
        match ts {
            Some(t) => self.set(
                element,
                &[
                    ("datetime", Some(&time::iso(t))),
                    ("title", Some(&time::exact(t))),
                    ("class", None),
                ],
                Some(&time::relative(t, now)),
            ),
            None => self.set(
                element,
                &[
                    ("datetime", None),
                    ("title", None),
                    ("class", Some("muted")),
                ],
                Some(none),
            ),
        }
    }

    /// The findings as badges: the element's children are reused, added or removed to match.
    /// Written again only when the findings or their thresholds change.
    fn badges(&mut self, el: Option<web_sys::Element>, findings: Findings, thresholds: Thresholds) {
        let Some(el) = el else { return };
        let made = (el, findings, thresholds);
        if self.badges.as_ref() == Some(&made) {
            return;
        }
        let el = made.0.clone();
        self.badges = Some(made);
        let mut next = el.first_element_child();
        for f in findings.iter() {
            let badge = match next.take() {
                Some(b) => b,
                None => match el
                    .owner_document()
                    .and_then(|d| d.create_element("span").ok())
                {
                    Some(b) => {
                        let _ = el.append_child(&b);
                        b
                    }
                    None => return,
                },
            };
            next = badge.next_element_sibling();
            let title = f.explain(thresholds);
            for (attr, value) in [("class", badge_class(f)), ("title", &title)] {
                let _ = badge.set_attribute(attr, value);
            }
            badge.set_text_content(Some(&f.name(thresholds)));
        }
        while let Some(extra) = next {
            next = extra.next_element_sibling();
            extra.remove();
        }
    }
}

impl Parts {
    /// Writes everything `s` shows into the row's elements (those that exist at this width).
    fn write(
        &self,
        w: &mut Written,
        s: &Slot,
        thresholds: Thresholds,
        unknown: &cells::Unknown,
        now: i64,
        show_project: bool,
    ) {
        let row = &*s.row;
        let name = row.display_name();
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
        w.set(
            el(self.tr.get()),
            &[("data-key-id", Some(&row.key.id))],
            None,
        );
        w.set(
            el(self.tick.get()),
            &[("aria-label", Some(&format!("Select {name}")))],
            None,
        );
        w.set(
            el(self.name.get()),
            &[("href", Some(&href)), ("title", Some(name))],
            Some(name),
        );
        w.badges(el(self.badges.get()), s.findings, thresholds);
        let project = &*row.project_name;
        w.set(
            el(self.project.get()),
            &[("href", Some(&project_href)), ("title", Some(project))],
            Some(project),
        );
        w.set(
            el(self.archived.get()),
            &[],
            Some(if row.archived { "Archived" } else { "" }),
        );
        w.set(el(self.redacted.get()), &[], Some(&row.key.redacted_value));
        w.set(
            el(self.owner.get()),
            &[("title", Some(&row.owner))],
            Some(&row.owner),
        );
        w.set(el(self.note.get()), &[], Some(note.unwrap_or_default()));
        w.time(el(self.created.get()), Some(row.key.created_at), now, "—");
        w.time(el(self.used.get()), row.key.last_used_at, now, "Never");
        w.time(el(self.expires.get()), row.key.expires_at, now, "Never");
        let permission = s.permission();
        w.set(el(self.permission.get()), &[], Some(permission));
        let narrow_line = match show_project {
            true => format!("{project} · {permission}"),
            false => permission.to_owned(),
        };
        w.set(el(self.narrow_line.get()), &[], Some(&narrow_line));
        let (usage, cost) = (
            cells::usage(s.usage, unknown),
            cells::cost(s.usage, unknown),
        );
        // The cost has its test ID only when it is an amount.
        let cost_id = (
            "data-testid",
            s.usage.and_then(|u| u.cents).map(|_| "key-cost"),
        );
        for (u, c) in [
            (self.usage, self.cost),
            (self.usage_narrow, self.cost_narrow),
        ] {
            w.set(
                el(u.get()),
                &[("title", usage.title.as_deref())],
                Some(&usage.text),
            );
            w.set(
                el(c.get()),
                &[("title", cost.title.as_deref()), cost_id],
                Some(&cost.text),
            );
        }
        w.set(
            el(self.revoke.get()),
            &[("aria-label", Some(&format!("Revoke key {name}")))],
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
    /// What the usage and cost cells say while a key's are unknown.
    unknown: Memo<cells::Unknown>,
    /// Opens the revoke dialog.
    on_revoke: Callback<Arc<KeyRow>>,
    /// Now, Unix seconds.
    now: i64,
) -> impl IntoView {
    let slot = shows;
    let parts = Parts::default();
    // Runs again when the slot changes, or when an element comes (cells come and go with the
    // layout): `write` reads every element's ref. Kept with the row: a render effect ends when
    // it is dropped.
    let writer = RenderEffect::new(move |written: Option<Written>| {
        let mut w = written.unwrap_or_default();
        w.at = 0;
        let thresholds = thresholds.get();
        unknown.with(|unknown| {
            slot.with(|s| {
                if let Some(s) = s {
                    parts.write(&mut w, s, thresholds, unknown, now, show_project);
                }
            })
        });
        w
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
        if let Some(s) = slot.get_untracked() {
            on_revoke.run(s.row);
        }
    };
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
                                <span
                                    class="line muted small show-narrow"
                                    node_ref=parts.narrow_line
                                ></span>
                            }
                        })
                }}
                <span class="line badges" node_ref=parts.badges></span>
            </td>
            {move || {
                (show_project && !narrow())
                    .then(|| {
                        view! {
                            <td class="hide-narrow">
                                <a class="line" node_ref=parts.project></a>
                                <span class="line muted small" node_ref=parts.archived></span>
                            </td>
                        }
                    })
            }}
            {move || {
                wide()
                    .then(|| {
                        view! {
                            <td class="mono hide-narrow hide-medium">
                                <span class="line" node_ref=parts.redacted></span>
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
                                <time node_ref=parts.created></time>
                            </td>
                        }
                    })
            }}
            <td>
                <time node_ref=parts.used></time>
                {move || {
                    narrow()
                        .then(|| {
                            view! {
                                <span class="line muted small show-narrow">
                                    <span node_ref=parts.usage_narrow></span>
                                    " · "
                                    <span node_ref=parts.cost_narrow></span>
                                </span>
                            }
                        })
                }}
            </td>
            {move || {
                (!narrow())
                    .then(|| {
                        view! {
                            <td class="hide-narrow">
                                <time node_ref=parts.expires></time>
                            </td>
                            <td class="hide-narrow cell-small" data-testid="perm-cell">
                                <span class="line" node_ref=parts.permission></span>
                            </td>
                            <td class="hide-narrow cell-small cell-wraps" data-testid="usage-cell">
                                <span node_ref=parts.usage></span>
                            </td>
                            <td class="hide-narrow cell-small" data-testid="cost-cell">
                                <span node_ref=parts.cost></span>
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

/// A badge's look: how serious its finding is.
fn badge_class(finding: Finding) -> &'static str {
    match finding {
        Finding::Expired | Finding::OwnerLeft => "badge badge-danger",
        Finding::ArchivedProject | Finding::SharedServiceAccount | Finding::NoExpiry => "badge",
        _ => "badge badge-warn",
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
    view! {
        <span class=badge_class(finding) title=finding.explain(thresholds)>
            {finding.name(thresholds)}
        </span>
    }
}

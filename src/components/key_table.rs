//! The key table, virtualised: only the rows in view (and a few either side) exist in the DOM,
//! so 50,000 keys scroll like 50. Rows have one fixed height; spacer rows stand in for the rest.
//! The same table serves "All keys" and each project's keys.

use crate::components::common::RelTime;
use crate::components::focus::RowFocus;
use crate::components::usage::{CostCell, UsageCell};
use crate::logic::findings::{Finding, Findings, Thresholds};
use crate::logic::key_table::{KeyRow, OwnerKind, Selection, Sort, SortKey, TableQuery};
use crate::logic::permissions::Permission;
use crate::logic::route::Route;
use crate::logic::usage::KeyUsage;
use crate::platform::browser;
use admin_api::types::OwnerAccess;
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Every row's height in CSS pixels (`.vtable tr` in the stylesheet says the same): room for
/// the name and two lines of finding badges; at popup width, for the project and permissions
/// under the name and three lines of badges.
pub const ROW_HEIGHT: f64 = 72.0;
pub const ROW_HEIGHT_NARROW: f64 = 104.0;

fn row_height() -> f64 {
    if browser::is_narrow() {
        ROW_HEIGHT_NARROW
    } else {
        ROW_HEIGHT
    }
}
/// Rows rendered beyond each edge of the view, so scrolling and Tab find them ready. A keystroke
/// builds the rows that come into this window: few, so typing stays fast.
const OVERSCAN: usize = 4;

/// The most of the table the scroller shows: its CSS `max-height` (less than the window's, and
/// unlike its own height not shrunk by a short list), bounded by the window's height.
fn view_height(scroller: Option<web_sys::HtmlDivElement>) -> f64 {
    let window = web_sys::window();
    let inner = window
        .as_ref()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let max = scroller
        .zip(window)
        .and_then(|(el, w)| w.get_computed_style(&el).ok().flatten())
        .and_then(|style| style.get_property_value("max-height").ok())
        // Whole pixels, rounded up below: parsing a float would cost the wasm some 10 KB.
        .and_then(|v| v.strip_suffix("px")?.split('.').next()?.parse::<u32>().ok());
    max.map_or(inner, |m| f64::from(m + 1).min(inner))
}

/// What the table reads; all of it is derived by its owner.
#[derive(Clone, Copy)]
pub struct TableData {
    /// Every row in scope.
    pub rows: Memo<Arc<Vec<Arc<KeyRow>>>>,
    /// Each row's findings.
    pub findings: Memo<Arc<Vec<Findings>>>,
    /// Each row's traffic in the usage window (empty while unknown).
    pub usage: Memo<Arc<Vec<Option<KeyUsage>>>>,
    /// The rows to show, in order (indices into `rows`).
    pub order: Memo<Arc<Vec<u32>>>,
    /// The thresholds the findings were computed with (for badge titles).
    pub thresholds: Signal<Thresholds>,
}

#[component]
pub fn KeyTable(
    /// Rows, findings and the order to show them in.
    data: TableData,
    /// The current sort.
    #[prop(into)]
    sort: Signal<Sort>,
    /// A column header was clicked.
    on_sort: Callback<SortKey>,
    /// The filters and sort: when they change, the table scrolls back to the top.
    #[prop(into)]
    filters: Signal<TableQuery>,
    /// The selection, as last changed: a change moves it onto `data.rows` first.
    selected: RwSignal<Selection>,
    /// The selection over `data.rows`, for reading.
    ticked: Memo<Selection>,
    /// Every row shown is selected (ticks the header's box).
    #[prop(into)]
    all_selected: Signal<bool>,
    /// Shows the project column (the All keys view).
    show_project: bool,
    /// Opens the revoke dialog for a row.
    on_revoke: Callback<Arc<KeyRow>>,
    /// Now, Unix seconds.
    now: i64,
) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    // How tall the rows' view can be: until the scroller exists, the window's height.
    let viewport = RwSignal::new(view_height(None));
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        viewport.set(view_height(scroller.get_untracked()))
    });
    // Listened to on the element itself: Leptos delegates `on:scroll` to the document, where a
    // scroll inside an element never arrives (it does not bubble).
    let listener = StoredValue::new_local(None::<Closure<dyn Fn()>>);
    Effect::new(move |_| {
        let Some(el) = scroller.get() else { return };
        viewport.set(view_height(Some(el.clone())));
        let on_scroll = Closure::<dyn Fn()>::new(move || {
            if let Some(el) = scroller.get_untracked() {
                scroll_top.set(f64::from(el.scroll_top()));
            }
        });
        let _ = el.add_event_listener_with_callback("scroll", on_scroll.as_ref().unchecked_ref());
        listener.set_value(Some(on_scroll));
    });
    on_cleanup(move || {
        if let Some(el) = scroller.get_untracked() {
            listener.try_with_value(|f| {
                if let Some(f) = f {
                    let _ = el
                        .remove_event_listener_with_callback("scroll", f.as_ref().unchecked_ref());
                }
            });
        }
    });
    on_cleanup(move || resize.remove());
    // Back to the top for a new filter or sort (not when rows stream in from the scan, and not
    // on the first run: effects start a tick late, after the user may have scrolled). Not at
    // the top already either: setting scrollTop makes the browser lay the page out at once.
    Effect::new(move |ran: Option<()>| {
        filters.track();
        if ran.is_some() && scroll_top.get_untracked() != 0.0 {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });

    let row_h = row_height();
    let total = move || data.order.with(|o| o.len());
    let range = Memo::new(move |_| {
        let len = total();
        let first = (scroll_top.get() / row_h).floor() as usize;
        let shown = (viewport.get() / row_h).ceil() as usize + 1;
        let start = first.saturating_sub(OVERSCAN).min(len);
        let end = (first + shown + OVERSCAN).min(len);
        (start, end)
    });
    // A row's view is kept while its data stays the same, wherever it moves: a keystroke that
    // narrows the rows shown builds only the rows that come into view, not every row below the
    // first one that left.
    //
    // A memo, not the list's own closure: the range is made from the order, and an effect whose
    // check of one source recomputes another it reads never learns that the other changed
    // (reactive_graph 0.2.16, `EffectInner::update_if_necessary`; memos look again). Read by an
    // effect, a sort that kept the length left the rows unsorted until the next scroll.
    let window = Memo::new_with_compare(
        move |_| {
            let (start, end) = range.get();
            let rows = data.rows.get();
            let findings = data.findings.get();
            let usage = data.usage.get();
            data.order.with(|o| {
                o[start..end]
                    .iter()
                    .map(|&i| {
                        let f = findings.get(i as usize).copied().unwrap_or_default();
                        let u = usage.get(i as usize).copied().flatten();
                        ((i, rows[i as usize].clone()), f, u)
                    })
                    .collect::<Vec<_>>()
            })
        },
        |_, _| true,
    );
    // Rows below the window, for the spacer: one source for its effect, for the same reason.
    let below = Memo::new(move |_| total() - range.with(|r| r.1));
    // A row is built anew when its data changes: the focus in it goes to its new element. Run
    // after the rows (this effect subscribes after them), and again a frame later to be sure.
    let keeper = RowFocus::default();
    Effect::new(move |_| {
        window.track();
        keeper.restore();
        request_animation_frame(move || keeper.restore());
    });
    // One cell only: a colspan counting columns that CSS hides would add phantom columns.
    let spacer = move |rows: usize| {
        (rows > 0).then(|| {
            let px = rows * row_h as usize;
            view! {
                <tr class="spacer" aria-hidden="true">
                    <td style:height=format!("{px}px")></td>
                </tr>
            }
        })
    };
    let select_all = move |on: bool| {
        let order = data.order.get_untracked();
        let rows = data.rows.get_untracked();
        // Read before the update: it reads `selected`.
        let only_shown = all_selected.get_untracked();
        selected.update(|s| {
            s.rebase(&rows);
            // Nothing but the rows shown is selected: none is left.
            if !on && only_shown && s.len() == order.len() {
                s.clear();
                return;
            }
            order.iter().for_each(|&i| s.put(i, on));
        });
    };
    let header = move |key: SortKey, label: &'static str, class: &'static str| {
        let aria = move || match sort.get() {
            s if s.key == key && s.ascending => "ascending",
            s if s.key == key => "descending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            s if s.key == key && s.ascending => " ▲",
            s if s.key == key => " ▼",
            _ => "",
        };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button class="th-btn" on:click=move |_| on_sort.run(key)>
                    {label}
                    <span aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    view! {
        <div class="table-wrap vtable" node_ref=scroller data-testid="keys-scroller">
            <table
                class="table keys"
                data-testid="keys-table"
                aria-rowcount=move || total() + 1
                class:with-project=show_project
            >
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="sel">
                            <input
                                type="checkbox"
                                data-testid="select-all"
                                aria-label=move || format!("Select all {} keys shown", total())
                                prop:checked=all_selected
                                on:change=move |e| select_all(event_target_checked(&e))
                            />
                        </th>
                        {header(SortKey::Name, "Name", "col-name")}
                        {show_project
                            .then(|| header(
                                SortKey::Project,
                                "Project",
                                "col-project hide-narrow",
                            ))}
                        <th scope="col" class="col-key hide-narrow hide-medium">
                            "Key"
                        </th>
                        {header(SortKey::Owner, "Owner", "col-owner")}
                        {header(SortKey::Created, "Created", "col-date hide-narrow hide-medium")}
                        {header(SortKey::LastUsed, "Last used", "col-date")}
                        {header(SortKey::Expires, "Expires", "col-date hide-narrow")}
                        <th scope="col" class="col-perm hide-narrow">
                            "Permissions"
                        </th>
                        {header(SortKey::Usage, "Usage", "col-usage hide-narrow")}
                        {header(SortKey::Cost, "Cost", "col-cost hide-narrow")}
                        <th scope="col" class="col-actions">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody
                    on:focusin=move |e| keeper.entered(e.target())
                    on:focusout=move |e| keeper.left(e.target())
                >
                    {move || spacer(range.get().0)}
                    <ForEnumerate
                        each=move || window.get()
                        key=|((at, row), f, u)| (*at, Arc::as_ptr(row) as usize, *f, *u)
                        children=move |n, ((at, row), findings, usage)| {
                            let pos = Signal::derive(move || range.with(|r| r.0) + n.get());
                            view! {
                                <Row
                                    row=row
                                    at=at
                                    findings=findings
                                    usage=usage
                                    position=pos
                                    selected=selected
                                    ticked=ticked
                                    show_project=show_project
                                    thresholds=data.thresholds.get_untracked()
                                    on_revoke=on_revoke
                                    now=now
                                />
                            }
                        }
                    />
                    {move || spacer(below.get())}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Row(
    /// The key's row.
    row: Arc<KeyRow>,
    /// Its place in the list of rows.
    at: u32,
    /// Its findings.
    findings: Findings,
    /// Its traffic in the usage window, when known.
    usage: Option<KeyUsage>,
    /// Its place in the shown order (0-based), which changes as rows before it come and go.
    position: Signal<usize>,
    /// The selection, to change.
    selected: RwSignal<Selection>,
    /// The selection over the rows of now, to read.
    ticked: Memo<Selection>,
    /// Shows the project column.
    show_project: bool,
    /// For the badges' explanations.
    thresholds: Thresholds,
    /// Opens the revoke dialog.
    on_revoke: Callback<Arc<KeyRow>>,
    /// Now, Unix seconds.
    now: i64,
) -> impl IntoView {
    let key = &row.key;
    let href = Route::Key {
        project: row.project_id.to_string(),
        key: key.id.clone(),
    }
    .href();
    let project_href = Route::Project {
        id: row.project_id.to_string(),
        tab: crate::logic::route::ProjectTab::Keys,
    }
    .href();
    let this = StoredValue::new(row.clone());
    let checked = move || ticked.with(|s| this.with_value(|row| s.has_row(at, row)));
    let toggle = move |on: bool| {
        // Read before the update: `ticked` reads `selected`.
        let rows = ticked.with_untracked(|s| s.list().clone());
        selected.update(|s| {
            s.rebase(&rows);
            this.with_value(|row| s.put_row(at, row, on));
        });
    };
    let name = row.display_name().to_owned();
    let left = key.owner_project_access == OwnerAccess::Inactive;
    let owner_note = match row.owner_kind {
        OwnerKind::ServiceAccount => Some("Service account".to_owned()),
        OwnerKind::User => row
            .owner_email()
            .filter(|e| **e != *row.owner)
            .map(str::to_owned),
    };
    let for_revoke = row.clone();
    // Unknown when the audit log no longer holds the key's creation or last update.
    let permission = findings
        .permission()
        .map_or("Permissions unknown", Permission::name)
        .to_owned();
    view! {
        <tr
            data-testid="key-row"
            data-key-id=key.id.clone()
            aria-rowindex=move || position.get() + 2
            class:picked=checked
        >
            <td class="sel">
                <input
                    type="checkbox"
                    aria-label=format!("Select {name}")
                    prop:checked=checked
                    on:change=move |e| toggle(event_target_checked(&e))
                />
            </td>
            <td class="cell-name">
                <a href=href class="line" title=name.clone()>
                    {name.clone()}
                </a>
                // At popup width, what the hidden columns would say: project and permissions.
                <span class="line muted small show-narrow">
                    {if show_project {
                        format!("{} · {permission}", row.project_name)
                    } else {
                        permission.clone()
                    }}
                </span>
                <span class="line badges">
                    {findings
                        .iter()
                        .map(|f| view! { <FindingBadge finding=f thresholds=thresholds /> })
                        .collect_view()}
                </span>
            </td>
            {show_project
                .then(|| {
                    view! {
                        <td class="hide-narrow">
                            <a href=project_href class="line" title=row.project_name.clone()>
                                {row.project_name.clone()}
                            </a>
                            {row
                                .archived
                                .then(|| {
                                    view! { <span class="line muted small">"Archived"</span> }
                                })}
                        </td>
                    }
                })}
            <td class="mono hide-narrow hide-medium">
                <span class="line">{key.redacted_value.clone()}</span>
            </td>
            <td>
                <span class="line" title=row.owner.clone()>
                    {row.owner.clone()}
                </span>
                <span class="line muted small">
                    {if left { Some("no longer in project".to_owned()) } else { owner_note }}
                </span>
            </td>
            <td class="hide-narrow hide-medium">
                <RelTime ts=Some(key.created_at) now=now />
            </td>
            <td>
                <RelTime ts=key.last_used_at now=now none="Never" />
                <span class="line muted small show-narrow">
                    <UsageCell usage=usage />
                    " · "
                    <CostCell usage=usage />
                </span>
            </td>
            <td class="hide-narrow">
                <RelTime ts=key.expires_at now=now none="Never" />
            </td>
            <td class="hide-narrow cell-small" data-testid="perm-cell">
                <span class="line">{permission}</span>
            </td>
            <td class="hide-narrow cell-small" data-testid="usage-cell">
                <UsageCell usage=usage />
            </td>
            <td class="hide-narrow cell-small" data-testid="cost-cell">
                <CostCell usage=usage />
            </td>
            <td class="actions-cell">
                <button
                    class="btn btn-small btn-danger-outline"
                    aria-label=format!("Revoke key {name}")
                    data-testid="revoke"
                    on:click=move |_| on_revoke.run(for_revoke.clone())
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

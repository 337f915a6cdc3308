//! The key table, virtualised: only the rows in view (and a few either side) exist in the DOM,
//! so 50,000 keys scroll like 50. Rows have one fixed height; spacer rows stand in for the rest.
//! The same table serves "All keys" and each project's keys.

use crate::components::focus::RowFocus;
use crate::components::key_row::{Row, Slot, Width};
use crate::logic::findings::{Findings, Thresholds};
use crate::logic::key_table::{KeyRow, Selection, Sort, SortKey, TableQuery};
use crate::logic::usage::{KeyUsage, cells};
use crate::platform::browser;
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

/// Rows rendered beyond each edge of the view, so scrolling and Tab find them ready. A filter
/// or a keystroke changes every row in this window: few, so typing stays fast.
const OVERSCAN: usize = 2;

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
    /// What the usage and cost cells say while a key's are unknown.
    pub unknown: Memo<cells::Unknown>,
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
    let width = RwSignal::new(Width::now());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        viewport.set(view_height(scroller.get_untracked()));
        if width.get_untracked() != Width::now() {
            width.set(Width::now());
        }
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
    // The rows in view, each with what it shows. A memo, not the list's own closure: the range
    // is made from the order, and an effect whose check of one source recomputes another it
    // reads never learns that the other changed (reactive_graph 0.2.16,
    // `EffectInner::update_if_necessary`; memos look again).
    let window = Memo::new(move |_| {
        let (start, end) = range.get();
        let rows = data.rows.get();
        let findings = data.findings.get();
        let usage = data.usage.get();
        data.order.with(|o| {
            o[start..end]
                .iter()
                .map(|&i| Slot {
                    at: i,
                    row: rows[i as usize].clone(),
                    findings: findings.get(i as usize).copied().unwrap_or_default(),
                    usage: usage.get(i as usize).copied().flatten(),
                })
                .collect::<Vec<_>>()
        })
    });
    // Rows below the window, for the spacer: one source for its effect, for the same reason.
    let below = Memo::new(move |_| total() - range.with(|r| r.1));
    // Rows are kept by their place in the list, and show whatever key is there now: a filter,
    // a keystroke or a sort changes the rows' text in place instead of building them anew. The
    // focus stays with its key: when the key moved to another row, it follows it there. Run
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
                    <For
                        each=move || {
                            let (start, end) = range.get();
                            start..end
                        }
                        key=|at| *at
                        children=move |place| {
                            let slot = Memo::new(move |_| {
                                let start = range.with(|r| r.0);
                                window
                                    .with(|w| {
                                        place.checked_sub(start).and_then(|i| w.get(i).cloned())
                                    })
                            });
                            view! {
                                <Row
                                    shows=slot
                                    place=place
                                    selected=selected
                                    ticked=ticked
                                    show_project=show_project
                                    width=width.read_only()
                                    thresholds=data.thresholds
                                    unknown=data.unknown
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

//! Where keyboard focus goes when part of the page opens or closes over another: into what
//! opened (a dialog, an inline form), and back to what opened it, or to the same control in the
//! next row when that row is gone.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

pub fn focusables(within: &Element) -> Vec<HtmlElement> {
    let Ok(list) = within.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

pub fn active() -> Option<Element> {
    document().active_element()
}

/// True when no control has the focus: it is on the page itself, or on an element since removed.
pub fn fell_to_page() -> bool {
    let body = document().body().map(Element::from);
    active().is_none_or(|a| Some(&a) == body.as_ref() || !a.is_connected())
}

/// Puts focus on the control marked `data-autofocus`, else the first control, else the dialog.
/// When that control lies below what the dialog shows from its top (a long review in the popup),
/// the dialog itself takes the focus, so it opens at its heading rather than scrolled past it, as
/// the ARIA dialog pattern advises; Tab then reaches the controls in order.
pub fn focus_into(dialog: &HtmlElement) {
    let marked = dialog
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let target = marked.or_else(|| focusables(dialog).into_iter().next());
    match target {
        Some(el) if !below_top_view(dialog, &el) => {
            let _ = el.focus();
        }
        _ => {
            let _ = dialog.focus();
        }
    }
}

/// Whether `el` ends below the part of `dialog` shown when it is scrolled to its top.
fn below_top_view(dialog: &HtmlElement, el: &HtmlElement) -> bool {
    let shown_to = dialog.get_bounding_client_rect().top() - f64::from(dialog.scroll_top())
        + f64::from(dialog.client_height());
    el.get_bounding_client_rect().bottom() > shown_to
}

/// A region's `focusout` handler: when the control with the focus goes (removed, or disabled
/// while its work runs) and the focus drops to the page, it moves to the region's first
/// control, which is what took its place (a form's Save gone with the form: its Edit). A
/// control still there and enabled a frame later was left on purpose (a click elsewhere).
/// Holds no signal: it may run as the region goes, after its owner.
pub fn keep_in_region(e: leptos::ev::FocusEvent) {
    if e.related_target().is_some() {
        return;
    }
    let as_element = |t: Option<web_sys::EventTarget>| t.and_then(|t| t.dyn_into::<Element>().ok());
    let (Some(left), Some(region)) = (as_element(e.target()), as_element(e.current_target()))
    else {
        return;
    };
    request_animation_frame(move || {
        let gone = !left.is_connected() || left.has_attribute("disabled");
        if fell_to_page()
            && gone
            && region.is_connected()
            && let Some(first) = focusables(&region).into_iter().next()
        {
            let _ = first.focus();
        }
    });
}

/// The element `tag` (any, if empty) marked with this key ID, if shown. IDs come from the API:
/// only those in its alphabet go into a selector.
fn with_key_id(tag: &str, id: &str) -> Option<Element> {
    if !admin_api::id::is_valid(id) {
        return None;
    }
    document()
        .query_selector(&format!("{tag}[data-key-id=\"{id}\"]"))
        .ok()
        .flatten()
}

/// Where focus goes back to on close: the opener, or the control with the opener's test ID in
/// the opener's row, or the row after (or before) it, when the opener is gone.
pub struct ReturnTo {
    opener: Option<HtmlElement>,
    /// The opener's row and the rows after and before it, by their `data-key-id`: a table
    /// builds new row elements when its data changes (usage arriving, a key going), so the
    /// elements themselves are not kept.
    row_same: Option<String>,
    row_next: Option<String>,
    row_prev: Option<String>,
    testid: Option<String>,
}

impl ReturnTo {
    pub fn capture() -> Self {
        let opener = active().and_then(|a| a.dyn_into::<HtmlElement>().ok());
        let row = opener
            .as_ref()
            .and_then(|o| o.closest("tr, li").ok().flatten());
        let id_of = |e: Option<Element>| e.and_then(|e| e.get_attribute("data-key-id"));
        Self {
            row_same: id_of(row.clone()),
            row_next: id_of(row.as_ref().and_then(Element::next_element_sibling)),
            row_prev: id_of(row.as_ref().and_then(Element::previous_element_sibling)),
            testid: opener.as_ref().and_then(|o| o.get_attribute("data-testid")),
            opener,
        }
    }

    pub fn restore(&self) {
        // Something already took focus on purpose (a summary that replaced the page): keep it.
        if !fell_to_page() {
            return;
        }
        let usable = |e: &HtmlElement| e.is_connected() && !e.has_attribute("disabled");
        if let Some(o) = self.opener.as_ref().filter(|o| usable(o)) {
            let _ = o.focus();
            return;
        }
        for id in [&self.row_same, &self.row_next, &self.row_prev]
            .into_iter()
            .flatten()
        {
            let Some(row) = with_key_id("", id) else {
                continue;
            };
            let same = self.testid.as_ref().and_then(|t| {
                row.query_selector(&format!("[data-testid=\"{t}\"]"))
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            });
            if let Some(el) = same.or_else(|| focusables(&row).into_iter().next()) {
                let _ = el.focus();
                return;
            }
        }
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|m| m.dyn_into::<HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }
}

/// The keyboard's place in a table whose rows show other keys as the list changes (a filter, a
/// sort, usage arriving, a scan's page): the key, by `data-key-id`, and the control's place among
/// its row's controls. [`RowFocus::restore`] takes the focus to wherever that key is now.
#[derive(Clone, Copy)]
pub struct RowFocus(StoredValue<Option<(String, usize)>, LocalStorage>);

impl Default for RowFocus {
    fn default() -> Self {
        Self(StoredValue::new_local(None))
    }
}

impl RowFocus {
    /// Focus moved to `target`, in the table.
    pub fn entered(self, target: Option<web_sys::EventTarget>) {
        let place = target
            .and_then(|t| t.dyn_into::<HtmlElement>().ok())
            .and_then(|el| {
                let row = el.closest("tr[data-key-id]").ok().flatten()?;
                let at = focusables(&row).iter().position(|c| *c == el)?;
                Some((row.get_attribute("data-key-id")?, at))
            });
        self.0.set_value(place);
    }

    /// Focus left `target`. Sent elsewhere (the target is still in the page a frame later, and
    /// the focus is not in another row), the place is forgotten; removed with its row, it is
    /// kept for [`RowFocus::restore`].
    pub fn left(self, target: Option<web_sys::EventTarget>) {
        let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        request_animation_frame(move || {
            let in_row =
                active().is_some_and(|a| a.closest("tr[data-key-id]").ok().flatten().is_some());
            if el.is_connected() && !in_row {
                self.0.try_set_value(None);
            }
        });
    }

    /// After the rows changed: the focus goes to the same control of its key's row, if the key is
    /// still shown. Left on a row that shows another key now, the focus stays, and is its own.
    pub fn restore(self) {
        let Some((id, at)) = self.0.try_get_value().flatten() else {
            return;
        };
        let here = active().and_then(|a| a.closest("tr[data-key-id]").ok().flatten());
        let here_id = here.as_ref().and_then(|r| r.get_attribute("data-key-id"));
        if here_id.as_deref() == Some(id.as_str()) || (here.is_none() && !fell_to_page()) {
            return;
        }
        if let Some(el) = with_key_id("tr", &id).and_then(|r| focusables(&r).into_iter().nth(at)) {
            let _ = el.focus();
        } else if here.is_some() {
            self.entered(active().map(Into::into));
        }
    }
}

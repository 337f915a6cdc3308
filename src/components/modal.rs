//! A modal dialog that keeps keyboard focus inside itself while open.

use leptos::ev::KeyboardEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), a[href], \
    [tabindex]:not([tabindex='-1'])";

/// Tab from the last control goes to the first, Shift+Tab from the first to the last.
fn contain_focus(dialog: &web_sys::HtmlDivElement, e: &KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let (Some(first), Some(last)) = (list.get(0), list.get(list.length().saturating_sub(1))) else {
        return;
    };
    let active: Option<web_sys::Node> = document().active_element().map(Into::into);
    let target = if e.shift_key() && active.as_ref() == Some(&first) {
        last
    } else if !e.shift_key() && active.as_ref() == Some(&last) {
        first
    } else {
        return;
    };
    if let Ok(el) = target.dyn_into::<web_sys::HtmlElement>() {
        e.prevent_default();
        let _ = el.focus();
    }
}

#[component]
pub fn Modal(
    /// ID of the element that titles the dialog.
    labelledby: &'static str,
    /// `data-testid` for tests.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Called on Escape.
    #[prop(optional, into)]
    on_escape: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let node: NodeRef<Div> = NodeRef::new();
    let on_key = move |e: KeyboardEvent| match e.key().as_str() {
        "Tab" => {
            if let Some(d) = node.get() {
                contain_focus(&d, &e);
            }
        }
        "Escape" => {
            if let Some(cb) = on_escape {
                cb.run(());
            }
        }
        _ => {}
    };
    view! {
        <div class="backdrop">
            <div
                node_ref=node
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelledby
                data-testid=testid
                on:keydown=on_key
            >
                {children()}
            </div>
        </div>
    }
}

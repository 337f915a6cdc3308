//! A modal dialog that keeps the keyboard (WCAG 2.1.2, 2.4.3): focus moves into it when it
//! opens, Tab stays in it, Escape closes it unless a write is in flight (then it says why it
//! stays), and on close focus returns to what opened it, or to the same control in the next
//! row when that row is gone (a revoked key's row).

use crate::components::focus::{ReturnTo, active, focus_into, focusables};
use leptos::ev::KeyboardEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};

/// Brings focus back into the dialog when its content changed under it (a progress card
/// re-rendered, a form became a receipt): to the control with the same test ID if it is there
/// again, else as on open.
fn refocus(dialog: &HtmlElement, last: Option<&str>) {
    if active().is_some_and(|a| dialog.contains(Some(a.as_ref()))) {
        return;
    }
    let same = last.and_then(|t| {
        dialog
            .query_selector(&format!("[data-testid=\"{t}\"]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    });
    if let Some(el) = same {
        let _ = el.focus();
    }
    // Not there again, or not focusable now (disabled): as on open.
    if !active().is_some_and(|a| dialog.contains(Some(a.as_ref()))) {
        focus_into(dialog);
    }
}

/// Tab from the last control goes to the first, Shift+Tab from the first to the last.
fn contain_focus(dialog: &HtmlElement, e: &KeyboardEvent) {
    let list = focusables(dialog);
    let (Some(first), Some(last)) = (list.first(), list.last()) else {
        e.prevent_default();
        return;
    };
    let now = active();
    let inside = now
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.as_ref())));
    let on_dialog = now.as_ref() == Some(dialog.as_ref());
    let target = if !inside {
        first
    } else if e.shift_key() && (on_dialog || now.as_ref() == Some(first.as_ref())) {
        last
    } else if !e.shift_key() && now.as_ref() == Some(last.as_ref()) {
        first
    } else {
        return;
    };
    e.prevent_default();
    let _ = target.focus();
}

#[component]
pub fn Modal(
    /// ID of the element that titles the dialog.
    labelledby: &'static str,
    /// `data-testid` for tests.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Closes the dialog (Escape runs it, unless `busy`).
    #[prop(into)]
    on_close: Callback<()>,
    /// True while a write is in flight: Escape then says why the dialog stays.
    #[prop(optional, into)]
    busy: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let node: NodeRef<Div> = NodeRef::new();
    let held = RwSignal::new(false);
    let back = StoredValue::new_local(std::rc::Rc::new(ReturnTo::capture()));
    let on_key = move |e: KeyboardEvent| match e.key().as_str() {
        "Tab" => {
            if let Some(d) = node.get() {
                contain_focus(&d, &e);
            }
        }
        "Escape" => {
            e.stop_propagation();
            if busy.is_some_and(|b| b.get_untracked()) {
                held.set(true);
            } else {
                on_close.run(());
            }
        }
        _ => {}
    };
    // The test ID of the control last focused in the dialog, to find it again after a re-render.
    let last = StoredValue::new(None::<String>);
    let on_focus = move |e: leptos::ev::FocusEvent| {
        let id = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.get_attribute("data-testid"));
        last.set_value(id);
    };
    let observer = StoredValue::new_local(None::<(MutationObserver, Closure<dyn FnMut()>)>);
    Effect::new(move |_| {
        let Some(d) = node.get() else { return };
        focus_into(&d);
        // Focus that fell out with replaced content comes back into the dialog; so does focus
        // dropped by content redrawn in place: tachys rebuilds erased attributes by removing
        // them, and a list without its `tabindex` for a moment, or a button disabled, loses it.
        let dialog: HtmlElement = d.clone().into();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            refocus(&dialog, last.try_get_value().flatten().as_deref());
        });
        if let Ok(o) = MutationObserver::new(on_change.as_ref().unchecked_ref()) {
            let init = MutationObserverInit::new();
            init.set_child_list(true);
            init.set_subtree(true);
            init.set_attributes(true);
            init.set_attribute_filter(&js_sys::Array::of2(&"tabindex".into(), &"disabled".into()));
            let _ = o.observe_with_options(&d, &init);
            observer.set_value(Some((o, on_change)));
        }
    });
    // Once the busy write is answered, the note has nothing left to say.
    Effect::new(move |_| {
        if busy.is_some_and(|b| !b.get()) {
            held.set(false);
        }
    });
    on_cleanup(move || {
        if let Some(Some((o, _))) = observer.try_update_value(Option::take) {
            o.disconnect();
        }
        // After the DOM has settled (a revoked row removed), so the successor is found.
        if let Some(back) = back.try_get_value() {
            request_animation_frame(move || back.restore());
        }
    });
    view! {
        <div
            class="backdrop"
            // A click beside the dialog leaves focus where it is.
            on:mousedown=move |e| {
                if e.target() == e.current_target() {
                    e.prevent_default();
                }
            }
        >
            <div
                node_ref=node
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelledby
                data-testid=testid
                tabindex="-1"
                on:keydown=on_key
                on:focusin=on_focus
            >
                {children()}
                <Show when=move || held.get()>
                    <p class="modal-held" role="status" data-testid="modal-held">
                        "A change is on its way to the API: this stays open until it is answered."
                    </p>
                </Show>
            </div>
        </div>
    }
}

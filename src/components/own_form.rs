//! A control in a form of its own.
//!
//! On every change of a field, Chromium's autofill reads the field's whole form, and a field
//! outside any form belongs to the page's one "form" of every such field. On All keys at
//! 100,000 keys that reading (every filter, the 500 options of the project filter, the rows'
//! checkboxes, and a layout forced for them) cost about as much as the table's own update.
//! A form per control keeps it to the one field. Submitting it (Enter in a search box) does
//! nothing: the control applies as it changes.

use leptos::prelude::*;

#[component]
pub fn OwnForm(children: Children) -> impl IntoView {
    view! {
        <form class="own-form" on:submit=|e| e.prevent_default()>
            {children()}
        </form>
    }
}

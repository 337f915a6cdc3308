//! Every key in the organization, from the session's inventory, in one table.

use crate::components::key_browser::KeyBrowser;
use crate::components::scan_status::ScanStatus;
use crate::logic::route::Route;
use leptos::prelude::*;

#[component]
pub fn AllKeysPage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="keys-title">
            <div class="page-head">
                <h1 id="keys-title">"All keys"</h1>
            </div>
            <ScanStatus />
            <KeyBrowser path=Route::Keys.href() />
        </section>
    }
}

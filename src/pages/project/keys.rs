//! A project's keys: the organization's key table, scoped to this project.

use crate::components::key_browser::KeyBrowser;
use crate::logic::route::{ProjectTab, Route};
use leptos::prelude::*;

#[component]
pub(super) fn KeysTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let path = Route::Project {
        id: project_id.clone(),
        tab: ProjectTab::Keys,
    }
    .href();
    view! { <KeyBrowser project=project_id path=path /> }
}

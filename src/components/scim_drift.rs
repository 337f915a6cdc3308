//! The "changed outside SCIM" finding spelled out: each user or group, and what SCIM's next sync
//! will undo; or that the audit log, which tells it, could not be read.

use leptos::prelude::*;

#[component]
pub fn ScimDriftList(
    /// "Name: SCIM will set … back at its next sync."
    lines: Vec<String>,
    /// The audit log could not be read.
    unread: bool,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <ul class="plain small" data-testid=testid>
            {unread
                .then(|| {
                    view! {
                        <li class="muted">
                            "The audit log could not be read, so changes made outside SCIM are not known."
                        </li>
                    }
                })}
            {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
        </ul>
    }
}

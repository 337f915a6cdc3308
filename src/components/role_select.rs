//! A project role (a user's or a service account's) changed in place. A role Keyward does not
//! offer is shown as it is, never silently replaced.

use leptos::prelude::*;

/// The project roles offered.
pub const ROLES: [&str; 2] = ["member", "owner"];

#[component]
pub fn RoleSelect(
    /// The select's accessible name.
    label: String,
    /// Its `data-testid`.
    testid: &'static str,
    /// The role the API last reported; the select follows it.
    #[prop(into)]
    role: Signal<String>,
    /// True while a change is on its way (then the select is disabled; leave it false where the
    /// keyboard's focus must stay on it).
    #[prop(into, default = Signal::stored(false))]
    busy: Signal<bool>,
    /// Called with the role picked.
    on_pick: Callback<String>,
) -> impl IntoView {
    let other = move || Some(role.get()).filter(|r| !ROLES.contains(&r.as_str()));
    view! {
        <select
            aria-label=label
            data-testid=testid
            disabled=move || busy.get()
            on:change=move |e| on_pick.run(event_target_value(&e))
        >
            {ROLES
                .map(|r| {
                    view! {
                        <option value=r prop:selected=move || role.get() == r>
                            {r}
                        </option>
                    }
                })
                .collect_view()}
            {move || {
                other()
                    .map(|r| {
                        view! {
                            <option value="" prop:selected=true disabled=true>
                                {r}
                            </option>
                        }
                    })
            }}
        </select>
    }
}

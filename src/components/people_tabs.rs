//! People & access as one place: tabs for users, invites, groups and roles, the current one
//! marked for screen readers.

use crate::logic::route::Route;
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn PeopleTabs() -> impl IntoView {
    let app = use_app();
    let tabs = [
        (Route::People, "Users"),
        (Route::Invites, "Invites"),
        (Route::Groups, "Groups"),
        (Route::Roles, "Roles"),
    ];
    view! {
        <nav class="tabs" aria-label="People & access" data-testid="people-tabs">
            {tabs
                .into_iter()
                .map(|(route, label)| {
                    let here = route.clone();
                    let current = Memo::new(move |_| {
                        let now = app.route.get();
                        now == here || (here == Route::People && matches!(now, Route::Person(_)))
                    });
                    view! {
                        <a
                            class="tab"
                            class:active=current
                            href=route.href()
                            aria-current=move || current.get().then_some("page")
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

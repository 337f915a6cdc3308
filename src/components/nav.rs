//! The main navigation: the sections in their groups. At desktop width every link is in the
//! bar; in the popup a Menu button opens them all, grouped, so none hides off-screen.

use crate::logic::nav::{self, Group};
use crate::logic::route::Route;
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn MainNav(
    /// The page shown, whose section is marked current.
    route: Route,
) -> impl IntoView {
    let came_from = crate::state::use_app().came_from.get_untracked();
    let current = nav::current(&route, Some(&came_from));
    let open = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    // Escape closes the open menu and gives the focus back to its button.
    let on_key = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(b) = toggle.get() {
                let _ = b.focus();
            }
        }
    };
    let group = move |(i, g): (usize, Group)| {
        let label_id = format!("nav-group-{i}");
        view! {
            <li class="nav-group">
                <span class="nav-group-label" id=label_id.clone()>
                    {g.label}
                </span>
                <ul aria-labelledby=label_id>
                    {g
                        .sections
                        .into_iter()
                        .map(|s| {
                            let here = (current == Some(s.id)).then_some("page");
                            view! {
                                <li>
                                    <a
                                        href=s.route.href()
                                        aria-current=here
                                        data-testid=s.id
                                        on:click=move |_| open.set(false)
                                    >
                                        {s.label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </li>
        }
    };
    view! {
        <nav aria-label="Main" class="main-nav" on:keydown=on_key>
            <button
                class="btn btn-small nav-toggle"
                node_ref=toggle
                data-testid="nav-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="nav-menu"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Menu"
            </button>
            <ul id="nav-menu" class="nav-groups" class:open=move || open.get()>
                {nav::groups().into_iter().enumerate().map(group).collect_view()}
            </ul>
        </nav>
    }
}

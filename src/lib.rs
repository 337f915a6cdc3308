//! Keyward: a key warden for OpenAI organizations. The app lives here so tests can mount it;
//! `main.rs` only calls [`start`].

pub mod components;
pub mod logic;
pub mod pages;
pub mod platform;
pub mod state;

use components::toasts::Toasts;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use logic::route::Route;
use pages::{
    audit::AuditPage, connect::ConnectPage, key::KeyPage, project::ProjectPage,
    projects::ProjectsPage,
};
use platform::browser;
use platform::store::SecretStore;
use platform::transport::DemoTransport;
use state::AppState;
use std::time::Duration;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <App /> });
}

/// The whole app, given its state (tests pass one they control).
#[component]
pub fn App(
    /// Shared state; a fresh one when omitted.
    #[prop(optional)]
    state: Option<AppState>,
) -> impl IntoView {
    let restoring = state.is_none();
    let app = state.unwrap_or_else(|| AppState::new(SecretStore::detect()));
    provide_context(app);

    // Back/Forward and typed URLs.
    let hash = window_event_listener(ev::hashchange, move |_| {
        app.route.set(Route::parse(&browser::hash()))
    });
    // Any key or pointer use counts as activity for the idle lock.
    let key_activity = window_event_listener(ev::keydown, move |_| {
        app.last_activity.set_value(browser::now_ms())
    });
    let pointer_activity = window_event_listener(ev::pointerdown, move |_| {
        app.last_activity.set_value(browser::now_ms())
    });
    let idle = set_interval_with_handle(move || app.check_idle(), Duration::from_secs(5)).ok();
    on_cleanup(move || {
        hash.remove();
        key_activity.remove();
        pointer_activity.remove();
        if let Some(h) = idle {
            h.clear();
        }
    });

    let ready = RwSignal::new(!restoring);
    if restoring {
        spawn_local(async move {
            app.restore().await;
            ready.set(true);
        });
    }

    let view_for_route = move || {
        if !ready.get() {
            return view! { <main class="page"><p class="muted">"Starting…"</p></main> }.into_any();
        }
        let route = app.route.get();
        let connected = app.session.with(Option::is_some);
        match route {
            Route::Demo => {
                if !app.is_demo() {
                    // Untracked: starting the demo changes the route itself.
                    let demo = DemoTransport::generate(browser::now());
                    request_animation_frame(move || app.start_demo(demo));
                } else {
                    request_animation_frame(move || app.navigate(Route::Projects));
                }
                view! { <main class="page"><p class="muted">"Starting the demo…"</p></main> }
                    .into_any()
            }
            r if r.needs_session() && !connected => {
                app.return_to.set(Some(r));
                view! { <ConnectPage /> }.into_any()
            }
            Route::Connect => view! { <ConnectPage /> }.into_any(),
            r => view! { <Shell route=r /> }.into_any(),
        }
    };
    view! {
        <a class="skip" href="#main" on:click=|e| { e.prevent_default(); focus_main(); }>"Skip to content"</a>
        {view_for_route}
        <Toasts />
    }
}

fn focus_main() {
    if let Some(el) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Header, demo banner and the page for the route.
#[component]
fn Shell(
    /// The route to show (one that needs a session).
    route: Route,
) -> impl IntoView {
    let app = state::use_app();
    let demo = app.is_demo();
    let in_extension = browser::in_extension();
    let nav_current = |r: &Route, section: &str| match (r, section) {
        (Route::Audit, "audit") => Some("page"),
        (Route::Projects | Route::Project { .. } | Route::Key { .. }, "projects") => Some("page"),
        _ => None,
    };
    let page = match route.clone() {
        Route::Projects => view! { <ProjectsPage /> }.into_any(),
        Route::Project { id, tab } => view! { <ProjectPage id=id tab=tab /> }.into_any(),
        Route::Key { project, key } => view! { <KeyPage project=project key=key /> }.into_any(),
        Route::Audit => view! { <AuditPage /> }.into_any(),
        Route::Connect | Route::Demo => view! { <p>"…"</p> }.into_any(),
    };
    view! {
        {demo.then(|| view! {
            <div class="demo-banner" role="note" data-testid="demo-banner">
                "Demo organization — simulated data inside this page. Nothing is sent anywhere."
            </div>
        })}
        <header class="topbar">
            <a class="brand" href=Route::Projects.href()><img class="logo" src="icons/icon-32.png" alt="" width="22" height="22" />" Keyward"</a>
            <nav aria-label="Main">
                <a href=Route::Projects.href() aria-current=nav_current(&route, "projects")>"Projects"</a>
                <a href=Route::Audit.href() aria-current=nav_current(&route, "audit")>"Audit log"</a>
            </nav>
            <div class="topbar-actions">
                {in_extension.then(|| view! {
                    <button class="btn btn-small" data-testid="open-tab" title="Open Keyward in a full tab" on:click=|_| browser::open_in_tab()>"Open in a tab"</button>
                })}
                <button class="btn btn-small" data-testid="lock" title="Forget the admin key now"
                    on:click=move |_| app.lock(Some(if demo { "Demo closed.".into() } else { "Locked. The admin key was forgotten.".into() }))>
                    {if demo { "Exit demo" } else { "Lock" }}
                </button>
            </div>
        </header>
        <main id="main" tabindex="-1">{page}</main>
    }
}

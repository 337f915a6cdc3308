//! Keyward: a key warden for OpenAI organizations. The app lives here so tests can mount it;
//! `main.rs` only calls [`start`].

pub mod components;
pub mod logic;
pub mod pages;
pub mod platform;
pub mod session;
pub mod state;
pub mod work;

use components::jobs::JobsIndicator;
use components::modal::Modal;
use components::nav::MainNav;
use components::toasts::Toasts;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use logic::route::Route;
use pages::{
    admin_keys::AdminKeysPage, audit::AuditPage, certificates::CertificatesPage,
    connect::ConnectPage, groups::GroupsPage, invites::InvitesPage, key::KeyPage,
    keyless::KeylessPage, keys::AllKeysPage, people::PeoplePage, person::PersonPage,
    project::ProjectPage, projects::ProjectsPage, review::ReviewPage, roles::RolesPage,
    spend::SpendPage,
};
use platform::browser;
use platform::store::SecretStore;
use platform::transport::DemoTransport;
use state::AppState;
use std::time::Duration;

/// Mounts the app on `<body>`.
pub fn start() {
    // Started by scan-worker.js: no page to mount, only listings to read for one.
    if platform::in_worker::is_worker() {
        platform::in_worker::serve();
        return;
    }
    platform::panic::install();
    if platform::frame::is_framed() {
        platform::frame::refuse();
        return;
    }
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
    let hash = window_event_listener(ev::hashchange, move |e| {
        let old = e.old_url();
        let left = old.find('#').map_or("", |at| &old[at..]);
        app.set_route(Route::parse(&browser::hash()), left.to_owned())
    });
    // Any key or pointer use counts as activity for the idle lock.
    let key_activity = window_event_listener(ev::keydown, move |_| {
        app.last_activity.set_value(browser::now_ms())
    });
    let pointer_activity = window_event_listener(ev::pointerdown, move |_| {
        app.last_activity.set_value(browser::now_ms())
    });
    let idle = set_interval_with_handle(move || app.check_idle(), Duration::from_secs(5)).ok();
    // Closing or reloading the page while keys are being revoked asks first.
    let unload = window_event_listener(ev::beforeunload, move |e| {
        if app.destructive_running() {
            e.prevent_default();
            e.set_return_value("A revoke is still running.");
        }
    });
    // A lock in another window (popup, tab) locks this one too.
    app.store
        .get_value()
        .on_locked_elsewhere(move || app.locked_elsewhere());
    on_cleanup(move || {
        hash.remove();
        key_activity.remove();
        pointer_activity.remove();
        unload.remove();
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
            return view! {
                <main class="page">
                    <p class="muted">"Starting…"</p>
                </main>
            }
            .into_any();
        }
        let route = app.route.get();
        let connected = app.session.with(Option::is_some);
        match route {
            // The demo never shares a page with a real key: ask before forgetting it.
            Route::Demo if connected && !app.is_demo() => view! { <LeaveForDemo /> }.into_any(),
            Route::Demo => {
                if !app.is_demo() {
                    // Untracked: starting the demo changes the route itself.
                    let demo = DemoTransport::start();
                    request_animation_frame(move || app.start_demo(demo));
                } else {
                    request_animation_frame(move || app.navigate(Route::Review));
                }
                view! {
                    <main class="page">
                        <p class="muted">"Starting the demo…"</p>
                    </main>
                }
                .into_any()
            }
            r if r.needs_session() && !connected => {
                app.return_to.set(Some(browser::hash()));
                view! { <ConnectPage /> }.into_any()
            }
            Route::Connect => view! { <ConnectPage /> }.into_any(),
            Route::InvalidId(text) => view! { <InvalidLink text=text /> }.into_any(),
            r => match app.current() {
                Some(session) => view! { <Shell route=r session=session /> }.into_any(),
                None => view! { <ConnectPage /> }.into_any(),
            },
        }
    };
    view! {
        <a
            class="skip"
            href="#main"
            on:click=|e| {
                e.prevent_default();
                focus_main();
            }
        >
            "Skip to content"
        </a>
        {view_for_route}
        <Toasts />
    }
}

/// Asked when the demo is opened while connected to a real organization.
#[component]
fn LeaveForDemo() -> impl IntoView {
    let app = state::use_app();
    view! {
        <main class="connect" id="main">
            <section class="card connect-card" data-testid="demo-confirm">
                <h1>"Open the demo?"</h1>
                <p>
                    "You are connected to a real organization. The demo runs in this page, so Keyward forgets your \
                        admin key first: you will have to paste it again to come back."
                </p>
                <div class="actions">
                    <button class="btn" on:click=move |_| app.navigate(Route::Projects)>
                        "Stay connected"
                    </button>
                    <button
                        class="btn btn-primary"
                        data-testid="demo-confirm-go"
                        on:click=move |_| app.start_demo(DemoTransport::start())
                    >
                        "Forget the key and open the demo"
                    </button>
                </div>
            </section>
        </main>
    }
}

/// A link that named something other than an ID: nothing was sent, and the page says why.
#[component]
fn InvalidLink(
    /// The refused text, shown as text.
    text: String,
) -> impl IntoView {
    let shown = admin_api::id::shown(&text);
    view! {
        <main class="connect" id="main">
            <section class="card connect-card" role="alert" data-testid="invalid-link">
                <h1>"This link is not valid"</h1>
                <p>
                    "It names “" {shown}
                    "” where an ID belongs. IDs are letters, digits, _ and -; "
                    "a link with anything else could make Keyward call a different part of the API, "
                    "so nothing was sent."
                </p>
                <p>"If someone sent you this link, do not trust it."</p>
                <div class="actions">
                    <a class="btn btn-primary" href=Route::Projects.href()>
                        "Go to Projects"
                    </a>
                </div>
            </section>
        </main>
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

/// Header, demo banner and the page for the route; the session is in context below it.
#[component]
fn Shell(
    /// The route to show (one that needs a session).
    route: Route,
    /// The connected session, which pages take from context.
    session: session::Session,
) -> impl IntoView {
    let app = state::use_app();
    provide_context(session);
    let demo = session.is_demo();
    let in_extension = browser::in_extension();
    let confirm_lock = RwSignal::new(false);
    let lock_now = move || {
        confirm_lock.set(false);
        app.lock(Some(if demo {
            "Demo closed.".into()
        } else {
            "Locked. The admin key was forgotten.".into()
        }))
    };
    let page = match route.clone() {
        Route::Projects => view! { <ProjectsPage /> }.into_any(),
        Route::Project { id, tab } => view! { <ProjectPage id=id tab=tab /> }.into_any(),
        Route::Key { project, key } => view! { <KeyPage project=project key=key /> }.into_any(),
        Route::Audit => view! { <AuditPage /> }.into_any(),
        Route::Keys => view! { <AllKeysPage /> }.into_any(),
        Route::AdminKeys => view! { <AdminKeysPage /> }.into_any(),
        Route::Keyless => view! { <KeylessPage /> }.into_any(),
        Route::People => view! { <PeoplePage /> }.into_any(),
        Route::Person(id) => view! { <PersonPage id=id /> }.into_any(),
        Route::Groups => view! { <GroupsPage /> }.into_any(),
        Route::Roles => view! { <RolesPage /> }.into_any(),
        Route::Invites => view! { <InvitesPage /> }.into_any(),
        Route::Certificates => view! { <CertificatesPage /> }.into_any(),
        Route::Spend => view! { <SpendPage /> }.into_any(),
        Route::Review => view! { <ReviewPage /> }.into_any(),
        Route::Connect | Route::Demo | Route::InvalidId(_) => view! { <p>"…"</p> }.into_any(),
    };
    view! {
        {demo
            .then(|| {
                view! {
                    <div class="demo-banner" role="note" data-testid="demo-banner">
                        "Demo organization — simulated data inside this page. Nothing is sent anywhere."
                    </div>
                }
            })}
        <header class="topbar">
            <a class="brand" href=Route::Review.href()>
                <img class="logo" src=browser::logo_src() alt="" width="22" height="22" />
                " Keyward"
            </a>
            <MainNav route=route.clone() />
            <div class="topbar-actions">
                <JobsIndicator />
                {in_extension
                    .then(|| {
                        view! {
                            <button
                                class="btn btn-small"
                                data-testid="open-tab"
                                title="Open Keyward in a full tab"
                                on:click=|_| browser::open_in_tab()
                            >
                                "Open in a tab"
                            </button>
                        }
                    })}
                <button
                    class="btn btn-small"
                    data-testid="lock"
                    title="Forget the admin key now"
                    on:click=move |_| {
                        if session.work.destructive_running() {
                            confirm_lock.set(true)
                        } else {
                            lock_now()
                        }
                    }
                >
                    {if demo { "Exit demo" } else { "Lock" }}
                </button>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {page}
        </main>
        <Show when=move || confirm_lock.get()>
            <Modal
                labelledby="lock-title"
                testid="lock-confirm"
                on_close=Callback::new(move |_| confirm_lock.set(false))
            >
                <h2 id="lock-title">"Lock while keys are being revoked?"</h2>
                <p>
                    "Locking stops the run at once. The key whose revoke is on its way may or may not be revoked; the \
                        keys after it are not attempted and keep working. The tally is shown after the lock."
                </p>
                <div class="actions">
                    <button class="btn" on:click=move |_| confirm_lock.set(false)>
                        "Keep running"
                    </button>
                    <button
                        class="btn btn-danger"
                        data-testid="lock-anyway"
                        on:click=move |_| lock_now()
                    >
                        "Lock now"
                    </button>
                </div>
            </Modal>
        </Show>
    }
}

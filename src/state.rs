//! The app's shared state: one `Copy` bundle of signals in context, plus the actions that change
//! who is connected (connect, demo, lock).

use crate::logic::idle::idle_expired;
use crate::logic::route::Route;
use crate::platform::browser;
use crate::platform::store::{Saved, SecretStore, pref, set_pref};
use crate::platform::transport::{
    AppTransport, DEMO_BASE, DEMO_KEY, DemoTransport, FetchTransport,
};
use admin_api::{AdminKey, ApiError, Client, DEFAULT_BASE_URL};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

pub type Api = Client<AppTransport>;

/// A connected session. In demo mode it also holds the simulated organization.
#[derive(Clone)]
pub struct Session {
    pub api: Rc<Api>,
    pub demo: Option<DemoTransport>,
}

impl Session {
    /// A session with a real (or emulated) API over fetch.
    fn fetch(base: &str, key: AdminKey) -> Self {
        Self {
            api: Rc::new(Client::new(AppTransport::Fetch(FetchTransport), base, key)),
            demo: None,
        }
    }

    /// A session with the simulated organization in the page.
    fn demo(demo: DemoTransport) -> Self {
        let api = Client::new(
            AppTransport::Demo(demo.clone()),
            DEMO_BASE,
            AdminKey::new_unchecked(DEMO_KEY),
        );
        Self {
            api: Rc::new(api),
            demo: Some(demo),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ToastKind {
    Success,
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

/// Everything views share. `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Option<Session>, LocalStorage>,
    pub route: RwSignal<Route>,
    pub toasts: RwSignal<Vec<Toast>>,
    /// Shown on the Connect screen after a lock or a rejected key.
    pub notice: RwSignal<Option<String>>,
    /// Where to go after (re)connecting.
    pub return_to: RwSignal<Option<Route>>,
    /// The API base URL (Advanced); kept with the key's session.
    pub base: RwSignal<String>,
    pub idle_minutes: RwSignal<u32>,
    /// Bumped after every change, so lists re-fetch.
    pub version: RwSignal<u32>,
    pub store: StoredValue<SecretStore, LocalStorage>,
    pub last_activity: StoredValue<f64>,
    /// The activity time last written to the store (it is refreshed at most every 15 s).
    pub saved_activity: StoredValue<f64>,
}

pub const DEFAULT_IDLE_MINUTES: u32 = 30;

impl AppState {
    pub fn new(store: SecretStore) -> Self {
        Self {
            session: RwSignal::new_local(None),
            route: RwSignal::new(Route::parse(&browser::hash())),
            toasts: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            return_to: RwSignal::new(None),
            base: RwSignal::new(DEFAULT_BASE_URL.to_owned()),
            idle_minutes: RwSignal::new(
                pref("idle_minutes")
                    .and_then(|m| m.parse().ok())
                    .unwrap_or(DEFAULT_IDLE_MINUTES),
            ),
            version: RwSignal::new(0),
            store: StoredValue::new_local(store),
            last_activity: StoredValue::new(browser::now_ms()),
            saved_activity: StoredValue::new(0.0),
        }
    }

    /// The client, if connected (untracked: call it inside async work, not to render).
    pub fn api(&self) -> Option<Rc<Api>> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.api.clone()))
    }

    /// The client, or the error a view shows when there is no session.
    pub fn client(&self) -> Result<Rc<Api>, ApiError> {
        self.api()
            .ok_or_else(|| ApiError::new(admin_api::ErrorKind::InvalidKey, "Not connected."))
    }

    pub fn is_demo(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.demo.is_some()))
    }

    pub fn navigate(&self, route: Route) {
        self.route.set(route.clone());
        browser::set_hash(&route.href());
    }

    pub fn toast(&self, kind: ToastKind, text: impl Into<String>) {
        let id = (browser::now_ms() * 1000.0) as u64 + self.toasts.with_untracked(Vec::len) as u64;
        let text = text.into();
        self.toasts.update(|t| {
            t.push(Toast {
                id,
                kind: kind.clone(),
                text,
            });
            // Keep the stack short.
            if t.len() > 4 {
                t.remove(0);
            }
        });
        if kind == ToastKind::Success {
            let toasts = self.toasts;
            set_timeout(
                move || toasts.update(|t| t.retain(|x| x.id != id)),
                std::time::Duration::from_secs(6),
            );
        }
    }

    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Handles an error every view shares: a rejected key ends the session.
    /// Returns true when it did (the caller then has nothing more to show).
    pub fn handle_auth(&self, e: &ApiError) -> bool {
        if e.is_auth() {
            self.lock(Some(format!(
                "{} The session was locked: connect again to continue where you were.",
                e.summary()
            )));
            return true;
        }
        false
    }

    /// Forgets the key at once and returns to Connect. The current view is remembered.
    pub fn lock(&self, message: Option<String>) {
        let current = self.route.get_untracked();
        if current.needs_session() {
            self.return_to.set(Some(current));
        }
        self.session.set(None);
        set_pref("mode", None);
        let store = self.store.get_value();
        spawn_local(async move { store.clear().await });
        self.notice.set(message);
        self.navigate(Route::Connect);
    }

    fn enter(&self, session: Session) {
        self.session.set(Some(session));
        self.notice.set(None);
        self.last_activity.set_value(browser::now_ms());
        let next = self.return_to.get_untracked().unwrap_or(Route::Projects);
        self.return_to.set(None);
        self.navigate(if next.needs_session() {
            next
        } else {
            Route::Projects
        });
    }

    /// Checks the key with one cheap call, then keeps it in the session store.
    pub async fn connect(&self, key: AdminKey, base: String) -> Result<(), ApiError> {
        let session = Session::fetch(&base, key.clone());
        session.api.list_projects(false, 1, None).await?;
        let now = browser::now_ms();
        self.saved_activity.set_value(now);
        self.store
            .get_value()
            .save(&Saved {
                key,
                base,
                active_at_ms: now,
                idle_minutes: self.idle_minutes.get_untracked(),
            })
            .await;
        set_pref("mode", None);
        self.enter(session);
        Ok(())
    }

    /// Runs the whole app against the simulated organization in the page.
    pub fn start_demo(&self, demo: DemoTransport) {
        set_pref("mode", Some("demo"));
        self.enter(Session::demo(demo));
    }

    /// On start-up: back into the session this tab (or the extension) already had.
    pub async fn restore(&self) {
        if pref("mode").as_deref() == Some("demo") {
            // Reloaded in demo mode: a fresh simulated organization, same view.
            self.session
                .set(Some(Session::demo(DemoTransport::generate(browser::now()))));
            return;
        }
        if let Some(saved) = self.store.get_value().load().await {
            self.base.set(saved.base.clone());
            self.idle_minutes.set(saved.idle_minutes);
            // A popup reopened (or a tab restored) after the idle limit does not get the key back.
            if saved.active_at_ms > 0.0
                && idle_expired(browser::now_ms(), saved.active_at_ms, saved.idle_minutes)
            {
                self.store.get_value().clear().await;
                self.notice.set(Some(format!(
                    "Locked after {} minutes without activity. The key was forgotten.",
                    saved.idle_minutes
                )));
                return;
            }
            self.session
                .set(Some(Session::fetch(&saved.base, saved.key)));
        }
    }

    /// Called every few seconds: locks an idle session, and records recent activity in the store
    /// so the limit holds across closed popups and reloads.
    pub fn check_idle(&self) {
        let Some(api) = self.session.with_untracked(|s| {
            s.as_ref()
                .filter(|s| s.demo.is_none())
                .map(|s| s.api.clone())
        }) else {
            return;
        };
        let minutes = self.idle_minutes.get_untracked();
        let last = self.last_activity.get_value();
        if idle_expired(browser::now_ms(), last, minutes) {
            self.lock(Some(format!(
                "Locked after {minutes} minutes without activity. The key was forgotten."
            )));
        } else if last - self.saved_activity.get_value() > 15_000.0 {
            self.saved_activity.set_value(last);
            let saved = Saved {
                key: api.key().clone(),
                base: api.base().to_owned(),
                active_at_ms: last,
                idle_minutes: minutes,
            };
            let store = self.store.get_value();
            spawn_local(async move { store.save(&saved).await });
        }
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

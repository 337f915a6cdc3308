//! The app's shared state: one `Copy` bundle of signals in context, plus the actions that change
//! who is connected (connect, demo, lock).

use crate::logic::idle::idle_expired;
use crate::logic::inventory::Inventory;
use crate::logic::route::Route;
use crate::logic::usage::UsageState;
use crate::platform::browser;
use crate::platform::prefs;
use crate::platform::store::{Saved, SecretStore};
use crate::platform::transport::{
    AppTransport, Backend, DEMO_BASE, DEMO_KEY, DemoTransport, FetchTransport,
};
use crate::work::cache::{Cache, Topic};
use crate::work::jobs::Work;
use crate::work::lifetime::Lifetime;
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
    fn fetch(base: &str, key: AdminKey, lifetime: Lifetime) -> Self {
        let transport = AppTransport {
            backend: Backend::Fetch(FetchTransport),
            lifetime,
        };
        Self {
            api: Rc::new(Client::new(transport, base, key)),
            demo: None,
        }
    }

    /// A session with the simulated organization in the page.
    fn demo(demo: DemoTransport, lifetime: Lifetime) -> Self {
        let transport = AppTransport {
            backend: Backend::Demo(demo.clone()),
            lifetime,
        };
        let api = Client::new(transport, DEMO_BASE, AdminKey::new_unchecked(DEMO_KEY));
        Self {
            api: Rc::new(api),
            demo: Some(demo),
        }
    }

    /// The session's lifetime: its generation, and the switch Lock turns off.
    pub fn lifetime(&self) -> &Lifetime {
        &self.api.transport().lifetime
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
    /// What each read depends on; a write marks what it touched stale.
    pub cache: Cache,
    pub store: StoredValue<SecretStore, LocalStorage>,
    pub last_activity: StoredValue<f64>,
    /// The activity time last written to the store (it is refreshed at most every 15 s).
    pub saved_activity: StoredValue<f64>,
    /// The session's jobs (scans, exports, revokes, rotations).
    pub work: Work,
    /// Every project's keys, as far as the session's scan got.
    pub inventory: RwSignal<Inventory, LocalStorage>,
    /// How many key listings the scan runs at once (the user can change it).
    pub scan_lanes: RwSignal<usize>,
    /// Whether the scan lists archived projects' keys too (the user can leave them out).
    pub scan_archived: RwSignal<bool>,
    /// Every key's traffic in the chosen window, as far as the session's usage read got.
    pub usage: RwSignal<UsageState, LocalStorage>,
    /// The usage and cost window in days (the user picks 7 or 30).
    pub usage_days: RwSignal<u32>,
    /// Bumped by every session start and every lock; a session's lifetime carries its number.
    generation: StoredValue<u64>,
}

impl AppState {
    pub fn new(store: SecretStore) -> Self {
        Self {
            session: RwSignal::new_local(None),
            route: RwSignal::new(Route::parse(&browser::hash())),
            toasts: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            return_to: RwSignal::new(None),
            base: RwSignal::new(DEFAULT_BASE_URL.to_owned()),
            idle_minutes: RwSignal::new(prefs::idle_minutes()),
            cache: Cache::new(),
            store: StoredValue::new_local(store),
            last_activity: StoredValue::new(browser::now_ms()),
            saved_activity: StoredValue::new(0.0),
            work: Work::new(),
            inventory: RwSignal::new_local(Inventory::default()),
            scan_lanes: RwSignal::new(prefs::scan_lanes()),
            scan_archived: RwSignal::new(prefs::scan_archived()),
            usage: RwSignal::new_local(UsageState::default()),
            usage_days: RwSignal::new(prefs::usage_days()),
            generation: StoredValue::new(0),
        }
    }

    /// A lifetime for a new session: the next generation.
    fn new_lifetime(&self) -> Lifetime {
        let next = self.generation.get_value() + 1;
        self.generation.set_value(next);
        Lifetime::new(next)
    }

    /// The current session, if any (untracked: for starting work, not for rendering).
    pub fn current(&self) -> Option<Session> {
        self.session.try_with_untracked(Clone::clone).flatten()
    }

    /// The client, if connected (untracked: call it inside async work, not to render).
    pub fn api(&self) -> Option<Rc<Api>> {
        self.current().map(|s| s.api)
    }

    /// The client, or the error a view shows when there is no session.
    pub fn client(&self) -> Result<Rc<Api>, ApiError> {
        self.api()
            .ok_or_else(|| ApiError::new(admin_api::ErrorKind::InvalidKey, "Not connected."))
    }

    /// Untracked: the route view re-renders when the session changes.
    pub fn is_demo(&self) -> bool {
        self.current().is_some_and(|s| s.demo.is_some())
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

    /// Marks what a write touched stale: the views reading it read again, in place.
    pub fn invalidate(&self, topics: impl IntoIterator<Item = Topic>) {
        self.cache.invalidate(topics);
    }

    /// Forgets the key at once and returns to Connect; the current view is remembered. Every
    /// request in flight is aborted, every job ends, and the client is dropped. Other windows
    /// of Keyward lock too (through the store).
    pub fn lock(&self, message: Option<String>) {
        self.end_session(message);
        let store = self.store.get_value();
        spawn_local(async move { store.clear().await });
    }

    /// Another window locked (or a panic hook cleared the store): end this session too.
    pub fn locked_elsewhere(&self) {
        if self.current().is_some_and(|s| s.demo.is_none()) {
            self.end_session(Some(
                "Locked in another Keyward window. The admin key was forgotten.".into(),
            ));
        }
    }

    fn end_session(&self, message: Option<String>) {
        if let Some(session) = self.current() {
            session.lifetime().end();
        }
        // A one-time secret copied in this session leaves the clipboard with it.
        spawn_local(async {
            browser::clear_copied_secret().await;
        });
        // A lifetime minted after this point belongs to a newer session.
        self.generation.update_value(|g| *g += 1);
        let stopped = self.work.end_all();
        self.inventory.set(Inventory::default());
        self.usage.set(UsageState::default());
        let current = self.route.get_untracked();
        if current.needs_session() {
            self.return_to.set(Some(current));
        }
        self.session.set(None);
        prefs::set_demo_mode(false);
        let mut notice: Vec<String> = message.into_iter().collect();
        notice.extend(stopped);
        self.notice
            .set((!notice.is_empty()).then(|| notice.join(" ")));
        self.toasts.set(Vec::new());
        self.navigate(Route::Connect);
    }

    /// The lock that follows a 401 for this session's key (not for an older session's).
    fn lock_on_rejection(&self, lifetime: &Lifetime) {
        let app = *self;
        let generation = lifetime.generation();
        lifetime.set_on_rejected(move || {
            if app
                .current()
                .is_some_and(|s| s.lifetime().generation() == generation)
            {
                app.lock(Some(
                    "The admin key was not accepted by the API: it may have been revoked or expired. The session was \
                        locked: connect again to continue where you were."
                        .into(),
                ));
            }
        });
    }

    fn enter(&self, session: Session) {
        self.lock_on_rejection(session.lifetime());
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
        let session = Session::fetch(&base, key.clone(), self.new_lifetime());
        let generation = session.lifetime().generation();
        session.api.list_projects(false, 1, None).await?;
        if self.generation.try_get_value() != Some(generation) {
            // Locked, or another session started, while the key was being checked.
            session.lifetime().end();
            return Ok(());
        }
        let now = browser::now_ms();
        self.saved_activity.set_value(now);
        let store = self.store.get_value();
        store
            .save(&Saved {
                key,
                base,
                idle_minutes: self.idle_minutes.get_untracked(),
            })
            .await;
        store.save_activity(now).await;
        prefs::set_demo_mode(false);
        self.enter(session);
        Ok(())
    }

    /// Runs the whole app against the simulated organization in the page. A real session is
    /// locked first (the demo never shares a page with a real key).
    pub fn start_demo(&self, demo: DemoTransport) {
        if self.current().is_some_and(|s| s.demo.is_none()) {
            self.lock(None);
        }
        prefs::set_demo_mode(true);
        let lifetime = self.new_lifetime();
        self.enter(Session::demo(demo, lifetime));
    }

    /// On start-up: back into the session this tab (or the extension) already had.
    pub async fn restore(&self) {
        if prefs::demo_mode() {
            // Reloaded in demo mode: a fresh simulated organization, same view.
            let session = Session::demo(DemoTransport::start(), self.new_lifetime());
            self.lock_on_rejection(session.lifetime());
            self.session.set(Some(session));
            return;
        }
        let store = self.store.get_value();
        if let Some(saved) = store.load().await {
            self.base.set(saved.base.clone());
            self.idle_minutes.set(saved.idle_minutes);
            // A popup reopened (or a tab restored) after the idle limit does not get the key back.
            let active_at = store.load_activity().await.unwrap_or(0.0);
            if active_at > 0.0 && idle_expired(browser::now_ms(), active_at, saved.idle_minutes) {
                store.clear().await;
                self.notice.set(Some(format!(
                    "Locked after {} minutes without activity. The key was forgotten.",
                    saved.idle_minutes
                )));
                return;
            }
            let session = Session::fetch(&saved.base, saved.key, self.new_lifetime());
            self.lock_on_rejection(session.lifetime());
            self.session.set(Some(session));
        }
    }

    /// Called every few seconds: locks an idle session, and records recent activity in the store
    /// so the limit holds across closed popups and reloads.
    /// A running revoke counts as activity: it is never cut short by the idle lock. Only the
    /// activity time is written, never the key (a window that missed a lock can't restore it).
    pub fn check_idle(&self) {
        if self.current().is_none_or(|s| s.demo.is_some()) {
            return;
        }
        if self.work.destructive_running() {
            self.last_activity.set_value(browser::now_ms());
        }
        let minutes = self.idle_minutes.get_untracked();
        let last = self.last_activity.get_value();
        if idle_expired(browser::now_ms(), last, minutes) {
            self.lock(Some(format!(
                "Locked after {minutes} minutes without activity. The key was forgotten."
            )));
        } else if last - self.saved_activity.get_value() > 15_000.0 {
            self.saved_activity.set_value(last);
            let store = self.store.get_value();
            spawn_local(async move { store.save_activity(last).await });
        }
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

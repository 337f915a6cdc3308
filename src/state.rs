//! What outlives a session: the route, toasts, notices and preferences, in one `Copy` bundle in
//! context; plus the actions that start and end the session (connect, demo, restore, lock).

use crate::logic::idle::idle_expired;
use crate::logic::route::Route;
use crate::platform::browser;
use crate::platform::lifetime::Lifetime;
use crate::platform::prefs::{self, Prefs};
use crate::platform::store::{Saved, SecretStore};
use crate::platform::transport::DemoTransport;
use crate::session::{Birth, Session};
use admin_api::{AdminKey, ApiError, DEFAULT_BASE_URL};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

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

/// Everything views share across sessions. `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The connected session, if any: everything that Lock forgets.
    pub session: RwSignal<Option<Session>, LocalStorage>,
    /// The owner the session's signals live under; Lock disposes it.
    session_owner: StoredValue<Option<Owner>, LocalStorage>,
    /// The app's owner, parent of every session's (never a view's, which re-renders).
    app_owner: StoredValue<Option<Owner>, LocalStorage>,
    pub route: RwSignal<Route>,
    /// The last page shown that is not a key's: a key's page belongs to the list it came from.
    pub came_from: RwSignal<Route>,
    /// That page's hash as it was left, with its query (filters, sort, selection): a key's
    /// breadcrumb goes back to the list as the user left it.
    pub came_from_hash: StoredValue<String>,
    pub toasts: RwSignal<Vec<Toast>>,
    /// Shown on the Connect screen after a lock or a rejected key.
    pub notice: RwSignal<Option<String>>,
    /// Where to go after (re)connecting: the hash of the page left, with its query (filters, a
    /// sort, an open group), which its `Route` leaves out.
    pub return_to: RwSignal<Option<String>>,
    /// The API base URL (Advanced); kept with the key's session.
    pub base: RwSignal<String>,
    /// The user's preferences (idle minutes, scan lanes, archived projects, usage window).
    pub prefs: Prefs,
    pub store: StoredValue<SecretStore, LocalStorage>,
    pub last_activity: StoredValue<f64>,
    /// The activity time last written to the store (it is refreshed at most every 15 s).
    pub saved_activity: StoredValue<f64>,
    /// Bumped by every session start and every lock; a session's lifetime carries its number.
    generation: StoredValue<u64>,
}

impl AppState {
    pub fn new(store: SecretStore) -> Self {
        Self {
            session: RwSignal::new_local(None),
            session_owner: StoredValue::new_local(None),
            app_owner: StoredValue::new_local(Owner::current()),
            route: RwSignal::new(Route::parse(&browser::hash())),
            came_from: RwSignal::new(Route::Projects),
            came_from_hash: StoredValue::new(Route::Projects.href()),
            toasts: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            return_to: RwSignal::new(None),
            base: RwSignal::new(DEFAULT_BASE_URL.to_owned()),
            prefs: Prefs::load(),
            store: StoredValue::new_local(store),
            last_activity: StoredValue::new(browser::now_ms()),
            saved_activity: StoredValue::new(0.0),
            generation: StoredValue::new(0),
        }
    }

    /// A new owner for a session's state.
    fn session_owner(&self) -> Owner {
        self.app_owner
            .with_value(|o| o.as_ref().map_or_else(Owner::new, Owner::child))
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

    /// Untracked: the route view re-renders when the session changes.
    pub fn is_demo(&self) -> bool {
        self.current().is_some_and(|s| s.is_demo())
    }

    /// True while a revoke runs (leaving the page or locking then asks first).
    pub fn destructive_running(&self) -> bool {
        self.current().is_some_and(|s| s.work.destructive_running())
    }

    pub fn navigate(&self, route: Route) {
        let hash = route.href();
        self.go(route, &hash);
    }

    /// Goes back to `route` as the user left it (see [`AppState::as_left`]).
    pub fn navigate_back(&self, route: Route) {
        let hash = self.as_left(&route);
        self.go(route, &hash);
    }

    fn go(&self, route: Route, hash: &str) {
        self.set_route(route, browser::hash());
        browser::set_hash(hash);
    }

    /// Shows a route (from a link, Back, or `navigate`), remembering the list it leaves and
    /// that list's hash as it was left (`left_hash`).
    pub fn set_route(&self, route: Route, left_hash: String) {
        let left = self.route.get_untracked();
        if !matches!(left, Route::Key { .. }) && left != route {
            self.came_from.set(left);
            self.came_from_hash.set_value(left_hash);
        }
        self.route.set(route);
    }

    /// The hash of `route` as the user left it (with its query) when it is the list they came
    /// from, else its plain hash.
    pub fn as_left(&self, route: &Route) -> String {
        let left = self.came_from_hash.get_value();
        if left.starts_with("#/") && Route::parse(&left) == *route {
            left
        } else {
            route.href()
        }
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
        if self.current().is_some_and(|s| !s.is_demo()) {
            self.end_session(Some(
                "Locked in another Keyward window. The admin key was forgotten.".into(),
            ));
        }
    }

    fn end_session(&self, message: Option<String>) {
        let stopped = self.current().map(|s| s.end()).unwrap_or_default();
        // A one-time secret copied in this session leaves the clipboard with it.
        spawn_local(async {
            browser::clear_copied_secret().await;
        });
        // A lifetime minted after this point belongs to a newer session.
        self.generation.update_value(|g| *g += 1);
        if self.route.get_untracked().needs_session() {
            self.return_to.set(Some(browser::hash()));
        }
        self.session.set(None);
        self.dispose_session_later();
        prefs::set_demo_mode(false);
        let mut notice: Vec<String> = message.into_iter().collect();
        notice.extend(stopped);
        self.notice
            .set((!notice.is_empty()).then(|| notice.join(" ")));
        self.toasts.set(Vec::new());
        self.navigate(Route::Connect);
    }

    /// Disposes the ended session's signals once the views that read them are gone (they
    /// re-render on the next microtask; a timeout runs after all of them).
    fn dispose_session_later(&self) {
        if let Some(owner) = self.session_owner.try_update_value(Option::take).flatten() {
            set_timeout(move || owner.cleanup(), Duration::ZERO);
        }
    }

    /// Makes `session` the current one; its owner is kept until Lock disposes it.
    fn set_session(&self, session: Session, owner: Owner) {
        if let Some(old) = self.current() {
            old.end();
        }
        self.dispose_session_later();
        if let Some(lifetime) = session.lifetime() {
            self.lock_on_rejection(&lifetime);
        }
        self.session_owner.set_value(Some(owner));
        self.session.set(Some(session));
    }

    /// Makes the session `build` returns (under a fresh owner and lifetime) the current one.
    pub fn begin(&self, build: impl FnOnce(Birth) -> Session) {
        let owner = self.session_owner();
        let session = build(Birth {
            owner: &owner,
            lifetime: self.new_lifetime(),
            prefs: self.prefs,
        });
        self.set_session(session, owner);
    }

    /// The lock that follows a 401 for this session's key (not for an older session's).
    fn lock_on_rejection(&self, lifetime: &Lifetime) {
        let app = *self;
        let generation = lifetime.generation();
        lifetime.set_on_rejected(move || {
            if app
                .current()
                .and_then(|s| s.lifetime())
                .is_some_and(|l| l.generation() == generation)
            {
                app.lock(Some(
                    "The admin key was not accepted by the API: it may have been revoked or expired. The session was \
                        locked: connect again to continue where you were."
                        .into(),
                ));
            }
        });
    }

    /// After connecting: clears the notice and goes where the user was headed, else to the Review.
    fn enter(&self) {
        self.notice.set(None);
        self.last_activity.set_value(browser::now_ms());
        // The Review first: where the organization stands is what an owner needs to see first.
        let next = self.return_to.get_untracked();
        self.return_to.set(None);
        match next.map(|hash| (Route::parse(&hash), hash)) {
            // The hash as it was: the page reads its query again (and checks it, as from a link).
            Some((route, hash)) if route.needs_session() => {
                // A bare address (no `#/…`) names no page: the route's own hash, then.
                let hash = if hash.starts_with("#/") {
                    hash
                } else {
                    route.href()
                };
                self.go(route, &hash);
            }
            _ => self.navigate(Route::Review),
        }
    }

    /// Checks the key with one cheap call, then keeps it in the session store.
    pub async fn connect(&self, key: AdminKey, base: String) -> Result<(), ApiError> {
        let lifetime = self.new_lifetime();
        let generation = lifetime.generation();
        let owner = self.session_owner();
        let birth = Birth {
            owner: &owner,
            lifetime: lifetime.clone(),
            prefs: self.prefs,
        };
        let session = Session::fetch(birth, &base, key.clone());
        let checked = match session.client() {
            Ok(api) => api.list_projects(false, 1, None).await.map(drop),
            Err(e) => Err(e),
        };
        if let Err(e) = checked {
            lifetime.end();
            owner.cleanup();
            return Err(e);
        }
        if self.generation.try_get_value() != Some(generation) {
            // Locked, or another session started, while the key was being checked.
            lifetime.end();
            owner.cleanup();
            return Ok(());
        }
        let now = browser::now_ms();
        self.saved_activity.set_value(now);
        let store = self.store.get_value();
        store
            .save(&Saved {
                key,
                base,
                idle_minutes: self.prefs.idle_minutes.get_untracked(),
            })
            .await;
        store.save_activity(now).await;
        prefs::set_demo_mode(false);
        self.set_session(session, owner);
        self.enter();
        Ok(())
    }

    /// Runs the whole app against the simulated organization in the page. A real session is
    /// locked first (the demo never shares a page with a real key).
    pub fn start_demo(&self, demo: DemoTransport) {
        if self.current().is_some_and(|s| !s.is_demo()) {
            self.lock(None);
        }
        prefs::set_demo_mode(true);
        self.begin(|birth| Session::demo(birth, demo));
        self.enter();
    }

    /// On start-up: back into the session this tab (or the extension) already had.
    pub async fn restore(&self) {
        if prefs::demo_mode() {
            // Reloaded in demo mode: a fresh simulated organization, same view.
            self.begin(|birth| Session::demo(birth, DemoTransport::start()));
            return;
        }
        let store = self.store.get_value();
        if let Some(saved) = store.load().await {
            self.base.set(saved.base.clone());
            self.prefs.idle_minutes.set(saved.idle_minutes);
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
            self.begin(|birth| Session::fetch(birth, &saved.base, saved.key));
        }
    }

    /// Called every few seconds: locks an idle session, and records recent activity in the store
    /// so the limit holds across closed popups and reloads.
    /// A running revoke counts as activity: it is never cut short by the idle lock. Only the
    /// activity time is written, never the key (a window that missed a lock can't restore it).
    pub fn check_idle(&self) {
        if self.current().is_none_or(|s| s.is_demo()) {
            return;
        }
        if self.destructive_running() {
            self.last_activity.set_value(browser::now_ms());
        }
        let minutes = self.prefs.idle_minutes.get_untracked();
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

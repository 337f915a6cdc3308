//! One session's lifetime: its generation number and the switch that ends it. Every request
//! of the session is aborted through it, and nothing is sent once it has ended.

use admin_api::{ApiError, ErrorKind};
use js_sys::Promise;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, AddEventListenerOptions};

/// What work of a session that has ended (Lock) is told, where it would have had an answer.
pub fn session_ended() -> ApiError {
    ApiError::new(ErrorKind::Cancelled, "The session has ended.")
}

/// Shared by the session, its client's transport and every job it started. Cheap to clone.
#[derive(Clone)]
pub struct Lifetime(Rc<Inner>);

struct Inner {
    generation: u64,
    controller: Option<AbortController>,
    ended: Cell<bool>,
    /// Called (once, later) when the API rejects the admin key: the session locks itself.
    on_rejected: RefCell<Option<Rc<dyn Fn()>>>,
}

/// Removes an abort listener when the wait that added it goes away.
struct Unlisten(AbortSignal, Option<js_sys::Function>);

impl Drop for Unlisten {
    fn drop(&mut self) {
        if let Some(f) = &self.1 {
            let _ = self.0.remove_event_listener_with_callback("abort", f);
        }
    }
}

impl Lifetime {
    pub fn new(generation: u64) -> Self {
        Self(Rc::new(Inner {
            generation,
            controller: AbortController::new().ok(),
            ended: Cell::new(false),
            on_rejected: RefCell::new(None),
        }))
    }

    pub fn generation(&self) -> u64 {
        self.0.generation
    }

    pub fn is_ended(&self) -> bool {
        self.0.ended.get()
    }

    /// Ends the session: aborts every request in flight and refuses every later one.
    pub fn end(&self) {
        if self.0.ended.replace(true) {
            return;
        }
        self.0.on_rejected.borrow_mut().take();
        if let Some(c) = &self.0.controller {
            c.abort();
        }
    }

    /// The signal every fetch of this session carries.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.0.controller.as_ref().map(AbortController::signal)
    }

    /// Resolves when [`Lifetime::end`] is called (at once if it was). Dropped early, it takes
    /// its listener off the signal, so waits that end normally leave nothing behind.
    pub async fn ended(&self) {
        let Some(signal) = self.signal() else {
            return std::future::pending().await;
        };
        if signal.aborted() {
            return;
        }
        let mut listener = None;
        let promise = Promise::new(&mut |resolve, _| {
            let once = AddEventListenerOptions::new();
            once.set_once(true);
            let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
                "abort",
                resolve.unchecked_ref(),
                &once,
            );
            listener = Some(resolve);
        });
        let _unlisten = Unlisten(signal, listener);
        let _ = JsFuture::from(promise).await;
    }

    /// What to do when the API says the admin key is not (or no longer) valid.
    pub fn set_on_rejected(&self, f: impl Fn() + 'static) {
        *self.0.on_rejected.borrow_mut() = Some(Rc::new(f));
    }

    /// The API rejected the key. The reaction runs after the current task, never inside it.
    pub fn rejected(&self) {
        if self.is_ended() {
            return;
        }
        if let Some(f) = self.0.on_rejected.borrow().clone() {
            leptos::task::spawn_local(async move { f() });
        }
    }
}

//! The app when `scan-worker.js` starts it in a Web Worker: it lists projects' keys for the
//! inventory scan, or reads usage for the usage job (`platform::job_worker` is the page's end),
//! so fetching, reading and checking the JSON of some thousand listings, or of usage pages that
//! reach tens of megabytes, happens off the main thread. The worker sends back nothing but
//! bytes to copy in ([`crate::logic::wire`]).
//!
//! The messages, all arrays but the first:
//! - worker → page: [`LISTENING`], once it can receive (a message sent earlier would be lost);
//! - page → worker, first: `[OPEN, base, admin_key]`, kept in this worker's memory only (the page
//!   ends the worker at Lock, which aborts its requests with it);
//! - page → worker: `[LIST, n, project_id, lanes]`; worker → page: `[n, bytes]` (the buffer
//!   moved). At most `lanes` listings run at once; the page sends more than that, so the
//!   worker has the next at hand while the page is busy showing what came;
//! - page → worker: `[USAGE, n, read, days, now]` (a [`Read`]'s name, the window);
//!   worker → page: `[n, bytes]`, the read summed;
//! - page → worker: `[STOP]`: listings and reads under way ask for no more pages (they end
//!   "stopped", a listing with where to resume, as in the page).

use crate::logic::keys::all_keys;
use crate::logic::wire::{listing as scan_wire, usage as usage_wire};
use crate::platform::lifetime::Lifetime;
use crate::platform::transport::{AppTransport, Backend, FetchTransport};
use crate::platform::usage_read::{self, Read};
use admin_api::{AdminKey, Client};
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
// Not Leptos's: no executor runs in the worker, which mounts nothing.
use wasm_bindgen_futures::spawn_local;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

pub const LISTENING: &str = "listening";
pub const OPEN: &str = "open";
pub const LIST: &str = "list";
pub const STOP: &str = "stop";
pub const USAGE: &str = "usage";

/// True when the app was started in a worker, not a page.
pub fn is_worker() -> bool {
    js_sys::global().dyn_into::<web_sys::Window>().is_err()
}

type WorkerApi = Client<AppTransport>;

/// The worker's state: its client, and the listings asked for.
#[derive(Default)]
struct Lister {
    api: Option<Rc<WorkerApi>>,
    /// Bumped by STOP: a listing asked for under an older count asks for no more pages.
    stops: u32,
    running: usize,
    waiting: VecDeque<Asked>,
}

struct Asked {
    n: JsValue,
    project_id: String,
    lanes: usize,
    stops: u32,
}

/// Answers the page's messages until the page ends this worker.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let lister = Rc::new(RefCell::new(Lister::default()));
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let msg: Array = e.data().unchecked_into();
        let mut l = lister.borrow_mut();
        match msg.get(0).as_string().as_deref() {
            Some(OPEN) => {
                let (Some(base), Some(key)) = (msg.get(1).as_string(), msg.get(2).as_string())
                else {
                    return;
                };
                let transport = AppTransport {
                    backend: Backend::Fetch(FetchTransport),
                    lifetime: Lifetime::new(0),
                };
                l.api = Some(Rc::new(Client::new(
                    transport,
                    &base,
                    AdminKey::new_unchecked(key),
                )));
            }
            Some(STOP) => l.stops = l.stops.wrapping_add(1),
            Some(LIST) => {
                let asked = Asked {
                    n: msg.get(1),
                    project_id: msg.get(2).as_string().unwrap_or_default(),
                    lanes: msg.get(3).as_f64().unwrap_or(1.0).max(1.0) as usize,
                    stops: l.stops,
                };
                l.waiting.push_back(asked);
                drop(l);
                start_next(&lister, &reply);
            }
            Some(USAGE) => {
                let (Some(api), Some(read)) = (l.api.clone(), msg.get(2).as_string()) else {
                    return;
                };
                let days = msg.get(3).as_f64().unwrap_or(0.0) as u32;
                let now = msg.get(4).as_f64().unwrap_or(0.0) as i64;
                let (n, stops) = (msg.get(1), l.stops);
                let (lister, reply) = (lister.clone(), reply.clone());
                spawn_local(async move {
                    let stopped = || lister.borrow().stops != stops;
                    let summed = match Read::from_id(&read) {
                        Some(read) => usage_read::read(&api, read, days, now, &stopped).await,
                        None => Err(admin_api::ApiError::new(
                            admin_api::ErrorKind::BadRequest,
                            "No such usage read.",
                        )),
                    };
                    send(&reply, n, &usage_wire::encode(&summed));
                });
            }
            _ => {}
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&LISTENING.into());
}

/// Starts the listings waiting, while fewer than their lanes run.
fn start_next(lister: &Rc<RefCell<Lister>>, reply: &DedicatedWorkerGlobalScope) {
    let mut l = lister.borrow_mut();
    while l.waiting.front().is_some_and(|a| l.running < a.lanes) {
        let (Some(asked), Some(api)) = (l.waiting.pop_front(), l.api.clone()) else {
            return;
        };
        l.running += 1;
        let (lister, reply) = (lister.clone(), reply.clone());
        spawn_local(async move {
            let stopped = || lister.borrow().stops != asked.stops;
            let listing = api
                .list_keys_until(&asked.project_id, &all_keys(), None, &stopped)
                .await;
            send(&reply, asked.n, &scan_wire::encode(&listing));
            lister.borrow_mut().running -= 1;
            start_next(&lister, &reply);
        });
    }
}

/// Answers request `n` with `bytes`, their buffer moved to the page rather than copied.
fn send(reply: &DedicatedWorkerGlobalScope, n: JsValue, bytes: &[u8]) {
    let bytes = Uint8Array::from(bytes);
    let transfer = Array::of1(&bytes.buffer());
    let _ = reply.post_message_with_transfer(&Array::of2(&n, &bytes), &transfer);
}

//! The page's end of a job's worker (`platform::in_worker` gives the messages): the app's own
//! wasm started a second time, in a worker that lives as long as one job, to list projects'
//! keys (the scan) or read usage (the usage job) off the main thread. Where no worker can start (the
//! single file, which has nothing beside it), or once it has failed, [`JobWorker::list`] and
//! [`JobWorker::usage`] say so and the work is done in the page, as it always could be: these
//! are reads, so asking again is safe.

use crate::logic::usage::UsagePart;
use crate::logic::wire::{listing as scan_wire, usage as usage_wire};
use crate::platform::browser;
use crate::platform::in_worker::{LIST, LISTENING, OPEN, STOP, USAGE};
use crate::platform::lifetime::session_ended;
use crate::platform::usage_read::Read;
use crate::platform::worker_calls::{Calls, answer_id};
use admin_api::types::ProjectApiKey;
use admin_api::{ApiError, Listing};
use futures::channel::oneshot;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// Keys decoded between two looks at the clock.
const KEYS_PER_STEP: usize = 512;

/// Next to index.html: it starts `keyward.js` in the worker.
const SCRIPT: &str = "./scan-worker.js";

/// What a request sent to the worker came back as.
enum Answer {
    /// Its bytes (`logic::wire`), read by whoever asked.
    Bytes(Vec<u8>),
    /// The worker failed (it never started, or stopped): do it in the page instead.
    Failed,
}

struct Shared {
    calls: Calls<Answer>,
    /// Ended by Lock: nothing more is sent.
    ended: bool,
}

/// One job's worker; dropping it ends the worker and every request it made.
pub struct JobWorker {
    worker: Worker,
    shared: Rc<RefCell<Shared>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

/// The single file defines `keywardDemoWorkerUrl` (it has no files beside it); a page opened
/// from disk cannot start a worker from a file either.
fn can_start() -> bool {
    let single =
        js_sys::Reflect::has(&js_sys::global(), &"keywardDemoWorkerUrl".into()).unwrap_or(true);
    let from_disk = web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_none_or(|p| p == "file:");
    !single && !from_disk
}

impl JobWorker {
    /// Starts the worker for the API at `base` with this admin key; `None` where none can start.
    pub fn start(base: &str, admin_key: &str) -> Option<Self> {
        if !can_start() {
            return None;
        }
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(SCRIPT, &options).ok()?;
        let open = Array::of3(&OPEN.into(), &base.into(), &admin_key.into());
        let shared = Rc::new(RefCell::new(Shared {
            calls: Calls::new(open.into()),
            ended: false,
        }));
        let on_message = {
            let (shared, worker) = (shared.clone(), worker.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                let calls = &mut shared.borrow_mut().calls;
                if data.as_string().as_deref() == Some(LISTENING) {
                    calls.listening(&worker);
                    return;
                }
                let msg: Array = data.unchecked_into();
                let bytes = msg.get(1).dyn_into::<Uint8Array>().map(|b| b.to_vec());
                calls.answer(answer_id(&msg), bytes.map_or(Answer::Failed, Answer::Bytes));
            })
        };
        let on_error = {
            let shared = shared.clone();
            Closure::<dyn Fn(Event)>::new(move |e: Event| {
                // Said here, so the console names the cause; the scan goes on in the page.
                e.prevent_default();
                shared.borrow_mut().calls.fail(|| Answer::Failed);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Self {
            worker,
            shared,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Lists one project's keys in the worker, with at most `lanes` listings running there.
    /// `None`: the worker failed, list in the page. Ended with the worker (Lock), the listing
    /// says it was cancelled.
    pub async fn list(&self, project_id: &str, lanes: usize) -> Option<Listing<ProjectApiKey>> {
        let msg = |id: u32| Array::of4(&LIST.into(), &id.into(), &project_id.into(), &lanes.into());
        match self.ask(msg).await {
            Ok(Answer::Bytes(bytes)) => scan_wire::decode(&bytes),
            Ok(Answer::Failed) => None,
            Err(_) => Some(cancelled()),
        }
    }

    /// One read of the usage job for the window of `days` days up to `now`, summed in the
    /// worker. `None`: the worker failed, read in the page.
    pub async fn usage(
        &self,
        read: Read,
        days: u32,
        now: i64,
    ) -> Option<Result<UsagePart, ApiError>> {
        let msg = |id: u32| {
            let msg = Array::of4(&USAGE.into(), &id.into(), &read.id().into(), &days.into());
            msg.push(&(now as f64).into());
            msg
        };
        match self.ask(msg).await {
            Ok(Answer::Bytes(bytes)) => {
                decode_in_slices(&bytes, || self.shared.borrow().ended).await
            }
            Ok(Answer::Failed) => None,
            Err(_) => Some(Err(session_ended())),
        }
    }

    /// Sends the message `msg` makes for a new request number, and waits for its answer (an
    /// error once the worker has ended, at Lock).
    async fn ask(&self, msg: impl FnOnce(u32) -> Array) -> Result<Answer, oneshot::Canceled> {
        let asked = {
            let mut s = self.shared.borrow_mut();
            if s.ended {
                return Err(oneshot::Canceled);
            }
            s.calls.ask(&self.worker, msg)
        };
        match asked {
            Some(answer) => answer.await,
            None => Ok(Answer::Failed),
        }
    }

    /// Listings and reads under way ask for no more pages (Stop).
    pub fn stop(&self) {
        let mut s = self.shared.borrow_mut();
        if !s.ended {
            s.calls.post(&self.worker, Array::of1(&STOP.into()).into());
        }
    }

    /// Ends the worker (Lock): its requests in flight end with it, what waited for them hears
    /// "cancelled", and nothing more is sent.
    pub fn end(&self) {
        self.worker.terminate();
        let pending = {
            let mut s = self.shared.borrow_mut();
            s.ended = true;
            s.calls.end()
        };
        drop(pending);
    }
}

fn cancelled() -> Listing<ProjectApiKey> {
    Listing {
        items: Vec::new(),
        error: Some(session_ended()),
        resume: None,
    }
}

impl Drop for JobWorker {
    fn drop(&mut self) {
        self.end();
    }
}

/// A read's bytes decoded a slice at a time: a table of 100,000 keys takes tens of milliseconds,
/// and clicks and keystrokes meanwhile get their turn between slices. Once `ended` (Lock came
/// between two slices), the rest is left undecoded and the read said cancelled.
pub async fn decode_in_slices(
    bytes: &[u8],
    ended: impl Fn() -> bool,
) -> Option<Result<UsagePart, ApiError>> {
    let mut decoding = usage_wire::Decoding::new(bytes);
    browser::in_slices(|| {
        if ended() {
            return Some(Some(Err(session_ended())));
        }
        decoding.step(KEYS_PER_STEP)
    })
    .await
}

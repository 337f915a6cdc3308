//! The page's bookkeeping for a worker that answers each request by its number: requests held
//! until the worker says it listens (a message sent earlier would be lost), each answer handed
//! to whoever asked, and every request still waiting answered at once when the worker fails.
//! The job worker and the demo worker both talk this way; what their messages hold is theirs.

use futures::channel::oneshot;
use js_sys::Array;
use std::collections::HashMap;
use wasm_bindgen::JsValue;
use web_sys::Worker;

pub struct Calls<A> {
    /// Messages held until the worker listens (`None` once it does).
    queued: Option<Vec<JsValue>>,
    pending: HashMap<u32, oneshot::Sender<A>>,
    next_id: u32,
    failed: bool,
}

impl<A> Calls<A> {
    /// `first` goes to the worker before anything else, once it listens.
    pub fn new(first: JsValue) -> Self {
        Self {
            queued: Some(vec![first]),
            pending: HashMap::new(),
            next_id: 0,
            failed: false,
        }
    }

    /// The worker listens: what waited goes now, in order.
    pub fn listening(&mut self, worker: &Worker) {
        for msg in self.queued.take().unwrap_or_default() {
            let _ = worker.post_message(&msg);
        }
    }

    /// Sends `msg`, or holds it until the worker listens.
    pub fn post(&mut self, worker: &Worker, msg: JsValue) {
        match &mut self.queued {
            Some(queue) => queue.push(msg),
            None => {
                let _ = worker.post_message(&msg);
            }
        }
    }

    /// A new request: the message `msg` makes for its number is sent (or held), and the answer
    /// comes to the receiver. `None` once the worker has failed.
    pub fn ask(
        &mut self,
        worker: &Worker,
        msg: impl FnOnce(u32) -> Array,
    ) -> Option<oneshot::Receiver<A>> {
        if self.failed {
            return None;
        }
        let (reply, answer) = oneshot::channel();
        self.next_id = self.next_id.wrapping_add(1);
        let id = self.next_id;
        self.pending.insert(id, reply);
        self.post(worker, msg(id).into());
        Some(answer)
    }

    /// The worker answered request `id` (an unknown number is ignored).
    pub fn answer(&mut self, id: u32, answer: A) {
        if let Some(reply) = self.pending.remove(&id) {
            let _ = reply.send(answer);
        }
    }

    /// The worker failed: every request waiting hears `failed()`, and no more are taken.
    pub fn fail(&mut self, failed: impl Fn() -> A) {
        self.failed = true;
        self.queued = None;
        for (_, reply) in self.pending.drain() {
            let _ = reply.send(failed());
        }
    }

    /// The worker was ended: nothing is held, and what waits hears "cancelled" once the caller
    /// drops what this returns (after letting go of its borrow).
    #[must_use]
    pub fn end(&mut self) -> HashMap<u32, oneshot::Sender<A>> {
        self.queued = None;
        std::mem::take(&mut self.pending)
    }
}

/// The request number a worker's answer `[n, ...]` starts with.
pub fn answer_id(msg: &Array) -> u32 {
    msg.get(0).as_f64().unwrap_or(-1.0) as u32
}

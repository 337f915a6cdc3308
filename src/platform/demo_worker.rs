//! The page's end of the demo worker (`crates/demo-worker`, whose header gives the messages).
//! The demo organization runs there, in a wasm that only the demo downloads.

use crate::platform::worker_calls::{Calls, answer_id};
use admin_api::{HttpResponse, TransportError};
use js_sys::Array;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker};

/// Next to index.html; it loads the wasm Trunk builds from `crates/demo-worker`.
const SCRIPT: &str = "./demo-worker.js";

/// The worker's address: the single file (scripts/single-file.mjs) makes a `blob:` one, since
/// nothing sits next to it; the served page and the extension use `SCRIPT`.
fn script_url() -> String {
    let made = js_sys::Reflect::get(&js_sys::global(), &"keywardDemoWorkerUrl".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&JsValue::NULL).ok())
        .and_then(|u| u.as_string());
    made.filter(|u| u.starts_with("blob:"))
        .unwrap_or_else(|| SCRIPT.to_owned())
}

type Answer = Result<HttpResponse, TransportError>;

/// The worker failed to load (or, with a bug, stopped): say so rather than wait for ever.
fn not_started() -> TransportError {
    TransportError::Network(
        "the demo organization is not running; reload the page to start it again".into(),
    )
}

/// One demo organization in its own worker; dropping it ends the worker.
pub struct DemoWorker {
    worker: Option<Worker>,
    calls: Rc<RefCell<Calls<Answer>>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl DemoWorker {
    /// Starts the worker; the organization is generated there from `seed`.
    pub fn start(admin_key: &str, seed: u64, projects: usize) -> Self {
        let init = Array::of3(
            &admin_key.into(),
            &(seed as f64).into(),
            &(projects as f64).into(),
        );
        let calls = Rc::new(RefCell::new(Calls::<Answer>::new(init.into())));
        let worker = Worker::new(&script_url()).ok();
        let on_message = {
            let (calls, worker) = (calls.clone(), worker.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let mut s = calls.borrow_mut();
                let data = e.data();
                if data.as_string().is_some() {
                    // "listening": send what waited.
                    if let Some(w) = &worker {
                        s.listening(w);
                    }
                    return;
                }
                let msg: Array = data.unchecked_into();
                let headers = (3..msg.length())
                    .step_by(2)
                    .map(|i| (msg.get(i).as_string(), msg.get(i + 1).as_string()))
                    .filter_map(|(k, v)| Some((k?, v?)))
                    .collect();
                let answer = HttpResponse {
                    status: msg.get(1).as_f64().unwrap_or(500.0) as u16,
                    headers,
                    body: msg.get(2).as_string().unwrap_or_default(),
                };
                s.answer(answer_id(&msg), Ok(answer));
            })
        };
        let on_error = {
            let calls = calls.clone();
            Closure::<dyn Fn(Event)>::new(move |_| calls.borrow_mut().fail(|| Err(not_started())))
        };
        match &worker {
            Some(w) => {
                w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                w.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            }
            None => calls.borrow_mut().fail(|| Err(not_started())),
        }
        Self {
            worker,
            calls,
            _on_message: on_message,
            _on_error: on_error,
        }
    }

    /// Sends one request (`path_and_query` follows the API base) and waits for the answer.
    pub async fn send(
        &self,
        method: &str,
        path_and_query: &str,
        authorization: &str,
        body: Option<&str>,
    ) -> Answer {
        let msg = |id: u32| {
            Array::of5(
                &id.into(),
                &method.into(),
                &path_and_query.into(),
                &authorization.into(),
                &body.map_or(JsValue::NULL, JsValue::from),
            )
        };
        let asked = self
            .worker
            .as_ref()
            .and_then(|w| self.calls.borrow_mut().ask(w, msg));
        let Some(answer) = asked else {
            return Err(not_started());
        };
        answer.await.unwrap_or(Err(TransportError::Cancelled))
    }
}

impl Drop for DemoWorker {
    fn drop(&mut self) {
        if let Some(w) = &self.worker {
            w.terminate();
        }
    }
}

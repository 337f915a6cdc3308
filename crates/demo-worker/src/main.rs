//! The demo organization in a Web Worker, so that its generator, routes and JSON are a wasm of
//! their own that only the demo downloads (the app's `platform::demo_worker` is the other end).
//!
//! The messages, all plain arrays but the first:
//! - worker → page: `"listening"`, once it can receive (a message sent earlier would be lost);
//! - page → worker, first: `[admin_key, seed, projects]`, which builds the organization;
//! - page → worker: `[id, method, path_and_query, authorization, body | null]`;
//! - worker → page: `[id, status, body, header_name, header_value, …]`.

use fake_org::{GenSpec, Org, Request};
use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let org: RefCell<Option<Org>> = RefCell::new(None);
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let msg: Array = e.data().unchecked_into();
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let mut org = org.borrow_mut();
        let Some(org) = org.as_mut() else {
            let spec = GenSpec {
                seed: msg.get(1).as_f64().unwrap_or(0.0) as u64,
                projects: msg.get(2).as_f64().unwrap_or(0.0) as usize,
                keys_per_project: None,
                now,
            };
            *org = Some(Org::generate(
                msg.get(0).as_string().unwrap_or_default(),
                &spec,
            ));
            return;
        };
        org.now = now;
        let response = org.handle(&Request::to(
            &msg.get(1).as_string().unwrap_or_default(),
            &msg.get(2).as_string().unwrap_or_default(),
            msg.get(3).as_string(),
            msg.get(4).as_string(),
        ));
        let out = Array::of3(&msg.get(0), &response.status.into(), &response.body.into());
        for (name, value) in response.headers {
            out.push(&name.into());
            out.push(&value.into());
        }
        let _ = reply.post_message(&out);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&"listening".into());
}

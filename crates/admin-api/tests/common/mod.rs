//! Native transports for the tests: the in-memory organization, and real HTTP (ureq).
#![allow(dead_code)]

use admin_api::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use fake_org::Org;
use std::cell::RefCell;
use std::time::Duration;

pub const KEY: &str = "sk-admin-test-0123456789";
pub const NOW: i64 = 1_800_000_000;

/// Answers from an `Org` in this process. Sleeps are skipped.
pub struct Mem {
    pub org: RefCell<Org>,
    pub base: String,
    pub sent: RefCell<Vec<(Method, String)>>,
}

impl Mem {
    pub fn new(org: Org) -> Self {
        Self {
            org: RefCell::new(org),
            base: "https://api.test/v1".into(),
            sent: RefCell::new(Vec::new()),
        }
    }
}

impl Transport for Mem {
    async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push((r.method, r.url.clone()));
        Ok(self.org.borrow_mut().serve(&r, &self.base))
    }
    async fn sleep(&self, _: Duration) {}
}

/// Real HTTP with ureq; no connection pooling, so a dropped connection is never silently resent.
pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub fn new() -> Self {
        Self {
            agent: ureq::AgentBuilder::new()
                .max_idle_connections(0)
                .timeout(Duration::from_secs(10))
                .build(),
        }
    }
}

impl Transport for Http {
    async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
        let req = self
            .agent
            .request(r.method.as_str(), &r.url)
            .set("Authorization", &format!("Bearer {}", r.bearer.expose()));
        let result = match &r.body {
            Some(b) => req.set("Content-Type", "application/json").send_string(b),
            None => req.call(),
        };
        let resp = match result {
            Ok(resp) | Err(ureq::Error::Status(_, resp)) => resp,
            Err(ureq::Error::Transport(t)) => {
                return Err(TransportError::Network(t.kind().to_string()));
            }
        };
        let status = resp.status();
        let headers = resp
            .headers_names()
            .into_iter()
            .filter_map(|n| {
                resp.header(&n)
                    .map(|v| (n.to_ascii_lowercase(), v.to_owned()))
            })
            .collect();
        let body = resp
            .into_string()
            .map_err(|e| TransportError::Network(e.to_string()))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
    async fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

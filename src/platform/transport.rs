//! The two ways the app reaches an API: `fetch` (real or emulated API) and the demo
//! organization compiled into the page. Both run inside a session's [`Lifetime`]: once it ends,
//! requests in flight are aborted and no new one is sent.

use crate::platform::body::{BodyError, read_body, read_body_into};
use crate::platform::demo_worker::DemoWorker;
use crate::platform::lifetime::Lifetime;
use admin_api::{
    ApiError, ErrorKind, HELD_AT_MOST, HttpRequest, HttpResponse, Method, Sink, Transport,
    TransportError,
};
use futures::future::{Either, select};
use gloo_net::http::RequestBuilder;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::{AbortController, AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials};

/// A request with no answer after this long is abandoned (and reported as a timeout).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The most of a body handed on as it arrives (a usage page, summed as it is read and never
/// held): a week's completions at 100,000 keys are some 20 MB.
const STREAMED_AT_MOST: usize = 512 << 20;

/// `fetch`, with a timeout, no cookies, no referrer and no cache. The fetch is aborted when the
/// future is dropped, and when the session's signal fires (Lock).
pub struct FetchTransport;

/// Aborts the fetch unless it finished.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

/// Either signal aborts the fetch (`AbortSignal.any`, in every browser that runs MV3).
fn either_signal(a: Option<AbortSignal>, b: Option<AbortSignal>) -> Option<AbortSignal> {
    match (a, b) {
        (Some(a), Some(b)) => Some(AbortSignal::any(&js_sys::Array::of2(&a, &b).into())),
        (a, b) => a.or(b),
    }
}

impl FetchTransport {
    /// The request, its answer read whole, or (with a `sink`) a 2xx answer's body handed to it
    /// as it arrives.
    async fn send(
        &self,
        r: HttpRequest,
        session: Option<AbortSignal>,
        sink: Option<Sink<'_>>,
    ) -> Result<HttpResponse, TransportError> {
        let controller = AbortController::new().ok();
        let signal = either_signal(controller.as_ref().map(|c| c.signal()), session);
        let mut guard = AbortOnDrop(controller);
        let method = match r.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Delete => gloo_net::http::Method::DELETE,
        };
        let builder = RequestBuilder::new(&r.url)
            .method(method)
            .header("Authorization", &format!("Bearer {}", r.bearer.expose()))
            .credentials(RequestCredentials::Omit)
            .referrer_policy(ReferrerPolicy::NoReferrer)
            .cache(RequestCache::NoStore)
            .abort_signal(signal.as_ref());
        let request = match &r.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.clone()),
            None => builder.build(),
        }
        .map_err(|_| TransportError::Network("the request could not be built".into()))?;

        let exchange = async {
            let resp = request
                .send()
                .await
                .map_err(|_| TransportError::Network(String::new()))?;
            let status = resp.status();
            let headers = resp
                .headers()
                .entries()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect();
            let body = match sink {
                Some(sink) if (200..300).contains(&status) => {
                    read_body_into(resp.body(), sink, STREAMED_AT_MOST)
                        .await
                        .map_err(BodyError::into_transport)?;
                    String::new()
                }
                _ => {
                    let length = resp.headers().get("content-length");
                    let bytes = read_body(resp.body(), length.as_deref(), HELD_AT_MOST)
                        .await
                        .map_err(BodyError::into_transport)?;
                    String::from_utf8(bytes)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                }
            };
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        };
        let timeout = gloo_timers::future::sleep(REQUEST_TIMEOUT);
        let result = match select(Box::pin(exchange), Box::pin(timeout)).await {
            Either::Left((result, _)) => {
                guard.0 = None;
                result
            }
            Either::Right(_) => Err(TransportError::Timeout),
        };
        drop(guard);
        result
    }
}

/// Test hooks for the demo organization: make the next requests fail.
#[derive(Default)]
pub struct DemoFaults {
    /// Every DELETE answers with this status while set.
    pub fail_deletes: Option<u16>,
    /// DELETEs received (tests check that a revoke sends exactly one).
    pub deletes: u32,
    /// Every request received (tests check that none is sent after a lock).
    pub requests: u32,
    /// Writes (anything but GET) received: tests check that each is sent once.
    pub writes: u32,
    /// A write whose URL holds this answers 400, as a refusal (tests script one).
    pub refuse_writes_to: Option<String>,
}

/// Where the demo's requests are answered.
#[derive(Clone)]
pub enum DemoServer {
    /// A worker running the demo organization, from a wasm that only the demo downloads.
    Worker(Rc<DemoWorker>),
    /// In this thread (the browser tests hand in their own organization).
    Local(Rc<dyn Fn(&HttpRequest) -> HttpResponse>),
}

/// The demo: a simulated organization in the page. No network, no key.
#[derive(Clone)]
pub struct DemoTransport {
    server: DemoServer,
    pub faults: Rc<RefCell<DemoFaults>>,
    /// Pretend latency, so loading states are visible as they would be for real.
    pub latency: Rc<std::cell::Cell<Duration>>,
}

pub const DEMO_BASE: &str = "https://demo.keyward.invalid/v1";
pub const DEMO_KEY: &str = "sk-admin-keyward-demo-local";

impl DemoTransport {
    /// A fresh demo organization (14 projects) in its worker.
    pub fn start() -> Self {
        let worker = DemoWorker::start(DEMO_KEY, 2026, 14);
        Self::with_server(
            DemoServer::Worker(Rc::new(worker)),
            Duration::from_millis(120),
        )
    }

    /// The demo answered in this thread by `serve`.
    pub fn local(
        serve: impl Fn(&HttpRequest) -> HttpResponse + 'static,
        latency: Duration,
    ) -> Self {
        Self::with_server(DemoServer::Local(Rc::new(serve)), latency)
    }

    fn with_server(server: DemoServer, latency: Duration) -> Self {
        Self {
            server,
            faults: Rc::default(),
            latency: Rc::new(std::cell::Cell::new(latency)),
        }
    }
}

impl DemoTransport {
    /// Answers after the pretend latency, unless the session ended meanwhile (then the
    /// organization is not touched).
    async fn send(
        &self,
        r: HttpRequest,
        lifetime: &Lifetime,
    ) -> Result<HttpResponse, TransportError> {
        self.faults.borrow_mut().requests += 1;
        let latency = self.latency.get();
        if !latency.is_zero() {
            gloo_timers::future::sleep(latency).await;
        }
        if lifetime.is_ended() {
            return Err(TransportError::Cancelled);
        }
        if r.method != Method::Get {
            let mut faults = self.faults.borrow_mut();
            faults.writes += 1;
            if faults
                .refuse_writes_to
                .as_ref()
                .is_some_and(|p| r.url.contains(p.as_str()))
            {
                return Ok(HttpResponse {
                    status: 400,
                    headers: vec![],
                    body: r#"{"error":{"message":"Refused by the test.","type":"invalid_request_error"}}"#.into(),
                });
            }
        }
        if r.method == Method::Delete {
            self.faults.borrow_mut().deletes += 1;
            if let Some(status) = self.faults.borrow().fail_deletes {
                let body = format!(
                    concat!(
                        r#"{{"error":{{"message":"Simulated failure (HTTP {status}).","#,
                        r#""type":"server_error","param":null,"code":null}}}}"#
                    ),
                    status = status
                );
                return Ok(HttpResponse {
                    status,
                    headers: vec![],
                    body,
                });
            }
        }
        match &self.server {
            DemoServer::Worker(worker) => {
                let rest = r.url.strip_prefix(DEMO_BASE).unwrap_or(&r.url);
                let authorization = format!("Bearer {}", r.bearer.expose());
                worker
                    .send(r.method.as_str(), rest, &authorization, r.body.as_deref())
                    .await
            }
            DemoServer::Local(serve) => Ok(serve(&r)),
        }
    }
}

/// Where a session's requests go.
pub enum Backend {
    Fetch(FetchTransport),
    Demo(DemoTransport),
}

/// The transport the app runs on: one concrete type, so the client is one type. It belongs to
/// one session: after its [`Lifetime`] ends, nothing is sent and no answer is used, and a
/// rejected admin key (401) ends the session through it.
pub struct AppTransport {
    pub backend: Backend,
    pub lifetime: Lifetime,
}

impl Transport for AppTransport {
    async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_to(r, None).await
    }

    async fn send_into(
        &self,
        r: HttpRequest,
        sink: Sink<'_>,
    ) -> Result<HttpResponse, TransportError> {
        self.send_to(r, Some(sink)).await
    }

    /// Waits between retries; a lock cuts the wait short.
    async fn sleep(&self, d: Duration) {
        let sleep = gloo_timers::future::sleep(d);
        let _ = select(Box::pin(sleep), Box::pin(self.lifetime.ended())).await;
    }
}

impl AppTransport {
    /// [`Transport::send`], or with a `sink` [`Transport::send_into`], within the session's
    /// lifetime.
    async fn send_to(
        &self,
        r: HttpRequest,
        sink: Option<Sink<'_>>,
    ) -> Result<HttpResponse, TransportError> {
        if self.lifetime.is_ended() {
            return Err(TransportError::Cancelled);
        }
        let result = match &self.backend {
            Backend::Fetch(t) => t.send(r, self.lifetime.signal(), sink).await,
            // The demo's answers come whole: handed over whole.
            Backend::Demo(t) => t.send(r, &self.lifetime).await.map(|resp| match sink {
                Some(sink) => resp.body_to(sink),
                None => resp,
            }),
        };
        if self.lifetime.is_ended() {
            return Err(TransportError::Cancelled);
        }
        if let Ok(resp) = &result
            && resp.status == 401
            && ApiError::from_response(resp).kind == ErrorKind::InvalidKey
        {
            self.lifetime.rejected();
        }
        result
    }
}

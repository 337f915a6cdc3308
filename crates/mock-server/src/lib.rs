//! The fake organization served over HTTP on 127.0.0.1 under `/v1`, with CORS for browser pages
//! and injectable faults. `POST /__control` changes the faults; `GET /__requests` lists what
//! was asked (so tests can check that exactly one DELETE went out).

pub mod faults;

use fake_org::{Org, Request, Rng};
use faults::{Fault, FaultConfig, error_json};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the emulator saw.
#[derive(Clone, Debug, Serialize)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub fault: Option<Fault>,
    /// Whether an Authorization header was present (never its value).
    pub authorized: bool,
    /// When the request arrived, in milliseconds since the Unix epoch (before any latency).
    pub at_ms: u64,
    /// The status of a scripted answer sent instead of (or after) the organization's.
    pub scripted: Option<u16>,
    /// The `x-request-id` a scripted JSON answer carried (tests compare what the UI shows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

pub struct State {
    pub org: Org,
    pub config: FaultConfig,
    pub log: Vec<Logged>,
    rng: Rng,
    window: (Instant, u32),
}

impl State {
    pub fn new(org: Org, config: FaultConfig, seed: u64) -> Self {
        Self {
            org,
            config,
            log: Vec::new(),
            rng: Rng::new(seed ^ 0xFA17),
            window: (Instant::now(), 0),
        }
    }
}

pub type Shared = Arc<Mutex<State>>;

/// Binds `addr` and serves until the process ends; returns the bound address.
pub async fn serve(
    addr: SocketAddr,
    state: Shared,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let handle = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let state = state.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req| handle(req, state.clone()));
                // A service error closes the connection without a response: that is how we drop.
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok((bound, handle))
}

/// Starts the emulator on its own thread and runtime (for native tests); returns its base URL.
pub fn spawn_background(state: Shared) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let (addr, handle) = serve("127.0.0.1:0".parse().unwrap(), state)
                .await
                .expect("bind");
            tx.send(addr).unwrap();
            let _ = handle.await;
        });
    });
    let addr = rx.recv().expect("emulator started");
    format!("http://{addr}/v1")
}

type Body = Full<Bytes>;

#[derive(Debug)]
struct Dropped;
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}
impl std::error::Error for Dropped {}

fn cors(
    builder: hyper::http::response::Builder,
    expose_retry: bool,
) -> hyper::http::response::Builder {
    builder
        .header("access-control-allow-origin", "*")
        .header("access-control-allow-methods", "GET, POST, DELETE, OPTIONS")
        .header(
            "access-control-allow-headers",
            "authorization, content-type, openai-organization, openai-project, x-stainless-retry-count",
        )
        .header("access-control-max-age", "600")
        .header(
            "access-control-expose-headers",
            if expose_retry {
                "x-request-id, retry-after, retry-after-ms, x-ratelimit-limit-requests, \
                    x-ratelimit-remaining-requests, x-ratelimit-reset-requests"
            } else {
                "x-request-id"
            },
        )
}

fn text(status: u16, content_type: &str, body: String, expose: bool) -> Response<Body> {
    cors(
        Response::builder()
            .status(status)
            .header("content-type", content_type),
        expose,
    )
    .body(Full::new(Bytes::from(body)))
    .expect("response")
}

/// 200 with a JSON body (the control endpoints).
fn json_ok(value: &impl Serialize, expose: bool) -> Response<Body> {
    text(
        200,
        "application/json",
        serde_json::to_string(value).unwrap_or_default(),
        expose,
    )
}

async fn handle(req: hyper::Request<Incoming>, state: Shared) -> Result<Response<Body>, Dropped> {
    let at_ms = unix_now_ms();
    let method = req.method().as_str().to_owned();
    // Resolved as a browser would: a client that sends dot segments as they are meets the same API.
    let path = fake_org::http::resolve_dots(req.uri().path());
    let query = req.uri().query().unwrap_or("").to_owned();
    let authorization = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let expose = state.lock().unwrap().config.expose_retry_after;

    if method == "OPTIONS" {
        return Ok(cors(Response::builder().status(204), expose)
            .body(Full::new(Bytes::new()))
            .unwrap());
    }
    let body = match Limited::new(req.into_body(), 1 << 20).collect().await {
        Ok(b) => String::from_utf8_lossy(&b.to_bytes()).into_owned(),
        Err(_) => {
            return Ok(text(
                413,
                "application/json",
                error_json("Request too large.", "invalid_request_error", None),
                expose,
            ));
        }
    };

    match (method.as_str(), path.as_str()) {
        ("GET", "/__control") => {
            let s = state.lock().unwrap();
            return Ok(json_ok(&s.config, expose));
        }
        ("POST", "/__control") => {
            let mut s = state.lock().unwrap();
            return Ok(match serde_json::from_str::<FaultConfig>(&body) {
                Ok(c) => {
                    s.org.options.refuse_service_account_key_delete =
                        c.refuse_service_account_key_delete;
                    s.org.options.audit_logging_disabled = c.audit_logging_disabled;
                    s.config = c;
                    json_ok(&s.config, expose)
                }
                Err(e) => text(400, "text/plain", e.to_string(), expose),
            });
        }
        ("POST", "/__last_used") => {
            // {"project_id", "key_id", "last_used_at"}: what the API reports moves, the
            // key's traffic does not (the two may disagree on the real API).
            let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
            let at = v.get("last_used_at").and_then(|x| x.as_i64());
            let done =
                state
                    .lock()
                    .unwrap()
                    .org
                    .set_last_used(&field("project_id"), &field("key_id"), at);
            return Ok(if done {
                text(204, "text/plain", String::new(), expose)
            } else {
                text(404, "text/plain", "no such key".into(), expose)
            });
        }
        ("GET", "/__requests") => {
            let s = state.lock().unwrap();
            return Ok(json_ok(&s.log, expose));
        }
        ("DELETE", "/__requests") => {
            state.lock().unwrap().log.clear();
            return Ok(text(204, "text/plain", String::new(), expose));
        }
        _ => {}
    }

    let Some(api_path) = path.strip_prefix("/v1") else {
        return Ok(text(
            404,
            "application/json",
            error_json(
                &format!("Invalid URL ({method} {path})"),
                "invalid_request_error",
                None,
            ),
            expose,
        ));
    };

    let (latency, fault, limited, scripted, limit_headers) = {
        let mut s = state.lock().unwrap();
        let scripted = s.config.take_scripted(&method, &path, &query);
        let latency = s.config.latency_ms;
        let fault = {
            let cfg = s.config.clone();
            cfg.draw(&mut s.rng)
        };
        let rps = s.config.rps;
        // A fixed one-second window; its state goes out in OpenAI's rate-limit headers.
        let window = (rps > 0).then(|| {
            let now = Instant::now();
            if now.duration_since(s.window.0) >= Duration::from_secs(1) {
                s.window = (now, 0);
            }
            s.window.1 += 1;
            let left = Duration::from_secs(1).saturating_sub(now.duration_since(s.window.0));
            (
                s.window.1 > rps,
                vec![
                    ("x-ratelimit-limit-requests", rps.to_string()),
                    (
                        "x-ratelimit-remaining-requests",
                        rps.saturating_sub(s.window.1).to_string(),
                    ),
                    (
                        "x-ratelimit-reset-requests",
                        format!("{}ms", left.as_micros().div_ceil(1000).max(1)),
                    ),
                ],
            )
        });
        let limited = window.as_ref().is_some_and(|w| w.0);
        let limit_headers = window.map(|w| w.1).unwrap_or_default();
        (latency, fault, limited, scripted, limit_headers)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }

    let log = |status: u16, fault: Option<Fault>| {
        state.lock().unwrap().log.push(Logged {
            method: method.clone(),
            path: path.clone(),
            status,
            fault,
            authorized: authorization.is_some(),
            at_ms,
            scripted: scripted.as_ref().map(|s| s.status),
            request_id: None,
        });
    };
    let org_request = || Request {
        method: method.clone(),
        path: api_path.to_owned(),
        query: query.clone(),
        authorization: authorization.clone(),
        body: (!body.is_empty()).then(|| body.clone()),
    };

    if let Some(answer) = &scripted {
        let handled = answer.after_handling.then(|| {
            let mut s = state.lock().unwrap();
            s.org.now = unix_now();
            s.org.handle(&org_request()).status
        });
        log(handled.unwrap_or(answer.status), None);
        let kind = if answer.html {
            "text/html"
        } else {
            "application/json"
        };
        let mut builder = cors(
            Response::builder()
                .status(answer.status)
                .header("content-type", kind),
            expose,
        );
        if let Some(v) = &answer.retry_after {
            builder = builder.header("retry-after", v.as_str());
        }
        // OpenAI's own errors carry a request ID; a proxy's HTML page does not.
        if !answer.html {
            let id = format!("req_scripted{at_ms:020x}");
            builder = builder.header("x-request-id", id.as_str());
            if let Some(last) = state.lock().unwrap().log.last_mut() {
                last.request_id = Some(id);
            }
        }
        return Ok(builder.body(Full::new(Bytes::from(answer.body()))).unwrap());
    }

    if limited {
        log(429, None);
        let mut r = cors(
            Response::builder()
                .status(429)
                .header("content-type", "application/json")
                .header("retry-after", "1"),
            expose,
        );
        for (k, v) in &limit_headers {
            r = r.header(*k, v.as_str());
        }
        return Ok(r
            .body(Full::new(Bytes::from(error_json(
                "Rate limit reached for requests. Please try again in 1s.",
                "requests",
                Some("rate_limit_exceeded"),
            ))))
            .unwrap());
    }

    let rate_body = error_json(
        "Rate limit reached. Please try again shortly.",
        "requests",
        Some("rate_limit_exceeded"),
    );
    match fault {
        Some(Fault::DropBefore) => {
            log(0, fault);
            return Err(Dropped);
        }
        Some(Fault::RateLimited) => {
            log(429, fault);
            let r = cors(
                Response::builder()
                    .status(429)
                    .header("content-type", "application/json")
                    .header("retry-after", "0")
                    .header("retry-after-ms", "20"),
                expose,
            );
            return Ok(r.body(Full::new(Bytes::from(rate_body))).unwrap());
        }
        Some(Fault::RateLimitedBare) => {
            log(429, fault);
            return Ok(text(429, "application/json", rate_body, expose));
        }
        Some(Fault::Internal500) => {
            log(500, fault);
            return Ok(text(
                500,
                "application/json",
                error_json(
                    "The server had an error while processing your request. Sorry about that!",
                    "server_error",
                    None,
                ),
                expose,
            ));
        }
        Some(Fault::BadGatewayHtml) => {
            log(502, fault);
            return Ok(text(
                502,
                "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad \
                    Gateway</h1></center><hr><center>cloudflare</center></body></html>"
                    .into(),
                expose,
            ));
        }
        Some(Fault::Unavailable503) => {
            log(503, fault);
            return Ok(text(
                503,
                "text/html",
                "<!DOCTYPE html><html><body>Service Unavailable</body></html>".into(),
                expose,
            ));
        }
        Some(Fault::Malformed) if method == "GET" => {
            log(200, fault);
            return Ok(text(
                200,
                "application/json",
                "{\"object\": \"list\", \"data\": [oops".into(),
                expose,
            ));
        }
        _ => {}
    }

    let resp = {
        let mut s = state.lock().unwrap();
        s.org.now = unix_now();
        s.org.handle(&org_request())
    };
    match fault {
        Some(Fault::DropAfter) => {
            log(resp.status, fault);
            return Err(Dropped);
        }
        Some(Fault::Truncated) if method == "GET" => {
            log(200, fault);
            let cut = resp.body.len() / 2;
            let cut = (0..=cut)
                .rev()
                .find(|i| resp.body.is_char_boundary(*i))
                .unwrap_or(0);
            return Ok(text(
                200,
                "application/json",
                resp.body[..cut].to_owned(),
                expose,
            ));
        }
        _ => {}
    }
    log(resp.status, fault);
    let mut builder = cors(
        Response::builder().status(StatusCode::from_u16(resp.status).unwrap_or(StatusCode::OK)),
        expose,
    );
    if !resp.headers.iter().any(|(k, _)| k == "x-request-id") {
        builder = builder.header("x-request-id", format!("req_{:016x}", unix_now_ms()));
    }
    for (k, v) in &limit_headers {
        builder = builder.header(*k, v.as_str());
    }
    for (k, v) in &resp.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    Ok(builder.body(Full::new(Bytes::from(resp.body))).unwrap())
}

pub fn unix_now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

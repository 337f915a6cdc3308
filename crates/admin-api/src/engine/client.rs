//! The client at the heart of the engine: pacing under the API's rate limit, GETs retried, writes
//! sent once, answers parsed, and the one cursor pager every listing uses.

use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::pager::Pager;
use crate::engine::path::query;
use crate::engine::ratelimit::{Budget, budget_of, merge};
use crate::engine::retry::RetryPolicy;
use crate::engine::transport::{
    HttpRequest, HttpResponse, Method, Sink, Transport, TransportError,
};
use crate::engine::wire::Page;
use crate::key::AdminKey;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::time::Duration;

/// The Admin API client. Generic over the transport so it runs natively and in the browser.
pub struct Client<T> {
    transport: T,
    base: String,
    key: AdminKey,
    retry: RetryPolicy,
    rng: Cell<u64>,
    /// Shared pacing: while the API pushes back (429), every request of this client waits this
    /// long before it is sent, so a scan or a bulk run slows as a whole; each success halves it.
    pace: Cell<Duration>,
    /// What the API's rate-limit headers say the window has left, when they are readable.
    budget: Cell<Option<Budget>>,
    /// Requests sent and not yet answered (a budget read from one answer excludes them).
    in_flight: Cell<usize>,
}

/// A listing that may have stopped early: what it got, and where to pick it up again.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing<I> {
    pub items: Vec<I>,
    /// Why it stopped before the end; `None` when complete.
    pub error: Option<ApiError>,
    /// The `after` cursor to continue from (`None`: from the start). Only set with a retryable
    /// error: a broken cursor (repeated, missing) is not worth resuming.
    pub resume: Option<Option<String>>,
}

impl<I> Listing<I> {
    pub fn is_complete(&self) -> bool {
        self.error.is_none()
    }
}

pub(crate) type Query = Vec<(String, String)>;

pub(crate) fn q(pairs: &[(&str, String)]) -> Query {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

impl<T: Transport> Client<T> {
    /// `base` is e.g. `https://api.openai.com/v1` (a trailing slash is fine).
    pub fn new(transport: T, base: &str, key: AdminKey) -> Self {
        Self {
            transport,
            base: base.trim_end_matches('/').to_owned(),
            key,
            retry: RetryPolicy::default(),
            rng: Cell::new(0x9E37_79B9_7F4A_7C15),
            pace: Cell::new(Duration::ZERO),
            budget: Cell::new(None),
            in_flight: Cell::new(0),
        }
    }

    /// The current shared wait before each request (zero unless the API pushed back).
    pub fn pace(&self) -> Duration {
        self.pace.get()
    }

    /// Waits the shared pace, if any, and for the next rate-limit window when the current one
    /// is spent, before a request goes out.
    pub(crate) async fn paced(&self) {
        let pace = self.pace.get();
        if !pace.is_zero() {
            self.transport.sleep(pace).await;
        }
        if let Some(spent) = self.budget.get().filter(|b| b.remaining <= 0) {
            // A little past the reset: the header is rounded, and clocks differ.
            self.transport
                .sleep(spent.reset + Duration::from_millis(10))
                .await;
            // The window has turned: what it holds is unknown until the next answer says.
            if self.budget.get().is_some_and(|b| b.remaining <= 0) {
                self.budget.set(None);
            }
        }
    }

    /// Sends one request (after `paced`), counting it against the window, and learns from the
    /// answer. With a `sink`, a 2xx body goes to it as it arrives.
    async fn exchange(
        &self,
        request: HttpRequest,
        sink: Option<Sink<'_>>,
    ) -> Result<HttpResponse, TransportError> {
        let attempt = request.attempt;
        if let Some(mut b) = self.budget.get() {
            b.remaining -= 1;
            self.budget.set(Some(b));
        }
        self.in_flight.set(self.in_flight.get() + 1);
        let result = match sink {
            Some(sink) => self.transport.send_into(request, sink).await,
            None => self.transport.send(request).await,
        };
        self.in_flight.set(self.in_flight.get().saturating_sub(1));
        if let Ok(resp) = &result {
            self.learn(resp, attempt);
        }
        result
    }

    /// Learns from a response: a 429 raises the pace to what it asked for (or to the backoff),
    /// a success halves it.
    fn learn(&self, resp: &HttpResponse, retry: u32) {
        if let Some(seen) = budget_of(resp) {
            self.budget
                .set(Some(merge(self.budget.get(), seen, self.in_flight.get())));
        }
        if resp.status == 429 {
            let wait = crate::engine::retry::retry_after(resp)
                .unwrap_or_else(|| self.retry.backoff(retry, 0.0))
                .min(self.retry.max_delay);
            self.pace.set(self.pace.get().max(wait));
        } else if (200..300).contains(&resp.status) {
            let half = self.pace.get() / 2;
            self.pace.set(if half < Duration::from_millis(10) {
                Duration::ZERO
            } else {
                half
            });
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The admin key, for the session store only.
    pub fn key(&self) -> &AdminKey {
        &self.key
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    fn jitter(&self) -> f64 {
        // xorshift64*: jitter only needs to differ between calls, not be unpredictable.
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        query_pairs: &Query,
        body: Option<String>,
        attempt: u32,
    ) -> HttpRequest {
        HttpRequest {
            method,
            url: format!("{}{}{}", self.base, path, query(query_pairs)),
            bearer: self.key.clone(),
            body,
            attempt,
        }
    }

    /// A GET, retried on 408/409/429/5xx, network failures, and 2xx bodies that don't parse
    /// (a cut-off read is transient, and reading twice is harmless).
    pub(crate) async fn get<R: DeserializeOwned>(
        &self,
        path: &str,
        query_pairs: &Query,
    ) -> Result<R, ApiError> {
        let mut out = None;
        self.get_with(path, query_pairs, &mut |body| {
            out = Some(serde_json::from_str::<R>(body)?);
            Ok(())
        })
        .await?;
        out.ok_or_else(|| ApiError::malformed(200, "no answer"))
    }

    /// [`Client::get`]'s loop, written once for every answer type: `accept` parses a 2xx body
    /// (keeping what it read), and a body it can't read retries like a transient failure.
    /// Generic code would copy this loop into the wasm once per type.
    pub(crate) async fn get_with(
        &self,
        path: &str,
        query_pairs: &Query,
        accept: &mut dyn FnMut(&str) -> Result<(), serde_json::Error>,
    ) -> Result<(), ApiError> {
        self.get_reading(path, query_pairs, Reading::Whole(accept))
            .await
    }

    /// [`Client::get_with`] for a body read as it arrives, afresh on every attempt.
    pub(crate) async fn get_streamed(
        &self,
        path: &str,
        query_pairs: &Query,
        streamed: &mut dyn Streamed,
    ) -> Result<(), ApiError> {
        self.get_reading(path, query_pairs, Reading::Streamed(streamed))
            .await
    }

    async fn get_reading(
        &self,
        path: &str,
        query_pairs: &Query,
        mut reading: Reading<'_>,
    ) -> Result<(), ApiError> {
        let mut retry = 0;
        loop {
            self.paced().await;
            let request = self.request(Method::Get, path, query_pairs, None, retry);
            let result = match &mut reading {
                Reading::Whole(_) => self.exchange(request, None).await,
                Reading::Streamed(s) => {
                    s.begin();
                    self.exchange(request, Some(&mut |bytes| s.chunk(bytes)))
                        .await
                }
            };
            let (error, wait) = match result {
                Ok(resp) if (200..300).contains(&resp.status) => match reading.read(&resp) {
                    Ok(()) => return Ok(()),
                    Err(e) if e.kind == ErrorKind::InvalidId || reading.overflowed() => {
                        return Err(e);
                    }
                    Err(e) => (e, Some(self.retry.backoff(retry, self.jitter()))),
                },
                Ok(resp) => (
                    ApiError::from_response(&resp),
                    self.retry.delay_after(&resp, retry, self.jitter()),
                ),
                // Ended, or an answer too large to read: asking again would end the same way.
                Err(e @ (TransportError::Cancelled | TransportError::TooLarge(_))) => {
                    return Err(ApiError::from_transport(&e));
                }
                Err(e) => (
                    ApiError::from_transport(&e),
                    Some(self.retry.backoff(retry, self.jitter())),
                ),
            };
            match wait {
                Some(delay) if retry < self.retry.max_retries => {
                    self.transport.sleep(delay).await;
                    retry += 1;
                }
                _ => return Err(error),
            }
        }
    }

    /// A write, sent exactly once: whether it happened is the caller's to decide on failure.
    pub(crate) async fn send_once<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<R, ApiError> {
        // Never into a rate limit: wait out the shared pace first.
        self.paced().await;
        self.send_now(method, path, body).await
    }

    /// [`Client::send_once`] for a caller that has already waited its turn.
    pub(crate) async fn send_now<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<R, ApiError> {
        parse(&self.send_raw(method, path, body).await?)
    }

    /// The one request of a write and its 2xx answer, not yet parsed (written once for every
    /// answer type, as [`Client::get_with`]).
    async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<HttpResponse, ApiError> {
        let result = self
            .exchange(self.request(method, path, &Vec::new(), body, 0), None)
            .await;
        match result {
            Ok(resp) if (200..300).contains(&resp.status) => Ok(resp),
            other => Err(failure(other)),
        }
    }

    pub(crate) async fn post<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, ApiError> {
        let json = serde_json::to_string(body)
            .map_err(|e| ApiError::new(ErrorKind::BadRequest, e.to_string()))?;
        self.send_once(Method::Post, path, Some(json)).await
    }

    /// Follows a cursor listing from `after`, keeping every page it got.
    pub async fn listing<I>(
        &self,
        fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        after: Option<String>,
    ) -> Listing<I> {
        self.follow(fetch, after, |_, _| {}).await
    }

    /// [`listing`](Self::listing), handing each page's items to `page` once the pager has
    /// accepted it, before the next page is asked for: a caller can start on the first items
    /// while the rest are read.
    pub async fn listing_each<I>(
        &self,
        fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        after: Option<String>,
        mut page: impl FnMut(&[I]),
    ) -> Listing<I> {
        self.follow(fetch, after, |items, _| page(items)).await
    }

    /// Follows a cursor listing to the end, or fails with the first error.
    pub async fn collect<I>(
        &self,
        fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        progress: impl FnMut(usize),
    ) -> Result<Vec<I>, ApiError> {
        let mut progress = progress;
        let listing = self.follow(fetch, None, |_, n| progress(n)).await;
        match listing.error {
            Some(e) => Err(e),
            None => Ok(listing.items),
        }
    }

    /// The one pager loop: `progress` gets each accepted page's items and the running count.
    async fn follow<I>(
        &self,
        mut fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        after: Option<String>,
        mut progress: impl FnMut(&[I], usize),
    ) -> Listing<I> {
        let mut pager = Pager::starting_at(after);
        let mut items = Vec::new();
        while let Some(after) = pager.next_cursor() {
            let after = after.map(str::to_owned);
            let page = match fetch(after.as_deref()).await {
                Ok(p) => p,
                Err(error) => {
                    let resume = (error.kind != ErrorKind::Cancelled).then_some(after);
                    return Listing {
                        items,
                        error: Some(error),
                        resume,
                    };
                }
            };
            if let Err(error) = pager.advance(&page) {
                // A page with a broken cursor may repeat earlier items: it is not kept.
                return Listing {
                    items,
                    error: Some(error),
                    resume: None,
                };
            }
            progress(&page.data, items.len() + page.data.len());
            items.extend(page.data);
        }
        Listing {
            items,
            error: None,
            resume: None,
        }
    }
}

pub(crate) fn push_after(query: &mut Query, after: Option<&str>) {
    if let Some(a) = after {
        query.push(("after".into(), a.to_owned()));
    }
}

fn parse<R: DeserializeOwned>(resp: &HttpResponse) -> Result<R, ApiError> {
    let mut out = None;
    read(resp, &mut |body| {
        out = Some(serde_json::from_str::<R>(body)?);
        Ok(())
    })?;
    out.ok_or_else(|| ApiError::malformed(resp.status, "no answer"))
}

/// A 2xx body given to `accept`, or why it could not be read (once in the wasm, for every
/// answer type).
fn read(
    resp: &HttpResponse,
    accept: &mut dyn FnMut(&str) -> Result<(), serde_json::Error>,
) -> Result<(), ApiError> {
    if resp.body.trim().is_empty() {
        return Err(ApiError::malformed(resp.status, "empty body"));
    }
    accept(&resp.body).map_err(|e| unreadable(resp, &e))
}

/// How a GET's 2xx body is read.
enum Reading<'a> {
    /// Whole, as text.
    Whole(&'a mut dyn FnMut(&str) -> Result<(), serde_json::Error>),
    /// As it arrives.
    Streamed(&'a mut dyn Streamed),
}

impl Reading<'_> {
    /// A streamed body held more than it may (see [`Streamed::overflowed`]).
    fn overflowed(&self) -> bool {
        matches!(self, Reading::Streamed(s) if s.overflowed())
    }

    /// The body of `resp` (2xx) read, or why it could not be.
    fn read(&mut self, resp: &HttpResponse) -> Result<(), ApiError> {
        match self {
            Reading::Whole(accept) => read(resp, *accept),
            Reading::Streamed(s) => s.end().map_err(|e| {
                let kept = HttpResponse {
                    body: String::from_utf8_lossy(s.kept()).into_owned(),
                    ..resp.clone()
                };
                match kept.body.trim().is_empty() {
                    true => ApiError::malformed(resp.status, "empty body"),
                    false => unreadable(&kept, &e),
                }
            }),
        }
    }
}

/// A 2xx body read as it arrives ([`Client::get_streamed`]).
pub(crate) trait Streamed {
    /// An attempt begins: what an earlier one read is forgotten.
    fn begin(&mut self);
    fn chunk(&mut self, bytes: &[u8]);
    /// Every byte is in: read, or why not.
    fn end(&mut self) -> Result<(), serde_json::Error>;
    /// What is kept of the body, to say why it could not be read.
    fn kept(&self) -> &[u8];
    /// The body held more than it may: asking again would end the same way.
    fn overflowed(&self) -> bool {
        false
    }
}

/// Why an answer could not be read.
fn unreadable(resp: &HttpResponse, e: &serde_json::Error) -> ApiError {
    let what = if resp.body.trim_start().starts_with('<') {
        "an HTML page instead of JSON".to_owned()
    } else if e.is_eof() {
        "the JSON was cut off".to_owned()
    } else if e.is_syntax() {
        "invalid JSON".to_owned()
    } else if e.to_string().contains(crate::engine::id::REFUSED) {
        // Not transient, and not to be used: an ID that could walk a path.
        return ApiError {
            status: Some(resp.status),
            ..ApiError::new(ErrorKind::InvalidId, format!("The API's answer named {e}."))
        };
    } else {
        format!("unexpected shape: {e}")
    };
    ApiError::malformed(resp.status, &what)
}

fn failure(result: Result<HttpResponse, TransportError>) -> ApiError {
    match result {
        Ok(resp) => ApiError::from_response(&resp),
        Err(e) => ApiError::from_transport(&e),
    }
}

/// `limit=100` and the cursor, the query of most listings.
pub(crate) fn page_query(after: Option<&str>) -> Query {
    let mut query = q(&[("limit", "100".into())]);
    push_after(&mut query, after);
    query
}

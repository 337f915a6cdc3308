//! The seam between the client and the network: a page supplies fetch, tests supply ureq or
//! the in-memory organization.

use crate::key::AdminKey;
use std::fmt;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// One request. The key travels beside the URL, never inside it, and `Debug` redacts it.
#[derive(Clone)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute URL: base + path + query.
    pub url: String,
    /// Sent as `Authorization: Bearer …` and in no other way.
    pub bearer: AdminKey,
    /// JSON body (POST only); sent with `Content-Type: application/json`.
    pub body: Option<String>,
    /// 0 for the first attempt (mirrors the SDK's x-stainless-retry-count).
    pub attempt: u32,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("bearer", &self.bearer)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased. In a browser only CORS-exposed headers appear.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// A 2xx body handed to `sink` whole and no longer kept: [`Transport::send_into`] for an
    /// answer that came whole.
    pub fn body_to(mut self, sink: Sink<'_>) -> Self {
        if (200..300).contains(&self.status) {
            sink(self.body.as_bytes());
            self.body = String::new();
        }
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request that got no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// Connection refused, dropped, DNS, or (in a browser) blocked by CORS: fetch can't tell which.
    Network(String),
    /// No answer in time; the request may or may not have reached the server.
    Timeout,
    /// The session ended: the request was aborted, or never sent.
    Cancelled,
    /// The body ran past this many bytes, more than any answer of the API: reading stopped
    /// there rather than fill the page's memory (a wrong or hostile base URL).
    TooLarge(usize),
}

/// The most bytes of an answer held at once: a body read whole, or one bucket of a usage page
/// read as it arrives. The API's answers read whole are some hundreds of kilobytes; a wrong or
/// hostile address must not fill the memory.
pub const HELD_AT_MOST: usize = 64 << 20;

/// Where a body's bytes go as they arrive, a chunk at a time.
pub type Sink<'a> = &'a mut dyn FnMut(&[u8]);

/// How the client reaches the API. Futures need not be `Send` (the browser is single-threaded).
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    /// [`Transport::send`], with a 2xx answer's body handed to `sink` as it arrives rather than
    /// kept (the response's `body` is then empty). By default it is handed over whole.
    async fn send_into(
        &self,
        request: HttpRequest,
        sink: Sink<'_>,
    ) -> Result<HttpResponse, TransportError> {
        Ok(self.send(request).await?.body_to(sink))
    }
    /// Waits between retries.
    async fn sleep(&self, duration: Duration);
}

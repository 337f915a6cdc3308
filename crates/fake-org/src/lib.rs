//! An in-memory OpenAI organization that answers Admin API requests (method, path, query, body →
//! status, headers, JSON body) as the API does. The same model serves the demo, the native
//! tests, the browser tests and the HTTP emulator.

mod api;
mod generate;
mod generate_guard;
mod generate_keyless;
mod generate_people;
pub mod http;
mod keyless;
mod org;
mod people;
mod rng;
mod router;
mod router_people;

pub use generate::GenSpec;
pub use org::{Org, OrgOptions};
pub use rng::Rng;

/// A request as the emulator sees it: the path is what follows the `/v1` base.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    /// Percent-encoded path, e.g. `/organization/projects/proj_1/api_keys`.
    pub path: String,
    /// Raw query string without `?`.
    pub query: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    pub body: Option<String>,
}

impl Request {
    /// A request for `target`, what follows the API base in the URL (`/path?query`). Its dot
    /// segments are resolved as a browser would before sending, so every test layer meets the
    /// same path the real API would.
    pub fn to(
        method: &str,
        target: &str,
        authorization: Option<String>,
        body: Option<String>,
    ) -> Self {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Self {
            method: method.into(),
            path: http::resolve_under_v1(path),
            query: query.into(),
            authorization,
            body,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn json(status: u16, value: &impl serde::Serialize) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_string(value).unwrap_or_else(|_| "{}".into()),
        }
    }
}

impl Org {
    /// Answers a client request directly (demo mode and native tests): strips `base` from the URL,
    /// splits the query and passes the bearer key as the Authorization header.
    pub fn serve(
        &mut self,
        request: &admin_api::HttpRequest,
        base: &str,
    ) -> admin_api::HttpResponse {
        let rest = request
            .url
            .strip_prefix(base.trim_end_matches('/'))
            .unwrap_or(&request.url);
        let resp = self.handle(&Request::to(
            request.method.as_str(),
            rest,
            Some(format!("Bearer {}", request.bearer.expose())),
            request.body.clone(),
        ));
        admin_api::HttpResponse {
            status: resp.status,
            headers: resp.headers,
            body: resp.body,
        }
    }
}

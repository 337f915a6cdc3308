//! One short async fn per endpoint, on top of `get` (retried) / `post` / `delete` (sent once).

use crate::error::{ApiError, ErrorKind};
use crate::key::AdminKey;
use crate::pager::Pager;
use crate::path::{query, segment};
use crate::ratelimit::{Budget, budget_of, merge};
use crate::retry::RetryPolicy;
use crate::revoke::{RevokeOutcome, confirm_gone, outcome_of_delete};
use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::types::*;
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

/// Filters for listing a project's keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyListQuery {
    /// `active`, `inactive` or `any`; `None` leaves the API's default.
    pub owner_project_access: Option<String>,
    pub limit: Option<u32>,
}

/// Filters for the audit log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditQuery {
    pub event_types: Vec<String>,
    pub project_ids: Vec<String>,
    pub resource_ids: Vec<String>,
    /// User, service-account or key-tracking IDs.
    pub actor_ids: Vec<String>,
    pub actor_emails: Vec<String>,
    pub effective_gte: Option<i64>,
    pub effective_lte: Option<i64>,
    /// Only tenant-scoped events.
    pub tenant_only: bool,
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// The usage endpoints. Those in [`UsageEndpoint::PER_KEY`] can group by `api_key_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UsageEndpoint {
    Completions,
    Embeddings,
    Images,
    AudioSpeeches,
    AudioTranscriptions,
    Moderations,
    FileSearchCalls,
    WebSearchCalls,
    VectorStores,
    CodeInterpreterSessions,
}

impl UsageEndpoint {
    /// Every endpoint the spec lets group by `api_key_id`.
    pub const PER_KEY: [UsageEndpoint; 8] = [
        UsageEndpoint::Completions,
        UsageEndpoint::Embeddings,
        UsageEndpoint::Images,
        UsageEndpoint::AudioSpeeches,
        UsageEndpoint::AudioTranscriptions,
        UsageEndpoint::Moderations,
        UsageEndpoint::FileSearchCalls,
        UsageEndpoint::WebSearchCalls,
    ];

    /// The path segment after `/organization/usage/`.
    pub fn path(self) -> &'static str {
        match self {
            UsageEndpoint::Completions => "completions",
            UsageEndpoint::Embeddings => "embeddings",
            UsageEndpoint::Images => "images",
            UsageEndpoint::AudioSpeeches => "audio_speeches",
            UsageEndpoint::AudioTranscriptions => "audio_transcriptions",
            UsageEndpoint::Moderations => "moderations",
            UsageEndpoint::FileSearchCalls => "file_search_calls",
            UsageEndpoint::WebSearchCalls => "web_search_calls",
            UsageEndpoint::VectorStores => "vector_stores",
            UsageEndpoint::CodeInterpreterSessions => "code_interpreter_sessions",
        }
    }
}

/// Usage filters (all endpoints); the costs endpoint takes the same, without users and models.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsageQuery {
    pub start_time: i64,
    pub end_time: Option<i64>,
    pub bucket_width: Option<String>,
    pub group_by: Vec<String>,
    pub project_ids: Vec<String>,
    pub api_key_ids: Vec<String>,
    pub user_ids: Vec<String>,
    pub models: Vec<String>,
    /// Costs only: exact `line_item` names.
    pub line_items: Vec<String>,
    pub limit: Option<u32>,
    pub page: Option<String>,
}

impl UsageQuery {
    fn to_query(&self) -> Query {
        let mut query = q(&[("start_time", self.start_time.to_string())]);
        if let Some(t) = self.end_time {
            query.push(("end_time".into(), t.to_string()));
        }
        if let Some(w) = &self.bucket_width {
            query.push(("bucket_width".into(), w.clone()));
        }
        for (name, values) in [
            ("group_by[]", &self.group_by),
            ("project_ids[]", &self.project_ids),
            ("api_key_ids[]", &self.api_key_ids),
            ("user_ids[]", &self.user_ids),
            ("models[]", &self.models),
            ("line_items[]", &self.line_items),
        ] {
            query.extend(values.iter().map(|v| (name.to_owned(), v.clone())));
        }
        if let Some(l) = self.limit {
            query.push(("limit".into(), l.to_string()));
        }
        if let Some(p) = &self.page {
            query.push(("page".into(), p.clone()));
        }
        query
    }
}

pub(crate) type Query = Vec<(String, String)>;

fn q(pairs: &[(&str, String)]) -> Query {
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
    async fn paced(&self) {
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
    /// answer.
    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let attempt = request.attempt;
        if let Some(mut b) = self.budget.get() {
            b.remaining -= 1;
            self.budget.set(Some(b));
        }
        self.in_flight.set(self.in_flight.get() + 1);
        let result = self.transport.send(request).await;
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
            let wait = crate::retry::retry_after(resp)
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
        let mut retry = 0;
        loop {
            self.paced().await;
            let result = self
                .exchange(self.request(Method::Get, path, query_pairs, None, retry))
                .await;
            let (error, wait) = match result {
                Ok(resp) if (200..300).contains(&resp.status) => match parse(&resp) {
                    Ok(value) => return Ok(value),
                    Err(e) if e.kind == ErrorKind::InvalidId => return Err(e),
                    Err(e) => (e, Some(self.retry.backoff(retry, self.jitter()))),
                },
                Ok(resp) => (
                    ApiError::from_response(&resp),
                    self.retry.delay_after(&resp, retry, self.jitter()),
                ),
                Err(TransportError::Cancelled) => {
                    return Err(ApiError::from_transport(&TransportError::Cancelled));
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
    async fn send_now<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<R, ApiError> {
        let result = self
            .exchange(self.request(method, path, &Vec::new(), body, 0))
            .await;
        match &result {
            Ok(resp) if (200..300).contains(&resp.status) => parse(resp),
            _ => Err(failure(result)),
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

    // ---- projects ----

    pub async fn list_projects(
        &self,
        include_archived: bool,
        limit: u32,
        after: Option<&str>,
    ) -> Result<Page<Project>, ApiError> {
        let mut query = q(&[("limit", limit.to_string())]);
        if include_archived {
            query.push(("include_archived".into(), "true".into()));
        }
        push_after(&mut query, after);
        self.get("/organization/projects", &query).await
    }

    pub async fn all_projects(&self, include_archived: bool) -> Result<Vec<Project>, ApiError> {
        self.collect(
            async |after| self.list_projects(include_archived, 100, after).await,
            |_| {},
        )
        .await
    }

    pub async fn retrieve_project(&self, project_id: &str) -> Result<Project, ApiError> {
        self.get(&project_path(project_id)?, &Vec::new()).await
    }

    // ---- project API keys ----

    pub async fn list_api_keys(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        after: Option<&str>,
    ) -> Result<Page<ProjectApiKey>, ApiError> {
        let mut query = q(&[("limit", filter.limit.unwrap_or(100).to_string())]);
        if let Some(access) = &filter.owner_project_access {
            query.push(("owner_project_access".into(), access.clone()));
        }
        push_after(&mut query, after);
        self.get(&format!("{}/api_keys", project_path(project_id)?), &query)
            .await
    }

    /// Every key of a project; `progress` gets the running count after each page.
    pub async fn all_api_keys(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        progress: impl FnMut(usize),
    ) -> Result<Vec<ProjectApiKey>, ApiError> {
        self.collect(
            async |after| self.list_api_keys(project_id, filter, after).await,
            progress,
        )
        .await
    }

    pub async fn retrieve_api_key(
        &self,
        project_id: &str,
        key_id: &str,
    ) -> Result<ProjectApiKey, ApiError> {
        self.get(&key_path(project_id, key_id)?, &Vec::new()).await
    }

    /// SDK 3.54: change scopes and/or expiry. Sent once.
    pub async fn update_api_key(
        &self,
        project_id: &str,
        key_id: &str,
        update: &UpdateApiKey,
    ) -> Result<ProjectApiKey, ApiError> {
        self.post(&key_path(project_id, key_id)?, update).await
    }

    /// Sends exactly one DELETE. See [`RevokeOutcome`] for reading the result.
    pub async fn delete_api_key(
        &self,
        project_id: &str,
        key_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &key_path(project_id, key_id)?, None)
            .await
    }

    /// One DELETE, and when its outcome is unknown, one (retried) GET to learn the truth.
    pub async fn revoke_api_key(&self, project_id: &str, key_id: &str) -> RevokeOutcome {
        self.paced().await;
        self.revoke_now(project_id, key_id).await
    }

    /// [`Client::revoke_api_key`] for a caller that has already waited its turn.
    async fn revoke_now(&self, project_id: &str, key_id: &str) -> RevokeOutcome {
        let path = match key_path(project_id, key_id) {
            Ok(path) => path,
            // Refused before sending: the key is untouched.
            Err(e) => return RevokeOutcome::NotRevoked(e),
        };
        let sent = self.send_now(Method::Delete, &path, None).await;
        match outcome_of_delete(key_id, sent) {
            RevokeOutcome::Unknown(original) if original.kind != ErrorKind::Cancelled => {
                confirm_gone(original, self.retrieve_api_key(project_id, key_id).await)
            }
            other => other,
        }
    }

    /// Revokes `targets` (project ID, key ID), up to `concurrency` at once, with one DELETE each
    /// for those keys and no other; a DELETE is never sent twice. Every DELETE waits its turn
    /// under the shared pace and the rate-limit window, then asks `go(index)` right before it is
    /// sent: once that says no (Stop), or the session is locked, or the admin key is rejected,
    /// nothing more is sent. `report(index, outcome)` follows each attempt, in the order they end.
    /// Returns how many were attempted.
    pub async fn revoke_many(
        &self,
        targets: &[(String, String)],
        concurrency: usize,
        go: impl Fn(usize) -> bool,
        mut report: impl FnMut(usize, RevokeOutcome),
    ) -> usize {
        use futures_util::stream::{self, StreamExt};
        let halted = Cell::new(false);
        let (go, halted) = (&go, &halted);
        let mut runs = stream::iter(targets.iter().enumerate().map(
            |(i, (project, key))| async move {
                if !halted.get() {
                    self.paced().await;
                }
                if halted.get() || !go(i) {
                    halted.set(true);
                    return None;
                }
                let outcome = self.revoke_now(project, key).await;
                let fatal = outcome
                    .error()
                    .is_some_and(|e| e.kind == ErrorKind::Cancelled || e.is_auth());
                if fatal {
                    halted.set(true);
                }
                Some((i, outcome))
            },
        ))
        .buffer_unordered(concurrency.max(1));
        let mut attempted = 0;
        while let Some(done) = runs.next().await {
            if let Some((i, outcome)) = done {
                attempted += 1;
                report(i, outcome);
            }
        }
        attempted
    }

    // ---- service accounts ----

    pub async fn list_service_accounts(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<ServiceAccount>, ApiError> {
        let mut query = q(&[("limit", "100".into())]);
        push_after(&mut query, after);
        self.get(
            &format!("{}/service_accounts", project_path(project_id)?),
            &query,
        )
        .await
    }

    pub async fn all_service_accounts(
        &self,
        project_id: &str,
    ) -> Result<Vec<ServiceAccount>, ApiError> {
        self.collect(
            async |after| self.list_service_accounts(project_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn create_service_account(
        &self,
        project_id: &str,
        body: &CreateServiceAccount,
    ) -> Result<ServiceAccountCreated, ApiError> {
        self.post(
            &format!("{}/service_accounts", project_path(project_id)?),
            body,
        )
        .await
    }

    pub async fn retrieve_service_account(
        &self,
        project_id: &str,
        sa_id: &str,
    ) -> Result<ServiceAccount, ApiError> {
        self.get(&sa_path(project_id, sa_id)?, &Vec::new()).await
    }

    pub async fn delete_service_account(
        &self,
        project_id: &str,
        sa_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &sa_path(project_id, sa_id)?, None)
            .await
    }

    pub async fn create_service_account_key(
        &self,
        project_id: &str,
        sa_id: &str,
        body: &CreateServiceAccountKey,
    ) -> Result<NewKeySecret, ApiError> {
        self.post(&format!("{}/api_keys", sa_path(project_id, sa_id)?), body)
            .await
    }

    // ---- project users ----

    pub async fn list_project_users(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<ProjectUser>, ApiError> {
        let mut query = q(&[("limit", "100".into())]);
        push_after(&mut query, after);
        self.get(&format!("{}/users", project_path(project_id)?), &query)
            .await
    }

    pub async fn all_project_users(&self, project_id: &str) -> Result<Vec<ProjectUser>, ApiError> {
        self.collect(
            async |after| self.list_project_users(project_id, after).await,
            |_| {},
        )
        .await
    }

    // ---- audit logs and usage ----

    pub async fn list_audit_logs(&self, filter: &AuditQuery) -> Result<Page<AuditLog>, ApiError> {
        let mut query = q(&[("limit", filter.limit.unwrap_or(50).to_string())]);
        for (name, values) in [
            ("event_types[]", &filter.event_types),
            ("project_ids[]", &filter.project_ids),
            ("resource_ids[]", &filter.resource_ids),
            ("actor_ids[]", &filter.actor_ids),
            ("actor_emails[]", &filter.actor_emails),
        ] {
            query.extend(values.iter().map(|v| (name.to_owned(), v.clone())));
        }
        if let Some(t) = filter.effective_gte {
            query.push(("effective_at[gte]".into(), t.to_string()));
        }
        if let Some(t) = filter.effective_lte {
            query.push(("effective_at[lte]".into(), t.to_string()));
        }
        if filter.tenant_only {
            query.push(("tenant_only".into(), "true".into()));
        }
        push_after(&mut query, filter.after.as_deref());
        if let Some(b) = &filter.before {
            query.push(("before".into(), b.clone()));
        }
        self.get("/organization/audit_logs", &query).await
    }

    /// One page of buckets from a usage endpoint (pass `next_page` back as `page`).
    pub async fn usage(
        &self,
        endpoint: UsageEndpoint,
        filter: &UsageQuery,
    ) -> Result<UsagePage, ApiError> {
        let path = format!("/organization/usage/{}", endpoint.path());
        self.get(&path, &filter.to_query()).await
    }

    /// One page of daily cost buckets.
    pub async fn costs(&self, filter: &UsageQuery) -> Result<UsagePage, ApiError> {
        self.get("/organization/costs", &filter.to_query()).await
    }

    /// Every key of a project from `after` on, keeping what it got when a page fails.
    pub async fn list_keys_from(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        after: Option<String>,
    ) -> Listing<ProjectApiKey> {
        self.list_keys_until(project_id, filter, after, &|| false)
            .await
    }

    /// [`Client::list_keys_from`] that asks no more pages once `stop` says so (the listing then
    /// ends with [`ErrorKind::Stopped`] and where to resume).
    async fn list_keys_until(
        &self,
        project_id: &str,
        filter: &KeyListQuery,
        after: Option<String>,
        stop: &dyn Fn() -> bool,
    ) -> Listing<ProjectApiKey> {
        self.listing(
            async |after| {
                if stop() {
                    return Err(ApiError::stopped());
                }
                self.list_api_keys(project_id, filter, after).await
            },
            after,
        )
        .await
    }

    /// The keys of many projects, at most `concurrency` listings at once (each one request at a
    /// time), in the fewest requests the API allows. `next` gives the project to list next, so
    /// a caller can move one to the front while the scan runs; `stop` ends the scan: no listing
    /// starts and no page is asked for after it says yes (each ends with [`ErrorKind::Stopped`]
    /// and where to resume). `done` gets each project's listing as soon as it ends, complete or
    /// not; nothing is dropped.
    pub async fn scan_keys(
        &self,
        mut next: impl FnMut() -> Option<String>,
        filter: &KeyListQuery,
        concurrency: usize,
        stop: impl Fn() -> bool,
        mut done: impl FnMut(&str, Listing<ProjectApiKey>),
    ) {
        use futures_util::stream::{self, StreamExt};
        let stop = &stop;
        let ids = stream::poll_fn(move |_| std::task::Poll::Ready(next()));
        let mut runs = ids
            .map(|id| async move {
                let listing = self.list_keys_until(&id, filter, None, stop).await;
                (id, listing)
            })
            .buffer_unordered(concurrency.max(1));
        while let Some((id, listing)) = runs.next().await {
            done(&id, listing);
        }
    }

    /// Follows a cursor listing from `after`, keeping every page it got.
    pub async fn listing<I>(
        &self,
        fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        after: Option<String>,
    ) -> Listing<I> {
        self.follow(fetch, after, |_| {}).await
    }

    /// Follows a cursor listing to the end, or fails with the first error.
    pub async fn collect<I>(
        &self,
        fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        progress: impl FnMut(usize),
    ) -> Result<Vec<I>, ApiError> {
        let listing = self.follow(fetch, None, progress).await;
        match listing.error {
            Some(e) => Err(e),
            None => Ok(listing.items),
        }
    }

    /// The one pager loop: `progress` gets the running count after each page.
    async fn follow<I>(
        &self,
        mut fetch: impl AsyncFnMut(Option<&str>) -> Result<Page<I>, ApiError>,
        after: Option<String>,
        mut progress: impl FnMut(usize),
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
            items.extend(page.data);
            progress(items.len());
        }
        Listing {
            items,
            error: None,
            resume: None,
        }
    }
}

fn push_after(query: &mut Query, after: Option<&str>) {
    if let Some(a) = after {
        query.push(("after".into(), a.to_owned()));
    }
}

/// `/organization/projects/{id}`, for an ID in the API's alphabet only.
pub(crate) fn project_path(project_id: &str) -> Result<String, ApiError> {
    Ok(format!("/organization/projects/{}", segment(project_id)?))
}

fn key_path(project_id: &str, key_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/api_keys/{}",
        project_path(project_id)?,
        segment(key_id)?
    ))
}

fn sa_path(project_id: &str, sa_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/service_accounts/{}",
        project_path(project_id)?,
        segment(sa_id)?
    ))
}

fn parse<R: DeserializeOwned>(resp: &HttpResponse) -> Result<R, ApiError> {
    if resp.body.trim().is_empty() {
        return Err(ApiError::malformed(resp.status, "empty body"));
    }
    serde_json::from_str(&resp.body).map_err(|e| {
        let what = if resp.body.trim_start().starts_with('<') {
            "an HTML page instead of JSON".to_owned()
        } else if e.is_eof() {
            "the JSON was cut off".to_owned()
        } else if e.is_syntax() {
            "invalid JSON".to_owned()
        } else if e.to_string().contains(crate::id::REFUSED) {
            // Not transient, and not to be used: an ID that could walk a path.
            return ApiError {
                status: Some(resp.status),
                ..ApiError::new(ErrorKind::InvalidId, format!("The API's answer named {e}."))
            };
        } else {
            format!("unexpected shape: {e}")
        };
        ApiError::malformed(resp.status, &what)
    })
}

fn failure(result: Result<HttpResponse, TransportError>) -> ApiError {
    match result {
        Ok(resp) => ApiError::from_response(&resp),
        Err(e) => ApiError::from_transport(&e),
    }
}

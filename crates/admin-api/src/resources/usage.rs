//! Usage per endpoint, bucketed by time. Its pages (and the costs' pages) are shaped in `usage_page`.

use crate::engine::client::{Client, Query, Streamed, q};
use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::transport::Transport;
use crate::resources::usage_page::{UsageCursor, UsagePage, UsageResult};
use crate::resources::usage_stream::PageStream;

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
    pub(crate) fn to_query(&self) -> Query {
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

impl<T: Transport> Client<T> {
    /// One page of buckets from a usage endpoint (pass `next_page` back as `page`).
    pub async fn usage(
        &self,
        endpoint: UsageEndpoint,
        filter: &UsageQuery,
    ) -> Result<UsagePage, ApiError> {
        let path = format!("/organization/usage/{}", endpoint.path());
        self.get(&path, &filter.to_query()).await
    }

    /// [`usage`](Self::usage), each result handed to `fold` with its bucket's start as it is
    /// read, never the page whole. The sum goes into a state `fresh` makes for each attempt:
    /// a page read again after a failure counts once.
    pub async fn usage_folded<S>(
        &self,
        endpoint: UsageEndpoint,
        filter: &UsageQuery,
        fresh: impl Fn() -> S,
        fold: impl Fn(&mut S, i64, UsageResult),
    ) -> Result<(S, UsageCursor), ApiError> {
        let path = format!("/organization/usage/{}", endpoint.path());
        self.folded(&path, filter, fresh, fold).await
    }

    pub(crate) async fn folded<S>(
        &self,
        path: &str,
        filter: &UsageQuery,
        fresh: impl Fn() -> S,
        fold: impl Fn(&mut S, i64, UsageResult),
    ) -> Result<(S, UsageCursor), ApiError> {
        let mut folding = Folding {
            fresh,
            fold,
            sum: None,
            page: PageStream::default(),
            cursor: None,
        };
        self.get_streamed(path, &filter.to_query(), &mut folding)
            .await?;
        match (folding.sum, folding.cursor) {
            (Some(sum), Some(cursor)) => Ok((sum, cursor)),
            _ => Err(ApiError::malformed(200, "no answer")),
        }
    }

    /// Follows a page-token listing (usage and costs: `next_page` passed back as `page`) to
    /// its end, at most `max_pages` pages, asking no page once `stop` says so. A repeated token
    /// or one more page than allowed is a [`ErrorKind::Pagination`] error, never a loop.
    pub async fn buckets(
        &self,
        mut fetch: impl AsyncFnMut(Option<&str>) -> Result<UsagePage, ApiError>,
        max_pages: usize,
        stop: &dyn Fn() -> bool,
    ) -> Result<Vec<UsagePage>, ApiError> {
        let mut out: Vec<UsagePage> = Vec::new();
        let each = async |token: Option<&str>| {
            let page = fetch(token).await?;
            let cursor = page.cursor();
            out.push(page);
            Ok(cursor)
        };
        self.bucket_pages(each, max_pages, stop).await?;
        Ok(out)
    }

    /// [`buckets`](Self::buckets) for pages their reader keeps nothing of but the cursor.
    pub async fn bucket_pages(
        &self,
        mut fetch: impl AsyncFnMut(Option<&str>) -> Result<UsageCursor, ApiError>,
        max_pages: usize,
        stop: &dyn Fn() -> bool,
    ) -> Result<(), ApiError> {
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            if stop() {
                return Err(ApiError::stopped());
            }
            let cursor = fetch(token.as_deref()).await?;
            pages += 1;
            match cursor.next() {
                None => return Ok(()),
                Some(_) if pages >= max_pages => {
                    return Err(ApiError::new(
                        ErrorKind::Pagination,
                        format!("The list ran past {max_pages} pages."),
                    ));
                }
                Some(t) if token.as_deref() == Some(t) => {
                    return Err(ApiError::new(
                        ErrorKind::Pagination,
                        "The API repeated a page cursor.",
                    ));
                }
                Some(t) => token = Some(t.to_owned()),
            }
        }
    }
}

/// One usage page summed as it arrives (`usage_stream`), into a state made fresh per attempt.
struct Folding<S, F, G> {
    fresh: F,
    fold: G,
    sum: Option<S>,
    page: PageStream,
    cursor: Option<UsageCursor>,
}

impl<S, F: Fn() -> S, G: Fn(&mut S, i64, UsageResult)> Streamed for Folding<S, F, G> {
    fn begin(&mut self) {
        self.sum = Some((self.fresh)());
        self.page = PageStream::default();
        self.cursor = None;
    }

    fn chunk(&mut self, bytes: &[u8]) {
        let Self {
            fold, sum, page, ..
        } = self;
        if let Some(sum) = sum {
            page.feed(bytes, &mut |start, r| fold(sum, start, r));
        }
    }

    fn end(&mut self) -> Result<(), serde_json::Error> {
        let Self {
            fold, sum, page, ..
        } = self;
        let sum = sum
            .as_mut()
            .ok_or_else(|| serde::de::Error::custom("no attempt"))?;
        self.cursor = Some(page.finish(&mut |start, r| fold(sum, start, r))?);
        Ok(())
    }

    fn kept(&self) -> &[u8] {
        self.page.skeleton()
    }

    fn overflowed(&self) -> bool {
        self.page.overflowed()
    }
}

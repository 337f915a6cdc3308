//! The shapes of a usage or costs page, as the API sends them: what the usage and costs calls
//! return, and what reading a page as it streams past (`usage_fold`, `usage_stream`) hands on.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a page says beside its results: whether more follow, and the token to ask for them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsageCursor {
    pub has_more: bool,
    pub next_page: Option<String>,
}

impl UsageCursor {
    /// The token to pass back as `page`, when the API says there is more.
    pub fn next(&self) -> Option<&str> {
        self.next_page
            .as_deref()
            .filter(|p| self.has_more && !p.is_empty())
    }
}

/// Usage and costs use a different page: `{object:"page", data, has_more, next_page}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsagePage {
    #[serde(default)]
    pub object: String,
    pub data: Vec<UsageBucket>,
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub next_page: Option<String>,
}

impl UsagePage {
    /// Whether more pages follow, and the token to ask for them.
    pub fn cursor(&self) -> UsageCursor {
        UsageCursor {
            has_more: self.has_more,
            next_page: self.next_page.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsageBucket {
    #[serde(default)]
    pub object: String,
    pub start_time: i64,
    pub end_time: i64,
    #[serde(default)]
    pub results: Vec<UsageResult>,
}

/// One usage or cost result. The API sends a union discriminated by `object`; every kind parses
/// into this one shape, with what a kind lacks left at zero or `None`. Fields it does not name
/// are skipped: a flattened map of them, which nothing read, made serde buffer each result whole
/// before reading it (a third of the usage worker's time at 100,000 keys).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UsageResult {
    #[serde(default)]
    pub object: String,
    /// Completions, embeddings, moderations.
    #[serde(default, deserialize_with = "count")]
    pub input_tokens: i64,
    /// Completions.
    #[serde(default, deserialize_with = "count")]
    pub output_tokens: i64,
    /// Every kind that counts model calls.
    #[serde(default, deserialize_with = "count")]
    pub num_model_requests: i64,
    /// File and web searches: calls of the tool.
    #[serde(default, deserialize_with = "count")]
    pub num_requests: i64,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub api_key_id: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    /// Costs: what it cost, and for what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<CostAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_item: Option<String>,
}

impl UsageResult {
    /// Requests, as a person counts them: model calls, or for the search tools their calls.
    pub fn requests(&self) -> i64 {
        if self.num_model_requests > 0 {
            self.num_model_requests
        } else {
            self.num_requests
        }
    }

    /// Input plus output tokens.
    pub fn tokens(&self) -> i64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostAmount {
    #[serde(default)]
    pub value: Option<f64>,
    /// Lower-case ISO 4217 (`usd`).
    #[serde(default)]
    pub currency: Option<String>,
}

/// A count the API may send as null, as a float, or leave out: zero unless it is a number.
fn count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .map(|f| f.round().clamp(0.0, i64::MAX as f64) as i64)
            })
            .unwrap_or(0)
            .max(0),
        _ => 0,
    })
}

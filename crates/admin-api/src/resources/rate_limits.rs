//! A project's rate limits per model: list, update.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::Transport;
use crate::engine::wire::Page;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// A project's limits for one model. Only the first two apply to every model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    #[serde(default = "rate_limit_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub max_requests_per_1_minute: i64,
    #[serde(default)]
    pub max_tokens_per_1_minute: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_images_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_audio_megabytes_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_1_day: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_1_day_max_input_tokens: Option<i64>,
}

fn rate_limit_object() -> String {
    "project.rate_limit".into()
}

/// Body of `POST …/rate_limits/{id}`: only the fields to change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateRateLimit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_images_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_audio_megabytes_per_1_minute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_requests_per_1_day: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_1_day_max_input_tokens: Option<i64>,
}

impl<T: Transport> Client<T> {
    pub async fn list_rate_limits(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<RateLimit>, ApiError> {
        let path = format!("{}/rate_limits", project_path(project_id)?);
        self.get(&path, &page_query(after)).await
    }

    pub async fn all_rate_limits(&self, project_id: &str) -> Result<Vec<RateLimit>, ApiError> {
        self.collect(
            async |after| self.list_rate_limits(project_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn update_rate_limit(
        &self,
        project_id: &str,
        rate_limit_id: &str,
        body: &UpdateRateLimit,
    ) -> Result<RateLimit, ApiError> {
        let path = format!(
            "{}/rate_limits/{}",
            project_path(project_id)?,
            segment(rate_limit_id)?
        );
        self.post(&path, body).await
    }
}

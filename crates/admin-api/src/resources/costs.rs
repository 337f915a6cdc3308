//! The organization's costs, in daily buckets (the usage page and filters).

use crate::engine::client::Client;
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::resources::usage::{UsagePage, UsageQuery};

impl<T: Transport> Client<T> {
    /// One page of daily cost buckets.
    pub async fn costs(&self, filter: &UsageQuery) -> Result<UsagePage, ApiError> {
        self.get("/organization/costs", &filter.to_query()).await
    }
}

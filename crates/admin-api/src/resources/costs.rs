//! The organization's costs, in daily buckets (the usage page and filters), and month-to-date
//! spend per project (what spend limits are measured against).

use crate::engine::client::Client;
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::resources::usage::UsageQuery;
use crate::resources::usage_page::{UsageCursor, UsagePage, UsageResult};
use std::collections::HashMap;

/// The first second of `now`'s calendar month, UTC: where a monthly spend limit starts counting.
pub fn month_start(now: i64) -> i64 {
    let days = now.div_euclid(86_400);
    // Howard Hinnant's civil_from_days, then back to the month's first day.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day_of_month = doy - (153 * mp + 2) / 5;
    (days - day_of_month) * 86_400
}

/// Spend per project from a page of cost buckets grouped by `project_id`, in dollars.
pub fn dollars_by_project(pages: &[UsagePage]) -> HashMap<String, f64> {
    let mut out: HashMap<String, f64> = HashMap::new();
    for result in pages.iter().flat_map(|p| &p.data).flat_map(|b| &b.results) {
        let value = result.amount.as_ref().and_then(|a| a.value).unwrap_or(0.0);
        let project = result.project_id.clone().unwrap_or_default();
        *out.entry(project).or_default() += value;
    }
    out
}

impl<T: Transport> Client<T> {
    /// One page of daily cost buckets.
    pub async fn costs(&self, filter: &UsageQuery) -> Result<UsagePage, ApiError> {
        self.get("/organization/costs", &filter.to_query()).await
    }

    /// [`costs`](Self::costs) read as [`usage_folded`](Self::usage_folded) reads usage.
    pub async fn costs_folded<S>(
        &self,
        filter: &UsageQuery,
        fresh: impl Fn() -> S,
        fold: impl Fn(&mut S, i64, UsageResult),
    ) -> Result<(S, UsageCursor), ApiError> {
        self.folded("/organization/costs", filter, fresh, fold)
            .await
    }

    /// Spend since the first of the month (UTC) until `now`, per project ID, in dollars.
    pub async fn month_to_date(&self, now: i64) -> Result<HashMap<String, f64>, ApiError> {
        let filter = UsageQuery {
            start_time: month_start(now),
            end_time: Some(now),
            bucket_width: Some("1d".into()),
            group_by: vec!["project_id".into()],
            limit: Some(31),
            ..UsageQuery::default()
        };
        let pages = self
            .buckets(
                async |page| {
                    let filter = UsageQuery {
                        page: page.map(str::to_owned),
                        ..filter.clone()
                    };
                    self.costs(&filter).await
                },
                50,
                &|| false,
            )
            .await?;
        Ok(dollars_by_project(&pages))
    }
}

#[cfg(test)]
mod tests {
    use super::month_start;

    #[test]
    fn months_start_on_the_first_utc() {
        // 2026-12-01T20:12:27Z → 2026-12-01T00:00:00Z
        assert_eq!(month_start(1_796_156_347), 1_796_083_200);
        // 2024-02-29T12:00:00Z → 2024-02-01
        assert_eq!(month_start(1_709_208_000), 1_706_745_600);
        // the first second of a month is its own start
        assert_eq!(month_start(1_706_745_600), 1_706_745_600);
        // 1969-12-31T23:59:59Z → 1969-12-01
        assert_eq!(month_start(-1), -2_678_400);
    }
}

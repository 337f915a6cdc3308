//! One read of the usage job, summed where it is read: in the usage job's worker
//! (`platform::in_worker`), or in the page where no worker runs. Either way the API's pages are
//! dropped as soon as they are summed.

use crate::logic::usage::{UsagePart, UsageTable, key_costs, project_costs, window_start};
use crate::platform::transport::AppTransport;
use admin_api::types::UsagePage;
use admin_api::{ApiError, Client, UsageEndpoint, UsageQuery};

/// Pages per endpoint at most. One page holds the whole window (a bucket per day); more means
/// the API paged its results, and a runaway cursor must not run forever.
const MAX_PAGES: usize = 8;

/// One read of the job: a usage endpoint grouped by key, or the costs grouped by project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    Usage(UsageEndpoint),
    Costs,
    /// Costs grouped by key: each key's cost beside its traffic.
    KeyCosts,
}

impl Read {
    /// Every read of the job.
    pub fn all() -> impl Iterator<Item = Read> {
        UsageEndpoint::PER_KEY
            .into_iter()
            .map(Read::Usage)
            .chain([Read::Costs, Read::KeyCosts])
    }

    /// Its name in a message to the worker.
    pub fn id(self) -> &'static str {
        match self {
            Read::Usage(endpoint) => endpoint.path(),
            Read::Costs => "costs",
            Read::KeyCosts => "costs-by-key",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::all().find(|r| r.id() == id)
    }
}

/// The read for the window of `days` days up to `now`, summed; stops asking once `stop` says so.
pub async fn read(
    api: &Client<AppTransport>,
    read: Read,
    days: u32,
    now: i64,
    stop: &dyn Fn() -> bool,
) -> Result<UsagePart, ApiError> {
    let pages = pages(api, read, days, now, stop).await?;
    Ok(match read {
        Read::Usage(_) => {
            let mut table = UsageTable::new(days, now);
            pages.iter().for_each(|p| table.add(p));
            UsagePart::Traffic(table)
        }
        Read::Costs => UsagePart::Costs(project_costs(&pages)),
        Read::KeyCosts => UsagePart::KeyCosts(key_costs(&pages)),
    })
}

async fn pages(
    api: &Client<AppTransport>,
    read: Read,
    days: u32,
    now: i64,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<UsagePage>, ApiError> {
    let group_by = match read {
        Read::Usage(_) => vec!["api_key_id".into()],
        Read::Costs => vec!["project_id".into(), "line_item".into()],
        Read::KeyCosts => vec!["api_key_id".into()],
    };
    let mut query = UsageQuery {
        start_time: window_start(now, days),
        bucket_width: Some("1d".into()),
        group_by,
        limit: Some(days),
        ..UsageQuery::default()
    };
    let fetch = async |page: Option<&str>| {
        query.page = page.map(str::to_owned);
        match read {
            Read::Usage(endpoint) => api.usage(endpoint, &query).await,
            Read::Costs | Read::KeyCosts => api.costs(&query).await,
        }
    };
    api.buckets(fetch, MAX_PAGES, stop).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_has_a_name_of_its_own() {
        let all: Vec<Read> = Read::all().collect();
        assert_eq!(all.len(), UsageEndpoint::PER_KEY.len() + 2);
        for r in &all {
            assert_eq!(Read::from_id(r.id()), Some(*r));
        }
        assert_eq!(Read::from_id("../costs"), None);
    }
}

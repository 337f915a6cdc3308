//! One read of the usage job, summed where it is read: in the usage job's worker
//! (`platform::in_worker`), or in the page where no worker runs. Either way each result is
//! summed as it is parsed: the API's pages are never held parsed whole.

use crate::logic::usage::{
    CostSum, KeyCosts, UsagePart, UsageTable, add_key_cost, merge_key_costs, window_start,
};
use crate::platform::transport::AppTransport;
use admin_api::types::UsageResult;
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
    let (endpoint, group_by) = match read {
        Read::Usage(endpoint) => (Some(endpoint), vec!["api_key_id".into()]),
        Read::Costs => (None, vec!["project_id".into(), "line_item".into()]),
        Read::KeyCosts => (None, vec!["api_key_id".into()]),
    };
    let query = UsageQuery {
        start_time: window_start(now, days),
        bucket_width: Some("1d".into()),
        group_by,
        limit: Some(days),
        ..UsageQuery::default()
    };
    Ok(match read {
        Read::Usage(_) => {
            let fresh = || UsageTable::new(days, now);
            let fold = |t: &mut UsageTable, start, r: UsageResult| t.add_result(start, &r);
            let table = summed(api, endpoint, &query, stop, fresh, fold, UsageTable::merge).await?;
            UsagePart::Traffic(table)
        }
        Read::Costs => {
            let fold = |s: &mut CostSum, _, r: UsageResult| s.add(&r);
            let (fresh, merge) = (CostSum::default, CostSum::merge);
            UsagePart::Costs(
                summed(api, endpoint, &query, stop, fresh, fold, merge)
                    .await?
                    .finish(),
            )
        }
        Read::KeyCosts => {
            let fold = |c: &mut KeyCosts, _, r: UsageResult| add_key_cost(c, &r);
            let (fresh, merge) = (KeyCosts::default, merge_key_costs);
            UsagePart::KeyCosts(summed(api, endpoint, &query, stop, fresh, fold, merge).await?)
        }
    })
}

/// Every page of one read (an endpoint's usage, or else the costs), each summed into a `fresh`
/// state as it is parsed and then merged into the first.
async fn summed<S>(
    api: &Client<AppTransport>,
    endpoint: Option<UsageEndpoint>,
    query: &UsageQuery,
    stop: &dyn Fn() -> bool,
    fresh: impl Fn() -> S,
    fold: impl Fn(&mut S, i64, UsageResult),
    merge: impl Fn(&mut S, S),
) -> Result<S, ApiError> {
    // The first page's sum becomes the whole: merged into an empty one, it would be copied.
    let mut all: Option<S> = None;
    let page = async |page: Option<&str>| {
        let query = UsageQuery {
            page: page.map(str::to_owned),
            ..query.clone()
        };
        let (more, cursor) = match endpoint {
            Some(endpoint) => api.usage_folded(endpoint, &query, &fresh, &fold).await?,
            None => api.costs_folded(&query, &fresh, &fold).await?,
        };
        match &mut all {
            Some(all) => merge(all, more),
            None => all = Some(more),
        }
        Ok(cursor)
    };
    api.bucket_pages(page, MAX_PAGES, stop).await?;
    Ok(all.unwrap_or_else(fresh))
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

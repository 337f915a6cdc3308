//! The organization's project list, read once and shared. Guard rails, keyless, invites, roles,
//! groups, certificates and a person's page all name projects, and at 5,000 projects one list is
//! 50 requests: each of them reading its own made opening a page wait on the whole list again.
//! Callers at the same moment share one read, and the scan's list, once it has read it whole,
//! stands in for one. The next caller reads it again after a write marks the list stale (its
//! topic's version moved), after a failed read, or once the list is five minutes old: projects
//! made elsewhere show up without a reload.

use admin_api::resources::projects::Project;
use admin_api::{ApiError, Client};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use futures::stream::{self, StreamExt, TryStreamExt};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

use crate::platform::transport::AppTransport;

/// Projects read at once by [`each`]: a few, as the scan and the guard rails may be reading too.
const LANES: usize = 4;

/// Projects looked into one by one (service accounts, groups); past it the page says so.
pub const PROJECTS_CHECKED: usize = 200;

/// How long a list read whole is taken as the organization's, in seconds.
const MAX_AGE: i64 = 300;

/// One read of the list (archived projects too), which any number of callers await.
pub type Read = Shared<LocalBoxFuture<'static, Result<Arc<Vec<Project>>, ApiError>>>;

/// The list as last read, or being read.
struct Entry {
    /// The list's topic version when the read started.
    version: u32,
    /// When the read started, in Unix seconds.
    at: i64,
    read: Read,
}

/// The session's project list (the session holds one and ends with it).
#[derive(Default)]
pub struct ProjectList(RefCell<Option<Entry>>);

impl ProjectList {
    /// The kept read when it is current (started at `version`, under five minutes ago, and
    /// not failed), else a new one, which callers share until it ends.
    pub fn get(&self, api: &Rc<Client<AppTransport>>, version: u32, now: i64) -> Read {
        let mut kept = self.0.borrow_mut();
        let current = kept.as_ref().filter(|e| {
            e.version == version
                && now.saturating_sub(e.at) < MAX_AGE
                && !matches!(e.read.peek(), Some(Err(_)))
        });
        if let Some(e) = current {
            return e.read.clone();
        }
        let api = api.clone();
        let read = async move { api.all_projects(true).await.map(Arc::new) }
            .boxed_local()
            .shared();
        *kept = Some(Entry {
            version,
            at: now,
            read: read.clone(),
        });
        read
    }

    /// Keeps a list read whole elsewhere (the scan's) that started at `version`, unless a
    /// newer read is kept.
    pub fn keep(&self, list: Arc<Vec<Project>>, version: u32, at: i64) {
        let mut kept = self.0.borrow_mut();
        if kept.as_ref().is_some_and(|e| e.at > at) {
            return;
        }
        let read = futures::future::ready(Ok(list)).boxed_local().shared();
        *kept = Some(Entry { version, at, read });
    }
}

/// The projects looked into one by one: the first [`PROJECTS_CHECKED`].
pub fn checked(projects: &[Project]) -> &[Project] {
    &projects[..projects.len().min(PROJECTS_CHECKED)]
}

/// `read` of each project, a few at once, in the projects' order; the first error ends it. At
/// the API's latency, 200 projects read one after another kept a page loading for a minute.
pub async fn each<'a, T, Fut>(
    projects: &'a [Project],
    read: impl FnMut(&'a Project) -> Fut,
) -> Result<Vec<T>, ApiError>
where
    Fut: Future<Output = Result<T, ApiError>>,
{
    stream::iter(projects)
        .map(read)
        .buffered(LANES)
        .try_collect()
        .await
}

/// The projects that are not archived.
pub fn live(projects: &[Project]) -> Vec<Project> {
    projects
        .iter()
        .filter(|p| !p.is_archived())
        .cloned()
        .collect()
}

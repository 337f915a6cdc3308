//! One connected session as one object: the client and its lifetime (the abort switch), the
//! jobs, the key inventory, usage and the topic cache. Its reactive state lives under its own
//! Leptos owner, so Lock ends it whole: every request aborted, every signal disposed, nothing
//! reset by hand. What outlives a session (route, toasts, notices, preferences) is in
//! [`crate::state::AppState`]. Pages take the session from context ([`use_session`]).
//!
//! `Copy`: closures take it freely. Everything reached after an `await` goes through `try_`
//! reads, which answer `None` once the session is gone instead of panicking.
//!
//! What it owns has a module here: its jobs ([`jobs`], each with a Stop [`flag`]), its topic
//! cache ([`cache`]) and the shared project list ([`project_list`]). The work it runs is in
//! [`crate::work`]; its lifetime is [`crate::platform::lifetime`], which the transports share.

pub mod cache;
pub mod flag;
pub mod jobs;
pub mod project_list;

use crate::logic::guard_rails::GuardState;
use crate::logic::inventory::Inventory;
use crate::logic::permissions::PermissionsState;
use crate::logic::review::reads::ReviewState;
use crate::logic::usage::UsageState;
use crate::platform::browser;
use crate::platform::job_worker::JobWorker;
use crate::platform::lifetime::{Lifetime, session_ended};
use crate::platform::prefs::Prefs;
use crate::platform::transport::{
    AppTransport, Backend, DEMO_BASE, DEMO_KEY, DemoTransport, FetchTransport,
};
use crate::session::cache::{Cache, Topic};
use crate::session::jobs::Work;
use crate::session::project_list::ProjectList;
use admin_api::resources::projects::Project;
use admin_api::{AdminKey, ApiError, Client};
use leptos::prelude::*;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

pub type Api = Client<AppTransport>;

/// What the session holds that is not reactive.
struct Core {
    api: Rc<Api>,
    /// The simulated organization, in demo mode.
    demo: Option<DemoTransport>,
    /// Workers started for one job each (the scan's listings, a usage read), ended with the job
    /// or by Lock, with every request they made.
    job_workers: RefCell<Vec<Rc<JobWorker>>>,
    /// The project list every page and job shares.
    projects: ProjectList,
}

#[derive(Clone, Copy)]
pub struct Session {
    core: StoredValue<Core, LocalStorage>,
    /// The session's jobs (scans, exports, revokes, rotations, usage reads).
    pub work: Work,
    /// Every project's keys, as far as the session's scan got.
    pub inventory: RwSignal<Inventory, LocalStorage>,
    /// Every key's traffic in the chosen window, as far as the session's usage read got.
    pub usage: RwSignal<UsageState, LocalStorage>,
    /// Every key's permissions, as far as the audit log tells.
    pub permissions: RwSignal<PermissionsState, LocalStorage>,
    /// Every project's guard rails, as far as the session has read them.
    pub guard: RwSignal<GuardState, LocalStorage>,
    /// What the Review read beyond the above (admin keys, people, invites, certificates, keyless).
    pub review: RwSignal<ReviewState, LocalStorage>,
    /// What each read depends on; a write marks what it touched stale.
    pub cache: Cache,
    /// The app's preferences (they outlive the session; its work reads them).
    pub prefs: Prefs,
}

/// What every new session is made with: the owner its state lives under, its lifetime, and the
/// app's preferences.
pub struct Birth<'a> {
    pub owner: &'a Owner,
    pub lifetime: Lifetime,
    pub prefs: Prefs,
}

impl Session {
    /// A session with a real (or emulated) API over fetch.
    pub fn fetch(birth: Birth, base: &str, key: AdminKey) -> Self {
        let transport = AppTransport {
            backend: Backend::Fetch(FetchTransport),
            lifetime: birth.lifetime.clone(),
        };
        Self::build(birth, Client::new(transport, base, key), None)
    }

    /// A session with the simulated organization in the page.
    pub fn demo(birth: Birth, demo: DemoTransport) -> Self {
        let transport = AppTransport {
            backend: Backend::Demo(demo.clone()),
            lifetime: birth.lifetime.clone(),
        };
        let api = Client::new(transport, DEMO_BASE, AdminKey::new_unchecked(DEMO_KEY));
        Self::build(birth, api, Some(demo))
    }

    /// A session over any client (tests use one over the simulated organization).
    pub fn build(birth: Birth, api: Api, demo: Option<DemoTransport>) -> Self {
        let Birth {
            owner,
            lifetime,
            prefs,
        } = birth;
        owner.with(|| Self {
            core: StoredValue::new_local(Core {
                api: Rc::new(api),
                demo,
                job_workers: RefCell::default(),
                projects: ProjectList::default(),
            }),
            work: Work::new(lifetime),
            inventory: RwSignal::new_local(Inventory::default()),
            usage: RwSignal::new_local(UsageState::default()),
            permissions: RwSignal::new_local(PermissionsState::default()),
            guard: RwSignal::new_local(GuardState::default()),
            review: RwSignal::new_local(ReviewState::default()),
            cache: Cache::new(),
            prefs,
        })
    }

    /// The client, while the session lives (call it to start work, not to render).
    pub fn api(&self) -> Option<Rc<Api>> {
        self.core.try_with_value(|c| c.api.clone())
    }

    /// The client, or the error a view shows once the session has ended.
    pub fn client(&self) -> Result<Rc<Api>, ApiError> {
        self.api().ok_or_else(session_ended)
    }

    /// The organization's project list, archived projects too, read once and shared by every
    /// page and job that names projects (see [`ProjectList`]).
    pub fn projects(
        &self,
    ) -> impl Future<Output = Result<Arc<Vec<Project>>, ApiError>> + 'static + use<> {
        let version = self.cache.current(&Topic::Projects);
        let read = self
            .core
            .try_with_value(|c| c.projects.get(&c.api, version, browser::now()));
        async move {
            match read {
                Some(read) => read.await,
                None => Err(session_ended()),
            }
        }
    }

    /// The projects that are not archived, from the shared list.
    pub fn live_projects(
        &self,
    ) -> impl Future<Output = Result<Vec<Project>, ApiError>> + 'static + use<> {
        let all = self.projects();
        async move { all.await.map(|p| project_list::live(&p)) }
    }

    /// Keeps the project list the scan read whole, from when the topic was at `version`.
    pub fn keep_projects(&self, list: Arc<Vec<Project>>, version: u32, at: i64) {
        self.core
            .try_with_value(|c| c.projects.keep(list, version, at));
    }

    /// The simulated organization, in demo mode.
    pub fn demo_org(&self) -> Option<DemoTransport> {
        self.core.try_with_value(|c| c.demo.clone()).flatten()
    }

    /// A worker for one job (over fetch only: the demo's organization runs in a worker of its
    /// own), ended by [`Session::end_worker`] when the job is done, which gives back all the
    /// memory the job's reading took; `None` where none can start, and once the session has
    /// ended.
    pub fn start_worker(&self) -> Option<Rc<JobWorker>> {
        if !self.is_live() {
            return None;
        }
        self.core
            .try_with_value(|c| {
                let api = &c.api;
                if !matches!(api.transport().backend, Backend::Fetch(_)) {
                    return None;
                }
                let worker = Rc::new(JobWorker::start(api.base(), api.key().expose())?);
                c.job_workers.borrow_mut().push(worker.clone());
                Some(worker)
            })
            .flatten()
    }

    /// Ends a worker [`Session::start_worker`] gave.
    pub fn end_worker(&self, worker: Option<Rc<JobWorker>>) {
        let Some(worker) = worker else { return };
        worker.end();
        self.core.try_with_value(|c| {
            c.job_workers
                .borrow_mut()
                .retain(|w| !Rc::ptr_eq(w, &worker))
        });
    }

    pub fn is_demo(&self) -> bool {
        self.core.try_with_value(|c| c.demo.is_some()) == Some(true)
    }

    /// The session's lifetime: its generation, and the switch Lock turns off.
    pub fn lifetime(&self) -> Option<Lifetime> {
        self.core
            .try_with_value(|c| c.api.transport().lifetime.clone())
    }

    /// False once Lock (or a newer session) has ended this one.
    pub fn is_live(&self) -> bool {
        self.lifetime().is_some_and(|l| !l.is_ended())
    }

    /// Marks what a write touched stale: the views reading it read again, in place.
    pub fn invalidate(&self, topics: impl IntoIterator<Item = Topic>) {
        self.cache.invalidate(topics);
    }

    /// Ends the session's work: every request aborted, every job stopped. Returns what the
    /// Connect screen should say about revokes that were running. Its signals are disposed
    /// with its owner, once the views reading them are gone.
    pub fn end(&self) -> Vec<String> {
        if let Some(l) = self.lifetime() {
            l.end();
        }
        // Ends the workers and their requests now, not when the session's owner is disposed.
        let jobs = self
            .core
            .try_with_value(|c| std::mem::take(&mut *c.job_workers.borrow_mut()));
        jobs.into_iter().flatten().for_each(|w| w.end());
        self.work.end_all()
    }
}

/// The connected session. Pages are only shown while one exists.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

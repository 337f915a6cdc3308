//! The session's jobs: work that outlives a click. Views start a job and watch its entry here;
//! the job owns everything it needs, and writes back only while its session lives.

use crate::logic::step::Run;
use crate::logic::tally::Tally;
use crate::platform::lifetime::Lifetime;
use crate::session::flag::Flag;
use admin_api::types::NewKeySecret;
use leptos::prelude::*;
use std::future::Future;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Revokes keys (one or many): destructive, never cut short by navigation.
    Revoke,
    /// Scans every project's keys, then saves a file.
    Export,
    /// Creates a replacement key, shows it once, then hands over to a revoke of the old one.
    Rotation,
    /// Lists every project's keys into the session's inventory.
    Scan,
    /// Reads every key's traffic in the usage window.
    Usage,
    /// Creates an admin key and holds its secret until the user says it is saved.
    CreateKey,
    /// Reads every key's permissions from the audit log.
    Permissions,
    /// Reads every project's guard rails.
    GuardRails,
    /// Applies one guard rail to many projects.
    GuardApply,
    /// Revokes one person's keys, takes them out of groups, then removes them.
    Offboard,
    /// Creates a provider (when new) and a federation rule for one service account.
    GoKeyless,
    /// A Review fix's own writes (expiries, admin key revokes, invite deletions).
    Writes,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobStatus {
    Running,
    /// Stop was pressed: the request in flight finishes, nothing new is sent.
    Stopping,
    Done,
    Failed(String),
}

impl JobStatus {
    pub fn is_running(&self) -> bool {
        matches!(self, JobStatus::Running | JobStatus::Stopping)
    }
}

/// What a job of each kind carries besides its status.
#[derive(Clone)]
pub enum JobData {
    /// Every confirmed key and what happened to it.
    Revoke(Tally),
    Export,
    /// The key being rotated, so its page finds the job again after a refresh; then the new key.
    Rotation {
        key_id: String,
        reveal: Option<Reveal>,
    },
    Scan,
    Usage,
    CreateKey {
        reveal: Option<Reveal>,
    },
    Permissions,
    GuardRails,
    /// The change and every project's outcome.
    GuardApply(crate::logic::guard_rails::bulk::Apply),
    /// The person and every step's outcome.
    Offboard(crate::logic::people::offboard::Offboard),
    GoKeyless,
    /// The fix and every write's outcome.
    Writes(crate::logic::review::writes::Writes),
}

/// A new key's secret, in memory only, until the user says it is saved; and what the reveal
/// states about it (owner, scopes, expiry).
#[derive(Clone)]
pub struct Reveal {
    pub secret: NewKeySecret,
    pub facts: Vec<(String, String)>,
}

impl JobData {
    pub fn kind(&self) -> JobKind {
        match self {
            JobData::Revoke(_) => JobKind::Revoke,
            JobData::Export => JobKind::Export,
            JobData::Rotation { .. } => JobKind::Rotation,
            JobData::Scan => JobKind::Scan,
            JobData::Usage => JobKind::Usage,
            JobData::CreateKey { .. } => JobKind::CreateKey,
            JobData::Permissions => JobKind::Permissions,
            JobData::GuardRails => JobKind::GuardRails,
            JobData::GuardApply(_) => JobKind::GuardApply,
            JobData::Offboard(_) => JobKind::Offboard,
            JobData::GoKeyless => JobKind::GoKeyless,
            JobData::Writes(_) => JobKind::Writes,
        }
    }
}

/// One job's entry, as views see it.
#[derive(Clone)]
pub struct Job {
    pub id: u64,
    pub title: String,
    pub status: JobStatus,
    /// Where it is, in words ("Scanning project 3 of 12…").
    pub note: String,
    /// Steps done of total, for the progress bar.
    pub progress: (usize, usize),
    pub data: JobData,
    stop: Flag,
    /// Set when the job ends (finished, failed, stopped or cut by Lock): other jobs await it.
    ended: Flag,
    /// Counts the entry's changes, so a view of one job can ignore every other job's.
    rev: u64,
}

impl Job {
    pub fn kind(&self) -> JobKind {
        self.data.kind()
    }

    /// Revokes and guard-rail runs: leaving the page while one runs asks first.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self.kind(),
            JobKind::Revoke | JobKind::GuardApply | JobKind::Offboard | JobKind::Writes
        )
    }

    /// Whether the user can press Stop (revokes between keys; exports between projects).
    pub fn can_stop(&self) -> bool {
        self.status == JobStatus::Running && self.kind() != JobKind::Rotation
    }

    pub fn tally(&self) -> Option<&Tally> {
        match &self.data {
            JobData::Revoke(t) => Some(t),
            _ => None,
        }
    }

    pub fn tally_mut(&mut self) -> Option<&mut Tally> {
        match &mut self.data {
            JobData::Revoke(t) => Some(t),
            _ => None,
        }
    }

    /// A guard-rail run: the change and every project's outcome.
    pub fn apply(&self) -> Option<&crate::logic::guard_rails::bulk::Apply> {
        match &self.data {
            JobData::GuardApply(a) => Some(a),
            _ => None,
        }
    }

    pub fn apply_mut(&mut self) -> Option<&mut crate::logic::guard_rails::bulk::Apply> {
        match &mut self.data {
            JobData::GuardApply(a) => Some(a),
            _ => None,
        }
    }

    /// A created key's secret and facts, until the user says it is saved.
    /// An offboarding run: the person and every step's outcome.
    pub fn offboard(&self) -> Option<&crate::logic::people::offboard::Offboard> {
        match &self.data {
            JobData::Offboard(o) => Some(o),
            _ => None,
        }
    }

    pub fn offboard_mut(&mut self) -> Option<&mut crate::logic::people::offboard::Offboard> {
        match &mut self.data {
            JobData::Offboard(o) => Some(o),
            _ => None,
        }
    }

    /// What the run did, in one sentence (for the Review's report), or where it is.
    pub fn summary(&self) -> String {
        match &self.data {
            JobData::Revoke(t) => t.summary(),
            JobData::GuardApply(a) => a.headline(),
            JobData::Offboard(o) => o.headline(),
            JobData::Writes(w) => w.headline(),
            _ => self.note.clone(),
        }
    }

    /// A Review fix's run: every write's outcome.
    pub fn writes(&self) -> Option<&crate::logic::review::writes::Writes> {
        match &self.data {
            JobData::Writes(w) => Some(w),
            _ => None,
        }
    }

    pub fn writes_mut(&mut self) -> Option<&mut crate::logic::review::writes::Writes> {
        match &mut self.data {
            JobData::Writes(w) => Some(w),
            _ => None,
        }
    }

    pub fn reveal(&self) -> Option<&Reveal> {
        match &self.data {
            JobData::Rotation { reveal, .. } | JobData::CreateKey { reveal } => reveal.as_ref(),
            _ => None,
        }
    }

    /// Hands the job a created key to show once.
    pub fn set_reveal(&mut self, new: Reveal) {
        if let JobData::Rotation { reveal, .. } | JobData::CreateKey { reveal } = &mut self.data {
            *reveal = Some(new);
        }
    }
}

fn newest_rotation<'a>(jobs: &'a [Job], key_id: &str) -> Option<&'a Job> {
    jobs.iter()
        .rev()
        .find(|j| matches!(&j.data, JobData::Rotation { key_id: k, .. } if k == key_id))
}

/// Every job of one session. `Copy`; its signals belong to the session and go with it.
#[derive(Clone, Copy)]
pub struct Work {
    jobs: RwSignal<Vec<Job>, LocalStorage>,
    next_id: StoredValue<u64>,
    lifetime: StoredValue<Lifetime, LocalStorage>,
}

impl Work {
    pub fn new(lifetime: Lifetime) -> Self {
        Self {
            jobs: RwSignal::new_local(Vec::new()),
            next_id: StoredValue::new(1),
            lifetime: StoredValue::new_local(lifetime),
        }
    }

    /// Starts any job: adds its running entry, then runs `run` with the handle it reports
    /// through. Returns the job's ID (none once the session has ended).
    pub fn start<F>(
        &self,
        data: JobData,
        title: String,
        run: impl FnOnce(JobHandle) -> F,
    ) -> Option<u64>
    where
        F: Future<Output = ()> + 'static,
    {
        let job = self.add(data, title)?;
        let id = job.id;
        leptos::task::spawn_local(run(job));
        Some(id)
    }

    /// Adds a running job; its work is the caller's (the scan marks the inventory first).
    pub fn add(&self, data: JobData, title: String) -> Option<JobHandle> {
        let lifetime = self.lifetime.try_get_value().filter(|l| !l.is_ended())?;
        let id = self.next_id.try_get_value()?;
        self.next_id.set_value(id + 1);
        let stop = Flag::new();
        let total = match &data {
            JobData::Revoke(t) => t.len(),
            _ => 0,
        };
        self.jobs.try_update(|list| {
            list.push(Job {
                id,
                title,
                status: JobStatus::Running,
                note: String::new(),
                progress: (0, total),
                data,
                stop: stop.clone(),
                ended: Flag::new(),
                rev: 0,
            })
        })?;
        Some(JobHandle {
            work: *self,
            id,
            lifetime,
            stop,
        })
    }

    /// Resolves once no job of this kind runs: at once when none does, else when the running
    /// one ends, stops or is cut short by Lock (export and usage await the scan this way).
    pub fn until_done(&self, kind: JobKind) -> impl Future<Output = ()> + 'static + use<> {
        let ended = self
            .jobs
            .try_with_untracked(|l| {
                l.iter()
                    .find(|j| j.kind() == kind && j.status.is_running())
                    .map(|j| j.ended.clone())
            })
            .flatten();
        async move {
            if let Some(f) = ended {
                f.wait().await
            }
        }
    }

    /// All jobs, newest last (tracked).
    pub fn list(&self) -> Vec<Job> {
        self.jobs.get()
    }

    /// One job (tracked: any job's change notifies).
    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.with(|l| l.iter().find(|j| j.id == id).cloned())
    }

    /// One job, for a view that draws it: the reader is notified when that job changes, comes
    /// or goes, not on every other job's progress (the scan's and usage's notes change often).
    /// A view drawn again is made anew (a shown secret's choices with it), and its elements lose
    /// their attributes for a moment (tachys rebuilds erased attributes by removing them): a
    /// focused list its `tabindex`, so its focus. Call it while the view is set up; the reader
    /// lives as long as the view.
    pub fn watch(
        self,
        id: impl Fn() -> Option<u64> + Send + Sync + 'static,
    ) -> impl Fn() -> Option<Job> + Copy + 'static {
        let jobs = self.jobs;
        let stamp = Memo::new(move |_| {
            let id = id()?;
            jobs.with(|l| l.iter().find(|j| j.id == id).map(|j| (id, j.rev)))
        });
        move || {
            let (id, _) = stamp.get()?;
            jobs.with_untracked(|l| l.iter().find(|j| j.id == id).cloned())
        }
    }

    /// The newest rotation of this key, if any (tracked; clones that one job only).
    pub fn rotation_of(&self, key_id: &str) -> Option<Job> {
        self.jobs.with(|l| newest_rotation(l, key_id).cloned())
    }

    /// The ID of this key's newest rotation, if any (tracked), for [`Work::watch`].
    pub fn rotation_id(&self, key_id: &str) -> Option<u64> {
        self.jobs.with(|l| newest_rotation(l, key_id).map(|j| j.id))
    }

    /// How many jobs there are (tracked; cheaper than `list().len()`).
    pub fn len(&self) -> usize {
        self.jobs.with(Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Job IDs, oldest first (tracked).
    pub fn ids(&self) -> Vec<u64> {
        self.jobs.with(|l| l.iter().map(|j| j.id).collect())
    }

    /// The note of the running job of this kind, if one runs (tracked).
    pub fn running_note(&self, kind: JobKind) -> Option<String> {
        self.jobs.with(|l| {
            l.iter()
                .find(|j| j.kind() == kind && j.status.is_running())
                .map(|j| j.note.clone())
        })
    }

    /// The running job of this kind, if one runs (untracked).
    pub fn running_id(&self, kind: JobKind) -> Option<u64> {
        self.jobs.with_untracked(|l| {
            l.iter()
                .find(|j| j.kind() == kind && j.status.is_running())
                .map(|j| j.id)
        })
    }

    pub fn running_count(&self) -> usize {
        self.jobs
            .try_with(|l| l.iter().filter(|j| j.status.is_running()).count())
            .unwrap_or(0)
    }

    /// True while a revoke runs (leaving the page then asks first).
    pub fn destructive_running(&self) -> bool {
        self.jobs.try_with_untracked(|l| {
            l.iter()
                .any(|j| j.is_destructive() && j.status.is_running())
        }) == Some(true)
    }

    /// Asks a job to stop after the request in flight.
    pub fn stop(&self, id: u64) {
        self.jobs.try_update(|l| {
            if let Some(j) = l.iter_mut().find(|j| j.id == id)
                && j.can_stop()
            {
                j.stop.set();
                j.rev += 1;
                j.status = JobStatus::Stopping;
                j.note = "Stopping after the request in flight…".into();
            }
        });
    }

    /// Removes a finished job (its tally, its secret) for good.
    pub fn dismiss(&self, id: u64) {
        self.jobs
            .try_update(|l| l.retain(|j| j.id != id || j.status.is_running()));
    }

    /// Lock: every job ends at once. Returns one sentence for each revoke that was running or
    /// whose tally was still open, so the Connect screen can say what happened.
    pub fn end_all(&self) -> Vec<String> {
        let Some(list) = self.jobs.try_update(std::mem::take) else {
            return Vec::new();
        };
        let cut = admin_api::ApiError::new(
            admin_api::ErrorKind::Cancelled,
            "The session was locked while this DELETE was on its way.",
        );
        list.into_iter()
            .filter_map(|mut j| {
                j.stop.set();
                j.ended.set();
                let was_running = j.status.is_running();
                let title = std::mem::take(&mut j.title);
                let tally = j.tally_mut()?;
                tally.close(Some(&cut));
                let verb = if was_running {
                    "was stopped by the lock"
                } else {
                    "had finished"
                };
                Some(format!("“{title}” {verb}: {}", tally.summary()))
            })
            .collect()
    }
}

/// What a running job holds to report back. Every write checks the session is still the one
/// that started it: work from an older session never writes into a newer one.
#[derive(Clone)]
pub struct JobHandle {
    work: Work,
    pub id: u64,
    pub lifetime: Lifetime,
    stop: Flag,
}

impl JobHandle {
    /// False once the session that started the job has ended.
    pub fn live(&self) -> bool {
        !self.lifetime.is_ended()
    }

    /// Resolves when Stop is pressed, or the session ends (Lock stops every job).
    pub fn stopped(&self) -> impl std::future::Future<Output = ()> + 'static + use<> {
        self.stop.wait()
    }

    /// Stop was pressed, or the session ended.
    pub fn should_stop(&self) -> bool {
        self.stop.is_set() || !self.live()
    }

    /// Changes the job's entry, if its session lives and the entry is still there.
    /// A job whose status leaves Running has ended: whoever awaits it goes on.
    pub fn update(&self, f: impl FnOnce(&mut Job)) {
        if !self.live() {
            return;
        }
        let id = self.id;
        self.work.jobs.try_update(|l| {
            if let Some(j) = l.iter_mut().find(|j| j.id == id) {
                f(j);
                j.rev += 1;
                if !j.status.is_running() {
                    j.ended.set();
                }
            }
        });
    }

    pub fn note(&self, text: impl Into<String>) {
        let text = text.into();
        self.update(|j| j.note = text);
    }

    pub fn progress(&self, done: usize, total: usize) {
        self.update(|j| j.progress = (done, total));
    }

    pub fn finish(&self, status: JobStatus, note: impl Into<String>) {
        let note = note.into();
        self.update(|j| {
            j.status = status;
            j.note = note;
        });
    }
}

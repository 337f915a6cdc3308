//! The session's jobs: work that outlives a click. Views start a job and watch its entry here;
//! the job owns everything it needs, and writes back only while its session lives.

use crate::logic::tally::Tally;
use crate::work::flag::Flag;
use crate::work::lifetime::Lifetime;
use admin_api::types::NewKeySecret;
use leptos::prelude::*;

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

/// One job's entry, as views see it.
#[derive(Clone)]
pub struct Job {
    pub id: u64,
    pub kind: JobKind,
    pub title: String,
    pub status: JobStatus,
    /// Where it is, in words ("Scanning project 3 of 12…").
    pub note: String,
    /// Steps done of total, for the progress bar.
    pub progress: (usize, usize),
    /// Revokes: every confirmed key and what happened to it.
    pub tally: Option<Tally>,
    /// Rotations: the new key, in memory only, until the user says it is saved.
    pub secret: Option<NewKeySecret>,
    /// Rotations: what the reveal states about the new key (scopes, expiry).
    pub facts: Vec<(String, String)>,
    /// The key a rotation is about, so its page finds the job again after a refresh.
    pub subject: Option<String>,
    stop: Flag,
}

impl Job {
    pub fn is_destructive(&self) -> bool {
        self.kind == JobKind::Revoke
    }

    /// Whether the user can press Stop (revokes between keys; exports between projects).
    pub fn can_stop(&self) -> bool {
        self.status == JobStatus::Running && self.kind != JobKind::Rotation
    }
}

/// Every job of the current session. `Copy`; lives as long as the app.
#[derive(Clone, Copy)]
pub struct Work {
    jobs: RwSignal<Vec<Job>, LocalStorage>,
    next_id: StoredValue<u64>,
}

impl Default for Work {
    fn default() -> Self {
        Self::new()
    }
}

impl Work {
    pub fn new() -> Self {
        Self {
            jobs: RwSignal::new_local(Vec::new()),
            next_id: StoredValue::new(1),
        }
    }

    /// Adds a running job to the session whose lifetime is given.
    pub fn add(
        &self,
        lifetime: &Lifetime,
        kind: JobKind,
        title: String,
        tally: Option<Tally>,
    ) -> JobHandle {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let stop = Flag::new();
        let total = tally.as_ref().map_or(0, Tally::len);
        self.jobs.update(|list| {
            list.push(Job {
                id,
                kind,
                title,
                status: JobStatus::Running,
                note: String::new(),
                progress: (0, total),
                tally,
                secret: None,
                facts: Vec::new(),
                subject: None,
                stop: stop.clone(),
            })
        });
        JobHandle {
            work: *self,
            id,
            lifetime: lifetime.clone(),
            stop,
        }
    }

    /// All jobs, newest last (tracked).
    pub fn list(&self) -> Vec<Job> {
        self.jobs.get()
    }

    /// One job (tracked).
    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.with(|l| l.iter().find(|j| j.id == id).cloned())
    }

    /// The newest rotation of this key, if any (tracked; clones that one job only).
    pub fn rotation_of(&self, key_id: &str) -> Option<Job> {
        self.jobs.with(|l| {
            l.iter()
                .rev()
                .find(|j| j.kind == JobKind::Rotation && j.subject.as_deref() == Some(key_id))
                .cloned()
        })
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
                .find(|j| j.kind == kind && j.status.is_running())
                .map(|j| j.note.clone())
        })
    }

    /// The running job of this kind, if one runs (untracked).
    pub fn running_id(&self, kind: JobKind) -> Option<u64> {
        self.jobs.with_untracked(|l| {
            l.iter()
                .find(|j| j.kind == kind && j.status.is_running())
                .map(|j| j.id)
        })
    }

    pub fn running_count(&self) -> usize {
        self.jobs
            .with(|l| l.iter().filter(|j| j.status.is_running()).count())
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
        self.jobs.update(|l| {
            if let Some(j) = l.iter_mut().find(|j| j.id == id)
                && j.can_stop()
            {
                j.stop.set();
                j.status = JobStatus::Stopping;
                j.note = "Stopping after the request in flight…".into();
            }
        });
    }

    /// Removes a finished job (its tally, its secret) for good.
    pub fn dismiss(&self, id: u64) {
        self.jobs
            .update(|l| l.retain(|j| j.id != id || j.status.is_running()));
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
                let mut tally = j.tally.take()?;
                let was_running = j.status.is_running();
                tally.close(Some(&cut));
                let verb = if was_running {
                    "was stopped by the lock"
                } else {
                    "had finished"
                };
                Some(format!("“{}” {verb}: {}", j.title, tally.summary()))
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
    pub fn update(&self, f: impl FnOnce(&mut Job)) {
        if !self.live() {
            return;
        }
        let id = self.id;
        self.work.jobs.try_update(|l| {
            if let Some(j) = l.iter_mut().find(|j| j.id == id) {
                f(j)
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

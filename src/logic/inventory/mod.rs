//! The session's inventory of keys: every project, every key, and how far the scan of each
//! project got. Pages that failed part-way keep what they loaded and say why.

use admin_api::types::{Owner, Project, ProjectApiKey};
use admin_api::{ApiError, Listing};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Listings in flight at once by default: enough to fill a browser's six connections per host.
pub const CONCURRENCY: usize = 6;
/// The choices the scan settings offer.
pub const CONCURRENCY_CHOICES: [usize; 5] = [1, 2, 4, 6, 10];

/// How far one project's key listing got.
#[derive(Clone, Debug, PartialEq)]
pub enum PartState {
    Waiting,
    /// Not scanned: an archived project, while the user leaves those out.
    Skipped,
    Complete,
    /// Stopped part-way: the keys loaded so far are kept; `resume` is where to continue.
    Incomplete {
        error: ApiError,
        resume: Option<Option<String>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectKeys {
    /// Shared with the key table's rows, which hold the same keys rather than copies.
    pub keys: Vec<Arc<ProjectApiKey>>,
    pub state: PartState,
    /// Changes whenever `keys` does, so views rebuild only the projects that changed.
    pub version: u64,
}

impl ProjectKeys {
    /// How many of these keys the service account `id` owns.
    pub fn of_service_account(&self, id: &str) -> usize {
        self.keys
            .iter()
            .filter(|k| k.owner.service_account.as_ref().is_some_and(|s| s.id == id))
            .count()
    }
}

/// What the scan knows. Plain data: the work layer fills it, views read it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    /// Every project (archived ones too), in the API's order; empty until listed. Shared, so
    /// a view can hold the list and tell a new one by pointer.
    pub projects: Arc<Vec<Project>>,
    /// Why the project list itself could not be read (in full, when `projects` holds what was).
    pub listing_error: Option<ApiError>,
    /// Where the project list can pick up after `listing_error` (`None`: it can't, only start
    /// over; `Some(None)`: from the start).
    pub projects_resume: Option<Option<String>>,
    pub parts: HashMap<String, ProjectKeys>,
    /// A scan is under way.
    pub running: bool,
    /// The scan is still reading the project list: the projects so far are being scanned, and
    /// more may come.
    pub listing_projects: bool,
    /// Projects whose listing has not started yet, in the order the scan takes them.
    pub queue: VecDeque<String>,
    /// Keys revoked in this session: where they were, for the audit log to name them.
    pub gone: HashMap<String, KeyHome>,
    /// Every key's owner, kept once: an organization has far fewer owners than keys, and at
    /// 100,000 keys a copy per key would hold some 30 MB more.
    pub owners: HashSet<Arc<Owner>>,
}

/// The key, its owner's record now the one `owners` keeps (the same owner, another copy, is
/// dropped).
fn share_owner(owners: &mut HashSet<Arc<Owner>>, mut key: ProjectApiKey) -> ProjectApiKey {
    match owners.get(&*key.owner) {
        Some(known) => key.owner = known.clone(),
        None => {
            owners.insert(key.owner.clone());
        }
    }
    key
}

/// Where a key lives (or lived), by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHome {
    pub project_id: String,
    pub key_name: String,
}

/// Part versions never repeat, even across a Refresh that starts a new inventory.
fn next_version() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    LAST.fetch_add(1, Ordering::Relaxed) + 1
}

/// A project's key count as the Projects page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Count {
    Loading,
    /// Not scanned (an archived project left out).
    Skipped,
    Exact(usize),
    /// At least this many: the listing failed part-way (the reason is kept).
    AtLeast(usize, String),
}

impl Inventory {
    /// Starts over with this project list: every project waits for its keys (archived ones
    /// only when `archived` says so; the others are skipped).
    pub fn set_projects(&mut self, projects: Vec<Project>, archived: bool) {
        self.parts.clear();
        self.queue.clear();
        self.owners.clear();
        self.projects = Arc::new(Vec::new());
        self.append_projects(&projects, archived);
        self.listing_error = None;
        self.projects_resume = None;
    }

    /// A page of the project list, as the scan reads it: new projects join the list and the
    /// queue, so their keys are listed while the rest of the list is read.
    pub fn append_projects(&mut self, page: &[Project], archived: bool) {
        self.insert_projects(page, archived, true);
        self.listing_projects = true;
    }

    /// The project list has been read to its end, or as far as it could be.
    pub fn end_project_listing(&mut self, error: Option<ApiError>, resume: Option<Option<String>>) {
        self.listing_projects = false;
        self.listing_error = error;
        self.projects_resume = resume;
    }

    /// The rest of the project list, read after a partial one: new projects join, waiting for
    /// their keys (their listing starts with the next resume), and nothing read is dropped.
    pub fn add_projects(&mut self, listing: Listing<Project>, archived: bool) {
        self.insert_projects(&listing.items, archived, false);
        self.end_project_listing(listing.error, listing.resume);
    }

    fn insert_projects(&mut self, projects: &[Project], archived: bool, queue: bool) {
        let mut all = self.projects.as_ref().clone();
        for p in projects {
            if self.parts.contains_key(&p.id) {
                continue;
            }
            let scanned = archived || !p.is_archived();
            let state = match scanned {
                true => PartState::Waiting,
                false => PartState::Skipped,
            };
            let keys = ProjectKeys {
                keys: Vec::new(),
                state,
                version: 0,
            };
            self.parts.insert(p.id.clone(), keys);
            if scanned && queue {
                self.queue.push_back(p.id.clone());
            }
            all.push(p.clone());
        }
        self.projects = Arc::new(all);
    }

    /// The next project to list, if any waits.
    pub fn next_queued(&mut self) -> Option<String> {
        self.queue.pop_front()
    }

    /// Moves a waiting project to the front (someone is looking at it).
    pub fn prioritise(&mut self, project_id: &str) {
        if let Some(at) = self.queue.iter().position(|id| id == project_id)
            && let Some(id) = self.queue.remove(at)
        {
            self.queue.push_front(id);
        }
    }

    /// The scan was stopped: projects never started say so, and can be resumed.
    pub fn stop_waiting(&mut self) {
        self.queue.clear();
        for part in self.parts.values_mut() {
            if part.state == PartState::Waiting {
                part.state = PartState::Incomplete {
                    error: ApiError::stopped(),
                    resume: Some(None),
                };
            }
        }
    }

    /// Adds a listing's keys to a project, never the same key twice. A listing `from_start`
    /// replaces what was there; a resumed one appends.
    pub fn apply(&mut self, project_id: &str, from_start: bool, listing: Listing<ProjectApiKey>) {
        let version = next_version();
        let owners = &mut self.owners;
        let part = self
            .parts
            .entry(project_id.to_owned())
            .or_insert(ProjectKeys {
                keys: Vec::new(),
                state: PartState::Waiting,
                version,
            });
        part.version = version;
        if from_start {
            part.keys.clear();
        }
        let mut seen: HashSet<String> = part.keys.iter().map(|k| k.id.clone()).collect();
        part.keys.extend(
            listing
                .items
                .into_iter()
                .filter(|k| seen.insert(k.id.clone()))
                .map(|k| Arc::new(share_owner(owners, k))),
        );
        part.state = match listing.error {
            None => PartState::Complete,
            Some(error) => PartState::Incomplete {
                error,
                resume: listing.resume,
            },
        };
    }

    /// Keys proven gone leave the inventory at once, wherever they were.
    pub fn remove_keys(&mut self, ids: &[String]) {
        let gone: HashSet<&String> = ids.iter().collect();
        for (project_id, part) in self.parts.iter_mut() {
            for k in part.keys.iter().filter(|k| gone.contains(&k.id)) {
                let home = KeyHome {
                    project_id: project_id.clone(),
                    key_name: k.name.clone(),
                };
                self.gone.insert(k.id.clone(), home);
            }
            let before = part.keys.len();
            part.keys.retain(|k| !gone.contains(&k.id));
            if part.keys.len() != before {
                part.version = next_version();
            }
        }
    }

    /// Where a key lives, or lived until this session revoked it.
    pub fn home_of(&self, key_id: &str) -> Option<KeyHome> {
        self.parts
            .iter()
            .find_map(|(project_id, part)| {
                part.keys.iter().find(|k| k.id == key_id).map(|k| KeyHome {
                    project_id: project_id.clone(),
                    key_name: k.name.clone(),
                })
            })
            .or_else(|| self.gone.get(key_id).cloned())
    }

    /// A project's name, if the inventory lists it.
    pub fn project_name(&self, project_id: &str) -> Option<String> {
        self.projects
            .iter()
            .find(|p| p.id == project_id)
            .map(|p| p.display_name().to_owned())
    }

    /// A key as the API now describes it (after an update), in place.
    pub fn replace_key(&mut self, project_id: &str, key: ProjectApiKey) {
        if let Some(part) = self.parts.get_mut(project_id)
            && let Some(slot) = part.keys.iter_mut().find(|k| k.id == key.id)
        {
            *slot = Arc::new(share_owner(&mut self.owners, key));
            part.version = next_version();
        }
    }

    /// A project as the API now describes it (created, renamed or archived), in place: a new
    /// one joins the list with no keys (a new project has none). Its keys' rows are rebuilt,
    /// so findings that depend on the project (archived) follow.
    pub fn put_project(&mut self, project: Project) {
        let list = Arc::make_mut(&mut self.projects);
        match list.iter_mut().find(|p| p.id == project.id) {
            Some(slot) => *slot = project.clone(),
            None => {
                list.push(project.clone());
                self.parts.insert(
                    project.id.clone(),
                    ProjectKeys {
                        keys: Vec::new(),
                        state: PartState::Complete,
                        version: next_version(),
                    },
                );
            }
        }
        if let Some(part) = self.parts.get_mut(&project.id) {
            part.version = next_version();
        }
    }

    /// Keys found so far, in every project.
    pub fn key_count(&self) -> usize {
        self.parts.values().map(|p| p.keys.len()).sum()
    }

    pub fn count(&self, project_id: &str) -> Count {
        match self.parts.get(project_id) {
            None => Count::Loading,
            Some(p) => match &p.state {
                PartState::Waiting => Count::Loading,
                PartState::Skipped => Count::Skipped,
                PartState::Complete => Count::Exact(p.keys.len()),
                PartState::Incomplete { error, .. } => {
                    Count::AtLeast(p.keys.len(), error.summary())
                }
            },
        }
    }

    /// Projects whose listing ended (complete or not), of those scanned; and keys found so far.
    pub fn progress(&self) -> (usize, usize, usize) {
        let scanned = self
            .parts
            .values()
            .filter(|p| p.state != PartState::Skipped);
        let (mut done, mut total) = (0, 0);
        for p in scanned {
            total += 1;
            if p.state != PartState::Waiting {
                done += 1;
            }
        }
        let keys = self.parts.values().map(|p| p.keys.len()).sum();
        (done, total, keys)
    }

    /// Archived projects left out of the scan.
    pub fn skipped(&self) -> usize {
        self.parts
            .values()
            .filter(|p| p.state == PartState::Skipped)
            .count()
    }

    /// Every project listed and every listing complete.
    pub fn is_complete(&self) -> bool {
        !self.projects.is_empty()
            && self.listing_error.is_none()
            && self
                .parts
                .values()
                .all(|p| matches!(p.state, PartState::Complete | PartState::Skipped))
    }

    /// How many projects' listings ended short (failed or stopped).
    pub fn unfinished_count(&self) -> usize {
        self.parts
            .values()
            .filter(|p| matches!(p.state, PartState::Incomplete { .. }))
            .count()
    }

    /// Projects whose listing has not (fully) succeeded, with where to resume each.
    pub fn unfinished(&self) -> Vec<(String, Option<String>)> {
        self.projects
            .iter()
            .filter_map(|p| match self.parts.get(&p.id).map(|x| &x.state) {
                Some(PartState::Complete | PartState::Skipped) => None,
                Some(PartState::Incomplete {
                    resume: Some(after),
                    ..
                }) => Some((p.id.clone(), after.clone())),
                _ => Some((p.id.clone(), None)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;

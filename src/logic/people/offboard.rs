//! Offboarding one person as a reviewed job: their project keys (each can be kept), their admin
//! keys, their group memberships, then their removal from the organization, in that order so
//! nothing they hold is left working unseen. The removal is held back while a key that was to
//! be revoked still works. When this session's own admin key is among theirs, it is revoked
//! last: after it, nothing else can be sent.

pub use crate::logic::step::{Counts, Outcome, Run};

/// One step of the run, as the review lists it.
pub type Step = crate::logic::step::Step<Action>;

/// What one step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    ProjectKey {
        project_id: String,
        key_id: String,
    },
    AdminKey {
        key_id: String,
    },
    /// Leaving a group (not a SCIM-managed one: its provider would add them back).
    Group {
        group_id: String,
    },
    /// Removal from the organization.
    Remove,
}

impl Action {
    /// A key is revoked by this step.
    pub fn is_key(&self) -> bool {
        matches!(self, Self::ProjectKey { .. } | Self::AdminKey { .. })
    }
}

/// The person leaving, and every step in the order it is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Offboard {
    pub user_id: String,
    /// Their name or email, for the title and the toasts.
    pub who: String,
    pub steps: Vec<Step>,
    /// The admin key this session uses is theirs (or may be): the run ends the session.
    pub ends_session: bool,
    /// Which admin key that is, so it goes last.
    pub session_key: Option<String>,
}

/// What the review was made from.
#[derive(Clone, Debug, Default)]
pub struct Holdings {
    /// `(project_id, project_name, key_id, key_name)` of each project key to revoke.
    pub keys: Vec<(String, String, String, String)>,
    /// `(key_id, name)` of each admin key.
    pub admin_keys: Vec<(String, String)>,
    /// `(group_id, name)` of each group to leave.
    pub groups: Vec<(String, String)>,
}

impl Offboard {
    /// The run in its order: project keys, admin keys, groups, removal; this session's admin
    /// key, if theirs, after everything else.
    pub fn plan(user_id: &str, who: &str, held: Holdings, session_key: Option<String>) -> Self {
        let step = Step::new;
        let mut steps: Vec<Step> = held
            .keys
            .into_iter()
            .map(|(project_id, project, key_id, name)| {
                step(
                    Action::ProjectKey { project_id, key_id },
                    format!("Revoke key “{name}” in {project}"),
                )
            })
            .collect();
        let mut last = None;
        for (key_id, name) in held.admin_keys {
            let s = step(
                Action::AdminKey {
                    key_id: key_id.clone(),
                },
                format!("Revoke admin key “{name}”"),
            );
            if session_key.as_deref() == Some(&key_id) {
                last = Some(Step {
                    label: format!("{} (the key this session uses)", s.label),
                    ..s
                });
            } else {
                steps.push(s);
            }
        }
        steps.extend(held.groups.into_iter().map(|(group_id, name)| {
            step(Action::Group { group_id }, format!("Leave group “{name}”"))
        }));
        steps.push(step(
            Action::Remove,
            format!("Remove {who} from the organization"),
        ));
        let ends_session = last.is_some();
        steps.extend(last);
        Self {
            user_id: user_id.into(),
            who: who.into(),
            steps,
            ends_session,
            session_key,
        }
    }

    /// Why the removal must wait, if it must: a key meant to be revoked is not proven gone. The
    /// session's own key is revoked after the removal, so it never holds it back.
    pub fn removal_blocked(&self) -> Option<String> {
        let left = self
            .steps
            .iter()
            .filter(|s| s.action.is_key() && !s.outcome.is_done())
            .filter(|s| !self.is_session_key(&s.action))
            .count();
        (left > 0).then(|| {
            format!(
                "{left} of their keys {} not proven revoked, so they stay a member and can still be seen here.",
                if left == 1 { "is" } else { "are" }
            )
        })
    }

    fn is_session_key(&self, action: &Action) -> bool {
        matches!(action, Action::AdminKey { key_id } if self.session_key.as_deref() == Some(key_id))
    }

    /// Whether the person was proven removed.
    pub fn removed(&self) -> bool {
        self.steps
            .iter()
            .any(|s| s.action == Action::Remove && s.outcome.is_done())
    }

    /// Project key IDs proven gone, for the inventory.
    pub fn keys_gone(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter(|s| s.outcome.is_done())
            .filter_map(|s| match &s.action {
                Action::ProjectKey { key_id, .. } => Some(key_id.clone()),
                _ => None,
            })
            .collect()
    }
}

impl Run for Offboard {
    type Action = Action;

    fn steps(&self) -> &[Step] {
        &self.steps
    }

    fn steps_mut(&mut self) -> &mut Vec<Step> {
        &mut self.steps
    }

    /// This session's own admin key was proven revoked, or its owner removed: it ends.
    fn session_over(&self) -> bool {
        self.ends_session
            && (self.removed()
                || self
                    .steps
                    .iter()
                    .any(|s| self.is_session_key(&s.action) && s.outcome.is_done()))
    }

    fn headline(&self) -> String {
        let c = self.counts();
        let total = self.steps.len();
        let mut s = format!("Offboarding {}: {} of {total} steps done", self.who, c.done);
        if c.failed > 0 {
            s.push_str(&format!(", {} not done", c.failed));
        }
        s.push('.');
        if !self.removed() {
            s.push_str(" They are still a member.");
        }
        s
    }

    /// The removal waits while a key meant to go is not proven gone.
    fn held_back(&self, i: usize) -> Option<String> {
        let removal = self
            .steps
            .get(i)
            .is_some_and(|s| s.action == Action::Remove);
        removal.then(|| self.removal_blocked()).flatten()
    }
}

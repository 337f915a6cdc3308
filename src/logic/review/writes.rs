//! The Review's fixes that no other page runs in bulk: an expiry set on project keys that have
//! none (only `expires_in_seconds` is sent, so their scopes stay), admin keys revoked, expired
//! invites deleted. One reviewed run, sent one write at a time in the listed order; the admin
//! key this session uses goes last, and only when the user asked for it twice.

use crate::logic::step::{Counts, Outcome};

/// One write of a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    /// `POST …/api_keys/{id}` with `expires_in_seconds` alone (the SDK's update).
    SetExpiry {
        project_id: String,
        key_id: String,
        seconds: i64,
    },
    RevokeAdminKey {
        key_id: String,
    },
    DeleteInvite {
        invite_id: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub write: Write,
    /// What it is, by name ("Key “ci” in Billing").
    pub label: String,
    pub outcome: Outcome,
}

/// A fix's run: its title (the check's) and every step in the order it is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Writes {
    pub title: String,
    pub steps: Vec<Step>,
    /// The admin keys this session may be using, when among the steps: they go last.
    pub session_keys: Vec<String>,
}

impl Write {
    /// The ID of what it changes (a key or an invite).
    pub fn target(&self) -> &str {
        match self {
            Self::SetExpiry { key_id, .. } | Self::RevokeAdminKey { key_id } => key_id,
            Self::DeleteInvite { invite_id } => invite_id,
        }
    }

    /// The same write with the expiry the user chose at review (`seconds` from the request).
    pub fn expiring_in(self, secs: i64) -> Self {
        match self {
            Self::SetExpiry {
                project_id, key_id, ..
            } => Self::SetExpiry {
                project_id,
                key_id,
                seconds: secs,
            },
            other => other,
        }
    }
}

impl Writes {
    /// The run in its order; the session's own admin key, if included, after everything else.
    pub fn plan(title: &str, writes: Vec<(Write, String)>, session_keys: &[String]) -> Self {
        let is_session = |w: &Write| matches!(w, Write::RevokeAdminKey { key_id } if session_keys.contains(key_id));
        let (last, mut steps): (Vec<_>, Vec<_>) = writes
            .into_iter()
            .map(|(write, label)| Step {
                write,
                label,
                outcome: Outcome::Waiting,
            })
            .partition(|s| is_session(&s.write));
        let session_keys = last.iter().map(|s| s.write.target().to_owned()).collect();
        steps.extend(last.into_iter().map(|s| Step {
            label: format!("{} (the key this session uses)", s.label),
            ..s
        }));
        Self {
            title: title.to_owned(),
            steps,
            session_keys,
        }
    }

    pub fn set(&mut self, i: usize, outcome: Outcome) {
        if let Some(s) = self.steps.get_mut(i) {
            s.outcome = outcome;
        }
    }

    /// The run is over: what never got its turn was not attempted; a step cut in flight is
    /// unknown, never guessed.
    pub fn close(&mut self) {
        self.steps.iter_mut().for_each(|s| s.outcome.close());
    }

    pub fn counts(&self) -> Counts {
        Counts::of(self.steps.iter().map(|s| &s.outcome))
    }

    /// The session's own admin key was proven revoked: the session ends.
    pub fn session_over(&self) -> bool {
        self.steps.iter().any(|s| {
            s.outcome.is_done()
                && matches!(&s.write, Write::RevokeAdminKey { key_id } if self.session_keys.contains(key_id))
        })
    }

    /// A new run of the steps not done, in the same order, for Retry.
    pub fn rest(&self) -> Option<Self> {
        let steps: Vec<Step> = self
            .steps
            .iter()
            .filter(|s| s.outcome.is_for_retry())
            .map(|s| Step {
                outcome: Outcome::Waiting,
                ..s.clone()
            })
            .collect();
        (!steps.is_empty()).then(|| Self {
            steps,
            ..self.clone()
        })
    }

    /// The run in one sentence.
    pub fn headline(&self) -> String {
        let c = self.counts();
        let mut s = format!("{}: {} of {} done", self.title, c.done, self.steps.len());
        if c.failed > 0 {
            s.push_str(&format!(", {} not done", c.failed));
        }
        s.push('.');
        s
    }

    /// What each done step changed, for the caches: `(project_id, key_id)` of keys given an
    /// expiry; admin keys and invites are refreshed as whole lists.
    pub fn keys_changed(&self) -> Vec<(String, String)> {
        self.steps
            .iter()
            .filter(|s| s.outcome.is_done())
            .filter_map(|s| match &s.write {
                Write::SetExpiry {
                    project_id, key_id, ..
                } => Some((project_id.clone(), key_id.clone())),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin(id: &str) -> (Write, String) {
        (
            Write::RevokeAdminKey { key_id: id.into() },
            format!("Revoke admin key “{id}”"),
        )
    }

    #[test]
    fn the_session_key_goes_last_and_ends_the_session_only_when_revoked() {
        let mut run = Writes::plan(
            "Stale",
            vec![admin("mine"), admin("a"), admin("b")],
            &["mine".into()],
        );
        let order: Vec<&str> = run.steps.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(order[0], "Revoke admin key “a”");
        assert!(order[2].ends_with("(the key this session uses)"));
        assert!(!run.session_over());
        run.set(2, Outcome::Done("Revoked.".into()));
        assert!(run.session_over());
        let without = Writes::plan("Stale", vec![admin("a")], &["mine".into()]);
        assert!(without.session_keys.is_empty());
    }

    #[test]
    fn retry_holds_only_what_was_not_done() {
        let mut run = Writes::plan("Stale", vec![admin("a"), admin("b"), admin("c")], &[]);
        run.set(0, Outcome::Done("Revoked.".into()));
        run.set(1, Outcome::Refused("no".into()));
        run.close();
        assert_eq!(run.steps[2].outcome, Outcome::NotAttempted);
        assert_eq!(
            run.counts(),
            Counts {
                done: 1,
                failed: 2,
                open: 0
            }
        );
        let rest = run.rest().expect("two left");
        assert_eq!(rest.steps.len(), 2);
        assert!(rest.steps.iter().all(|s| s.outcome == Outcome::Waiting));
        assert_eq!(rest.headline(), "Stale: 0 of 2 done.");
    }
}

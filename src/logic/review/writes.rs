//! The Review's fixes that no other page runs in bulk: an expiry set on project keys that have
//! none (only `expires_in_seconds` is sent, so their scopes stay), admin keys revoked, expired
//! invites deleted. One reviewed run, sent one write at a time in the listed order; the admin
//! key this session uses goes last, and only when the user asked for it twice.

use crate::logic::step::Run;

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

/// One write of the run, as the review lists it.
pub type Step = crate::logic::step::Step<Write>;

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
            .map(|(write, label)| Step::new(write, label))
            .partition(|s| is_session(&s.action));
        let session_keys = last.iter().map(|s| s.action.target().to_owned()).collect();
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

    /// What each done step changed, for the caches: `(project_id, key_id)` of keys given an
    /// expiry; admin keys and invites are refreshed as whole lists.
    pub fn keys_changed(&self) -> Vec<(String, String)> {
        self.steps
            .iter()
            .filter(|s| s.outcome.is_done())
            .filter_map(|s| match &s.action {
                Write::SetExpiry {
                    project_id, key_id, ..
                } => Some((project_id.clone(), key_id.clone())),
                _ => None,
            })
            .collect()
    }
}

impl Run for Writes {
    type Action = Write;

    fn steps(&self) -> &[Step] {
        &self.steps
    }

    fn steps_mut(&mut self) -> &mut Vec<Step> {
        &mut self.steps
    }

    /// The session's own admin key was proven revoked: the session ends.
    fn session_over(&self) -> bool {
        self.steps.iter().any(|s| {
            s.outcome.is_done()
                && matches!(&s.action, Write::RevokeAdminKey { key_id } if self.session_keys.contains(key_id))
        })
    }

    fn headline(&self) -> String {
        let c = self.counts();
        let mut s = format!("{}: {} of {} done", self.title, c.done, self.steps.len());
        if c.failed > 0 {
            s.push_str(&format!(", {} not done", c.failed));
        }
        s.push('.');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::step::{Counts, Outcome};

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

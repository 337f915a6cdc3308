//! The truthful tally of a revoke run: what happened to each key the user confirmed, and a
//! summary that never counts a key as revoked unless the API proved it.

use admin_api::RevokeOutcome;

/// One key the user confirmed for revoking.
#[derive(Clone, Debug, PartialEq)]
pub struct RevokeItem {
    pub project_id: String,
    pub project_name: String,
    pub key_id: String,
    pub key_name: String,
    pub redacted: String,
}

/// Where one key stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LineState {
    Waiting,
    /// Its one DELETE is on its way.
    InFlight,
    Done(RevokeOutcome),
    /// The run stopped (Stop, Lock, or a rejected admin key) before its turn: nothing was sent.
    NotAttempted,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub revoked: usize,
    pub already_gone: usize,
    pub not_revoked: usize,
    pub unknown: usize,
    pub not_attempted: usize,
    /// Waiting or in flight.
    pub open: usize,
}

impl Counts {
    pub fn gone(&self) -> usize {
        self.revoked + self.already_gone
    }
}

/// The keys of one run, in the confirmed order, each with its state.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub lines: Vec<(RevokeItem, LineState)>,
}

impl Tally {
    pub fn new(items: Vec<RevokeItem>) -> Self {
        Self {
            lines: items.into_iter().map(|i| (i, LineState::Waiting)).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The (project, key) pairs to send, in order.
    pub fn targets(&self) -> Vec<(String, String)> {
        self.lines
            .iter()
            .map(|(i, _)| (i.project_id.clone(), i.key_id.clone()))
            .collect()
    }

    pub fn set(&mut self, index: usize, state: LineState) {
        if let Some(line) = self.lines.get_mut(index) {
            line.1 = state;
        }
    }

    /// Marks a waiting line in flight (the runner calls it right before that key's DELETE).
    pub fn start(&mut self, index: usize) {
        if let Some(line) = self.lines.get_mut(index)
            && line.1 == LineState::Waiting
        {
            line.1 = LineState::InFlight;
        }
    }

    /// The run is over: what never got its turn was not attempted. A DELETE that was on its
    /// way when the run was cut (Lock) has an unknown outcome, never a guessed one.
    pub fn close(&mut self, cut: Option<&admin_api::ApiError>) {
        for (_, state) in &mut self.lines {
            match state {
                LineState::Waiting => *state = LineState::NotAttempted,
                LineState::InFlight => {
                    *state =
                        LineState::Done(RevokeOutcome::Unknown(cut.cloned().unwrap_or_else(|| {
                            admin_api::ApiError::new(
                                admin_api::ErrorKind::Cancelled,
                                "The run ended while this DELETE was on its way.",
                            )
                        })))
                }
                _ => {}
            }
        }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for (_, s) in &self.lines {
            match s {
                LineState::Waiting | LineState::InFlight => c.open += 1,
                LineState::NotAttempted => c.not_attempted += 1,
                LineState::Done(RevokeOutcome::Revoked) => c.revoked += 1,
                LineState::Done(RevokeOutcome::AlreadyGone) => c.already_gone += 1,
                LineState::Done(RevokeOutcome::NotRevoked(_)) => c.not_revoked += 1,
                LineState::Done(RevokeOutcome::Unknown(_)) => c.unknown += 1,
            }
        }
        c
    }

    /// Attempted so far (done, whatever the outcome).
    pub fn done(&self) -> usize {
        self.lines
            .iter()
            .filter(|(_, s)| matches!(s, LineState::Done(_)))
            .count()
    }

    /// Keys whose revoke failed or is unknown: the ones a retry would send again.
    pub fn failed(&self) -> Vec<RevokeItem> {
        self.lines
            .iter()
            .filter(|(_, s)| {
                matches!(
                    s,
                    LineState::Done(RevokeOutcome::NotRevoked(_) | RevokeOutcome::Unknown(_))
                        | LineState::NotAttempted
                )
            })
            .map(|(i, _)| i.clone())
            .collect()
    }

    /// IDs of the keys proven gone (the lists drop them).
    pub fn gone_ids(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|(_, s)| matches!(s, LineState::Done(o) if o.is_gone()))
            .map(|(i, _)| i.key_id.clone())
            .collect()
    }

    /// One sentence: "Revoked 3 of 5 keys; 1 already gone; 1 not attempted."
    pub fn summary(&self) -> String {
        let c = self.counts();
        let total = self.len();
        let noun = if total == 1 { "key" } else { "keys" };
        let mut parts = vec![format!("Revoked {} of {total} {noun}", c.revoked)];
        let mut add = |n: usize, what: &str| {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        };
        add(c.already_gone, "already gone");
        add(c.not_revoked, "not revoked (still working)");
        add(c.unknown, "outcome unknown");
        add(c.not_attempted, "not attempted");
        add(c.open, "still running");
        format!("{}.", parts.join("; "))
    }
}

/// What the user can do about a refused revoke.
pub fn next_step(e: &admin_api::ApiError) -> &'static str {
    use admin_api::ErrorKind::*;
    match e.kind {
        RateLimited => {
            "retry it once the rate limit has passed (Retry below sends only such keys)."
        }
        MissingPermission => {
            "use an admin key with the api.management.write scope, or ask an organization owner."
        }
        InvalidKey => "reconnect with a valid admin key, then retry.",
        Conflict | NotFound => "refresh the list, then retry if the key is still there.",
        _ if e.message.to_ascii_lowercase().contains("service account") => {
            "delete the key's service account instead (the project's Service accounts tab)."
        }
        _ => "read the API's reason above; retry once it is resolved.",
    }
}

impl LineState {
    /// What the tally shows for this key.
    pub fn describe(&self) -> String {
        match self {
            LineState::Waiting => "Waiting.".into(),
            LineState::InFlight => "Revoking…".into(),
            LineState::Done(o @ RevokeOutcome::NotRevoked(e)) => {
                format!("{} Next: {}", o.describe(), next_step(e))
            }
            LineState::Done(o) => o.describe(),
            LineState::NotAttempted => {
                "Not attempted: the run stopped before this key. It still works.".into()
            }
        }
    }

    /// `ok`, `bad` or `open`, for styling.
    pub fn tone(&self) -> &'static str {
        match self {
            LineState::Done(o) if o.is_gone() => "ok",
            LineState::Done(_) | LineState::NotAttempted => "bad",
            LineState::Waiting | LineState::InFlight => "open",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api::{ApiError, ErrorKind};

    fn item(k: &str) -> RevokeItem {
        RevokeItem {
            project_id: "p".into(),
            project_name: "P".into(),
            key_id: k.into(),
            key_name: format!("name {k}"),
            redacted: "sk-…".into(),
        }
    }

    #[test]
    fn stop_midway_reports_the_rest_as_not_attempted() {
        let mut t = Tally::new(vec![item("a"), item("b"), item("c"), item("d")]);
        t.start(0);
        t.set(0, LineState::Done(RevokeOutcome::Revoked));
        t.start(1);
        t.set(
            1,
            LineState::Done(RevokeOutcome::NotRevoked(ApiError::new(
                ErrorKind::RateLimited,
                "slow down",
            ))),
        );
        t.close(None);
        let c = t.counts();
        assert_eq!(
            (c.revoked, c.not_revoked, c.not_attempted, c.open),
            (1, 1, 2, 0)
        );
        assert_eq!(
            t.summary(),
            "Revoked 1 of 4 keys; 1 not revoked (still working); 2 not attempted."
        );
        assert_eq!(t.gone_ids(), vec!["a".to_string()]);
        // A refusal says what to do next.
        assert!(
            t.lines[1]
                .1
                .describe()
                .contains("Next: retry it once the rate limit")
        );
        let failed: Vec<String> = t.failed().into_iter().map(|i| i.key_id).collect();
        assert_eq!(failed, vec!["b", "c", "d"]);
    }

    #[test]
    fn a_delete_cut_by_lock_is_unknown_never_revoked() {
        let mut t = Tally::new(vec![item("a"), item("b")]);
        t.start(0);
        t.close(Some(&ApiError::new(ErrorKind::Cancelled, "locked")));
        assert!(matches!(
            t.lines[0].1,
            LineState::Done(RevokeOutcome::Unknown(_))
        ));
        assert_eq!(t.lines[1].1, LineState::NotAttempted);
        assert_eq!(t.counts().gone(), 0);
        assert!(t.summary().starts_with("Revoked 0 of 2 keys"));
    }

    #[test]
    fn targets_keep_the_confirmed_order() {
        let t = Tally::new(vec![item("x"), item("y")]);
        assert_eq!(
            t.targets(),
            vec![("p".into(), "x".into()), ("p".into(), "y".into())]
        );
        assert_eq!(
            Tally::new(vec![item("x")]).summary(),
            "Revoked 0 of 1 key; 1 still running."
        );
    }
}

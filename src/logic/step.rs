//! Where one step of a reviewed run stands (an offboarding, a Review fix): sent one at a time,
//! each proven done, refused, unknown, held back or not attempted, never guessed.

/// Where one step stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Waiting,
    InFlight,
    /// Proven done, in words ("Revoked.", "Already removed.").
    Done(String),
    /// The API refused it (its reason): nothing changed.
    Refused(String),
    /// No answer proved anything, and reading back did not settle it.
    Unknown(String),
    /// Not sent, and why (the removal, while a key still works).
    HeldBack(String),
    /// The run stopped before its turn: nothing was sent.
    NotAttempted,
}

impl Outcome {
    pub fn describe(&self) -> String {
        match self {
            Self::Waiting => "Waiting.".into(),
            Self::InFlight => "Sending…".into(),
            Self::Done(what) => what.clone(),
            Self::Refused(why) => format!("Refused, nothing changed: {why}"),
            Self::Unknown(why) => format!("Unknown: it may or may not have happened ({why})."),
            Self::HeldBack(why) => format!("Not sent: {why}"),
            Self::NotAttempted => "Not attempted: the run stopped before this step.".into(),
        }
    }

    /// For the outcome list's colours (the same classes as a revoke's).
    pub fn tone(&self) -> &'static str {
        match self {
            Self::Done(_) => "ok",
            Self::Waiting | Self::InFlight => "open",
            _ => "bad",
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, Self::Done(_))
    }

    /// Ended without being proven done: a Retry sends it again.
    pub fn is_for_retry(&self) -> bool {
        !matches!(self, Self::Done(_) | Self::Waiting | Self::InFlight)
    }

    /// The run is over: what never got its turn was not attempted; a step cut in flight is
    /// unknown, never guessed.
    pub fn close(&mut self) {
        match self {
            Self::Waiting => *self = Self::NotAttempted,
            Self::InFlight => *self = Self::Unknown("the run ended while it was on its way".into()),
            _ => {}
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub failed: usize,
    pub open: usize,
}

impl Counts {
    /// The tally of a run's outcomes.
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Self {
        let mut c = Self::default();
        for o in outcomes {
            match o {
                Outcome::Done(_) => c.done += 1,
                Outcome::Waiting | Outcome::InFlight => c.open += 1,
                _ => c.failed += 1,
            }
        }
        c
    }
}

/// One step of a reviewed run, as the review lists it: what it does, its words, where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Step<A> {
    pub action: A,
    /// What it is, by name ("Key “ci” in Billing").
    pub label: String,
    pub outcome: Outcome,
}

impl<A> Step<A> {
    /// A step not yet sent.
    pub fn new(action: A, label: String) -> Self {
        Self {
            action,
            label,
            outcome: Outcome::Waiting,
        }
    }
}

/// A reviewed run of steps (an offboarding, a Review fix) as its job drives it, one step at a
/// time in the listed order.
pub trait Run: Clone {
    type Action;

    fn steps(&self) -> &[Step<Self::Action>];
    fn steps_mut(&mut self) -> &mut Vec<Step<Self::Action>>;
    /// The session's own admin key was proven gone: the session ends with the run.
    fn session_over(&self) -> bool;
    /// The run in one sentence.
    fn headline(&self) -> String;

    /// Why step `i` is not to be sent now, if it is not.
    fn held_back(&self, _i: usize) -> Option<String> {
        None
    }

    fn set(&mut self, i: usize, outcome: Outcome) {
        if let Some(s) = self.steps_mut().get_mut(i) {
            s.outcome = outcome;
        }
    }

    /// The run is over: what never got its turn was not attempted; a step cut in flight is
    /// unknown, never guessed.
    fn close(&mut self) {
        self.steps_mut().iter_mut().for_each(|s| s.outcome.close());
    }

    fn counts(&self) -> Counts {
        Counts::of(self.steps().iter().map(|s| &s.outcome))
    }

    /// A new run of the steps not done, in the same order, for Retry.
    fn rest(&self) -> Option<Self>
    where
        Self::Action: Clone,
    {
        let steps: Vec<_> = self
            .steps()
            .iter()
            .filter(|s| s.outcome.is_for_retry())
            .map(|s| Step::new(s.action.clone(), s.label.clone()))
            .collect();
        (!steps.is_empty()).then(|| {
            let mut rest = self.clone();
            *rest.steps_mut() = steps;
            rest
        })
    }
}

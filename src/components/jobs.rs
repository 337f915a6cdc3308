//! The session's work, seen from any page: a header button that counts running and finished
//! jobs, and a panel with each job's progress, Stop, and its tally until dismissed.

use crate::components::modal::Modal;
use crate::components::secret::SecretReveal;
use crate::logic::guard_rails::bulk::Apply;
use crate::logic::step::{Outcome, Run};
use crate::logic::tally::Tally;
use crate::session::jobs::{Job, JobKind, JobStatus};
use crate::session::use_session;
use crate::state::use_app;
use crate::work::{guard_apply, offboard, review_writes, revoke, rotation};
use leptos::prelude::*;

/// The header button; opens the panel. Hidden while there is no job.
#[component]
pub fn JobsIndicator() -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let label = move || {
        let running = session.work.running_count();
        let all = session.work.len();
        match (running, all) {
            (0, n) => format!("{n} finished"),
            (r, _) => format!("{r} running"),
        }
    };
    view! {
        <Show when=move || !session.work.is_empty()>
            <button
                class="btn btn-small jobs-btn"
                data-testid="jobs-indicator"
                aria-haspopup="dialog"
                title="Work in progress and results"
                on:click=move |_| open.set(true)
            >
                {move || {
                    (session.work.running_count() > 0)
                        .then(|| {
                            view! {
                                <span class="spinner small" aria-hidden="true"></span>
                                " "
                            }
                        })
                }}
                {label}
            </button>
        </Show>
        <Show when=move || open.get()>
            <JobsPanel on_close=Callback::new(move |_| open.set(false)) />
        </Show>
    }
}

/// Every job of the session, newest first.
#[component]
pub fn JobsPanel(
    /// Closes the panel (jobs go on).
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let ids = move || session.work.ids().into_iter().rev().collect::<Vec<_>>();
    view! {
        <Modal labelledby="jobs-title" testid="jobs-panel" on_close=on_close>
            <h2 id="jobs-title">"Jobs"</h2>
            <p class="muted small">
                "Jobs keep running while you move around Keyward. Lock ends them."
            </p>
            {move || ids().is_empty().then(|| view! { <p class="empty">"Nothing running."</p> })}
            <For each=ids key=|id| *id children=move |id| view! { <JobCard id=id /> } />
            <div class="actions">
                <button class="btn" data-testid="jobs-close" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
        </Modal>
    }
}

/// One job: title, status, progress, Stop, tally, Dismiss.
#[component]
pub fn JobCard(
    /// The job's ID.
    id: u64,
    /// Told the new job's ID when a retry replaces this one.
    #[prop(optional, into)]
    on_replaced: Option<Callback<u64>>,
    /// Shown in the dialog that started it: the dialog's Close ends it there, so no Dismiss.
    #[prop(optional)]
    in_dialog: bool,
) -> impl IntoView {
    let session = use_session();
    let job = session.work.watch(move || Some(id));
    view! {
        {move || {
            job().map(|j| view! { <JobBody job=j on_replaced=on_replaced in_dialog=in_dialog /> })
        }}
    }
}

/// A reviewed run in the dialog that started it: the job's card (a Retry there puts the new
/// run's ID in `job`), anything the dialog adds, then Close.
#[component]
pub fn DialogRun(
    /// The dialog's run: a Retry replaces it.
    job: RwSignal<Option<u64>>,
    /// The run shown.
    id: u64,
    /// Close's test ID.
    close_testid: &'static str,
    /// Close was pressed.
    on_close: Callback<()>,
    /// Shown between the card and Close.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <JobCard id=id in_dialog=true on_replaced=Callback::new(move |new| job.set(Some(new))) />
        {children.map(|c| c())}
        <div class="actions">
            <button class="btn" data-testid=close_testid on:click=move |_| on_close.run(())>
                "Close"
            </button>
        </div>
    }
}

#[component]
fn JobBody(
    /// The job as it is now.
    job: Job,
    /// Told the new job's ID when a retry replaces this one.
    on_replaced: Option<Callback<u64>>,
    /// No Dismiss: the dialog showing it has its own Close.
    in_dialog: bool,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let id = job.id;
    let (done, total) = job.progress;
    let status = match &job.status {
        JobStatus::Running => "Running".to_owned(),
        JobStatus::Stopping => "Stopping".to_owned(),
        JobStatus::Done => "Finished".to_owned(),
        JobStatus::Failed(why) => format!("Failed: {why}"),
    };
    let running = job.status.is_running();
    let kind = job.kind();
    // Only what was not done, as a new run that takes this one's place: each item is sent once
    // more, in the same order.
    type Start = Box<dyn Fn() -> Option<u64>>;
    let retry: Option<(String, Start)> = if running {
        None
    } else if let Some(keys) = job.tally().map(Tally::failed).filter(|f| !f.is_empty()) {
        let words = format!("Retry the {} not revoked", keys.len());
        Some((words, Box::new(move || revoke::start(app, keys.clone()))))
    } else if let Some(run) = job.apply().and_then(Apply::rest) {
        let words = format!("Retry the {} not set", run.lines.len());
        Some((
            words,
            Box::new(move || guard_apply::start(app, session, run.clone())),
        ))
    } else if let Some(run) = job.offboard().and_then(Run::rest) {
        let words = format!("Retry the {} not done", run.steps.len());
        Some((
            words,
            Box::new(move || offboard::start(app, session, run.clone())),
        ))
    } else if let Some(run) = job.writes().and_then(Run::rest) {
        let words = format!("Retry the {} not done", run.steps.len());
        Some((
            words,
            Box::new(move || review_writes::start(app, session, run.clone())),
        ))
    } else {
        None
    };
    let reveal = job.reveal().cloned();
    view! {
        <section class="job" data-testid="job" data-job-kind=format!("{kind:?}")>
            <h3 class="wrap">{job.title.clone()}</h3>
            <p class="small" data-testid="job-status">
                {status}
            </p>
            {(total > 0)
                .then(|| {
                    view! { <progress max=total value=done aria-label="Progress"></progress> }
                })}
            <p class="small" aria-live="polite" data-testid="job-note">
                {job.note.clone()}
            </p>
            {job.tally().cloned().map(|t| view! { <TallyList tally=t /> })}
            {job.apply().cloned().map(|a| view! { <ApplyList apply=a /> })}
            {job
                .offboard()
                .map(|o| {
                    let steps = o
                        .steps
                        .iter()
                        .map(|s| (s.label.clone(), s.outcome.clone(), None))
                        .collect();
                    view! {
                        <StepList
                            headline=o.headline()
                            steps=steps
                            testid="offboard"
                            label="What happened at each step"
                        />
                    }
                })}
            {job
                .writes()
                .map(|w| {
                    let steps = w
                        .steps
                        .iter()
                        .map(|s| (
                            s.label.clone(),
                            s.outcome.clone(),
                            Some(s.action.target().to_owned()),
                        ))
                        .collect();
                    view! {
                        <StepList
                            headline=w.headline()
                            steps=steps
                            testid="writes"
                            label="What happened to each item"
                        />
                    }
                })}
            {reveal
                .map(|r| {
                    view! {
                        <SecretReveal
                            secret=r.secret
                            facts=r.facts
                            on_done=Callback::new(move |_| {
                                if kind == JobKind::CreateKey {
                                    session.work.dismiss(id)
                                } else {
                                    rotation::secret_saved(app, id)
                                }
                            })
                        />
                    }
                })}
            <div class="actions">
                {job
                    .can_stop()
                    .then(|| {
                        view! {
                            <button
                                class="btn btn-danger-outline"
                                data-testid="job-stop"
                                on:click=move |_| session.work.stop(id)
                            >
                                "Stop"
                            </button>
                        }
                    })}
                {retry
                    .map(|(words, start)| {
                        let click = move |_| {
                            if let Some(new) = start() {
                                session.work.dismiss(id);
                                if let Some(cb) = on_replaced {
                                    cb.run(new);
                                }
                            }
                        };
                        view! {
                            <button class="btn" data-testid="job-retry" on:click=click>
                                {words}
                            </button>
                        }
                    })}
                {(!running && !in_dialog && job.reveal().is_none())
                    .then(|| {
                        view! {
                            <button
                                class="btn"
                                data-testid="job-dismiss"
                                on:click=move |_| session.work.dismiss(id)
                            >
                                "Dismiss"
                            </button>
                        }
                    })}
            </div>
        </section>
    }
}

/// What happened to each project of a guard-rail run.
#[component]
pub fn ApplyList(
    /// The run.
    apply: Apply,
) -> impl IntoView {
    view! {
        <p class="small" data-testid="apply-summary">
            {apply.headline()}
        </p>
        <ul
            class="outcomes"
            data-testid="apply-outcomes"
            tabindex="0"
            aria-label="What happened to each project"
        >
            {apply
                .lines
                .into_iter()
                .map(|l| {
                    view! {
                        <li class=l.outcome.tone() data-project-id=l.project_id.clone()>
                            <span class="wrap">{l.project_name}</span>
                            ": "
                            {l.outcome.describe()}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// What happened at each step of a run sent one step at a time (an offboarding, a Review fix).
#[component]
pub fn StepList(
    /// The run in one sentence.
    headline: String,
    /// Each step's label, outcome and, where it names one, the ID of what it changes.
    steps: Vec<(String, Outcome, Option<String>)>,
    /// The test IDs' stem: `{testid}-summary`, `{testid}-outcomes`.
    testid: &'static str,
    /// What the list is, for screen readers.
    label: &'static str,
) -> impl IntoView {
    view! {
        <p class="small" data-testid=format!("{testid}-summary")>
            {headline}
        </p>
        <ol class="outcomes" data-testid=format!("{testid}-outcomes") tabindex="0" aria-label=label>
            {steps
                .into_iter()
                .map(|(label, outcome, id)| {
                    view! {
                        <li class=outcome.tone() data-item-id=id>
                            <span class="wrap">{label}</span>
                            ": "
                            {outcome.describe()}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// What happened to each key of a revoke run.
#[component]
pub fn TallyList(
    /// The run's tally.
    tally: Tally,
) -> impl IntoView {
    view! {
        <p class="small" data-testid="tally-summary">
            {tally.summary()}
        </p>
        // Focusable: a long tally scrolls, and keyboard users scroll it too.
        <ul
            class="outcomes"
            data-testid="tally"
            tabindex="0"
            aria-label="What happened to each key"
        >
            {tally
                .lines
                .into_iter()
                .map(|(item, state)| {
                    view! {
                        <li class=state.tone() data-key-id=item.key_id.clone()>
                            <span class="wrap">{item.key_name}</span>
                            " "
                            <code class="small">{item.redacted}</code>
                            <span class="muted small">" in " {item.project_name}</span>
                            ": "
                            {state.describe()}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

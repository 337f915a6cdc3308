//! The review before a bulk revoke: exactly which keys, grouped by project, and the count typed
//! to confirm. Confirming starts a session job; the dialog then shows its progress, and closing
//! it leaves the job running (the header's jobs button shows it from any page).

use crate::components::jobs::DialogRun;
use crate::components::modal::Modal;
use crate::components::popup_warning::PopupRunWarning;
use crate::components::typed_count::TypedCount;
use crate::logic::keys;
use crate::logic::tally::RevokeItem;
use crate::platform::browser;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::revoke;
use admin_api::types::ProjectApiKey;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Review,
    Running,
    Finished,
}

/// A key chosen for the bulk revoke, with its project.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    pub project_id: String,
    pub project_name: String,
    pub key: ProjectApiKey,
}

#[component]
pub fn BulkRevokeDialog(
    /// The keys the user selected, in the order they will be sent.
    keys: Vec<Chosen>,
    /// Called when the dialog closes, told whether a run started (it goes on).
    #[prop(into)]
    on_close: Callback<bool>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let total = keys.len();
    let now = browser::now();
    let recent = keys
        .iter()
        .filter(|c| keys::needs_typed_confirmation(&c.key, now))
        .count();
    // The count itself is what the user types ("revoke N" is accepted too).
    let matches = move |typed: &str| {
        let t = typed.trim();
        t == total.to_string() || t.eq_ignore_ascii_case(&format!("revoke {total}"))
    };
    let typed = RwSignal::new(String::new());
    let job = RwSignal::new(None::<u64>);
    let items: Vec<RevokeItem> = keys
        .iter()
        .map(|c| RevokeItem {
            project_id: c.project_id.clone(),
            project_name: c.project_name.clone(),
            key_id: c.key.id.clone(),
            key_name: c.key.name.clone(),
            redacted: c.key.redacted_value.clone(),
        })
        .collect();
    let items = StoredValue::new(items);
    let mut groups: Vec<(String, Vec<ProjectApiKey>)> = Vec::new();
    for c in keys {
        match groups.iter_mut().find(|(name, _)| *name == c.project_name) {
            Some((_, list)) => list.push(c.key),
            None => groups.push((c.project_name, vec![c.key])),
        }
    }
    let groups = StoredValue::new(groups);
    let go = move || {
        if job.get_untracked().is_none() && typed.with_untracked(|t| matches(t)) {
            job.set(revoke::start(app, items.get_value()));
        }
    };
    // Where the run is: not started, running, or finished (the dialog is then its receipt).
    // A memo: the job's progress updates must not rebuild what depends only on the phase.
    let phase = Memo::new(move |_| match job.get().map(|id| session.work.get(id)) {
        None => Phase::Review,
        Some(Some(j)) if j.status.is_running() => Phase::Running,
        Some(_) => Phase::Finished,
    });
    let phase = move || phase.get();
    let running = move || phase() == Phase::Running;
    let close = Callback::new(move |_| on_close.run(job.get_untracked().is_some()));
    view! {
        <Modal
            labelledby="bulk-title"
            testid="bulk-dialog"
            on_close=close
            busy=Signal::derive(running)
        >
            // One heading throughout, its words following the run: it keeps the focus it has, and
            // takes it (as the dialog's first stop) once the control that had it is gone.
            <h2
                id="bulk-title"
                tabindex="-1"
                data-autofocus=move || (phase() != Phase::Review).then_some("")
                data-testid="bulk-title"
            >
                {move || match phase() {
                    Phase::Review => format!("Revoke {total} keys?"),
                    Phase::Running => format!("Revoking {total} keys…"),
                    Phase::Finished => "Revoke finished".to_owned(),
                }}
            </h2>
            {move || match job.get() {
                None => {
                    view! {
                        <div
                            class="key-groups"
                            data-testid="bulk-review"
                            tabindex="0"
                            role="region"
                            aria-label="Keys to revoke, by project"
                        >
                            {groups
                                .get_value()
                                .into_iter()
                                .map(|(project, list)| {
                                    view! {
                                        <h3 class="small wrap">
                                            {format!("{project} ({})", list.len())}
                                        </h3>
                                        <ul class="key-list">
                                            {list
                                                .into_iter()
                                                .map(|k| {
                                                    view! {
                                                        <li data-key-id=k.id.clone()>
                                                            <span class="wrap">{k.name}</span>
                                                            " "
                                                            <code>{k.redacted_value}</code>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                })
                                .collect_view()}
                        </div>
                        <p>
                            "Anything using these keys stops working at once. This cannot be undone."
                        </p>
                        {(recent > 0)
                            .then(|| {
                                view! {
                                    <p class="warn-text" data-testid="bulk-recent">
                                        {format!(
                                            "{recent} of these keys {} used in the last 7 days.",
                                            if recent == 1 { "was" } else { "were" },
                                        )}
                                    </p>
                                }
                            })}
                        <PopupRunWarning
                            in_flight="the keys in flight"
                            button="Continue in a tab (this selection goes with it)"
                            testid="bulk-popup"
                            button_testid="bulk-in-tab"
                        />
                        <TypedCount
                            noun="keys"
                            count=total
                            typed=typed
                            ready=Signal::derive(move || typed.with(|t| matches(t)))
                            testid="bulk-confirm"
                            go_testid="bulk-go"
                            go_label=format!("Revoke {total} keys")
                            on_back=close
                            on_go=Callback::new(move |_| go())
                        />
                    }
                        .into_any()
                }
                Some(id) => {
                    view! {
                        <DialogRun job=job id=id close_testid="bulk-close" on_close=close>
                            <p class="muted small">
                                {move || {
                                    if running() {
                                        "You can close this: the run goes on, and the jobs button in the header \
                                            shows it from any page."
                                    } else {
                                        "This receipt stays under Jobs in the header until you dismiss it there."
                                    }
                                }}
                            </p>
                        </DialogRun>
                    }
                        .into_any()
                }
            }}
        </Modal>
    }
}

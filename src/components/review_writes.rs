//! The review of a Review fix's own writes (expiries, admin key revokes, invite deletions): every
//! item listed in the order it is sent, the expiry chosen, this session's own admin key said
//! plainly and confirmed a second time, the number typed; then the run with Stop, an outcome
//! per item and Retry for the rest.

use crate::components::jobs::DialogRun;
use crate::components::modal::Modal;
use crate::components::popup_warning::PopupRunWarning;
use crate::components::typed_count::TypedCount;
use crate::logic::keys::DAY;
use crate::logic::review::writes::{Write, Writes};
use crate::session::use_session;
use crate::state::use_app;
use crate::work::review_writes;
use leptos::prelude::*;

/// The expiry offered first, in days.
const EXPIRY_DAYS: u32 = 90;
/// The longest expiry offered: the API checks it against the organization's and project's
/// expiry policies and refuses what does not fit.
const MAX_EXPIRY_DAYS: u32 = 3650;

#[component]
pub fn WritesDialog(
    /// The check's title.
    title: String,
    /// What the user left ticked, in the review's order.
    items: Vec<(Write, String)>,
    /// The admin keys this session may be using.
    session_keys: Vec<String>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let expiry = items
        .iter()
        .any(|(w, _)| matches!(w, Write::SetExpiry { .. }));
    let plan = StoredValue::new(Writes::plan(&format!("Fix: {title}"), items, &session_keys));
    let ends_session = plan.with_value(|p| !p.session_keys.is_empty());
    let total = plan.with_value(|p| p.steps.len());
    let days = RwSignal::new(EXPIRY_DAYS.to_string());
    let days_ok = move || {
        days.with(|d| {
            d.trim()
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=MAX_EXPIRY_DAYS).contains(d))
        })
    };
    let understood = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let job = RwSignal::new(None::<u64>);
    let ready = move || {
        typed.with(|t| t.trim() == total.to_string())
            && (!expiry || days_ok().is_some())
            && (!ends_session || understood.get())
    };
    let go = move || {
        if job.get_untracked().is_some() || !ready() {
            return;
        }
        let secs = i64::from(days_ok().unwrap_or(EXPIRY_DAYS)) * DAY;
        let mut run = plan.get_value();
        for s in &mut run.steps {
            s.action = s.action.clone().expiring_in(secs);
        }
        job.set(review_writes::start(app, session, run));
    };
    let running = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .is_some_and(|j| j.status.is_running())
    };
    let review = view! {
        <p>"Sent in this order, one at a time. Stop ends the run after the one in flight."</p>
        <ol class="plain fix-list above-form" data-testid="writes-review">
            {plan
                .with_value(|p| p.steps.iter().map(|s| s.label.clone()).collect::<Vec<_>>())
                .into_iter()
                .map(|label| view! { <li class="wrap">{label}</li> })
                .collect_view()}
        </ol>
        {expiry
            .then(|| {
                view! {
                    <label class="stack">
                        <span>"Expire in (days, from now)"</span>
                        <input
                            type="number"
                            min="1"
                            max=MAX_EXPIRY_DAYS
                            data-testid="writes-days"
                            prop:value=move || days.get()
                            on:input=move |e| days.set(event_target_value(&e))
                        />
                    </label>
                    <p class="muted small">
                        "Only the expiry is sent: each key keeps its permissions. The API refuses an expiry \
                         longer than your organization's or project's key policy allows."
                    </p>
                }
            })}
        {ends_session
            .then(|| {
                view! {
                    <p class="warn-text" data-testid="writes-ends-session">
                        "This includes the admin key this session uses. It is revoked last; then Keyward \
                         locks, and you connect with another admin key to go on."
                    </p>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="writes-understood"
                            prop:checked=move || understood.get()
                            on:change=move |e| understood.set(event_target_checked(&e))
                        />
                        "Yes, revoke the key this session uses too"
                    </label>
                }
            })}
        <PopupRunWarning in_flight="the write in flight" />
        <TypedCount
            noun="items"
            count=total
            typed=typed
            ready=Signal::derive(ready)
            testid="writes-confirm"
            go_testid="writes-go"
            go_label=format!("Send {total} change{}", if total == 1 { "" } else { "s" })
            on_back=on_close
            on_go=Callback::new(move |_| go())
        />
    };
    let review = StoredValue::new_local(Some(review));
    let heading = StoredValue::new(title);
    view! {
        <Modal
            labelledby="writes-title"
            testid="writes-dialog"
            on_close=on_close
            busy=Signal::derive(running)
        >
            <h2 id="writes-title" tabindex="-1">
                {move || match job.get() {
                    Some(_) if running() => "Fixing…".to_owned(),
                    Some(_) => "Finished".to_owned(),
                    None => format!("Fix: {}?", heading.get_value()),
                }}
            </h2>
            {move || match job.get() {
                Some(id) => {
                    view! {
                        <DialogRun job=job id=id close_testid="writes-close" on_close=on_close />
                    }
                        .into_any()
                }
                None => review.try_update_value(Option::take).flatten().into_any(),
            }}
        </Modal>
    }
}

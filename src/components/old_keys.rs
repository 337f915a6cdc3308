//! The old keys of a project's keyless service accounts: each account with an enabled rule and
//! keys still there, every key's last use against the rule, and once none has been used for the
//! chosen number of days after the rule, their revoke offered through the bulk review.

use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::common::{RelTime, api_resource_on};
use crate::logic::keyless::{QUIET_RANGE, SinceRule, keyless_since, keys_can_go, rules_of};
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::keyless::{keys_of, load_rules};
use admin_api::types::ServiceAccount;
use leptos::prelude::*;

/// The chosen quiet days, a preference of this tab.
#[component]
pub fn QuietDays() -> impl IntoView {
    let prefs = use_app().prefs;
    view! {
        <label class="field-inline">
            <span>"Offer the old keys' revoke after this many days unused since the rule"</span>
            <input
                type="number"
                min=*QUIET_RANGE.start()
                max=*QUIET_RANGE.end()
                data-testid="quiet-days"
                prop:value=move || prefs.quiet_days.get().to_string()
                on:change=move |e| {
                    if let Ok(d) = event_target_value(&e).trim().parse() {
                        prefs.set_quiet_days(d);
                    }
                }
            />
        </label>
    }
}

#[component]
pub fn OldKeys(
    project_id: String,
    /// The project's service accounts as listed.
    #[prop(into)]
    accounts: Signal<Vec<ServiceAccount>>,
) -> impl IntoView {
    let session = use_session();
    let quiet = use_app().prefs.quiet_days;
    let rules = api_resource_on([Topic::Keyless], move |api| async move {
        load_rules(&api).await
    });
    let revoking = RwSignal::new(None::<Vec<Chosen>>);
    let pid = StoredValue::new(project_id);
    let now = browser::now();
    let project_name = move || {
        session.inventory.with(|i| {
            i.projects
                .iter()
                .find(|p| pid.with_value(|id| &p.id == id))
                .map_or_else(|| pid.get_value(), |p| p.display_name().to_owned())
        })
    };
    // Each keyless account with keys: (account, since, its keys).
    let watched = move || {
        let Some(Ok((_, rules))) = rules.get() else {
            return Vec::new();
        };
        accounts
            .get()
            .into_iter()
            .filter_map(|a| {
                let since = keyless_since(&rules_of(&rules, &a.id))?;
                let keys = pid.with_value(|p| keys_of(session, p, &a.id));
                (!keys.is_empty()).then_some((a, since, keys))
            })
            .collect::<Vec<_>>()
    };
    view! {
        {move || {
            let list = watched();
            (!list.is_empty())
                .then(|| {
                    view! {
                        <section class="card" data-testid="old-keys">
                            <h2 class="section-title">"Keyless now: watch the old keys"</h2>
                            <QuietDays />
                            {list
                                .into_iter()
                                .map(|(a, since, keys)| {
                                    let days = quiet.get();
                                    let can_go = keys_can_go(&keys, since, days, now);
                                    let name = project_name();
                                    let chosen: Vec<Chosen> = keys
                                        .iter()
                                        .map(|k| Chosen {
                                            project_id: pid.get_value(),
                                            project_name: name.clone(),
                                            key: k.clone(),
                                        })
                                        .collect();
                                    let n = keys.len();
                                    view! {
                                        <div data-testid="old-keys-account" data-sa-id=a.id.clone()>
                                            <h3>
                                                {format!("{}: keyless since {}", a.name, time::date(since))}
                                            </h3>
                                            <ul class="plain">
                                                {keys
                                                    .into_iter()
                                                    .map(|k| {
                                                        let s = SinceRule::of(k.last_used_at, since);
                                                        view! {
                                                            <li data-testid="old-key" data-since=s.label()>
                                                                <span class="wrap">{k.name.clone()}</span>
                                                                " · last used "
                                                                <RelTime ts=k.last_used_at now=now none="never" />
                                                                " · "
                                                                <span class:warn-text=s
                                                                    == SinceRule::UsedAfter>{s.label()}</span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                            {if can_go {
                                                view! {
                                                    <button
                                                        class="btn btn-small btn-danger-outline"
                                                        data-testid="revoke-old-keys"
                                                        on:click=move |_| revoking.set(Some(chosen.clone()))
                                                    >
                                                        {format!("Revoke the {n} old keys…")}
                                                    </button>
                                                }
                                                    .into_any()
                                            } else {
                                                view! { <p class="muted small">{not_yet(days)}</p> }
                                                    .into_any()
                                            }}
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </section>
                    }
                })
        }}
        {move || {
            revoking
                .get()
                .map(|keys| {
                    view! {
                        <BulkRevokeDialog
                            keys=keys
                            on_close=Callback::new(move |_| revoking.set(None))
                        />
                    }
                })
        }}
    }
}

fn not_yet(days: u32) -> String {
    format!("Their revoke is offered once none has been used for {days} days after the rule.")
}

//! Offboarding one person, reviewed like a bulk revoke: every step listed in the order it is
//! sent (project keys, each of which can be kept; admin keys; groups; removal), what it leaves
//! behind said plainly, the number of steps typed, then the run with Stop, an outcome per step
//! and Retry for the rest.

use crate::components::jobs::DialogRun;
use crate::components::modal::Modal;
use crate::components::popup_warning::PopupRunWarning;
use crate::components::typed_count::TypedCount;
use crate::logic::membership::OwnedKey;
use crate::logic::people::offboard::{Holdings, Offboard};
use crate::session::use_session;
use crate::state::use_app;
use crate::work::offboard;
use crate::work::person::PersonData;
use leptos::prelude::*;
use std::collections::HashSet;

#[component]
pub fn OffboardDialog(
    data: PersonData,
    /// Their project keys, as far as the scan got.
    keys: Vec<OwnedKey>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let who = data.user.label();
    let scim = data.user.is_scim_managed == Some(true);
    let admin = data.admin_keys.clone().unwrap_or_default();
    let session_key = admin
        .iter()
        .find(|(_, m)| m.ends_session())
        .map(|(k, _)| k.id.clone());
    let groups = data.groups.clone().unwrap_or_default();
    let (scim_groups, groups): (Vec<_>, Vec<_>) =
        groups.into_iter().partition(|g| g.is_scim_managed);
    let unread: Vec<&str> = [
        data.admin_keys
            .is_err()
            .then_some("their admin keys (none will be revoked)"),
        data.groups
            .is_err()
            .then_some("their groups (none will be left)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let unread = (!unread.is_empty()).then(|| format!("Could not be read: {}.", unread.join("; ")));
    let scan_done = session.inventory.with_untracked(|i| i.is_complete());
    let kept = RwSignal::new(HashSet::<String>::new());
    let keys = StoredValue::new(keys);
    let held = StoredValue::new(Holdings {
        keys: Vec::new(),
        admin_keys: admin
            .iter()
            .map(|(k, _)| (k.id.clone(), k.display_name().to_owned()))
            .collect(),
        groups: groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect(),
    });
    let user_id = data.user.id.clone();
    let ends_session = session_key.is_some();
    let plan = Memo::new(move |_| {
        let chosen = kept.with(|kept| {
            keys.with_value(|ks| {
                ks.iter()
                    .filter(|k| !kept.contains(&k.key.id))
                    .map(|k| {
                        (
                            k.project_id.clone(),
                            k.project_name.clone(),
                            k.key.id.clone(),
                            k.key.name.clone(),
                        )
                    })
                    .collect()
            })
        });
        let mut h = held.get_value();
        h.keys = chosen;
        Offboard::plan(&user_id, &who, h, session_key.clone())
    });
    let total = move || plan.with(|p| p.steps.len());
    let typed = RwSignal::new(String::new());
    let job = RwSignal::new(None::<u64>);
    let matches = move || typed.with(|t| t.trim() == total().to_string());
    let go = move || {
        if job.get_untracked().is_some() || !matches() {
            return;
        }
        job.set(offboard::start(app, session, plan.get_untracked()));
    };
    let running = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .is_some_and(|j| j.status.is_running())
    };
    let who = StoredValue::new(data.user.label());
    let key_list = keys.with_value(|ks| {
        ks.iter()
            .map(|k| {
                let id = k.key.id.clone();
                let id2 = id.clone();
                let row = id.clone();
                view! {
                    <li data-key-id=row>
                        <label class="inline">
                            <input
                                type="checkbox"
                                data-testid="offboard-key"
                                prop:checked=move || kept.with(|s| !s.contains(&id))
                                on:change=move |e| {
                                    let revoke = event_target_checked(&e);
                                    kept.update(|s| {
                                        if revoke {
                                            s.remove(&id2);
                                        } else {
                                            s.insert(id2.clone());
                                        }
                                    });
                                }
                            />
                            " Revoke “"
                            <span class="wrap">{k.key.name.clone()}</span>
                            "” in "
                            {k.project_name.clone()}
                        </label>
                    </li>
                }
            })
            .collect_view()
    });
    let review = view! {
        <p>
            "Sent in this order, one at a time: their project keys, their admin keys, their group memberships, \
                then their removal. Keys go first so nothing of theirs keeps working unseen; if a key is not \
                proven revoked, the removal is held back."
        </p>
        {ends_session
            .then(|| {
                view! {
                    <p class="warn-text" data-testid="offboard-ends-session">
                        "This session uses their admin key. It is revoked last, and then Keyward locks: connect \
                            with another admin key to go on."
                    </p>
                }
            })}
        {scim
            .then(|| {
                view! {
                    <p class="warn-text">
                        "They are managed by your identity provider (SCIM): remove them there too, or its next \
                            sync adds them back."
                    </p>
                }
            })}
        {(!scan_done)
            .then(|| {
                view! {
                    <p class="warn-text">
                        "The key scan has not finished: keys of theirs it has not reached are not listed."
                    </p>
                }
            })}
        {unread.map(|u| view! { <p class="warn-text">{u}</p> })}
        <h3>"1. Project keys"</h3>
        {if keys.with_value(Vec::is_empty) {
            view! { <p class="muted">"None found."</p> }.into_any()
        } else {
            view! {
                <p class="muted small">
                    "Untick a key to keep it: it keeps working after they leave."
                </p>
                <ul class="key-list plain" data-testid="offboard-keys">
                    {key_list}
                </ul>
            }
                .into_any()
        }}
        <h3>"2. Admin keys"</h3>
        <ul class="plain" data-testid="offboard-admin-keys">
            {admin
                .iter()
                .map(|(k, _)| view! { <li>"Revoke “" {k.display_name().to_owned()} "”"</li> })
                .collect_view()}
            {admin.is_empty().then(|| view! { <li class="muted">"None."</li> })}
        </ul>
        <h3>"3. Groups"</h3>
        <ul class="plain" data-testid="offboard-groups">
            {groups
                .iter()
                .map(|g| view! { <li>"Leave “" {g.name.clone()} "”"</li> })
                .collect_view()}
            {scim_groups
                .iter()
                .map(|g| {
                    view! {
                        <li class="muted">
                            "“" {g.name.clone()}
                            "” is managed by your identity provider: it is left when SCIM removes them."
                        </li>
                    }
                })
                .collect_view()}
            {(groups.is_empty() && scim_groups.is_empty())
                .then(|| view! { <li class="muted">"In no group."</li> })}
        </ul>
        <h3>"4. Removal"</h3>
        <p>
            {move || format!("Remove {} from the organization and every project.", who.get_value())}
        </p>
        {move || {
            let n = kept.with(HashSet::len);
            (n > 0)
                .then(|| {
                    view! {
                        <p class="warn-text" data-testid="offboard-kept">
                            {format!(
                                "{n} kept key{} will keep working after they leave, shown as “owner left”.",
                                if n == 1 { "" } else { "s" },
                            )}
                        </p>
                    }
                })
        }}
        <PopupRunWarning in_flight="the step in flight" />
        <TypedCount
            noun="steps"
            count=Signal::derive(total)
            typed=typed
            ready=Signal::derive(matches)
            testid="offboard-confirm"
            go_testid="offboard-go"
            go_label=Signal::derive(move || format!("Offboard: {} steps", total()))
            on_back=on_close
            on_go=Callback::new(move |_| go())
        />
    };
    let review = StoredValue::new_local(Some(review));
    view! {
        <Modal
            labelledby="offboard-title"
            testid="offboard-dialog"
            on_close=on_close
            busy=Signal::derive(running)
        >
            <h2 id="offboard-title" tabindex="-1">
                {move || match job.get() {
                    Some(_) if running() => format!("Offboarding {}…", who.get_value()),
                    Some(_) => "Finished".to_owned(),
                    None => format!("Offboard {}?", who.get_value()),
                }}
            </h2>
            {move || match job.get() {
                Some(id) => {
                    view! {
                        <DialogRun job=job id=id close_testid="offboard-close" on_close=on_close />
                    }
                        .into_any()
                }
                None => review.try_update_value(Option::take).flatten().into_any(),
            }}
        </Modal>
    }
}

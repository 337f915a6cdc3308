//! The organization's admin keys: what each one is, whose it is, what deserves attention, and
//! which one this session uses. Revoke one, or create one.

use crate::components::admin_keys::{AdminRevokeDialog, CreateAdminKeyDialog};
use crate::components::common::{RelTime, api_resource, loaded};
use crate::logic::admin_keys::{self, Current};
use crate::platform::browser;
use crate::session::cache::Topic;
use admin_api::ApiError;
use admin_api::types::AdminApiKey;
use leptos::prelude::*;
use std::collections::HashSet;

#[component]
pub fn AdminKeysPage() -> impl IntoView {
    let data = api_resource(Topic::AdminKeys, move |api| async move {
        let keys = api.all_admin_keys().await?;
        // Who still belongs to the organization; without it, no owner is said to be gone.
        let members = api
            .all_org_users()
            .await
            .ok()
            .map(|users| users.into_iter().map(|u| u.id).collect::<HashSet<_>>());
        let marks = admin_keys::current_marks(&keys, |r| api.key().matches_redacted(r));
        Ok::<_, ApiError>((keys, members, marks))
    });
    let revoking = RwSignal::new(None::<(AdminApiKey, Current)>);
    let creating = RwSignal::new(false);
    let now = browser::now();
    view! {
        <section class="page" aria-labelledby="admin-keys-title">
            <div class="page-head">
                <div>
                    <h1 id="admin-keys-title">"Admin keys"</h1>
                    <p class="muted small">
                        "The organization's most powerful keys: each can manage every project, key and member."
                    </p>
                </div>
                <button
                    class="btn btn-primary"
                    data-testid="admin-key-new"
                    on:click=move |_| creating.set(true)
                >
                    "Create admin key…"
                </button>
            </div>
            {loaded(
                data,
                "Loading admin keys…".to_string(),
                move |(keys, members, marks)| {
                    if keys.is_empty() {
                        return view! {
                            <div class="empty">"This organization lists no admin keys."</div>
                        }
                            .into_any();
                    }
                    let attention = keys
                        .iter()
                        .filter(|k| !admin_keys::findings(k, members.as_ref(), now).is_empty())
                        .count();
                    view! {
                        <p class="muted small" data-testid="admin-keys-summary">
                            {format!("{} admin keys · {attention} need attention", keys.len())}
                            {members
                                .is_none()
                                .then_some(
                                    " · the member list could not be read, so departed owners are not flagged",
                                )}
                        </p>
                        <div class="table-wrap">
                            <table class="table" data-testid="admin-keys-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col" class="hide-narrow">
                                            "Key"
                                        </th>
                                        <th scope="col" class="hide-narrow">
                                            "Owner"
                                        </th>
                                        <th scope="col" class="hide-narrow">
                                            "Created"
                                        </th>
                                        <th scope="col">"Last used"</th>
                                        <th scope="col" class="hide-narrow">
                                            "Expires"
                                        </th>
                                        <th scope="col">
                                            <span class="sr-only">"Actions"</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {keys
                                        .into_iter()
                                        .zip(marks)
                                        .map(|(k, mark)| {
                                            let findings = admin_keys::findings(
                                                &k,
                                                members.as_ref(),
                                                now,
                                            );
                                            let for_revoke = k.clone();
                                            let name = k.display_name().to_owned();
                                            let owner = k
                                                .owner
                                                .name
                                                .clone()
                                                .unwrap_or_else(|| {
                                                    k.owner.id.clone().unwrap_or_else(|| "—".into())
                                                });
                                            view! {
                                                <tr
                                                    data-testid="admin-key-row"
                                                    data-key-id=k.id.clone()
                                                    data-current=format!("{mark:?}").to_ascii_lowercase()
                                                >
                                                    <td class="wrap">
                                                        <span>{name.clone()}</span>
                                                        <span class="muted small show-narrow">
                                                            " · " {owner.clone()}
                                                        </span>
                                                        <span class="badges">
                                                            {current_badge(mark)}
                                                            {findings
                                                                .iter()
                                                                .map(|f| {
                                                                    let class = if *f == admin_keys::AdminFinding::Stale
                                                                        || *f == admin_keys::AdminFinding::NeverUsed
                                                                    {
                                                                        "badge badge-warn"
                                                                    } else {
                                                                        "badge badge-danger"
                                                                    };
                                                                    view! {
                                                                        <span class=class title=f.explain()>
                                                                            {f.short()}
                                                                        </span>
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </span>
                                                    </td>
                                                    <td class="mono hide-narrow">{k.redacted_value.clone()}</td>
                                                    <td class="wrap hide-narrow">{owner.clone()}</td>
                                                    <td class="hide-narrow">
                                                        <RelTime ts=Some(k.created_at) now=now />
                                                    </td>
                                                    <td>
                                                        <RelTime ts=k.last_used_at now=now none="Never" />
                                                    </td>
                                                    <td class="hide-narrow">
                                                        <RelTime ts=k.expires_at now=now none="Never" />
                                                    </td>
                                                    <td class="actions-cell">
                                                        <button
                                                            class="btn btn-small btn-danger-outline"
                                                            data-testid="admin-revoke"
                                                            aria-label=format!("Revoke admin key {name}")
                                                            on:click=move |_| {
                                                                revoking.set(Some((for_revoke.clone(), mark)))
                                                            }
                                                        >
                                                            "Revoke"
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                },
            )}
            {move || {
                revoking
                    .get()
                    .map(|(k, mark)| {
                        view! {
                            <AdminRevokeDialog
                                key=k
                                current=mark
                                on_close=Callback::new(move |_| revoking.set(None))
                            />
                        }
                    })
            }}
            {move || {
                creating
                    .get()
                    .then(|| {
                        view! {
                            <CreateAdminKeyDialog on_close=Callback::new(move |_| {
                                creating.set(false)
                            }) />
                        }
                    })
            }}
        </section>
    }
}

/// The badge that marks the session's own key (or a key that may be it).
fn current_badge(mark: Current) -> Option<impl IntoView> {
    let text = match mark {
        Current::Yes => "In use by this session",
        Current::Maybe => "May be this session's key",
        Current::No => return None,
    };
    Some(view! {
        <span class="badge badge-ok" data-testid="current-key">
            {text}
        </span>
    })
}

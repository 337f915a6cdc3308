//! One key: everything the API says about it, its scopes and expiry, its history, and revoke.

use crate::components::common::{Field, RelTime, api_resource, loaded};
use crate::components::key_row::FindingBadge;
use crate::components::revoke::{RevokeDialog, RevokeTarget};
use crate::components::rotate::{RotateKey, RotationResume};
use crate::components::usage::KeyUsageCard;
use crate::logic::findings::Thresholds;
use crate::logic::key_table::findings_in;
use crate::logic::route::{ProjectTab, Route};
use crate::logic::scopes::{self, describe};
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::rotation;
use admin_api::types::{AuditLog, OwnerAccess, ProjectApiKey};
use admin_api::{ApiError, AuditQuery};
use leptos::prelude::*;

mod update_form;
use update_form::UpdateForm;

#[component]
pub fn KeyPage(
    /// The project's ID.
    project: String,
    /// The key's ID.
    key: String,
) -> impl IntoView {
    let app = use_app();
    let ids = StoredValue::new((project.clone(), key.clone()));
    let key_data = api_resource(Topic::Key(key.clone()), move |api| {
        let (p, k) = ids.get_value();
        async move {
            let key = api.retrieve_api_key(&p, &k).await?;
            let project = api
                .retrieve_project(&p)
                .await
                .map(|p| p.display_name().to_owned())
                .unwrap_or(p.clone());
            let history = api
                .list_audit_logs(&AuditQuery {
                    resource_ids: vec![k.clone()],
                    limit: Some(20),
                    ..Default::default()
                })
                .await
                .map(|l| l.data);
            Ok::<_, ApiError>((key, project, history))
        }
    });
    let revoking = RwSignal::new(None::<RevokeTarget>);
    // The server's answer to the last save; outlives the refresh that follows it.
    let answer = RwSignal::new(None::<(ProjectApiKey, String)>);
    let back = Route::Project {
        id: project.clone(),
        tab: ProjectTab::Keys,
    };
    let back2 = back.clone();
    let back3 = back.clone();
    let pid2 = project.clone();
    let from_keys = app.came_from.get_untracked() == Route::Keys;
    // The new key of a rotation finished on this page: the page ends on a summary.
    let rotated_to = RwSignal::new(None::<(String, String)>);
    let done = RwSignal::new(None::<(String, (String, String))>);
    let on_close = Callback::new(move |changed: bool| {
        let target = revoking.get_untracked();
        revoking.set(None);
        if changed {
            // A rotation whose old key (or abandoned new key) is now gone is complete.
            if let Some(t) = &target {
                rotation::forget_if_about(app, t.key.id.clone());
            }
            match (target, rotated_to.get_untracked()) {
                (Some(t), Some(new_key)) if t.key.id != new_key.0 => {
                    done.set(Some((t.key.name, new_key)))
                }
                // Back to the list the key was opened from, as it was left.
                _ if from_keys => app.navigate_back(Route::Keys),
                _ => app.navigate_back(back2.clone()),
            }
        }
    });
    // The breadcrumb names the project (from the inventory at once, else from the API), and
    // starts from the list the user came from.
    let session = use_session();
    let pid = project.clone();
    let known_name = StoredValue::new(session.inventory.with_untracked(|i| {
        i.projects
            .iter()
            .find(|p| p.id == pid)
            .map(|p| p.display_name().to_owned())
    }));
    let project_name = move || {
        known_name
            .get_value()
            .or_else(|| key_data.get().and_then(|r| r.ok()).map(|(_, name, _)| name))
    };
    let (list_href, list_label) = if from_keys {
        (app.as_left(&Route::Keys), "All keys")
    } else {
        (app.as_left(&Route::Projects), "Projects")
    };
    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb">
                <a href=list_href data-testid="crumb-list">
                    {list_label}
                </a>
                " / "
                <a href=app.as_left(&back) data-testid="crumb-project">
                    {move || project_name().unwrap_or_else(|| "Project".into())}
                </a>
                " / "
            </nav>
            {move || {
                done.get()
                    .map(|(old_name, (new_id, new_name))| {
                        view! {
                            <RotationDone
                                project=back3.clone()
                                project_name=project_name().unwrap_or_else(|| "the project".into())
                                old_name=old_name
                                new_key=Route::Key {
                                    project: pid2.clone(),
                                    key: new_id,
                                }
                                new_name=new_name
                            />
                        }
                    })
            }}
            <Show when=move || {
                done.with(Option::is_none)
            }>
                {loaded(
                    key_data,
                    "Loading key…".to_string(),
                    move |(key, project_name, history)| {
                        let target = RevokeTarget {
                            project_id: ids.get_value().0,
                            project_name: project_name.clone(),
                            key: key.clone(),
                        };
                        let rotate_target = target.clone();
                        let scopes = history
                            .as_ref()
                            .ok()
                            .and_then(scopes::last_scopes)
                            .map(|(s, _)| s);
                        view! {
                            <RotationResume
                                target=target.clone()
                                on_revoke=Callback::new(move |t: RevokeTarget| {
                                    revoking.set(Some(t))
                                })
                            />
                            <KeyDetails
                                key=key.clone()
                                project_id=ids.get_value().0
                                project_name=project_name
                                history=history.clone()
                                answer=answer
                            />
                            {key
                                .owner
                                .is_service_account()
                                .then(|| {
                                    view! {
                                        <RotateKey
                                            target=rotate_target.clone()
                                            scopes=scopes.clone()
                                            on_saved=Callback::new(move |
                                                (t, new_key): (RevokeTarget, (String, String))|
                                            {
                                                rotated_to.set(Some(new_key));
                                                revoking.set(Some(t))
                                            })
                                        />
                                    }
                                })}
                            <div class="danger-zone">
                                <h2>"Revoke"</h2>
                                <p>
                                    "Revoking stops this key at once, for everything that uses it."
                                </p>
                                <button
                                    class="btn btn-danger"
                                    data-testid="revoke"
                                    on:click=move |_| revoking.set(Some(target.clone()))
                                >
                                    "Revoke this key…"
                                </button>
                            </div>
                        }
                            .into_any()
                    },
                )}
            </Show>
            {move || revoking.get().map(|t| view! { <RevokeDialog target=t on_close=on_close /> })}
        </section>
    }
}

/// The end of a rotation: what exists now, and where to go next.
#[component]
fn RotationDone(
    /// The project's keys tab.
    project: Route,
    /// The project's name.
    project_name: String,
    /// The old key's name (revoked).
    old_name: String,
    /// The new key's page.
    new_key: Route,
    /// The new key's name.
    new_name: String,
) -> impl IntoView {
    let heading: NodeRef<leptos::html::H2> = NodeRef::new();
    // The revoke dialog closed over a page that is gone: focus starts on the summary.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <div class="card" data-testid="rotation-done" role="status">
            <h2 tabindex="-1" node_ref=heading>
                "Rotation complete"
            </h2>
            <dl class="facts">
                <div>
                    <dt>"New key"</dt>
                    <dd class="wrap">
                        <a href=new_key.href()>{new_name}</a>
                        " — in use from now on"
                    </dd>
                </div>
                <div>
                    <dt>"Old key"</dt>
                    <dd class="wrap">{old_name} " — revoked: it no longer works"</dd>
                </div>
            </dl>
            <div class="actions">
                <a class="btn btn-primary" href=new_key.href() data-testid="rotation-open-new">
                    "Open the new key"
                </a>
                <a class="btn" href=project.href() data-testid="rotation-back">
                    {format!("Back to {project_name}'s keys")}
                </a>
            </div>
        </div>
    }
}

#[component]
fn KeyDetails(
    /// The key as the API returned it.
    key: ProjectApiKey,
    /// Its project's ID.
    project_id: String,
    /// Its project's name.
    project_name: String,
    /// Its audit events, newest first (or why they could not be read).
    history: Result<Vec<AuditLog>, ApiError>,
    /// The server's answer to the last save.
    answer: RwSignal<Option<(ProjectApiKey, String)>>,
) -> impl IntoView {
    let now = browser::now();
    let session = use_session();
    let thresholds = Thresholds::default();
    let known_scopes = history
        .as_ref()
        .ok()
        .and_then(scopes::last_scopes)
        .map(|(s, _)| s);
    let findings = session.inventory.with_untracked(|i| {
        findings_in(
            i,
            &project_id,
            &key,
            known_scopes.as_deref(),
            thresholds,
            now,
        )
    });
    let owner_label = key.owner.label();
    let owner_user = key.owner.user.clone();
    let owner_sa = key.owner.service_account.clone();
    let (id, redacted, access) = (
        key.id.clone(),
        key.redacted_value.clone(),
        key.owner_project_access,
    );
    let (created, last_used, expires) = (key.created_at, key.last_used_at, key.expires_at);
    let id_for_usage = key.id.clone();
    let audit_href = crate::logic::audit::AuditFilter {
        resource: key.id.clone(),
        ..Default::default()
    }
    .href();
    let title = if key.name.is_empty() {
        "(unnamed key)".to_owned()
    } else {
        key.name.clone()
    };
    let scopes_now = history.as_ref().ok().and_then(scopes::last_scopes);
    view! {
        <div class="page-head">
            <div>
                <h1 class="wrap" data-testid="key-name">
                    {title}
                </h1>
                <p class="muted small">"in " <span class="wrap">{project_name}</span></p>
                <div class="badges">
                    {findings
                        .iter()
                        .map(|f| view! { <FindingBadge finding=f thresholds=thresholds /> })
                        .collect_view()}
                </div>
            </div>
        </div>
        // Why it is flagged, in words anyone can reach (not only on hover).
        {(!findings.is_empty())
            .then(|| {
                view! {
                    <ul class="why small" data-testid="key-why">
                        {findings
                            .iter()
                            .map(|f| {
                                view! {
                                    <li>
                                        <strong>{f.name(thresholds)}</strong>
                                        ": "
                                        {f.explain(thresholds)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        <div class="grid-2">
            <div class="card">
                <h2>"Details"</h2>
                <dl class="fields">
                    <Field label="ID">
                        <code>{id}</code>
                    </Field>
                    <Field label="Key">
                        <code>{redacted}</code>
                    </Field>
                    <Field label="Owner">{owner_label}</Field>
                    {owner_user
                        .map(|u| {
                            view! {
                                <Field label="Owner ID">
                                    <code>{u.id}</code>
                                </Field>
                                <Field label="Owner’s project role">
                                    {u.role.unwrap_or_else(|| "—".into())}
                                </Field>
                            }
                        })}
                    {owner_sa
                        .map(|s| {
                            view! {
                                <Field label="Service account ID">
                                    <code>{s.id}</code>
                                </Field>
                                <Field label="Service account role">
                                    {s.role.unwrap_or_else(|| "—".into())}
                                </Field>
                            }
                        })}
                    <Field label="Owner has project access">
                        {match access {
                            OwnerAccess::Active => "Yes",
                            OwnerAccess::Inactive => {
                                "No — the owner left the project; the key still works"
                            }
                            OwnerAccess::Unknown => "Unknown",
                        }}
                    </Field>
                    <Field label="Created">
                        <RelTime ts=Some(created) now=now />
                        <span class="muted small">" (" {time::exact(created)} ")"</span>
                    </Field>
                    <Field label="Last used">
                        <RelTime ts=last_used now=now none="Never" />
                        {last_used
                            .map(|t| {
                                view! { <span class="muted small">" (" {time::exact(t)} ")"</span> }
                            })}
                    </Field>
                    <Field label="Expires">
                        {match expires {
                            Some(t) => {
                                view! {
                                    <RelTime ts=Some(t) now=now />
                                    <span class="muted small">" (" {time::exact(t)} ")"</span>
                                }
                                    .into_any()
                            }
                            None => view! { <span>"Never"</span> }.into_any(),
                        }}
                    </Field>
                    <Field label="Scopes">
                        {match &scopes_now {
                            Some((s, at)) => {
                                format!(
                                    "{} (set {} per the audit log)",
                                    describe(s),
                                    time::date(*at),
                                )
                            }
                            None => {
                                "Not reported by the API; unchanged through the API since the audit log began."
                                    .to_owned()
                            }
                        }}
                    </Field>
                </dl>
            </div>
            <UpdateForm key=key answer=answer />
        </div>
        <KeyUsageCard key_id=id_for_usage last_used_at=last_used />
        <div class="card" data-testid="key-history">
            <div class="card-head">
                <h2>"History"</h2>
                <a href=audit_href>"Open in the audit log"</a>
            </div>
            {match history {
                Err(e) => {
                    view! { <p class="muted">"The audit log could not be read: " {e.summary()}</p> }
                        .into_any()
                }
                Ok(list) if list.is_empty() => {
                    view! { <p class="muted">"No audit events for this key."</p> }.into_any()
                }
                Ok(list) => {
                    view! {
                        <ul class="history">
                            {list
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <RelTime ts=Some(e.effective_at) now=now />
                                            " — "
                                            <strong>{e.kind.clone()}</strong>
                                            " by "
                                            {e.actor.as_ref().map(|a| a.label()).unwrap_or_default()}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

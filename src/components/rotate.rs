//! Rotating a service-account key: choose (or keep) the new key's scopes, see the expiry it
//! inherits, create it as a session job, show it once, then revoke the old key. And the banner
//! that resumes or abandons a rotation cut short.

use crate::components::common::{DaysInput, FieldError, ScopeChecklist};
use crate::components::revoke::RevokeTarget;
use crate::components::secret::SecretReveal;
use crate::logic::permissions::Permission;
use crate::logic::rotation::{self as plan, CarriedExpiry, ExpiryPick, ScopePlan, Stage};
use crate::logic::scopes::EXPIRY_PRESETS;
use crate::logic::scopes::describe;
use crate::logic::time;
use crate::platform::browser;
use crate::session::jobs::{JobStatus, Reveal};
use crate::session::use_session;
use crate::state::use_app;
use crate::work::rotation::{self, Plan};
use admin_api::types::scopes::READ_ONLY;
use leptos::prelude::*;

#[component]
pub fn RotateKey(
    /// The key being replaced, with its project.
    target: RevokeTarget,
    /// Its last known scopes (from the audit log), if any.
    scopes: Option<Vec<String>>,
    /// Called once the new secret is saved, with the new key's ID and name: opens the revoke
    /// dialog for the old key.
    #[prop(into)]
    on_saved: Callback<(RevokeTarget, (String, String))>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let now = browser::now();
    let expiry = plan::carried_expiry(target.key.expires_at, now);
    let known = StoredValue::new(scopes.clone());
    // Unknown scopes: read-only is preselected, and "all" must be chosen explicitly.
    let mode = RwSignal::new(if scopes.is_some() { "same" } else { "read" }.to_string());
    let chosen = RwSignal::new(Vec::<String>::new());
    // The new key's expiry: the old key's by default (unless it has expired), or a choice.
    let expiry_pick = RwSignal::new(
        if expiry == CarriedExpiry::Ask {
            "90"
        } else {
            "same"
        }
        .to_string(),
    );
    let days = RwSignal::new("90".to_string());
    let form_error = RwSignal::new(None::<String>);
    let key_id = StoredValue::new(target.key.id.clone());
    let target = StoredValue::new(target);
    // Found by key, not kept here: the page may be rebuilt while the job runs. Watched, so the
    // card (and the secret's Copy state in it) is drawn again only when this rotation changes.
    let current = session
        .work
        .watch(move || key_id.with_value(|k| session.work.rotation_id(k)));
    let popup = browser::in_extension() && browser::is_popup_sized();

    let start = move || {
        if current().is_some_and(|j| j.status.is_running()) {
            return;
        }
        let t = target.get_value();
        let Some(sa) = t.key.owner.service_account.clone() else {
            return;
        };
        let scope_plan = match mode.get_untracked().as_str() {
            "same" => known.get_value().map(|s| ScopePlan {
                scopes: s,
                copied: true,
            }),
            "read" => Some(ScopePlan {
                scopes: vec![READ_ONLY.into()],
                copied: false,
            }),
            "all" => Some(ScopePlan {
                scopes: vec![],
                copied: false,
            }),
            _ => match plan::restricted(chosen.get_untracked()) {
                Ok(p) => Some(p),
                Err(e) => return form_error.set(Some(e.to_string())),
            },
        };
        let name = format!("{} (rotated {})", t.key.name, time::date(browser::now()));
        let pick = match expiry_pick.get_untracked().as_str() {
            "same" => ExpiryPick::Same,
            "never" => ExpiryPick::Never,
            "custom" => ExpiryPick::Days(days.get_untracked().trim().parse().ok()),
            preset => ExpiryPick::Days(preset.parse().ok()),
        };
        match plan::body(name, scope_plan.as_ref(), expiry, pick, browser::now()) {
            Err(e) => form_error.set(Some(e.to_string())),
            Ok(body) => {
                form_error.set(None);
                rotation::start(
                    app,
                    Plan {
                        project_id: t.project_id,
                        service_account_id: sa.id,
                        old_key_id: t.key.id.clone(),
                        old_key_name: t.key.name.clone(),
                        body,
                    },
                );
            }
        }
    };
    let radio = move |value: &'static str, label: String| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="rotate-scopes"
                    value=value
                    prop:checked=move || mode.get() == value
                    on:change=move |_| mode.set(value.to_string())
                />
                " "
                {label}
            </label>
        }
    };
    let same_label = match expiry {
        CarriedExpiry::Never => Some("Same as this key: never".to_string()),
        CarriedExpiry::At(t) => Some(format!("Same as this key: {}", time::exact(t))),
        CarriedExpiry::Ask => None,
    };
    // The old key's permissions are offered as "Same as this key"; the option they equal is
    // not offered a second time.
    let same_as = scopes.as_deref().map(Permission::of);
    let offer = move |p: Permission| same_as != Some(p);
    view! {
        <div class="card" data-testid="rotate-card">
            <h2>"Rotate"</h2>
            {move || match current().map(|j| (j.id, j.reveal().cloned(), j.status, j.note)) {
                Some((id, Some(Reveal { secret, facts }), _, _)) => {
                    let new_key = (secret.id.clone(), secret.name.clone());
                    view! {
                        <SecretReveal
                            secret=secret
                            facts=facts
                            on_done=Callback::new(move |_| {
                                rotation::secret_saved(app, id);
                                on_saved.run((target.get_value(), new_key.clone()));
                            })
                        />
                    }
                        .into_any()
                }
                Some((_, None, status, note)) if status.is_running() => {
                    view! { <p role="status">{note}</p> }.into_any()
                }
                Some((_, None, JobStatus::Failed(why), note)) => {
                    view! {
                        <div class="error-panel" role="alert">
                            <strong>{note}</strong>
                            <p class="error-message">{why}</p>
                        </div>
                    }
                        .into_any()
                }
                _ => {
                    view! {
                        <p>
                            "Creates a new key for the same service account and shows it once. Put it in place, then \
                                revoke this key."
                        </p>
                        <fieldset>
                            <legend>"Permissions of the new key"</legend>
                            {match known.get_value() {
                                Some(s) => {
                                    radio("same", format!("Same as this key: {}", describe(&s)))
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <p class="warn-text" data-testid="scopes-unknown">
                                            "This key’s scopes could not be read (the API does not report them and \
                                                the audit log has no record). Choose the new key’s permissions."
                                        </p>
                                    }
                                        .into_any()
                                }
                            }}
                            {offer(Permission::ReadOnly).then(|| radio("read", "Read-only".into()))}
                            {radio("custom", "Restricted to…".into())}
                            {offer(Permission::All).then(|| radio("all", "All permissions".into()))}
                            <Show when=move || mode.get() == "custom">
                                <ScopeChecklist chosen=chosen />
                            </Show>
                        </fieldset>
                        <p>
                            <label for="rotate-expiry">
                                <strong>"Expires: "</strong>
                            </label>
                            <select
                                id="rotate-expiry"
                                data-testid="rotate-expiry"
                                on:change=move |e| expiry_pick.set(event_target_value(&e))
                            >
                                {same_label
                                    .clone()
                                    .map(|label| {
                                        view! {
                                            <option
                                                value="same"
                                                selected=move || expiry_pick.get() == "same"
                                            >
                                                {label}
                                            </option>
                                        }
                                    })}
                                {EXPIRY_PRESETS
                                    .iter()
                                    .map(|(d, label)| {
                                        let value = d.to_string();
                                        let v2 = value.clone();
                                        view! {
                                            <option
                                                value=value
                                                selected=move || expiry_pick.get() == v2
                                            >
                                                {format!("In {label}")}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                                <option value="never" selected=move || expiry_pick.get() == "never">
                                    "Never"
                                </option>
                                <option
                                    value="custom"
                                    selected=move || expiry_pick.get() == "custom"
                                >
                                    "In a number of days…"
                                </option>
                            </select>
                        </p>
                        {(expiry == CarriedExpiry::Ask)
                            .then(|| {
                                view! {
                                    <p class="muted small">
                                        "This key has expired: choose how long the new one lasts."
                                    </p>
                                }
                            })}
                        <Show when=move || expiry_pick.get() == "custom">
                            <DaysInput value=days testid="rotate-days" />
                        </Show>
                        {popup
                            .then(|| {
                                view! {
                                    <p class="warn-text">
                                        "Closing this popup before you copy the new key loses the copy; the rotation \
                                            can then be finished or abandoned from this page."
                                    </p>
                                }
                            })}
                        <FieldError message=form_error />
                        <button class="btn" data-testid="rotate" on:click=move |_| start()>
                            "Create a replacement key"
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Lets the key page finish or abandon a rotation of this key that was cut short.
#[component]
pub fn RotationResume(
    /// This key, with its project.
    target: RevokeTarget,
    /// Opens the revoke dialog for a key.
    #[prop(into)]
    on_revoke: Callback<RevokeTarget>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let key_id = target.key.id.clone();
    let record = LocalResource::new(move || rotation::pending(app));
    let target = StoredValue::new(target);
    let abandon = Action::new_local(move |new_id: &String| {
        let t = target.get_value();
        let api = session.client();
        let new_id = new_id.clone();
        async move {
            let key = api?.retrieve_api_key(&t.project_id, &new_id).await?;
            Ok::<_, admin_api::ApiError>(RevokeTarget { key, ..t })
        }
    });
    Effect::new(move |_| match abandon.value().get() {
        Some(Ok(t)) => on_revoke.run(t),
        Some(Err(e)) if e.kind == admin_api::ErrorKind::NotFound => {
            rotation::forget(app);
            record.refetch();
        }
        _ => {}
    });
    // While this session rotates the key, the rotate card shows it; the banner is for one cut short.
    let active_here = {
        let key_id = key_id.clone();
        move || session.work.rotation_of(&key_id).is_some()
    };
    view! {
        {move || {
            let r = record.get().flatten().filter(|r| r.old_key_id == key_id && !active_here())?;
            let when = time::exact(r.started_at);
            let explain = match (r.stage, &r.new_key_id) {
                (Stage::Creating, _) | (_, None) => {
                    format!(
                        "A rotation of this key started {when}, but Keyward could not confirm whether the replacement \
                            “{}” was created. Look for it in the project’s keys. This key still works.",
                        r.new_key_name,
                    )
                }
                (Stage::Created, Some(id)) => {
                    format!(
                        "A rotation of this key was interrupted: the replacement “{}” ({id}) was created {when}, \
                            but its secret was not confirmed saved and can’t be shown again. This key still works.",
                        r.new_key_name,
                    )
                }
                (Stage::Saved, Some(id)) => {
                    format!(
                        "The replacement “{}” ({id}) was created {when} and its secret saved. What remains is \
                            revoking this key.",
                        r.new_key_name,
                    )
                }
            };
            let new_id = r.new_key_id.clone();
            Some(
                view! {
                    <div class="notice card" role="status" data-testid="rotation-resume">
                        <p>{explain}</p>
                        <div class="actions">
                            {new_id
                                .clone()
                                .map(|_| {
                                    view! {
                                        <button
                                            class="btn btn-danger"
                                            data-testid="rotation-finish"
                                            on:click=move |_| on_revoke.run(target.get_value())
                                        >
                                            "Finish: revoke this key"
                                        </button>
                                    }
                                })}
                            {new_id
                                .filter(|_| r.stage == Stage::Created)
                                .map(|id| {
                                    view! {
                                        <button
                                            class="btn"
                                            data-testid="rotation-abandon"
                                            disabled=move || abandon.pending().get()
                                            on:click=move |_| {
                                                abandon.dispatch_local(id.clone());
                                            }
                                        >
                                            "Abandon: revoke the replacement"
                                        </button>
                                    }
                                })}
                            <button
                                class="btn"
                                data-testid="rotation-forget"
                                on:click=move |_| {
                                    rotation::forget(app);
                                    record.refetch();
                                }
                            >
                                "Forget this rotation"
                            </button>
                        </div>
                        {move || {
                            abandon
                                .value()
                                .get()
                                .and_then(|r| r.err())
                                .filter(|e| e.kind != admin_api::ErrorKind::NotFound)
                                .map(|e| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {e.summary()}
                                        </p>
                                    }
                                })
                        }}
                    </div>
                },
            )
        }}
    }
}

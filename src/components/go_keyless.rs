//! "Go keyless" for one service account: choose a provider or make one from a preset (issuer and
//! usual audience filled, all editable), write the rule's matchers with the issuer's claims and
//! an example token's values as help, choose the permissions, review, then create it as a job.
//! Everything is checked before anything is sent; a catch-all rule on a public issuer is refused.

use crate::components::common::FieldError;
use crate::components::jobs::JobCard;
use crate::components::keyless_edit::{PermissionsField, TextField, Warnings};
use crate::components::matcher_rows::MatcherRows;
use crate::components::modal::Modal;
use crate::components::verification_field::VerificationField;
use crate::logic::keyless::checks::{self, Warning};
use crate::logic::keyless::presets::{PRESETS, Preset, for_issuer};
use crate::session::use_session;
use crate::state::use_app;
use crate::work::keyless::{Account, ProviderChoice, go_keyless};
use admin_api::types::{CreateProvider, CreateRule, RulePermissions, WorkloadIdentityProvider};
use leptos::prelude::*;

/// `""` in the provider choice: a new one.
const NEW: &str = "";

#[component]
pub fn GoKeylessDialog(
    account: Account,
    providers: Vec<WorkloadIdentityProvider>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let choice = RwSignal::new(providers.first().map(|p| p.id.clone()).unwrap_or_default());
    let preset = RwSignal::new(PRESETS[0].id);
    let name = RwSignal::new(PRESETS[0].label.to_owned());
    let issuer = RwSignal::new(PRESETS[0].issuer.to_owned());
    let audience = RwSignal::new(PRESETS[0].audience.to_owned());
    let rows = RwSignal::new(vec![(String::new(), String::new()); 2]);
    let uploaded = RwSignal::new(false);
    let jwks = RwSignal::new(String::new());
    let restricted = RwSignal::new(false);
    let scopes = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let warnings = RwSignal::new(Vec::<Warning>::new());
    let job = RwSignal::new(None::<u64>);
    let providers = StoredValue::new(providers);
    let account = StoredValue::new(account);
    // The issuer the rule is for: the chosen provider's, or the one typed.
    let current_issuer = move || {
        let c = choice.get();
        if c == NEW {
            issuer.get()
        } else {
            providers.with_value(|ps| {
                ps.iter()
                    .find(|p| p.id == c)
                    .map(|p| p.issuer.clone())
                    .unwrap_or_default()
            })
        }
    };
    let claims = move || for_issuer(&current_issuer()).map_or(&[][..], |p: &Preset| p.claims);
    let pick_preset = move |id: String| {
        if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
            preset.set(p.id);
            name.set(p.label.to_owned());
            issuer.set(p.issuer.to_owned());
            audience.set(p.audience.to_owned());
        }
    };
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if job.get_untracked().is_some() {
            return;
        }
        let iss = current_issuer();
        let provider = if choice.get_untracked() == NEW {
            let body = (|| {
                let n = name.get_untracked().trim().to_owned();
                if n.is_empty() {
                    return Err("The provider needs a name.".to_owned());
                }
                Ok(CreateProvider {
                    name: n,
                    kind: "oidc".into(),
                    issuer: checks::issuer(&iss)?,
                    audience: checks::audience(&audience.get_untracked())?,
                    description: None,
                    enabled: None,
                    verification: if uploaded.get_untracked() {
                        Some(checks::verification(true, &jwks.get_untracked())?)
                    } else {
                        None
                    },
                    attribute_transformations: None,
                })
            })();
            match body {
                Ok(b) => ProviderChoice::New(
                    b,
                    providers.with_value(|ps| ps.iter().map(|p| p.id.clone()).collect()),
                ),
                Err(why) => {
                    error.set(Some(why));
                    return;
                }
            }
        } else {
            ProviderChoice::Existing(choice.get_untracked())
        };
        let (matchers, warned) = match checks::matchers(&rows.get_untracked(), &iss) {
            Ok(m) => m,
            Err(why) => {
                error.set(Some(why));
                return;
            }
        };
        let permissions = if restricted.get_untracked() {
            let s = scopes.get_untracked();
            if s.is_empty() {
                error.set(Some(
                    "Choose at least one scope, or the service account's own permissions.".into(),
                ));
                return;
            }
            RulePermissions::Restricted { scopes: s }
        } else {
            RulePermissions::ServiceAccountDefault
        };
        // Warnings are shown once; pressing Create again sends.
        if !warned.is_empty() && warnings.with_untracked(Vec::is_empty) {
            warnings.set(warned);
            error.set(None);
            return;
        }
        error.set(None);
        let a = account.get_value();
        let rule = CreateRule {
            project_id: a.project_id,
            service_account_id: a.account.id,
            attribute_matchers: matchers,
            name: None,
            description: None,
            enabled: None,
            permissions: Some(permissions),
        };
        job.set(go_keyless(app, session, provider, rule));
    };
    let running = move || {
        job.get()
            .and_then(|id| session.work.get(id))
            .is_some_and(|j| j.status.is_running())
    };
    let who = account.with_value(|a| format!("{} in {}", a.account.name, a.project_name));
    view! {
        <Modal
            labelledby="go-keyless-title"
            testid="go-keyless-dialog"
            on_close=on_close
            busy=Signal::derive(running)
        >
            <h2 id="go-keyless-title">{format!("Go keyless: {who}")}</h2>
            {move || match job.get() {
                Some(id) => {
                    view! {
                        <JobCard id=id in_dialog=true />
                        <div class="actions">
                            <button
                                class="btn"
                                data-testid="go-keyless-close"
                                on:click=move |_| on_close.run(())
                            >
                                "Close"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
            <form on:submit=submit novalidate hidden=move || job.get().is_some() class="rail-form">
                <h3>"1. Where the workload's token comes from"</h3>
                <label class="field-inline">
                    <span>"Provider"</span>
                    <select
                        data-testid="gk-provider"
                        on:change=move |e| choice.set(event_target_value(&e))
                    >
                        {providers
                            .with_value(|ps| {
                                ps.iter()
                                    .map(|p| {
                                        let id = p.id.clone();
                                        let v = id.clone();
                                        view! {
                                            <option value=id selected=move || choice.with(|c| *c == v)>
                                                {format!("{} ({})", p.name, p.issuer)}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })}
                        <option value=NEW selected=move || choice.with(String::is_empty)>
                            "A new provider…"
                        </option>
                    </select>
                </label>
                <Show when=move || choice.with(String::is_empty)>
                    <label class="field-inline">
                        <span>"Start from"</span>
                        <select
                            data-testid="gk-preset"
                            on:change=move |e| pick_preset(event_target_value(&e))
                        >
                            {PRESETS
                                .iter()
                                .map(|p| {
                                    view! {
                                        <option value=p.id selected=move || preset.get() == p.id>
                                            {p.label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <TextField label="Name" testid="gk-name" value=name />
                    <TextField
                        label="Issuer (https; fill in any {…})"
                        testid="gk-issuer"
                        value=issuer
                    />
                    <TextField label="Audience" testid="gk-audience" value=audience />
                    <VerificationField uploaded=uploaded jwks=jwks error=error />
                </Show>
                <h3>"2. Which tokens sign in as this account"</h3>
                <p class="muted small">
                    "Every matcher must hold. Pin the rule to one workload (a repository, a project, an identity)."
                </p>
                <MatcherRows rows=rows claims=Signal::derive(claims) />
                <h3>"3. What it may do"</h3>
                <PermissionsField restricted=restricted scopes=scopes />
                <Warnings warnings=warnings />
                <FieldError message=error />
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button type="submit" class="btn btn-primary" data-testid="gk-create">
                        {move || {
                            if warnings.with(Vec::is_empty) {
                                "Create the rule"
                            } else {
                                "Create it anyway"
                            }
                        }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

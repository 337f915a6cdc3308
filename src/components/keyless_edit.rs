//! A federation rule's or a provider's edit: the form filled with what is there, checked like
//! "Go keyless" checks, then only the changed fields sent once and proven by reading back.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::{FieldError, ScopeChecklist, Write};
use crate::components::matcher_rows::{MatcherRows, rows_of};
use crate::components::modal::Modal;
use crate::components::verification_field::VerificationField;
use crate::logic::keyless::checks::{self, Warning};
use crate::logic::keyless::edits::{
    ProviderFields, provider_holds, provider_update, rule_holds, rule_update,
};
use crate::logic::keyless::presets::{Preset, for_issuer};
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::types::{FederationRule, RulePermissions, Verification, WorkloadIdentityProvider};
use leptos::prelude::*;

#[component]
pub fn EditRule(
    rule: FederationRule,
    /// The issuer of the rule's provider (for the claims help and the catch-all check).
    issuer: String,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::<()>::new();
    let name = RwSignal::new(rule.name.clone().unwrap_or_default());
    let rows = RwSignal::new(rows_of(&rule.attribute_matchers));
    let (restricted, scopes) = match &rule.permissions {
        Some(RulePermissions::Restricted { scopes }) => (true, scopes.clone()),
        _ => (false, Vec::new()),
    };
    let restricted = RwSignal::new(restricted);
    let scopes = RwSignal::new(scopes);
    let error = RwSignal::new(None::<String>);
    let warnings = RwSignal::new(Vec::<Warning>::new());
    let claims = for_issuer(&issuer).map_or(&[][..], |p: &Preset| p.claims);
    let rule = StoredValue::new(rule);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if send.pending_untracked() {
            return;
        }
        let (matchers, warned) = match checks::matchers(&rows.get_untracked(), &issuer) {
            Ok(m) => m,
            Err(why) => return error.set(Some(why)),
        };
        let permissions = if restricted.get_untracked() {
            let s = scopes.get_untracked();
            if s.is_empty() {
                return error.set(Some(
                    "Choose at least one scope, or the service account's own permissions.".into(),
                ));
            }
            RulePermissions::Restricted { scopes: s }
        } else {
            RulePermissions::ServiceAccountDefault
        };
        if !warned.is_empty() && warnings.with_untracked(Vec::is_empty) {
            warnings.set(warned);
            return error.set(None);
        }
        let old = rule.get_value();
        let Some(body) = rule_update(&old, &name.get_untracked(), matchers, permissions) else {
            return error.set(Some("Nothing changed.".into()));
        };
        error.set(None);
        let (api, back) = (session.client(), session.client());
        let (p, id, sent) = (
            old.workload_identity_provider_id.clone(),
            old.id.clone(),
            body.clone(),
        );
        checker.send(
            send,
            async move { api?.update_rule(&p, &id, &body).await.map(drop) },
            async move {
                let now = back?
                    .rule(&old.workload_identity_provider_id, &old.id)
                    .await?;
                Ok(rule_holds(&now, &sent))
            },
            Checked {
                done: "Rule saved.".into(),
                error,
                topics: vec![Topic::Keyless],
                then: on_close,
            },
        );
    };
    view! {
        <Modal
            labelledby="rule-edit-title"
            testid="rule-edit-dialog"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="rule-edit-title">"Edit the rule"</h2>
            <form on:submit=submit novalidate class="rail-form">
                <label class="field-inline">
                    <span>"Name"</span>
                    <input
                        type="text"
                        autocomplete="off"
                        data-testid="rule-name"
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </label>
                <h3>"Which tokens sign in"</h3>
                <MatcherRows rows=rows claims=Signal::stored(claims) />
                <h3>"What it may do"</h3>
                <PermissionsField restricted=restricted scopes=scopes />
                <Warnings warnings=warnings />
                <FieldError message=error />
                <SaveRow send=send on_close=on_close testid="rule-save" warned=warnings />
            </form>
        </Modal>
    }
}

#[component]
pub fn EditProvider(
    provider: WorkloadIdentityProvider,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::<()>::new();
    let name = RwSignal::new(provider.name.clone());
    let issuer = RwSignal::new(provider.issuer.clone());
    let audience = RwSignal::new(provider.audience.clone());
    let (up, text) = match &provider.verification {
        Some(Verification::UploadedJwks { jwks }) => {
            (true, serde_json::to_string_pretty(jwks).unwrap_or_default())
        }
        _ => (false, String::new()),
    };
    let uploaded = RwSignal::new(up);
    let jwks = RwSignal::new(text);
    let error = RwSignal::new(None::<String>);
    let provider = StoredValue::new(provider);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if send.pending_untracked() {
            return;
        }
        let fields = (|| {
            let n = name.get_untracked().trim().to_owned();
            if n.is_empty() {
                return Err("The provider needs a name.".to_owned());
            }
            Ok(ProviderFields {
                name: n,
                issuer: checks::issuer(&issuer.get_untracked())?,
                audience: checks::audience(&audience.get_untracked())?,
                verification: checks::verification(
                    uploaded.get_untracked(),
                    &jwks.get_untracked(),
                )?,
            })
        })();
        let fields = match fields {
            Ok(f) => f,
            Err(why) => return error.set(Some(why)),
        };
        let old = provider.get_value();
        let Some(body) = provider_update(&old, fields) else {
            return error.set(Some("Nothing changed.".into()));
        };
        error.set(None);
        let (api, back) = (session.client(), session.client());
        let (id, sent) = (old.id.clone(), body.clone());
        checker.send(
            send,
            async move { api?.update_provider(&id, &body).await.map(drop) },
            async move { Ok(provider_holds(&back?.provider(&old.id).await?, &sent)) },
            Checked {
                done: "Provider saved.".into(),
                error,
                topics: vec![Topic::Keyless],
                then: on_close,
            },
        );
    };
    let no_warnings = RwSignal::new(Vec::new());
    view! {
        <Modal
            labelledby="provider-edit-title"
            testid="provider-edit-dialog"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="provider-edit-title">
                {format!("Edit “{}”", provider.with_value(|p| p.name.clone()))}
            </h2>
            <form on:submit=submit novalidate class="rail-form">
                <TextField label="Name" testid="provider-name" value=name />
                <TextField label="Issuer (https)" testid="provider-issuer" value=issuer />
                <TextField label="Audience" testid="provider-audience" value=audience />
                <p class="muted small">
                    "A new issuer or audience applies to every rule of this provider: tokens made for the old \
                     ones stop signing in."
                </p>
                <VerificationField uploaded=uploaded jwks=jwks error=error />
                <FieldError message=error />
                <SaveRow send=send on_close=on_close testid="provider-save" warned=no_warnings />
            </form>
        </Modal>
    }
}

/// A labelled one-line text field bound to `value`.
#[component]
pub fn TextField(
    label: &'static str,
    testid: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class="field-inline">
            <span>{label}</span>
            <input
                type="text"
                autocomplete="off"
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
            />
        </label>
    }
}

/// The rule's permissions: the service account's own, or restricted scopes chosen like a key's.
#[component]
pub fn PermissionsField(
    restricted: RwSignal<bool>,
    scopes: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <label class="inline">
            <input
                type="checkbox"
                data-testid="gk-restricted"
                prop:checked=move || restricted.get()
                on:change=move |e| restricted.set(event_target_checked(&e))
            />
            " Restricted scopes (unticked: the service account's own permissions)"
        </label>
        <Show when=move || restricted.get()>
            <ScopeChecklist chosen=scopes />
        </Show>
    }
}

/// What the checks found worth a second look (the rule is still sent).
#[component]
pub fn Warnings(warnings: RwSignal<Vec<Warning>>) -> impl IntoView {
    view! {
        <ul class="plain small warn-text" data-testid="gk-warnings">
            {move || warnings.get().into_iter().map(|w| view! { <li>{w.0}</li> }).collect_view()}
        </ul>
    }
}

/// Cancel and Save; Save says "Save anyway" once warnings were shown.
#[component]
fn SaveRow(
    send: Write<()>,
    on_close: Callback<()>,
    testid: &'static str,
    warned: RwSignal<Vec<Warning>>,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button type="button" class="btn" on:click=move |_| on_close.run(())>
                "Cancel"
            </button>
            <button
                type="submit"
                class="btn btn-primary"
                data-testid=testid
                disabled=move || send.pending()
            >
                {move || {
                    if send.pending() {
                        "Saving…"
                    } else if warned.with(Vec::is_empty) {
                        "Save"
                    } else {
                        "Save anyway"
                    }
                }}
            </button>
        </div>
    }
}

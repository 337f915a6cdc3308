//! The providers, each with its rules and the service account each rule signs in as. Rules and
//! providers are edited, enabled, disabled and deleted here, after saying what is lost: deleting a
//! provider lists the rules and accounts that lose their sign-in; disabling the rule of an
//! account without keys says its workload stops working.

use crate::components::checked_write::{Checked, Checker};
use crate::components::common::Write;
use crate::components::confirm::ConfirmDialog;
use crate::components::keyless_edit::{EditProvider, EditRule};
use crate::logic::errors::proves_gone;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::work::keyless::KeylessData;
use admin_api::types::{FederationRule, UpdateProvider, UpdateRule, WorkloadIdentityProvider};
use leptos::prelude::*;

/// A change waiting for its confirmation.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    RuleEnabled(FederationRule, bool),
    RuleDeleted(FederationRule),
    ProviderEnabled(WorkloadIdentityProvider, bool),
    ProviderDeleted(WorkloadIdentityProvider),
}

/// An edit being made.
#[derive(Clone, Debug, PartialEq)]
pub enum Editing {
    /// The rule, and its provider's issuer.
    Rule(FederationRule, String),
    Provider(WorkloadIdentityProvider),
}

/// What the provider cards ask for: a change to confirm (with its cost in words), an edit.
/// Owned by the page: the cards are drawn again on every reload, the dialogs must stay.
#[derive(Clone, Copy, Default)]
pub struct Asks {
    pub change: RwSignal<Option<(Change, String)>>,
    pub edit: RwSignal<Option<Editing>>,
}

#[component]
pub fn Providers(data: KeylessData, asks: Asks) -> impl IntoView {
    let session = use_session();
    let Asks {
        change: asking,
        edit: editing,
    } = asks;
    let data = StoredValue::new(data);
    let name_of = move |sa: &str| {
        data.with_value(|d| {
            d.accounts.iter().find(|a| a.account.id == sa).map_or_else(
                || sa.to_owned(),
                |a| format!("{} in {}", a.account.name, a.project_name),
            )
        })
    };
    // What a change costs, in words, for its confirmation.
    let cost = move |c: &Change| -> String {
        match c {
            Change::RuleEnabled(r, false) => {
                let keys = session.inventory.with_untracked(|i| {
                    i.parts
                        .get(&r.project_id)
                        .map_or(0, |p| p.of_service_account(&r.service_account_id))
                });
                if keys == 0 {
                    format!(
                        "{} has no key: the workload that signs in with this rule stops working until it is enabled \
                         again.",
                        name_of(&r.service_account_id)
                    )
                } else {
                    format!(
                        "Workloads stop signing in as {} with this rule.",
                        name_of(&r.service_account_id)
                    )
                }
            }
            Change::RuleEnabled(r, true) => format!(
                "Matching tokens sign in as {} again.",
                name_of(&r.service_account_id)
            ),
            Change::RuleDeleted(r) => format!(
                "Workloads stop signing in as {} with this rule.",
                name_of(&r.service_account_id)
            ),
            Change::ProviderEnabled(_, on) => (if *on {
                "Its tokens are accepted again."
            } else {
                "Its tokens stop being accepted."
            })
            .into(),
            Change::ProviderDeleted(p) => {
                let lost: Vec<String> = data.with_value(|d| {
                    d.rules
                        .iter()
                        .filter(|r| r.workload_identity_provider_id == p.id)
                        .map(|r| name_of(&r.service_account_id))
                        .collect()
                });
                if lost.is_empty() {
                    "It has no rules: no service account loses its sign-in.".into()
                } else {
                    format!(
                        "Its {} rules go with it, and these lose their sign-in: {}.",
                        lost.len(),
                        lost.join("; ")
                    )
                }
            }
        }
    };
    let ask = move |c: Change| {
        let text = cost(&c);
        asking.set(Some((c, text)));
    };
    let cards = data.with_value(|d| {
        d.providers
            .iter()
            .map(|p| {
                let rules: Vec<FederationRule> = d
                    .rules
                    .iter()
                    .filter(|r| r.workload_identity_provider_id == p.id)
                    .cloned()
                    .collect();
                let (p1, p2, p3) = (p.clone(), p.clone(), p.clone());
                let issuer = p.issuer.clone();
                let on = p.enabled;
                view! {
                    <section class="card" data-testid="provider" data-provider-id=p.id.clone()>
                        <div class="card-head">
                            <h3>
                                {p.name.clone()}
                                {(!on)
                                    .then(|| {
                                        view! {
                                            " "
                                            <span class="badge badge-warn">"disabled"</span>
                                        }
                                    })}
                            </h3>
                            <div class="actions">
                                <button
                                    class="btn btn-small"
                                    data-testid="provider-edit"
                                    aria-label=format!("Edit… {}", p.name)
                                    on:click=move |_| {
                                        editing.set(Some(Editing::Provider(p3.clone())))
                                    }
                                >
                                    "Edit…"
                                </button>
                                <button
                                    class="btn btn-small"
                                    data-testid="provider-toggle"
                                    on:click=move |_| ask(Change::ProviderEnabled(p1.clone(), !on))
                                >
                                    {if on { "Disable" } else { "Enable" }}
                                </button>
                                <button
                                    class="btn btn-small btn-danger-outline"
                                    data-testid="provider-delete"
                                    on:click=move |_| ask(Change::ProviderDeleted(p2.clone()))
                                >
                                    "Delete…"
                                </button>
                            </div>
                        </div>
                        <p class="small muted wrap">
                            "Issuer " <code>{p.issuer.clone()}</code> " · audience "
                            <code>{p.audience.clone()}</code>
                        </p>
                        <ul class="plain" data-testid="provider-rules">
                            {rules
                                .is_empty()
                                .then(|| view! { <li class="muted">"No rules yet."</li> })}
                            {rules
                                .into_iter()
                                .map(|r| {
                                    let matchers = r
                                        .attribute_matchers
                                        .iter()
                                        .map(|(k, v)| {
                                            format!(
                                                "{k} = {}",
                                                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                                            )
                                        })
                                        .collect::<Vec<_>>()
                                        .join(", ");
                                    let (r1, r2, r3) = (r.clone(), r.clone(), r.clone());
                                    let issuer = issuer.clone();
                                    let on = r.enabled;
                                    view! {
                                        <li
                                            data-testid="rule"
                                            data-rule-id=r.id.clone()
                                            data-enabled=on.to_string()
                                        >
                                            <span class="wrap">
                                                <strong>
                                                    {r.name.clone().unwrap_or_else(|| "Rule".into())}
                                                </strong>
                                                {format!(
                                                    ": {matchers} → {}",
                                                    name_of(&r.service_account_id),
                                                )}
                                                {(!on).then_some(" (disabled)")}
                                            </span>
                                            " "
                                            <button
                                                class="btn btn-small"
                                                data-testid="rule-edit"
                                                on:click=move |_| {
                                                    editing.set(Some(Editing::Rule(r3.clone(), issuer.clone())))
                                                }
                                            >
                                                "Edit…"
                                            </button>
                                            <button
                                                class="btn btn-small"
                                                data-testid="rule-toggle"
                                                on:click=move |_| ask(Change::RuleEnabled(r1.clone(), !on))
                                            >
                                                {if on { "Disable" } else { "Enable" }}
                                            </button>
                                            <button
                                                class="btn btn-small btn-danger-outline"
                                                data-testid="rule-delete"
                                                on:click=move |_| ask(Change::RuleDeleted(r2.clone()))
                                            >
                                                "Delete"
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()
    });
    view! {
        <h2 class="section-title">"Providers and their rules"</h2>
        {data
            .with_value(|d| d.providers.is_empty())
            .then(|| {
                view! {
                    <p class="muted">
                        "No providers yet: “Go keyless” on a service account creates one."
                    </p>
                }
            })}
        {cards}
    }
}

/// The dialogs the cards ask for, drawn by the page outside the cards.
#[component]
pub fn ProviderDialogs(asks: Asks) -> impl IntoView {
    let Asks {
        change: asking,
        edit: editing,
    } = asks;
    view! {
        {move || {
            asking
                .get()
                .map(|(c, text)| {
                    view! {
                        <ConfirmChange
                            change=c
                            text=text
                            on_close=Callback::new(move |_| asking.set(None))
                        />
                    }
                })
        }}
        {move || {
            let close = Callback::new(move |_| editing.set(None));
            editing
                .get()
                .map(|e| match e {
                    Editing::Rule(r, issuer) => {
                        view! { <EditRule rule=r issuer=issuer on_close=close /> }.into_any()
                    }
                    Editing::Provider(p) => {
                        view! { <EditProvider provider=p on_close=close /> }.into_any()
                    }
                })
        }}
    }
}

#[component]
fn ConfirmChange(
    change: Change,
    text: String,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let checker = Checker::new();
    let send = Write::<()>::new();
    let error = RwSignal::new(None::<String>);
    let title = match &change {
        Change::RuleEnabled(_, true) => "Enable this rule?".to_owned(),
        Change::RuleEnabled(_, false) => "Disable this rule?".to_owned(),
        Change::RuleDeleted(_) => "Delete this rule?".to_owned(),
        Change::ProviderEnabled(p, on) => {
            format!("{} “{}”?", if *on { "Enable" } else { "Disable" }, p.name)
        }
        Change::ProviderDeleted(p) => format!("Delete “{}”?", p.name),
    };
    let go = move |_| {
        let (api, back) = (session.client(), session.client());
        let said = Checked {
            done: "Done.".into(),
            error,
            topics: vec![Topic::Keyless],
            then: on_close,
        };
        match change.clone() {
            Change::RuleEnabled(r, on) => {
                let body = UpdateRule {
                    enabled: Some(on),
                    ..UpdateRule::default()
                };
                let (p, id) = (r.workload_identity_provider_id.clone(), r.id.clone());
                checker.send(
                    send,
                    async move { api?.update_rule(&p, &id, &body).await.map(drop) },
                    async move {
                        Ok(back?
                            .rule(&r.workload_identity_provider_id, &r.id)
                            .await?
                            .enabled
                            == on)
                    },
                    said,
                );
            }
            Change::RuleDeleted(r) => {
                let (p, id) = (r.workload_identity_provider_id.clone(), r.id.clone());
                checker.send(
                    send,
                    async move { api?.delete_rule(&p, &id).await.map(drop) },
                    async move {
                        proves_gone(back?.rule(&r.workload_identity_provider_id, &r.id).await)
                    },
                    said,
                );
            }
            Change::ProviderEnabled(p, on) => {
                let body = UpdateProvider {
                    enabled: Some(on),
                    ..UpdateProvider::default()
                };
                let id = p.id.clone();
                checker.send(
                    send,
                    async move { api?.update_provider(&id, &body).await.map(drop) },
                    async move { Ok(back?.provider(&p.id).await?.enabled == on) },
                    said,
                );
            }
            Change::ProviderDeleted(p) => {
                let id = p.id.clone();
                checker.send(
                    send,
                    async move { api?.delete_provider(&id).await.map(drop) },
                    async move { proves_gone(back?.provider(&p.id).await) },
                    said,
                );
            }
        }
    };
    view! {
        <ConfirmDialog
            title=title
            text=text
            confirm="Confirm"
            pending="Sending…"
            testid="keyless-confirm"
            busy=Signal::derive(move || send.pending())
            error=error
            on_confirm=Callback::new(go)
            on_close=on_close
        />
    }
}

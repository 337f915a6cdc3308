//! Keyless: every service account's state (keyless, mixed, key-only), the key-only and mixed
//! counts as findings that filter the table (in the hash), "Go keyless" for one account, the old
//! keys' last use since its rule and, once they have been quiet long enough, their revoke through
//! the bulk review; then the providers, each with its rules.

use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::common::{RelTime, api_resource_on, loaded};
use crate::components::data_table::{DataTable, TableExport, sort_in_hash};
use crate::components::finding_chips::{Finding, FindingChips, chosen_in_hash};
use crate::components::go_keyless::GoKeylessDialog;
use crate::components::keyless_providers::{Asks, ProviderDialogs, Providers};
use crate::components::old_keys::QuietDays;
use crate::logic::keyless::{SaState, keyless_since, keys_can_go, rules_of};
use crate::logic::table::{Column, Key, Row};
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::use_app;
use crate::work::inventory;
use crate::work::keyless::{self, Account, KeylessData};
use leptos::prelude::*;

const PAGE: &str = "#/keyless";

const COLUMNS: &[Column] = &[
    Column::new("name", "Service account"),
    Column::wide("project", "Project"),
    Column::new("state", "State"),
    Column::new("keys", "Keys"),
    Column::wide("rules", "Rules"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeylessFinding {
    KeyOnly,
    Mixed,
}

impl Finding for KeylessFinding {
    fn all() -> &'static [Self] {
        &[Self::KeyOnly, Self::Mixed]
    }

    fn id(self) -> &'static str {
        match self {
            Self::KeyOnly => "key-only",
            Self::Mixed => "mixed",
        }
    }

    fn label(self) -> String {
        match self {
            Self::KeyOnly => "Key-only",
            Self::Mixed => "Mixed: rules and keys",
        }
        .into()
    }
}

#[component]
pub fn KeylessPage() -> impl IntoView {
    let session = use_session();
    inventory::ensure(session);
    let data = api_resource_on([Topic::Keyless], move |api| async move {
        keyless::load(session, &api).await
    });
    let going = RwSignal::new(None::<Account>);
    let revoking = RwSignal::new(None::<Vec<Chosen>>);
    let asks = Asks::default();
    view! {
        <section class="page" aria-labelledby="keyless-title" data-testid="keyless-page">
            <div class="page-head">
                <div>
                    <h1 id="keyless-title">"Keyless"</h1>
                    <p class="muted small">
                        "A service account signed in by its workload's own short-lived token (GitHub Actions, \
                            GitLab, a cloud) needs no stored key: the safest key is the one that does not exist."
                    </p>
                </div>
            </div>
            {loaded(
                data,
                "Loading providers and service accounts…".to_string(),
                move |d: KeylessData| {
                    view! {
                        <Accounts data=d.clone() going=going revoking=revoking />
                        <Providers data=d asks=asks />
                    }
                        .into_any()
                },
            )}
            {move || {
                going
                    .get()
                    .map(|a| {
                        let providers = data
                            .get_untracked()
                            .and_then(Result::ok)
                            .map(|d| d.providers)
                            .unwrap_or_default();
                        // Untracked: the reload after the job must not recreate the dialog.
                        view! {
                            <GoKeylessDialog
                                account=a
                                providers=providers
                                on_close=Callback::new(move |_| going.set(None))
                            />
                        }
                    })
            }}
            <ProviderDialogs asks=asks />
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
        </section>
    }
}

#[component]
fn Accounts(
    data: KeylessData,
    going: RwSignal<Option<Account>>,
    revoking: RwSignal<Option<Vec<Chosen>>>,
) -> impl IntoView {
    let session = use_session();
    let quiet = use_app().prefs.quiet_days;
    let now = browser::now();
    let finding = chosen_in_hash::<KeylessFinding>(PAGE);
    let sort = sort_in_hash(PAGE, COLUMNS);
    let KeylessData {
        rules,
        accounts,
        checked,
        ..
    } = data;
    let rules = StoredValue::new(rules);
    let accounts = StoredValue::new(accounts);
    let state_of = move |a: &Account, keys: usize| {
        rules.with_value(|r| SaState::of(rules_of(r, &a.account.id).len(), keys))
    };
    let lines = Memo::new(move |_| {
        accounts.with_value(|all| {
            all.iter()
                .map(|a| {
                    let keys = keyless::keys_of(session, &a.project_id, &a.account.id);
                    (a.clone(), state_of(a, keys.len()), keys)
                })
                .collect::<Vec<_>>()
        })
    });
    let counts = Signal::derive(move || {
        lines.with(|l| {
            [SaState::KeyOnly, SaState::Mixed]
                .map(|s| l.iter().filter(|(_, st, _)| *st == s).count())
                .to_vec()
        })
    });
    let rows = Signal::derive(move || {
        let keep = finding.get().map(|f| match f {
            KeylessFinding::KeyOnly => SaState::KeyOnly,
            KeylessFinding::Mixed => SaState::Mixed,
        });
        lines.with(|l| {
            l.iter()
                .filter(|(_, s, _)| keep.is_none_or(|k| k == *s))
                .map(|(a, s, keys)| {
                    let n = rules.with_value(|r| rules_of(r, &a.account.id).len());
                    Row {
                        id: a.account.id.clone(),
                        cells: vec![
                            a.account.name.clone(),
                            a.project_name.clone(),
                            s.label().into(),
                            keys.len().to_string(),
                            n.to_string(),
                        ],
                        keys: vec![
                            Key::text(&a.account.name),
                            Key::text(&a.project_name),
                            Key::text(s.label()),
                            Key::Num(Some(keys.len() as i64)),
                            Key::Num(Some(n as i64)),
                        ],
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let filter = Signal::derive(move || finding.get().map(|f| f.label()).unwrap_or_default());
    let draw = Callback::new(move |r: Row| {
        let Some((a, state, keys)) =
            lines.with(|l| l.iter().find(|(a, _, _)| a.account.id == r.id).cloned())
        else {
            return ().into_any();
        };
        let since = rules.with_value(|rs| keyless_since(&rules_of(rs, &a.account.id)));
        let n = keys.len();
        let last_use = keys.iter().filter_map(|k| k.last_used_at).max();
        let chosen: Vec<Chosen> = keys
            .iter()
            .map(|k| Chosen {
                project_id: a.project_id.clone(),
                project_name: a.project_name.clone(),
                key: k.clone(),
            })
            .collect();
        let go = a.clone();
        let name = a.account.name.clone();
        let offer = move || since.filter(|s| keys_can_go(&keys, *s, quiet.get(), now));
        view! {
            <tr
                data-testid="sa-row"
                data-sa-id=a.account.id.clone()
                data-project-id=a.project_id.clone()
                data-state=state.label()
            >
                <td class="wrap">{a.account.name.clone()}</td>
                <td class="wrap hide-narrow">{a.project_name.clone()}</td>
                <td>
                    <span class="badge" class:badge-warn=state == SaState::KeyOnly>
                        {state.label()}
                    </span>
                </td>
                <td>
                    {n}
                    {(n > 0)
                        .then(|| {
                            view! {
                                <span class="muted small">
                                    " · used " <RelTime ts=last_use now=now none="never" />
                                    {since
                                        .filter(|_| state == SaState::Mixed)
                                        .map(|s| {
                                            if last_use.is_some_and(|u| u > s) {
                                                " (used after the rule)"
                                            } else {
                                                " (not used since the rule)"
                                            }
                                        })}
                                </span>
                            }
                        })}
                </td>
                <td class="hide-narrow">{r.cells[4].clone()}</td>
                <td>
                    {(state != SaState::Keyless)
                        .then(|| {
                            view! {
                                <button
                                    class="btn btn-small"
                                    data-testid="go-keyless"
                                    aria-label=format!("Go keyless: {}", a.account.name)
                                    on:click=move |_| going.set(Some(go.clone()))
                                >
                                    "Go keyless…"
                                </button>
                            }
                        })}
                    {move || {
                        let chosen = chosen.clone();
                        offer()
                            .map(|_| {
                                view! {
                                    <button
                                        class="btn btn-small btn-danger-outline"
                                        data-testid="revoke-old-keys"
                                        aria-label=format!("Revoke the {n} old keys… ({name})")
                                        on:click=move |_| revoking.set(Some(chosen.clone()))
                                    >
                                        {format!("Revoke the {n} old keys…")}
                                    </button>
                                }
                            })
                    }}
                </td>
            </tr>
        }
        .into_any()
    });
    view! {
        <h2 class="section-title">"Service accounts"</h2>
        {(checked.0 < checked.1)
            .then(|| {
                view! {
                    <p class="muted small" role="note">
                        {format!(
                            "Service accounts of the first {} of {} projects.",
                            checked.0,
                            checked.1,
                        )}
                    </p>
                }
            })}
        <p class="muted small">
            "Old keys can go once none has been used for the days chosen here after the account's rule: then \
             their revoke is offered, through the usual review."
        </p>
        <QuietDays />
        {move || {
            let counts = counts.get();
            view! { <FindingChips prefix="keyless-finding" counts=counts chosen=finding /> }
        }}
        <TableExport columns=COLUMNS rows=rows sort=sort what="service-accounts" filter=filter />
        <DataTable
            columns=COLUMNS
            rows=rows
            sort=sort
            row=draw
            actions="Actions"
            empty=Signal::derive(move || {
                if finding.get().is_some() {
                    "No service account matches."
                } else {
                    "No service accounts."
                }
                    .to_owned()
            })
            testid="sa-table"
            labelledby="keyless-title"
        />
    }
}

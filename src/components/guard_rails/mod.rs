//! Guard-rail cards, for the organization (Spend & limits) and for a project (its Limits tab):
//! each shows its state and is edited in place. One read per scope; a write sends once, then
//! updates the table's row and re-reads that scope only.

mod access;
mod alerts;
mod limit;
mod refused;
mod retention;
mod scope;

use crate::components::common::{api_resource, loaded};
use crate::logic::guard_rails::{ProjectRails, bar, bar_words};
use crate::logic::usage::to_cents;
use crate::platform::browser;
use crate::session::Api;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::work::guard_rails::{org_read, read_org, read_project};
use access::{ModelsCard, ToolsCard};
use admin_api::types::*;
use alerts::AlertsCard;
use leptos::prelude::*;
use limit::SpendLimitCard;
use retention::{RetentionCard, TiersCard};
pub use scope::RailScope;

/// What one scope's cards show: its rails and its month-to-date spend (`None`: still reading).
#[derive(Clone, Debug, PartialEq)]
struct ScopeRails {
    rails: ProjectRails,
    spent: Option<Result<i64, String>>,
}

/// A project's rails and spend. The organization's spend comes with every project's, from the
/// Spend & limits job, so only its rails are read here.
async fn read(api: &Api, scope: &RailScope) -> ScopeRails {
    let Some(id) = scope.project() else {
        return ScopeRails {
            rails: read_org(api).await,
            spent: None,
        };
    };
    let spend = async {
        let by_project = api.month_to_date(browser::now()).await;
        by_project
            .map(|m| to_cents(m.get(id).copied().unwrap_or(0.0)))
            .map_err(|e| crate::logic::guard_rails::note_of(&e))
    };
    let (rails, spent) = futures::join!(read_project(api, id), spend);
    ScopeRails {
        rails,
        spent: Some(spent),
    }
}

/// Every guard rail of one scope, each on its card.
#[component]
pub fn GuardRailCards(
    /// Whose.
    scope: RailScope,
) -> impl IntoView {
    let session = use_session();
    let key = StoredValue::new(scope.clone());
    let resource = api_resource(
        Topic::GuardRails(scope.project().map(str::to_owned)),
        move |api| {
            let scope = key.get_value();
            async move {
                let read = read(&api, &scope).await;
                if scope == RailScope::Org {
                    org_read(session, &read.rails);
                }
                Ok(read)
            }
        },
    );
    let label = format!("Reading {}'s guard rails…", scope.whose());
    view! {
        {loaded(
            resource,
            label,
            move |s: ScopeRails| {
                let scope = key.get_value();
                let limit = s.rails.limit.clone();
                let alerts = s.rails.alerts.clone();
                let spent = s.spent.clone();
                let spent = Signal::derive(move || {
                    spent.clone().or_else(|| session.guard.with(|g| g.org_spent.clone()))
                });
                let (bar_limit, bar_alerts) = (limit.clone(), alerts.clone());
                let spend_bar = move || match spent.get() {
                    None => {
                        view! {
                            <p class="muted small" data-testid="spend-bar-note">
                                "Reading this month's spend…"
                            </p>
                        }
                            .into_any()
                    }
                    Some(sp) => {
                        view! {
                            <SpendBar spent=sp limit=bar_limit.clone() alerts=bar_alerts.clone() />
                        }
                            .into_any()
                    }
                };
                view! {
                    {spend_bar}
                    <div class="rail-cards">
                        <SpendLimitCard scope=scope.clone() current=limit />
                        <AlertsCard scope=scope.clone() current=alerts />
                        {(scope != RailScope::Org)
                            .then(|| {
                                view! {
                                    <ModelsCard
                                        scope=scope.clone()
                                        current=s.rails.models.clone()
                                    />
                                    <ToolsCard scope=scope.clone() current=s.rails.tools.clone() />
                                }
                            })}
                        <RetentionCard scope=scope.clone() current=s.rails.retention.clone() />
                        {(scope != RailScope::Org)
                            .then(|| {
                                view! {
                                    <TiersCard scope=scope.clone() current=s.rails.tiers.clone() />
                                }
                            })}
                    </div>
                }
                    .into_any()
            },
        )}
    }
}

/// Month-to-date spend against the limit, each alert marked: inline SVG, its figures in words.
#[component]
fn SpendBar(
    /// Spend this month in cents, or why it is unknown.
    spent: Result<i64, String>,
    limit: crate::logic::guard_rails::Slot<Option<SpendLimit>>,
    alerts: crate::logic::guard_rails::Slot<Vec<SpendAlert>>,
) -> impl IntoView {
    let spent = match spent {
        Ok(c) => c,
        Err(note) => {
            return view! {
                <p class="muted small" data-testid="spend-bar-note">
                    {note}
                </p>
            }
            .into_any();
        }
    };
    let limit = match limit {
        Some(Ok(Some(l))) => Some(l.threshold_amount),
        _ => None,
    };
    let alerts: Vec<i64> = match alerts {
        Some(Ok(a)) => a.iter().map(|a| a.threshold_amount).collect(),
        _ => Vec::new(),
    };
    let b = bar(spent, limit, &alerts);
    let words = bar_words(spent, limit, &alerts);
    let over = limit.is_some_and(|l| spent >= l);
    let pct = |v: f64| format!("{v:.2}%");
    view! {
        <figure class="spend-bar" data-testid="spend-bar">
            <svg
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                aria-hidden="true"
                focusable="false"
            >
                <rect class="spend-track" x="0" y="2" width="100" height="6" rx="1"></rect>
                <rect
                    class="spend-fill"
                    class:over=over
                    x="0"
                    y="2"
                    width=pct(b.spent)
                    height="6"
                    rx="1"
                ></rect>
                {b
                    .limit
                    .map(|l| {
                        view! {
                            <rect
                                class="spend-limit"
                                x=pct((l - 0.4).max(0.0))
                                y="0"
                                width="0.8%"
                                height="10"
                            ></rect>
                        }
                    })}
                {b
                    .alerts
                    .iter()
                    .map(|a| {
                        view! {
                            <rect
                                class="spend-alert"
                                x=pct((a - 0.3).max(0.0))
                                y="1"
                                width="0.6%"
                                height="8"
                            ></rect>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption class="small" data-testid="spend-bar-words">
                {words}
            </figcaption>
        </figure>
    }
    .into_any()
}

//! Review: the organization checked against its written policy. Each check with its severity,
//! why it matters, its result (a pass, the failing items with a link to the view that lists
//! them, or why it was not checked) and its fix; a score weighted by severity; the report,
//! printed (a print stylesheet) or exported as JSON, and compared with an earlier one.

use crate::components::policy_dialog::{PolicyDialog, kept_policy};
use crate::components::review_fix::{FixDialog, FixItems};
use crate::logic::review::checks::{CHECKS, Check, run_all};
use crate::logic::review::policy::Policy;
use crate::logic::review::report::{CheckReport, Report, changes};
use crate::logic::review::{Item, Outcome, Severity, score};
use crate::logic::time;
use crate::platform::browser;
use crate::session::{Session, use_session};
use crate::work::review;
use leptos::prelude::*;

/// Largest earlier report read.
const REPORT_MAX_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

/// Failing items listed per check (the rest are counted, and the link lists them all).
const LISTED: usize = 50;

type Results = Vec<(&'static str, Severity, Outcome)>;

fn check(id: &str) -> &'static Check {
    CHECKS.iter().find(|c| c.id == id).unwrap_or(&CHECKS[0])
}

/// The report of what is shown now.
fn report_of(session: Session, results: &Results, policy: &Policy) -> Report {
    let (projects, people) = (
        session.inventory.with_untracked(|i| i.projects.len()),
        session.review.with_untracked(|r| {
            r.reads
                .as_ref()
                .and_then(|r| r.users.as_ref().ok().map(Vec::len))
                .unwrap_or(0)
        }),
    );
    let base = session
        .api()
        .map(|a| a.base().to_owned())
        .unwrap_or_default();
    let fixes = session
        .work
        .list()
        .into_iter()
        .filter(|j| j.is_destructive() && !j.status.is_running())
        .map(|j| format!("{}: {}", j.title, j.summary()))
        .collect();
    Report {
        keyward_report: 1,
        organization: format!(
            "The admin key's organization at {base} ({projects} projects, {people} people)"
        ),
        generated_at: time::iso(browser::now()),
        score: score(&results.iter().map(|(_, s, o)| (*s, o)).collect::<Vec<_>>()),
        policy: policy.clone(),
        checks: results
            .iter()
            .map(|(id, s, o)| CheckReport {
                id: (*id).into(),
                title: check(id).title.into(),
                severity: *s,
                outcome: o.clone(),
            })
            .collect(),
        fixes,
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let session = use_session();
    let now = browser::now();
    let policy = RwSignal::new(kept_policy());
    // Read what the checks need; again only when a write made one of its topics stale.
    let versions: Vec<Memo<u32>> = review::TOPICS
        .iter()
        .map(|t| session.cache.version(t.clone()))
        .collect();
    Effect::new(move |_| {
        for v in &versions {
            v.get();
        }
        review::ensure(session);
    });
    // The last computation's cost, for the benchmark.
    let cost = StoredValue::new(Cost::default());
    let results = Memo::new_with_compare(
        move |_| {
            let unused = policy.with(|p| p.unused_days);
            let reads = session.review.with(|r| r.reads.clone());
            let t0 = browser::now_ms();
            let facts = review::facts(session, reads.as_deref(), unused, now);
            let t1 = browser::now_ms();
            let results = policy.with(|p| {
                run_all(&facts, p)
                    .into_iter()
                    .map(|(c, s, o)| (c.id, s, o))
                    .collect::<Results>()
            });
            let keys = facts.keys.as_ref().map_or(0, Vec::len);
            cost.update_value(|c| {
                *c = Cost {
                    facts_ms: t1 - t0,
                    checks_ms: browser::now_ms() - t1,
                    keys,
                    runs: c.runs + 1,
                }
            });
            results
        },
        |a, b| a != b,
    );
    let reading = move || session.review.with(|r| r.running);
    let editing = RwSignal::new(false);
    let fixing = RwSignal::new(None::<(String, FixItems)>);
    let earlier = RwSignal::new(None::<Report>);
    let import_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let r = results.with_untracked(|res| policy.with_untracked(|p| report_of(session, res, p)));
        browser::download(
            &format!("keyward-report-{}.json", time::date(now)),
            "application/json",
            &r.to_text(),
        );
    };
    let import = move |e: leptos::ev::Event| {
        browser::read_chosen_file(&e, REPORT_MAX_BYTES, move |read| {
            match read.and_then(|t| Report::parse(&t)) {
                Ok(r) => {
                    import_error.try_set(None);
                    earlier.try_set(Some(r));
                }
                Err(why) => drop(import_error.try_set(Some(why))),
            }
        });
    };
    view! {
        <section class="page review" aria-labelledby="review-title" data-testid="review-page">
            <div class="page-head">
                <div>
                    <h1 id="review-title">"Review"</h1>
                    <p class="muted small">
                        "The organization checked against your written policy: what fails, how much it matters, \
                         and the fix."
                    </p>
                </div>
                <div class="actions no-print">
                    <button
                        class="btn"
                        data-testid="policy-edit"
                        on:click=move |_| editing.set(true)
                    >
                        "Policy…"
                    </button>
                    <button class="btn" data-testid="report-export" on:click=export>
                        "Export report"
                    </button>
                    <button
                        class="btn"
                        data-testid="report-print"
                        on:click=move |_| {
                            browser::open_all("details.review-items");
                            browser::print();
                        }
                    >
                        "Print"
                    </button>
                </div>
            </div>
            <p class="print-only small">
                {move || {
                    let r = results.with(|res| policy.with(|p| report_of(session, res, p)));
                    format!("{} · {}", r.organization, r.generated_at)
                }}
            </p>
            <Summary results=results />
            {move || {
                reading()
                    .then(|| {
                        view! {
                            <p class="muted small" role="status">
                                "Reading…"
                            </p>
                        }
                    })
            }}
            {move || {
                let failed = session
                    .review
                    .with(|r| !r.running && r.reads.as_ref().is_some_and(|x| x.any_failed()));
                failed
                    .then(|| {
                        view! {
                            <p class="warn-text small no-print" data-testid="review-read-failed">
                                "Some reads failed: their checks say why and are not counted. "
                                <button
                                    class="btn btn-small"
                                    data-testid="review-read-again"
                                    on:click=move |_| review::read_again(session)
                                >
                                    "Read again"
                                </button>
                            </p>
                        }
                    })
            }}
            <label class="field-inline no-print">
                <span>"Compare with an earlier report"</span>
                <input
                    type="file"
                    accept=".json,application/json"
                    data-testid="report-import"
                    on:change=import
                />
            </label>
            {move || {
                import_error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            {move || {
                earlier
                    .get()
                    .map(|before| {
                        let now_report = results
                            .with(|res| policy.with(|p| report_of(session, res, p)));
                        view! { <Changes before=before now=now_report /> }
                    })
            }}
            <CheckTable results=results fixing=fixing cost=cost />
            <section class="print-only">
                <h2>"The policy"</h2>
                <pre class="mono small">{move || policy.with(Policy::to_text)}</pre>
                <h2>"Fixes run in this session"</h2>
                <ul>
                    {move || {
                        results
                            .with(|res| policy.with(|p| report_of(session, res, p)))
                            .fixes
                            .into_iter()
                            .map(|f| view! { <li>{f}</li> })
                            .collect_view()
                    }}
                </ul>
            </section>
            {move || {
                editing
                    .get()
                    .then(|| {
                        view! {
                            <PolicyDialog
                                policy=policy
                                on_close=Callback::new(move |_| editing.set(false))
                            />
                        }
                    })
            }}
            {move || {
                fixing
                    .get()
                    .map(|(title, items)| {
                        view! {
                            <FixDialog
                                title=title
                                items=items
                                on_close=Callback::new(move |_| fixing.set(None))
                            />
                        }
                    })
            }}
        </section>
    }
}

/// The score, and the failing checks by severity drawn as bars.
#[component]
fn Summary(results: Memo<Results>) -> impl IntoView {
    move || {
        results.with(|res| {
            let s = score(&res.iter().map(|(_, s, o)| (*s, o)).collect::<Vec<_>>());
            let count = |f: fn(&Outcome) -> bool| res.iter().filter(|(_, _, o)| f(o)).count();
            let (pass, fail) = (
                count(|o| *o == Outcome::Pass),
                count(|o| matches!(o, Outcome::Fail { .. })),
            );
            let (not, off) = (
                count(|o| matches!(o, Outcome::NotChecked { .. })),
                count(|o| matches!(o, Outcome::Off { .. })),
            );
            let by: Vec<(Severity, usize)> = Severity::ALL
                .iter()
                .map(|sev| {
                    (
                        *sev,
                        res.iter()
                            .filter(|(_, s, o)| s == sev && matches!(o, Outcome::Fail { .. }))
                            .count(),
                    )
                })
                .collect();
            let most = by.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
            view! {
                <div class="card review-summary">
                    <p class="review-score" data-testid="review-score">
                        {match s {
                            Some(n) => format!("{n}"),
                            None => "–".into(),
                        }}
                        <span class="muted small">" / 100"</span>
                    </p>
                    <p class="small" data-testid="review-counts">
                        {format!("{pass} pass · {fail} fail · {not} not checked · {off} off")}
                    </p>
                    <ul class="plain sev-bars" aria-label="Failing checks by severity">
                        {by
                            .into_iter()
                            .map(|(sev, n)| {
                                view! {
                                    <li>
                                        <span class="sev-label">{sev.label()}</span>
                                        <span class="sev-track">
                                            <span
                                                class=format!("sev-bar sev-{}", sev.label())
                                                style:width=format!("{}%", n * 100 / most)
                                            ></span>
                                        </span>
                                        <span class="num">{n}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// What the checks' last computation cost, and how many there have been: two computations can
/// cost the same to the timer's resolution, so the benchmark waits for the count to change.
#[derive(Clone, Copy, Default)]
struct Cost {
    facts_ms: f64,
    checks_ms: f64,
    keys: usize,
    runs: u32,
}

#[component]
fn CheckTable(
    results: Memo<Results>,
    fixing: RwSignal<Option<(String, FixItems)>>,
    /// What the last computation cost, shown to the benchmark as attributes.
    cost: StoredValue<Cost>,
) -> impl IntoView {
    let session = use_session();
    // Read when the results change, which is right after the computation that set it.
    let cost = move || {
        results.track();
        cost.get_value()
    };
    view! {
        <div class="table-wrap">
            <table
                class="table review-table"
                data-testid="review-table"
                data-facts-ms=move || format!("{:.2}", cost().facts_ms)
                data-checks-ms=move || format!("{:.2}", cost().checks_ms)
                data-keys=move || cost().keys
                data-runs=move || cost().runs
            >
                <thead>
                    <tr>
                        <th scope="col">"Check"</th>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"Result"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        results
                            .get()
                            .into_iter()
                            .map(|(id, sev, outcome)| {
                                let c = check(id);
                                let result = match &outcome {
                                    Outcome::Pass => {
                                        view! { <span class="badge badge-ok">"Pass"</span> }
                                            .into_any()
                                    }
                                    Outcome::NotChecked { why } => {
                                        view! {
                                            <span class="muted">{format!("Not checked: {why}")}</span>
                                        }
                                            .into_any()
                                    }
                                    Outcome::Off { why } => {
                                        view! { <span class="muted">{format!("Off: {why}")}</span> }
                                            .into_any()
                                    }
                                    Outcome::Fail { items } => {
                                        let n = items.len();
                                        let fix = c
                                            .fix
                                            .map(|fix| {
                                                let (title, items) = (c.title.to_owned(), items.clone());
                                                view! {
                                                    <button
                                                        class="btn btn-small btn-danger-outline no-print"
                                                        data-testid="review-fix"
                                                        on:click=move |_| {
                                                            let what = FixItems::of(session, fix, &items);
                                                            fixing.set(Some((title.clone(), what)));
                                                        }
                                                    >
                                                        {fix.label(n)}
                                                    </button>
                                                }
                                            });
                                        view! {
                                            <a href=c.link data-testid="review-failing">
                                                {format!("{n} failing")}
                                            </a>
                                            " "
                                            {fix}
                                            <details class="review-items">
                                                <summary>"Which"</summary>
                                                <ul class="small">
                                                    {items
                                                        .iter()
                                                        .take(LISTED)
                                                        .map(|i| view! { <li class="wrap">{i.label.clone()}</li> })
                                                        .collect_view()}
                                                    {(n > LISTED)
                                                        .then(|| {
                                                            view! { <li>{format!("and {} more", n - LISTED)}</li> }
                                                        })}
                                                </ul>
                                            </details>
                                        }
                                            .into_any()
                                    }
                                };
                                view! {
                                    <tr
                                        data-testid="review-check"
                                        data-check=id
                                        data-result=result_id(&outcome)
                                    >
                                        <td class="wrap">
                                            <span class="mono small muted">{id}</span>
                                            " "
                                            <strong>{c.title}</strong>
                                            <span class="block small muted">{c.why}</span>
                                        </td>
                                        <td>
                                            <span class=format!(
                                                "badge sev sev-{}",
                                                sev.label(),
                                            )>{sev.label()}</span>
                                        </td>
                                        <td>{result}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn result_id(o: &Outcome) -> &'static str {
    match o {
        Outcome::Pass => "pass",
        Outcome::Fail { .. } => "fail",
        Outcome::NotChecked { .. } => "not-checked",
        Outcome::Off { .. } => "off",
    }
}

/// What changed since an earlier report.
#[component]
fn Changes(before: Report, now: Report) -> impl IntoView {
    let list = changes(&before, &now);
    let names = |xs: &[Item]| {
        xs.iter()
            .map(|i| i.label.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    view! {
        <section class="card" data-testid="review-changes">
            <h2 class="section-title">{format!("Since the report of {}", before.generated_at)}</h2>
            {list.is_empty().then(|| view! { <p class="muted">"Nothing changed."</p> })}
            <ul class="plain">
                {list
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li data-testid="review-change" data-check=c.id.clone()>
                                <strong>{c.title.clone()}</strong>
                                {format!(
                                    ": {} fixed, {} new, {} still failing",
                                    c.fixed.len(),
                                    c.new.len(),
                                    c.still.len(),
                                )}
                                {(!c.fixed.is_empty())
                                    .then(|| {
                                        view! {
                                            <span class="block small">
                                                {format!("Fixed: {}", names(&c.fixed))}
                                            </span>
                                        }
                                    })}
                                {(!c.new.is_empty())
                                    .then(|| {
                                        view! {
                                            <span class="block small">
                                                {format!("New: {}", names(&c.new))}
                                            </span>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

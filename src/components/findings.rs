//! The findings panel: a count per finding that filters the table when pressed, the "unused
//! for" setting, and a chart of keys by last-used age drawn as inline SVG (no chart library).

use crate::logic::findings::{AGE_BUCKETS, Finding, Thresholds, day_choices};
use crate::logic::key_table::FindingFilter;
use leptos::prelude::*;

#[component]
pub fn FindingsPanel(
    /// Keys with each finding (in `Finding::ALL` order), and keys with any.
    #[prop(into)]
    counts: Signal<([usize; Finding::COUNT], usize)>,
    /// Keys per last-used age bucket.
    #[prop(into)]
    ages: Signal<[usize; 7]>,
    /// The finding the table is filtered by, if any.
    #[prop(into)]
    chosen: Signal<Option<FindingFilter>>,
    /// Filters the table by a finding (or clears it).
    on_choose: Callback<Option<FindingFilter>>,
    /// The day counts behind the findings.
    #[prop(into)]
    thresholds: Signal<Thresholds>,
    /// A new "unused for" day count.
    on_days: Callback<u32>,
    /// Starts folded (the popup has no room for it).
    folded: bool,
) -> impl IntoView {
    let chip = move |filter: FindingFilter| {
        let pressed = move || chosen.get() == Some(filter);
        let label = move || match filter {
            FindingFilter::Any => "Needs attention".to_owned(),
            FindingFilter::Only(f) => f.name(thresholds.get()),
        };
        let count = move || match filter {
            FindingFilter::Any => counts.get().1,
            FindingFilter::Only(f) => counts.get().0[f as usize],
        };
        view! {
            <button
                class="chip"
                class:chip-on=pressed
                aria-pressed=move || pressed().to_string()
                data-testid=format!("finding-{}", filter.id())
                on:click=move |_| on_choose.run(if pressed() { None } else { Some(filter) })
            >
                <span>{label}</span>
                <span class="chip-count">{count}</span>
            </button>
        }
    };
    view! {
        <details class="findings" data-testid="findings" prop:open=!folded>
            <summary class="findings-head">
                <h2 class="small-title">
                    "Findings"
                    <span class="muted small">
                        {move || format!(" · {} need attention", counts.get().1)}
                    </span>
                </h2>
            </summary>
            <div class="findings-body">
                <div>
                    <div class="findings-days">
                        <label class="small">
                            "Unused means "
                            <select
                                data-testid="unused-days"
                                on:change=move |e| {
                                    if let Ok(d) = event_target_value(&e).parse() {
                                        on_days.run(d)
                                    }
                                }
                            >
                                {day_choices(thresholds.get_untracked().unused_days)
                                    .into_iter()
                                    .map(|d| {
                                        view! {
                                            <option
                                                value=d.to_string()
                                                selected=move || thresholds.get().unused_days == d
                                            >
                                                {format!("{d}+ days")}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    </div>
                    <div class="chips" role="group" aria-label="Filter by finding">
                        {chip(FindingFilter::Any)}
                        {Finding::ALL
                            .into_iter()
                            .map(|f| chip(FindingFilter::Only(f)))
                            .collect_view()}
                    </div>
                </div>
                <AgeChart ages=ages />
            </div>
        </details>
    }
}

/// Keys by last-used age, as bars.
#[component]
fn AgeChart(
    /// Keys per bucket, in `AGE_BUCKETS` order.
    #[prop(into)]
    ages: Signal<[usize; 7]>,
) -> impl IntoView {
    // The viewBox is 560 × 150, the axis at 120.
    const W: f64 = 560.0;
    const TOP: f64 = 18.0;
    const BASE: f64 = 120.0;
    let slot = W / AGE_BUCKETS.len() as f64;
    let summary = move || {
        let a = ages.get();
        let parts: Vec<String> = AGE_BUCKETS
            .iter()
            .zip(a)
            .map(|((_, meaning, _), n)| format!("{n} {meaning}"))
            .collect();
        format!("Keys by last use: {}.", parts.join(", "))
    };
    // Whole units: the drawing needs no more, and f64's Display would cost the wasm 13 KB.
    let at = |v: f64| v.round() as i32;
    // A bar's height: the counts change with every keystroke, the bars' shapes never, so only
    // the heights and numbers are set again.
    let height = move |i: usize| {
        let a = ages.get();
        let max = a.iter().copied().max().unwrap_or(0).max(1) as f64;
        let n = a[i];
        ((BASE - TOP) * n as f64 / max)
            .round()
            .max(if n > 0 { 1.0 } else { 0.0 })
    };
    let bars = AGE_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, (label, _, _))| {
            let x = i as f64 * slot;
            let class = if i == AGE_BUCKETS.len() - 1 {
                "bar bar-never"
            } else {
                "bar"
            };
            view! {
                <g>
                    <rect
                        class=class
                        x=at(x + slot * 0.15)
                        y=move || at(BASE - height(i))
                        width=at(slot * 0.7)
                        height=move || at(height(i))
                        rx="3"
                    ></rect>
                    <text
                        class="bar-value"
                        x=at(x + slot / 2.0)
                        y=move || at((BASE - height(i) - 4.0).max(12.0))
                        text-anchor="middle"
                    >
                        {move || ages.get()[i]}
                    </text>
                    <text
                        class="bar-label"
                        x=at(x + slot / 2.0)
                        y=at(BASE + 18.0)
                        text-anchor="middle"
                    >
                        {*label}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="age-chart" data-testid="age-chart">
            <figcaption class="small muted">"Keys by last use"</figcaption>
            <svg
                viewBox="0 0 560 150"
                role="img"
                aria-label=summary
                preserveAspectRatio="xMidYMid meet"
            >
                <line class="axis" x1="0" x2="560" y1="120" y2="120"></line>
                {bars}
            </svg>
        </figure>
    }
}

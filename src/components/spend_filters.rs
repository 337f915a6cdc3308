//! The Spend & limits table's column filters: model policy, a tool that is off, retention,
//! service tiers, and ranges on the number columns. Each writes the page's query, which the
//! hash follows.

use crate::components::filter_select::FilterSelect;
use crate::logic::guard_rails::ranges::{Range, RangeColumn};
use crate::logic::guard_rails::table::{ModelsFilter, RailQuery};
use admin_api::types::{DEFAULT_TIERS, HostedTool, OPTIONAL_TIERS, RETENTION_TYPES};
use leptos::prelude::*;

#[component]
pub fn SpendFilters(query: RwSignal<RailQuery>) -> impl IntoView {
    let pick = |set: fn(&mut RailQuery, Option<&'static str>)| {
        Callback::new(move |v| query.update(|q| set(q, v)))
    };
    let tiers = |list: [&'static str; 3]| list.into_iter().map(|t| (t, t)).collect::<Vec<_>>();
    let ranged = move || {
        query.with(|q| {
            RangeColumn::ALL
                .iter()
                .filter(|c| !q.range(**c).is_open())
                .count()
        })
    };
    // Open from the start when a link sets a range.
    let opened = query.with_untracked(|q| q.ranges.iter().any(|r| !r.is_open()));
    view! {
        <div class="filter-bar">
            <label class="field-inline">
                <span class="sr-only">"Search projects"</span>
                <input
                    type="search"
                    placeholder="Search projects"
                    data-testid="spend-search"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |e| query.update(|q| q.text = event_target_value(&e))
                />
            </label>
            <FilterSelect
                label="Models"
                any="Any policy"
                testid="spend-filter-models"
                choices=ModelsFilter::ALL.map(|m| (m.id(), m.label())).to_vec()
                current=Signal::derive(move || query.with(|q| q.models.map(ModelsFilter::id)))
                on_pick=pick(|q, v| q.models = v.and_then(ModelsFilter::from_id))
            />
            <FilterSelect
                label="Tool off"
                any="Any"
                testid="spend-filter-tool"
                choices=HostedTool::ALL.map(|t| (t.wire(), t.label())).to_vec()
                current=Signal::derive(move || query.with(|q| q.tool_off.map(HostedTool::wire)))
                on_pick=pick(|q, v| q.tool_off = v.and_then(HostedTool::from_wire))
            />
            <FilterSelect
                label="Retention"
                any="Any"
                testid="spend-filter-retention"
                choices=RETENTION_TYPES.to_vec()
                current=Signal::derive(move || query.with(|q| q.retention))
                on_pick=pick(|q, v| q.retention = v)
            />
            <FilterSelect
                label="Default tier"
                any="Any"
                testid="spend-filter-tier"
                choices=tiers(DEFAULT_TIERS)
                current=Signal::derive(move || query.with(|q| q.tier_default))
                on_pick=pick(|q, v| q.tier_default = v)
            />
            <FilterSelect
                label="Tier allowed"
                any="Any"
                testid="spend-filter-tier-on"
                choices=tiers(OPTIONAL_TIERS)
                current=Signal::derive(move || query.with(|q| q.tier_on))
                on_pick=pick(|q, v| q.tier_on = v)
            />
            <label class="inline">
                <input
                    type="checkbox"
                    data-testid="spend-archived"
                    prop:checked=move || query.with(|q| q.archived)
                    on:change=move |e| query.update(|q| q.archived = event_target_checked(&e))
                />
                " Archived projects"
            </label>
        </div>
        <details class="range-filters" data-testid="spend-ranges" open=opened>
            <summary>
                "Ranges"
                {move || match ranged() {
                    0 => String::new(),
                    n => format!(" ({n} set)"),
                }}
            </summary>
            <div class="range-grid">
                {RangeColumn::ALL
                    .into_iter()
                    .map(|col| view! { <RangeFilter query=query col=col /> })
                    .collect_view()}
            </div>
        </details>
    }
}

/// "From" and "to" for one number column; a bound that doesn't parse says why and isn't applied.
#[component]
fn RangeFilter(query: RwSignal<RailQuery>, col: RangeColumn) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let error_id = format!("spend-range-{}-error", col.id());
    let described = error_id.clone();
    let side = move |upper: bool| {
        let shown = move || {
            let r = query.with(|q| q.range(col));
            let b = if upper { r.max } else { r.min };
            b.map(|v| col.text(v)).unwrap_or_default()
        };
        let which = if upper { "to" } else { "from" };
        let described = described.clone();
        view! {
            <input
                type="text"
                inputmode=if col == RangeColumn::Spend || col == RangeColumn::Limit {
                    "decimal"
                } else {
                    "numeric"
                }
                class="range-input"
                placeholder=which
                aria-label=format!("{} {which}", col.label())
                aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).to_string()
                data-testid=format!("spend-range-{}-{which}", col.id())
                prop:value=shown
                on:change=move |e| match col.parse(&event_target_value(&e)) {
                    Ok(b) => {
                        error.set(None);
                        query
                            .update(|q| {
                                let r: &mut Range = q.range_mut(col);
                                if upper {
                                    r.max = b;
                                } else {
                                    r.min = b;
                                }
                            });
                    }
                    Err(why) => error.set(Some(why)),
                }
            />
        }
    };
    view! {
        <fieldset class="range-filter">
            <legend class="small">{col.label()}</legend>
            {side(false)}
            <span aria-hidden="true">"–"</span>
            {side(true)}
            <p class="field-error small" id=error_id role="alert">
                {move || error.get()}
            </p>
        </fieldset>
    }
}

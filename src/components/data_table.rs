//! A table of People & access: headers that sort (the choice kept in the hash, announced with
//! `aria-sort`), the rows the page chose, and CSV/JSON export of exactly the rows shown.

use crate::logic::hash_query;
use crate::logic::table::{self, Column, Row, Sort};
use crate::platform::browser;
use leptos::prelude::*;

/// The sort chosen, starting from the hash, which then follows it while on `page`.
pub fn sort_in_hash(page: &'static str, columns: &'static [Column]) -> RwSignal<Option<Sort>> {
    let chosen = RwSignal::new(
        hash_query::get(&browser::hash(), "sort").and_then(|v| Sort::parse(&v, columns)),
    );
    Effect::new(move |_| {
        let v = chosen.get().map(|s| s.to_param(columns));
        let hash = browser::hash();
        if hash.split('?').next() == Some(page) {
            browser::replace_hash(&hash_query::set(&hash, page, "sort", v.as_deref()));
        }
    });
    chosen
}

#[component]
pub fn DataTable(
    columns: &'static [Column],
    /// The rows to show, before sorting.
    #[prop(into)]
    rows: Signal<Vec<Row>>,
    sort: RwSignal<Option<Sort>>,
    /// Draws one row's `<tr>`.
    #[prop(into)]
    row: Callback<Row, AnyView>,
    /// The header of a last column of actions, if any (read by screen readers only).
    #[prop(optional)]
    actions: Option<&'static str>,
    /// What an empty table says.
    #[prop(into)]
    empty: Signal<String>,
    testid: &'static str,
    /// The table's name, from its heading's ID.
    labelledby: &'static str,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        let mut r = rows.get();
        table::sort(&mut r, sort.get());
        r
    });
    let span = columns.len() + usize::from(actions.is_some());
    let heads = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                <th
                    scope="col"
                    class:hide-narrow=c.wide_only
                    aria-sort=move || Sort::aria(sort.get(), i)
                >
                    <button
                        class="th-btn"
                        data-testid=format!("sort-{}", c.id)
                        on:click=move |_| sort.update(|s| *s = Some(Sort::toggled(*s, i)))
                    >
                        {c.label}
                        <span aria-hidden="true">
                            {move || match Sort::aria(sort.get(), i) {
                                "ascending" => " ▲",
                                "descending" => " ▼",
                                _ => "",
                            }}
                        </span>
                    </button>
                </th>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid=testid aria-labelledby=labelledby>
                <thead>
                    <tr>
                        {heads}
                        {actions
                            .map(|a| {
                                view! {
                                    <th scope="col">
                                        <span class="sr-only">{a}</span>
                                    </th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let list = shown.get();
                        if list.is_empty() {
                            return view! {
                                <tr>
                                    <td
                                        colspan=span
                                        class="empty"
                                        data-testid=format!("{testid}-empty")
                                    >
                                        {empty.get()}
                                    </td>
                                </tr>
                            }
                                .into_any();
                        }
                        list.into_iter().map(|r| row.run(r)).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// CSV and JSON of the rows shown, sorted as shown, with the filter that chose them.
#[component]
pub fn TableExport(
    columns: &'static [Column],
    #[prop(into)] rows: Signal<Vec<Row>>,
    sort: RwSignal<Option<Sort>>,
    /// The file's name and the JSON list's key (`users`).
    what: &'static str,
    /// The filter in words, or empty.
    #[prop(into)]
    filter: Signal<String>,
) -> impl IntoView {
    let shown = move || {
        let mut r = rows.get_untracked();
        table::sort(&mut r, sort.get_untracked());
        r
    };
    let stamp = move || crate::logic::time::date(browser::now());
    view! {
        <div class="actions" role="group" aria-label=format!("Export the {what} shown")>
            <button
                class="btn btn-small"
                data-testid=format!("{what}-export-csv")
                on:click=move |_| {
                    let text = table::to_csv(columns, &shown());
                    browser::download(
                        &format!("keyward-{what}-{}.csv", stamp()),
                        "text/csv",
                        &text,
                    );
                }
            >
                "Export CSV"
            </button>
            <button
                class="btn btn-small"
                data-testid=format!("{what}-export-json")
                on:click=move |_| {
                    let text = table::to_json(what, columns, &shown(), &filter.get_untracked());
                    browser::download(
                        &format!("keyward-{what}-{}.json", stamp()),
                        "application/json",
                        &text,
                    );
                }
            >
                "Export JSON"
            </button>
        </div>
    }
}

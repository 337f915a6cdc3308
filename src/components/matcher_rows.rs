//! A rule's attribute matchers typed as claim = value rows, with the issuer's usual claims and an
//! example token's values as help. Shared by "Go keyless" and a rule's edit.

use crate::logic::keyless::presets::Claim;
use leptos::prelude::*;
use serde_json::{Map, Value};

/// A rule's matchers as rows, for editing (values that are not text are shown as JSON).
pub fn rows_of(matchers: &Map<String, Value>) -> Vec<(String, String)> {
    matchers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            )
        })
        .collect()
}

#[component]
pub fn MatcherRows(
    rows: RwSignal<Vec<(String, String)>>,
    /// The issuer's usual claims (none for an issuer without a preset).
    #[prop(into)]
    claims: Signal<&'static [Claim]>,
) -> impl IntoView {
    view! {
        {move || {
            let list = claims.get();
            (!list.is_empty())
                .then(|| {
                    view! {
                        <ul class="plain small" data-testid="gk-claims">
                            {list
                                .iter()
                                .map(|c| {
                                    view! {
                                        <li>
                                            <code>{c.name}</code>
                                            " — "
                                            {c.says}
                                            " e.g. "
                                            <code>{c.example}</code>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
        }}
        {move || {
            let n = rows.with(Vec::len);
            (0..n).map(|i| view! { <MatcherRow rows=rows i=i /> }).collect_view()
        }}
        <div>
            <button
                type="button"
                class="btn btn-small"
                on:click=move |_| rows.update(|r| r.push((String::new(), String::new())))
            >
                "Add a matcher"
            </button>
        </div>
    }
}

#[component]
fn MatcherRow(rows: RwSignal<Vec<(String, String)>>, i: usize) -> impl IntoView {
    let get = move |k: usize| {
        rows.with(|r| {
            r.get(i)
                .map(|x| if k == 0 { x.0.clone() } else { x.1.clone() })
                .unwrap_or_default()
        })
    };
    let set = move |k: usize, v: String| {
        rows.update(|r| {
            if let Some(x) = r.get_mut(i) {
                if k == 0 { x.0 = v } else { x.1 = v }
            }
        })
    };
    view! {
        <div class="people-form">
            <label class="field-inline">
                <span>{format!("Claim {}", i + 1)}</span>
                <input
                    type="text"
                    autocomplete="off"
                    data-testid="gk-claim"
                    prop:value=move || get(0)
                    on:input=move |e| set(0, event_target_value(&e))
                />
            </label>
            <label class="field-inline">
                <span>{format!("Value {}", i + 1)}</span>
                <input
                    type="text"
                    autocomplete="off"
                    data-testid="gk-value"
                    prop:value=move || get(1)
                    on:input=move |e| set(1, event_target_value(&e))
                />
            </label>
        </div>
    }
}

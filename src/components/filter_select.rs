//! A labelled `<select>` that filters a table: "any" first, then fixed choices. The choices are
//! the program's own words, so a link can only pick one of them.

use leptos::prelude::*;

#[component]
pub fn FilterSelect(
    /// The visible label.
    label: &'static str,
    /// What the empty choice says ("Any").
    any: &'static str,
    /// `data-testid` of the select.
    testid: &'static str,
    /// (value, label) pairs.
    choices: Vec<(&'static str, &'static str)>,
    /// The value chosen now; `None` is the empty choice.
    #[prop(into)]
    current: Signal<Option<&'static str>>,
    /// Called with the value picked (`None` for the empty choice).
    on_pick: Callback<Option<&'static str>>,
) -> impl IntoView {
    let values: Vec<&'static str> = choices.iter().map(|(v, _)| *v).collect();
    view! {
        <label class="field-inline">
            <span class="small">{label}</span>
            <select
                data-testid=testid
                on:change=move |e| {
                    let v = event_target_value(&e);
                    on_pick.run(values.iter().copied().find(|c| *c == v));
                }
            >
                <option value="" selected=move || current.get().is_none()>
                    {any}
                </option>
                {choices
                    .into_iter()
                    .map(|(v, l)| {
                        view! {
                            <option value=v selected=move || current.get() == Some(v)>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

//! The last step before a reviewed run: the user types how many items it touches, and only then
//! can start it. One form for every bulk change (revokes, guard rails, offboarding, fixes).

use leptos::prelude::*;

#[component]
pub fn TypedCount(
    /// What is counted, plural ("keys", "steps").
    noun: &'static str,
    /// The number to type.
    #[prop(into)]
    count: Signal<usize>,
    /// What has been typed.
    typed: RwSignal<String>,
    /// The run may start: the typed number matches, and whatever else the dialog asks holds.
    #[prop(into)]
    ready: Signal<bool>,
    /// The field's test ID.
    testid: &'static str,
    /// The start button's test ID, look and words.
    go_testid: &'static str,
    #[prop(default = "btn btn-danger")] go_class: &'static str,
    #[prop(into)] go_label: Signal<String>,
    /// The button that leaves without starting ("Cancel", or "Back" to the choices before).
    #[prop(default = "Cancel")]
    back: &'static str,
    on_back: Callback<()>,
    /// Start was pressed (or Enter in the field); the dialog checks again before it starts.
    on_go: Callback<()>,
) -> impl IntoView {
    view! {
        <form on:submit=move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            on_go.run(());
        }>
            <label class="stack">
                <span>
                    {format!("Type the number of {noun}, ")} <code>{move || count.get()}</code>
                    ", to confirm"
                </span>
                <input
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    data-autofocus=""
                    data-testid=testid
                    prop:value=move || typed.get()
                    on:input=move |e| typed.set(event_target_value(&e))
                />
            </label>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_back.run(())>
                    {back}
                </button>
                <button
                    type="submit"
                    class=go_class
                    data-testid=go_testid
                    disabled=move || !ready.get()
                >
                    {move || go_label.get()}
                </button>
            </div>
        </form>
    }
}

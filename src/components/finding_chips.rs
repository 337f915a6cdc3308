//! A row of findings, each a count that filters its table when pressed, and the filter kept in
//! the page's hash (`#/invites?finding=stale`), replaced so Back leaves the page.

use crate::logic::hash_query;
use crate::platform::browser;
use leptos::prelude::*;

/// A page's findings: their IDs (in the hash and test IDs) and labels.
pub trait Finding: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    fn id(self) -> &'static str;
    fn label(self) -> String;

    /// The finding a hash asks for; anything else is none (a link can only pick one of ours).
    fn from_hash(hash: &str) -> Option<Self> {
        let v = hash_query::get(hash, "finding")?;
        Self::all().iter().copied().find(|f| f.id() == v)
    }
}

/// The finding chosen, starting from the hash, which then follows it while on `page` (`#/invites`).
pub fn chosen_in_hash<F: Finding>(page: &'static str) -> RwSignal<Option<F>> {
    let chosen = RwSignal::new(F::from_hash(&browser::hash()));
    Effect::new(move |_| {
        let f = chosen.get().map(F::id);
        let hash = browser::hash();
        if hash.split('?').next() == Some(page) {
            browser::replace_hash(&hash_query::set(&hash, page, "finding", f));
        }
    });
    chosen
}

#[component]
pub fn FindingChips<F: Finding>(
    /// Each chip's `data-testid` is `{prefix}-{id}`.
    prefix: &'static str,
    /// How many rows each finding holds, in `F::all()` order.
    counts: Vec<usize>,
    chosen: RwSignal<Option<F>>,
) -> impl IntoView {
    let chips = F::all()
        .iter()
        .copied()
        .zip(counts)
        .map(|(f, n)| {
            let pressed = move || chosen.get() == Some(f);
            view! {
                <button
                    class="chip"
                    class:chip-on=pressed
                    aria-pressed=move || pressed().to_string()
                    data-testid=format!("{prefix}-{}", f.id())
                    on:click=move |_| {
                        chosen.update(|x| *x = if *x == Some(f) { None } else { Some(f) })
                    }
                >
                    <span>{f.label()}</span>
                    <span class="chip-count">{n}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div
            class="chips"
            role="group"
            aria-label="Filter by finding"
            data-testid=format!("{prefix}s")
        >
            {chips}
        </div>
    }
}

//! A Review check's fix: every failing item listed and ticked, the user unticks what must stay,
//! then the ticked ones go to the reviewed job the app already has for that change: the bulk
//! revoke review for keys, the bulk guard rail review for projects (each: the list, the number
//! typed, progress, Stop, an outcome per item, Retry for the rest). An unticked item is never sent.

use crate::components::bulk_rails::{BulkRailsDialog, Rail};
use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::modal::Modal;
use crate::logic::guard_rails::RailRow;
use leptos::prelude::*;
use std::collections::HashSet;

/// What a fix works on, once the user has chosen.
#[derive(Clone, Debug)]
pub enum FixItems {
    Keys(Vec<Chosen>),
    /// Projects, the rail to set first, and the organization's limit in cents.
    Projects(Vec<RailRow>, Rail, Option<i64>),
}

impl FixItems {
    /// Each item's ID and how it is named.
    fn listed(&self) -> Vec<(String, String)> {
        match self {
            Self::Keys(keys) => keys
                .iter()
                .map(|k| {
                    (
                        k.key.id.clone(),
                        format!("{} ({})", k.key.name, k.project_name),
                    )
                })
                .collect(),
            Self::Projects(rows, ..) => rows
                .iter()
                .map(|r| (r.project.id.clone(), r.project.display_name().to_owned()))
                .collect(),
        }
    }

    /// Only the ticked items.
    fn keep(&self, ticked: &HashSet<String>) -> Self {
        match self {
            Self::Keys(keys) => Self::Keys(
                keys.iter()
                    .filter(|k| ticked.contains(&k.key.id))
                    .cloned()
                    .collect(),
            ),
            Self::Projects(rows, rail, org) => Self::Projects(
                rows.iter()
                    .filter(|r| ticked.contains(&r.project.id))
                    .cloned()
                    .collect(),
                *rail,
                *org,
            ),
        }
    }
}

#[component]
pub fn FixDialog(
    /// The check's title, for the heading.
    title: String,
    items: FixItems,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let listed = items.listed();
    let ticked = RwSignal::new(
        listed
            .iter()
            .map(|(id, _)| id.clone())
            .collect::<HashSet<_>>(),
    );
    let listed = StoredValue::new(listed);
    let reviewing = RwSignal::new(None::<FixItems>);
    let items = StoredValue::new(items);
    let title = StoredValue::new(title);
    let n = move || ticked.with(HashSet::len);
    let what = items.with_value(|i| {
        if matches!(i, FixItems::Keys(_)) {
            "keys"
        } else {
            "projects"
        }
    });
    let go = move |_| {
        let chosen = items.with_value(|i| ticked.with_untracked(|t| i.keep(t)));
        reviewing.set(Some(chosen));
    };
    let close = Callback::new(move |_| on_close.run(()));
    let close_rails = Callback::new(move |()| on_close.run(()));
    view! {
        <Show
            when=move || reviewing.with(Option::is_none)
            fallback=move || match reviewing.get_untracked() {
                Some(FixItems::Keys(keys)) => {
                    view! { <BulkRevokeDialog keys=keys on_close=close /> }.into_any()
                }
                Some(FixItems::Projects(rows, rail, org)) => {
                    view! {
                        <BulkRailsDialog rows=rows org_limit=org rail=rail on_close=close_rails />
                    }
                        .into_any()
                }
                None => ().into_any(),
            }
        >
            <Modal labelledby="fix-title" testid="fix-dialog" on_close=on_close>
                <h2 id="fix-title">{title.with_value(|t| format!("Fix: {t}"))}</h2>
                <p class="muted small">
                    {format!(
                        "Untick any of these {what} that must stay. The ticked ones go to the review next, where \
                         nothing is sent until you type their number.",
                    )}
                </p>
                <ul class="plain fix-list" data-testid="fix-items">
                    {listed
                        .get_value()
                        .into_iter()
                        .map(|(id, label)| {
                            let (a, b) = (id.clone(), id.clone());
                            view! {
                                <li>
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            data-testid="fix-item"
                                            data-item-id=id
                                            prop:checked=move || ticked.with(|t| t.contains(&a))
                                            on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                ticked
                                                    .update(|t| {
                                                        if on {
                                                            t.insert(b.clone());
                                                        } else {
                                                            t.remove(&b);
                                                        }
                                                    });
                                            }
                                        />
                                        <span class="wrap">{label}</span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class="btn btn-danger"
                        data-testid="fix-review"
                        disabled=move || n() == 0
                        on:click=go
                    >
                        {move || format!("Review the change of {} {what}…", n())}
                    </button>
                </div>
            </Modal>
        </Show>
    }
}

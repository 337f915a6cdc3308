//! The key browser's state in the address bar: its filters, sort and selection follow the view
//! into the hash (a moment after the last change), and a link's selection is taken back only
//! for keys the link's own filters show.

use crate::logic::inventory::PartState;
use crate::logic::key_table::{self, KeyRow, LinkedIds, Selection, TableQuery};
use crate::platform::browser;
use crate::session::Session;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Keeps the hash query in step with the view's filters and selection, while this view is the
/// one in the address bar.
pub(super) fn follow(
    query: RwSignal<TableQuery>,
    selected: RwSignal<Selection>,
    path: String,
    all_projects: bool,
    // The policy's day count: the hash names another only.
    unused_days: u32,
) {
    // The hash follows the view's state, a moment after the last change: the text is built
    // then, not on every keystroke or click.
    let pending = StoredValue::new_local(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    let own_path = StoredValue::new(path);
    Effect::new(move |_| {
        query.track();
        selected.track();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let write = move || {
            let Some(text) = query.try_with_untracked(|q| {
                selected.with_untracked(|s| key_table::to_query(q, s, all_projects, unused_days))
            }) else {
                return;
            };
            // Only while this view is still the one in the address bar.
            let path = own_path.try_get_value();
            if browser::hash().split('?').next() == path.as_deref() {
                browser::replace_hash(&format!("{}{text}", path.unwrap_or_default()));
            }
        };
        pending.set_value(set_timeout_with_handle(write, Duration::from_millis(200)).ok());
    });
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    });
}

/// What a link asked for when the view opened.
pub(super) struct Link {
    /// The keys it selects.
    pub selection: LinkedIds,
    /// Its filters.
    pub query: TableQuery,
    /// The project of a project page; every project when none.
    pub project: Option<String>,
}

/// Selects the link's keys that the link's own filters show, as their rows appear.
pub(super) fn select_from_link(
    session: Session,
    link: Link,
    query: RwSignal<TableQuery>,
    order: Memo<Arc<Vec<u32>>>,
    rows: Memo<Arc<Vec<Arc<KeyRow>>>>,
    selected: RwSignal<Selection>,
) {
    let Link {
        selection: initial_selection,
        query: link_query,
        project,
    } = link;
    // A selection from a link selects only keys that the link's own filters show: each is taken
    // as its row appears, and what has not appeared when the listing ends, or once the filters
    // change, is dropped. A link can't select what the user does not see.
    let from_link = StoredValue::new(Some(initial_selection).filter(|s| !s.is_empty()));
    let link_scope = project;
    Effect::new(move |_| {
        let order = order.get();
        if from_link.with_value(Option::is_none) {
            return;
        }
        if query.with_untracked(|q| *q != link_query) {
            from_link.set_value(None);
            return;
        }
        let rows = rows.get_untracked();
        let mut found = Vec::new();
        from_link.update_value(|pending| {
            if let Some(pending) = pending {
                found.extend(
                    order
                        .iter()
                        .filter(|&&i| pending.remove(&rows[i as usize].key.id)),
                );
            }
        });
        if !found.is_empty() {
            selected.update(|s| {
                s.rebase(&rows);
                found.into_iter().for_each(|i| s.put(i, true));
            });
        }
        let listed = session.inventory.with_untracked(|inv| match &link_scope {
            Some(p) => inv
                .parts
                .get(p)
                .is_some_and(|part| part.state == PartState::Complete),
            None => inv.is_complete(),
        });
        if listed {
            from_link.set_value(None);
        }
    });
}

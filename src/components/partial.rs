//! Lists that keep what they read. A list read page by page that fails part-way shows the
//! pages it got, says it is incomplete and why, and offers to read the rest from where it
//! stopped (not from the start). Used by every list outside the inventory.

use crate::components::common::{ErrorPanel, Loading};
use crate::session::cache::Topic;
use crate::session::{Api, Session, use_session};
use admin_api::{ApiError, Listing};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

type Read<T> = Rc<dyn Fn(Rc<Api>, Option<String>) -> LocalBoxFuture<'static, Listing<T>>>;

/// A list's state: what was read, and whether (and where) it stopped early.
pub struct PartialList<T: 'static> {
    /// The session it reads through (a resume may come from any handler).
    session: Session,
    state: RwSignal<Option<Listing<T>>, LocalStorage>,
    read: StoredValue<Read<T>, LocalStorage>,
    /// The generation of the newest read from the start: an older read that answers late is
    /// dropped.
    latest: StoredValue<u64>,
}

impl<T> Clone for PartialList<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for PartialList<T> {}

/// What the list shows as a whole; its items change within `Ready` without rebuilding it.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    /// Nothing was read.
    Failed(ApiError),
    Ready,
}

impl<T: Clone + 'static> PartialList<T> {
    /// Reads with `read(api, after)` now, and again whenever a write marks `topic` stale. A
    /// read again keeps the items on screen until the new answer replaces them.
    pub fn new(
        topic: Topic,
        read: impl Fn(Rc<Api>, Option<String>) -> LocalBoxFuture<'static, Listing<T>> + 'static,
    ) -> Self {
        let session = use_session();
        let list = Self {
            session,
            state: RwSignal::new_local(None),
            read: StoredValue::new_local(Rc::new(read)),
            latest: StoredValue::new(0),
        };
        let version = session.cache.version(topic);
        Effect::new(move |_| {
            version.get();
            list.start(None, true);
        });
        list
    }

    fn start(self, after: Option<String>, from_start: bool) {
        let Some(api) = self.session.api() else {
            return;
        };
        let read = self.read.get_value();
        // A read from the start begins a new generation of the list; the rest of a list
        // belongs to the generation it continues.
        let mut generation = self.latest.get_value();
        if from_start {
            generation += 1;
            self.latest.set_value(generation);
        }
        spawn_local(async move {
            let more = read(api, after).await;
            // The view may be gone by now, or a newer read from the start may own the list.
            if self.latest.try_get_value() != Some(generation) {
                return;
            }
            self.state.try_update(|s| match s {
                Some(have) if !from_start => {
                    have.items.extend(more.items);
                    have.error = more.error;
                    have.resume = more.resume;
                }
                _ => *s = Some(more),
            });
        });
    }

    /// The items read so far (tracked).
    pub fn items(self) -> Vec<T> {
        self.state
            .with(|s| s.as_ref().map(|l| l.items.clone()).unwrap_or_default())
    }

    /// Something of the items read so far, without cloning them all (tracked).
    pub fn with_items<R>(self, f: impl FnOnce(&[T]) -> R) -> R {
        self.state
            .with(|s| f(s.as_ref().map(|l| l.items.as_slice()).unwrap_or_default()))
    }

    /// Reads the rest, from where the list stopped (from the start when that is unknown).
    pub fn resume(self) {
        let cursor = self
            .state
            .with_untracked(|s| s.as_ref().and_then(|l| l.resume.clone()));
        match cursor {
            Some(after) => self.start(after, false),
            None => self.start(None, true),
        }
    }

    /// Renders the three states: loading, a failure with nothing read, or `ok`'s view of the
    /// items (with a note when they are not all of them). `ok` runs once the list is ready and
    /// reads the items itself (tracked), so a read again changes rows, not the whole view.
    pub fn view(
        self,
        label: &'static str,
        ok: impl Fn() -> AnyView + 'static,
    ) -> impl Fn() -> AnyView {
        let phase = Memo::new(move |_| {
            self.state.with(|s| match s {
                None => Phase::Loading,
                Some(l) if l.items.is_empty() && l.error.is_some() => {
                    Phase::Failed(l.error.clone().unwrap_or_else(ApiError::stopped))
                }
                Some(_) => Phase::Ready,
            })
        });
        let incomplete = Memo::new(move |_| {
            self.state.with(|s| {
                s.as_ref()
                    .and_then(|l| Some((l.items.len(), l.error.clone()?)))
            })
        });
        move || {
            match phase.get() {
            Phase::Loading => view! { <Loading label=label.to_string() /> }.into_any(),
            Phase::Failed(e) => {
                view! { <ErrorPanel error=e retry=Callback::new(move |_| self.resume()) /> }
                    .into_any()
            }
            Phase::Ready => view! {
                {move || {
                    incomplete
                        .get()
                        .map(|(n, e)| {
                            view! {
                                <div class="warn-panel" role="status" data-testid="list-incomplete">
                                    <p class="warn-text">
                                        {format!(
                                            "Only part of this list could be read: the {n} shown. {}",
                                            e.summary(),
                                        )}
                                    </p>
                                    <button
                                        class="btn btn-small"
                                        data-testid="list-resume"
                                        on:click=move |_| self.resume()
                                    >
                                        "Read the rest"
                                    </button>
                                </div>
                            }
                        })
                }}
                {ok()}
            }
            .into_any(),
        }
        }
    }
}

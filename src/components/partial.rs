//! Lists that keep what they read. A list read page by page that fails part-way shows the
//! pages it got, says it is incomplete and why, and offers to read the rest from where it
//! stopped (not from the start). Used by every list outside the inventory.

use crate::components::common::{ErrorPanel, Loading};
use crate::state::{Api, use_app};
use admin_api::Listing;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

type Read<T> = Rc<dyn Fn(Rc<Api>, Option<String>) -> LocalBoxFuture<'static, Listing<T>>>;

/// A list's state: what was read, and whether (and where) it stopped early.
pub struct PartialList<T: 'static> {
    state: RwSignal<Option<Listing<T>>, LocalStorage>,
    read: StoredValue<Read<T>, LocalStorage>,
}

impl<T> Clone for PartialList<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for PartialList<T> {}

impl<T: Clone + 'static> PartialList<T> {
    /// Reads with `read(api, after)` now and after every change the session makes.
    pub fn new(
        read: impl Fn(Rc<Api>, Option<String>) -> LocalBoxFuture<'static, Listing<T>> + 'static,
    ) -> Self {
        let app = use_app();
        let list = Self {
            state: RwSignal::new_local(None),
            read: StoredValue::new_local(Rc::new(read)),
        };
        Effect::new(move |_| {
            app.version.track();
            list.start(None, true);
        });
        list
    }

    fn start(self, after: Option<String>, from_start: bool) {
        let app = use_app();
        let Some(api) = app.api() else { return };
        let read = self.read.get_value();
        if from_start {
            self.state.set(None);
        }
        spawn_local(async move {
            let more = read(api, after).await;
            // The view may be gone by now.
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

    /// Renders the three states: loading, a failure with nothing read, or the items read (with
    /// a note when they are not all of them).
    pub fn view(
        self,
        label: &'static str,
        ok: impl Fn(Vec<T>) -> AnyView + 'static,
    ) -> impl Fn() -> AnyView {
        move || match self.state.get() {
            None => view! { <Loading label=label.to_string() /> }.into_any(),
            Some(Listing {
                items,
                error: Some(e),
                ..
            }) if items.is_empty() => {
                view! { <ErrorPanel error=e retry=Callback::new(move |_| self.resume()) /> }
                    .into_any()
            }
            Some(Listing { items, error, .. }) => {
                let n = items.len();
                view! {
                    {error
                        .map(|e| {
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
                        })}
                    {ok(items)}
                }
                .into_any()
            }
        }
    }
}

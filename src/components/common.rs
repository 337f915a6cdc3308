//! Small shared views: loading, errors, times, badges.

use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::{Api, use_session};
use admin_api::ApiError;
use admin_api::types::scopes::KNOWN;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::rc::Rc;

/// A spinner with a label, announced to screen readers.
#[component]
pub fn Loading(
    /// What is loading.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{move || label.get()}</span>
        </div>
    }
}

/// An API error with what to do about it, and a retry.
#[component]
pub fn ErrorPanel(
    /// The error to explain.
    error: ApiError,
    /// Called by the Retry button.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <strong>{error.kind.title()}</strong>
            <p class="error-message">{error.message.clone()}</p>
            <p class="muted">{crate::logic::errors::advice(&error)}</p>
            {error
                .status
                .map(|s| {
                    view! {
                        <p class="muted small">
                            "HTTP " {s} {error.code.clone().map(|c| format!(" · {c}"))}
                        </p>
                    }
                })}
            {error.request_id.as_deref().map(|id| view! { <RequestId id=id.to_owned() /> })}
            {retry
                .map(|r| {
                    view! {
                        <button class="btn" on:click=move |_| r.run(())>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}

/// OpenAI's request ID for a failed call, with a copy button (support asks for it).
#[component]
pub fn RequestId(
    /// The `x-request-id` value.
    id: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = StoredValue::new(id.clone());
    view! {
        <p class="muted small" data-testid="request-id">
            "Request ID "
            <code>{id}</code>
            " "
            <button
                class="btn btn-small"
                on:click=move |_| {
                    let t = text.get_value();
                    spawn_local(async move {
                        let ok = browser::copy(&t).await;
                        copied.try_set(ok);
                    });
                }
            >
                {move || if copied.get() { "Copied" } else { "Copy" }}
            </button>
        </p>
    }
}

/// A read of the session's API for a view, read again when a write marks its `topic` stale
/// (and only then), showing what it has until the new answer arrives. The fetch gets the client
/// it needs and must not read the view's signals after an await: the view may be gone by then.
/// Lock aborts it with every other request of the session.
pub fn api_resource<T, Fut>(
    topic: Topic,
    fetch: impl Fn(Rc<Api>) -> Fut + 'static,
) -> LocalResource<Result<T, ApiError>>
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let session = use_session();
    let version = session.cache.version(topic);
    LocalResource::new(move || {
        version.get();
        let call = session.client().map(&fetch);
        async move { call?.await }
    })
}

/// [`api_resource`] over several topics: read again when any of them changes.
pub fn api_resource_on<T, Fut>(
    topics: impl IntoIterator<Item = Topic>,
    fetch: impl Fn(Rc<Api>) -> Fut + 'static,
) -> LocalResource<Result<T, ApiError>>
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let session = use_session();
    let versions: Vec<Memo<u32>> = topics
        .into_iter()
        .map(|t| session.cache.version(t))
        .collect();
    LocalResource::new(move || {
        for v in &versions {
            v.get();
        }
        let call = session.client().map(&fetch);
        async move { call?.await }
    })
}

/// "3 days ago", exact UTC on hover.
#[component]
pub fn RelTime(
    /// Unix seconds, or none.
    ts: Option<i64>,
    /// Now, in Unix seconds.
    now: i64,
    /// Shown when `ts` is none.
    #[prop(into, default = "—".to_string())]
    none: String,
) -> impl IntoView {
    match ts {
        Some(t) => view! {
            <time datetime=time::iso(t) title=time::exact(t)>
                {time::relative(t, now)}
            </time>
        }
        .into_any(),
        None => view! { <span class="muted">{none}</span> }.into_any(),
    }
}

/// One checkbox per known scope; `chosen` holds the ticked ones.
#[component]
pub fn ScopeChecklist(
    /// The ticked scopes, in the order they were ticked.
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <div class="scope-list">
            {KNOWN
                .iter()
                .map(|(scope, label)| {
                    let (s, s2) = (scope.to_string(), scope.to_string());
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || chosen.with(|c| c.contains(&s))
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    let s = s2.clone();
                                    chosen
                                        .update(|c| {
                                            c.retain(|x| *x != s);
                                            if on {
                                                c.push(s)
                                            }
                                        })
                                }
                            />
                            " "
                            {*label}
                            " "
                            <code class="small">{*scope}</code>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A definition row for detail views.
#[component]
pub fn Field(
    /// The label.
    label: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <dt>{label}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

/// The three states of a load: a labelled spinner, the error with a retry, or the data as `ok`
/// renders it (including its own empty state).
pub fn loaded<T: Clone + 'static>(
    resource: LocalResource<Result<T, ApiError>>,
    label: impl Into<Signal<String>>,
    ok: impl Fn(T) -> AnyView + 'static,
) -> impl Fn() -> AnyView {
    let label = label.into();
    move || match resource.get() {
        None => view! { <Loading label=label /> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorPanel error=e retry=Callback::new(move |_| resource.refetch()) /> }
                .into_any()
        }
        Some(Ok(data)) => ok(data),
    }
}

/// A write a view starts: one at a time, with its follow-up. Lighter than a Leptos `Action`
/// (one signal, no input or value kept): every form has one. The answer goes to the follow-up
/// alone, so nothing (a new key's secret, say) lingers in the view's state.
pub struct Write<T: 'static> {
    pending: RwSignal<bool>,
    answer: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Write<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Write<T> {}

impl<T: 'static> Write<T> {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            answer: std::marker::PhantomData,
        }
    }

    /// Sends it, unless one is on its way already (a double click sends once). `then` is the
    /// write's follow-up (toast, what it made stale): it runs when the answer arrives, even if
    /// the view is gone by then, so it must touch the view's own signals only with `try_`.
    pub fn run(
        self,
        write: impl Future<Output = Result<T, ApiError>> + 'static,
        then: impl FnOnce(Result<T, ApiError>) + 'static,
    ) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        spawn_local(async move {
            let answer = write.await;
            then(answer);
            self.pending.try_set(false);
        });
    }

    /// On its way (tracked).
    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// On its way (untracked: for handlers).
    pub fn pending_untracked(self) -> bool {
        self.pending.get_untracked()
    }
}

/// A number of days typed for an expiry (1 to 3650), as the update form and the rotation ask.
#[component]
pub fn DaysInput(
    /// The text typed.
    value: RwSignal<String>,
    /// `data-testid` for tests.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="inline">
            "Days: "
            <input
                type="number"
                min="1"
                max="3650"
                class="short"
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
            />
        </label>
    }
}

/// A form's error, said where the form is (and announced), or nothing.
#[component]
pub fn FieldError(
    /// The message, when there is one.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p class="field-error" role="alert">
                    {m}
                </p>
            }
        })
    }
}

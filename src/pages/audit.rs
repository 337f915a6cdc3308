//! The audit trail: who did what to which key, when. Filters by project, event, actor,
//! resource and time; pages load as the list scrolls into view, until the log's end.

use crate::components::common::{ErrorPanel, Loading, RelTime, api_resource};
use crate::logic::audit::{self, AuditFilter, EVENT_CHOICES, FilterError};
use crate::logic::route::{ProjectTab, Route};
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use admin_api::ApiError;
use admin_api::types::AuditLog;
use leptos::ev::SubmitEvent;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The list as far as it was read.
#[derive(Clone, Default)]
struct Trail {
    events: Vec<AuditLog>,
    /// Where the next page starts; `None` with `end` set: the log's end was reached.
    after: Option<String>,
    end: bool,
    loading: bool,
    error: Option<ApiError>,
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = use_session();
    let applied = RwSignal::new(AuditFilter::from_hash(&browser::hash()));
    let draft = RwSignal::new(applied.get_untracked());
    let form_error = RwSignal::new(None::<FilterError>);
    let trail = RwSignal::new(Trail::default());
    // Bumped by every new filter: a page that arrives for an older one is dropped.
    let run = StoredValue::new(0u64);

    let load_more = move || {
        let Some(t) = trail.try_get_untracked() else {
            return;
        };
        if t.loading || t.end || t.error.is_some() {
            return;
        }
        let Ok(mut query) = applied.get_untracked().to_query() else {
            return;
        };
        query.after = t.after.clone();
        let Ok(api) = session.client() else { return };
        let this_run = run.get_value();
        trail.update(|t| t.loading = true);
        spawn_local(async move {
            let result = api.list_audit_logs(&query).await;
            // The view may be gone, or the filter changed, by now.
            if run.try_get_value() != Some(this_run) {
                return;
            }
            trail.try_update(|t| {
                t.loading = false;
                match result {
                    Ok(page) => {
                        let more = page.has_more != Some(false) && !page.data.is_empty();
                        t.after = page
                            .last_id
                            .clone()
                            .or_else(|| page.data.last().map(|e| e.id.clone()));
                        t.end = !more || t.after.is_none();
                        t.events.extend(page.data);
                    }
                    Err(e) => t.error = Some(e),
                }
            });
        });
    };
    let restart = move || {
        run.update_value(|r| *r += 1);
        trail.set(Trail::default());
        load_more();
    };
    // Every write leaves an audit event: the trail starts over after one.
    let written = session.cache.version(Topic::AuditLog);
    Effect::new(move |_| {
        written.get();
        restart();
    });
    let apply = move |e: SubmitEvent| {
        e.prevent_default();
        let f = draft.get_untracked();
        match f.to_query() {
            Err(err) => form_error.set(Some(err)),
            Ok(_) => {
                form_error.set(None);
                browser::replace_hash(&f.href());
                applied.set(f);
                restart();
            }
        }
    };
    let clear = move |_| {
        draft.set(AuditFilter::default());
        form_error.set(None);
        browser::replace_hash("#/audit");
        applied.set(AuditFilter::default());
        restart();
    };

    // Loads the next page when the end of the list scrolls into view.
    let sentinel = NodeRef::<Div>::new();
    let observer = StoredValue::new_local(
        None::<(
            web_sys::IntersectionObserver,
            Closure<dyn Fn(js_sys::Array)>,
        )>,
    );
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        let seen = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if visible {
                load_more();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin("200px");
        if let Ok(o) =
            web_sys::IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &options)
        {
            o.observe(&el);
            observer.set_value(Some((o, seen)));
        }
    });
    on_cleanup(move || {
        observer.try_with_value(|o| {
            if let Some((o, _)) = o {
                o.disconnect();
            }
        });
    });

    // The project names for the filter: the session's shared list (this page does not start
    // the key scan, and the list is read once per session).
    let listed = api_resource(Topic::Projects, move |_| session.projects());
    let projects = Memo::new(move |_| listed.get().and_then(Result::ok).unwrap_or_default());
    let project_name = move |id: &str| {
        projects.with_untracked(|list| {
            list.iter()
                .find(|p| p.id == id)
                .map(|p| p.display_name().to_owned())
        })
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           hint: &'static str,
                           get: fn(&AuditFilter) -> String,
                           put: fn(&mut AuditFilter, String)| {
        view! {
            <label class="field-inline" for=id>
                <span>{label}</span>
                <input
                    id=id
                    data-testid=id
                    type="text"
                    placeholder=hint
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || draft.with(get)
                    on:input=move |e| {
                        let v = event_target_value(&e);
                        draft.update(|f| put(f, v))
                    }
                />
            </label>
        }
    };
    let date_field = move |id: &'static str,
                           label: &'static str,
                           get: fn(&AuditFilter) -> String,
                           put: fn(&mut AuditFilter, String)| {
        view! {
            <label class="field-inline" for=id>
                <span>{label}</span>
                <input
                    id=id
                    data-testid=id
                    type="date"
                    prop:value=move || draft.with(get)
                    on:input=move |e| {
                        let v = event_target_value(&e);
                        draft.update(|f| put(f, v))
                    }
                />
            </label>
        }
    };
    let now = browser::now();
    let count = move || trail.with(|t| t.events.len());

    view! {
        <section class="page" aria-labelledby="audit-title">
            <div class="page-head">
                <div>
                    <h1 id="audit-title">"Audit log"</h1>
                    <p class="muted small">
                        "Who did what to which key, and when. Actions taken with an admin key are filed under the \
                            default project."
                    </p>
                </div>
            </div>
            <form
                class="card audit-filters"
                role="search"
                aria-label="Filter the audit log"
                on:submit=apply
                data-testid="audit-filters"
            >
                <label class="field-inline" for="audit-project">
                    <span>"Project"</span>
                    <select
                        id="audit-project"
                        data-testid="audit-project"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            draft.update(|f| f.project = v)
                        }
                    >
                        <option value="" selected=move || draft.with(|f| f.project.is_empty())>
                            "Every project"
                        </option>
                        {move || {
                            projects
                                .get()
                                .iter()
                                .map(|p| {
                                    let id = p.id.clone();
                                    let sel = id.clone();
                                    view! {
                                        <option
                                            value=id
                                            selected=move || draft.with(|f| f.project == sel)
                                        >
                                            {p.display_name().to_owned()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="field-inline" for="audit-type">
                    <span>"Event"</span>
                    <select
                        id="audit-type"
                        data-testid="audit-type"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            draft.update(|f| f.event = v)
                        }
                    >
                        {EVENT_CHOICES
                            .iter()
                            .map(|(v, l)| {
                                view! {
                                    <option value=*v selected=move || draft.with(|f| f.event == *v)>
                                        {*l}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                {text_field(
                    "audit-actor",
                    "Actor",
                    "email, user, service-account or key ID",
                    |f| f.actor.clone(),
                    |f, v| f.actor = v,
                )}
                {text_field(
                    "audit-resource",
                    "Resource",
                    "key, project or user ID",
                    |f| f.resource.clone(),
                    |f, v| f.resource = v,
                )}
                {date_field("audit-from", "From", |f| f.from.clone(), |f, v| f.from = v)}
                {date_field("audit-to", "To", |f| f.to.clone(), |f, v| f.to = v)}
                <div class="actions">
                    <button class="btn btn-primary" type="submit" data-testid="audit-apply">
                        "Apply"
                    </button>
                    <Show when=move || {
                        !applied.with(AuditFilter::is_empty) || !draft.with(AuditFilter::is_empty)
                    }>
                        <button class="btn" type="button" data-testid="audit-clear" on:click=clear>
                            "Clear"
                        </button>
                    </Show>
                </div>
                {move || {
                    form_error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="field-error" role="alert">
                                    {e.to_string()}
                                </p>
                            }
                        })
                }}
            </form>
            {move || {
                trail
                    .with(|t| t.error.clone())
                    .map(|e| match audit::unavailable(&e) {
                        Some(why) => {
                            view! {
                                <div
                                    class="warn-panel"
                                    role="alert"
                                    data-testid="audit-unavailable"
                                >
                                    <p class="warn-text">
                                        <strong>"The audit log can't be read. "</strong>
                                        {why}
                                    </p>
                                    <p class="muted small">"The API said: " {e.message.clone()}</p>
                                </div>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <ErrorPanel
                                    error=e
                                    retry=Callback::new(move |_| {
                                        trail.update(|t| t.error = None);
                                        load_more();
                                    })
                                />
                            }
                                .into_any()
                        }
                    })
            }}
            <p class="muted small" aria-live="polite" data-testid="audit-count">
                {move || {
                    let n = count();
                    let more = if trail.with(|t| t.end) { "" } else { " so far" };
                    format!("{n} event{}{more}", if n == 1 { "" } else { "s" })
                }}
            </p>
            <ol class="events" data-testid="audit-events">
                <For
                    each=move || trail.with(|t| t.events.clone())
                    key=|e| e.id.clone()
                    children=move |e| {
                        let target = e.target_id().map(str::to_owned);
                        let details = e
                            .details
                            .get(&e.kind)
                            .map(|d| serde_json::to_string_pretty(d).unwrap_or_default());
                        let event_project = e.project.as_ref().map(|p| p.id.clone());
                        let name_of = |id: &str, given: Option<String>| {
                            given.or_else(|| project_name(id)).unwrap_or_else(|| id.to_owned())
                        };
                        let home = target
                            .as_deref()
                            .filter(|_| e.kind.starts_with("api_key."))
                            .and_then(|t| session.inventory.with_untracked(|i| i.home_of(t)));
                        let key_project = home.as_ref().map(|h| h.project_id.clone());
                        let elsewhere = e
                            .project
                            .as_ref()
                            .filter(|_| audit::filed_elsewhere(
                                event_project.as_deref(),
                                key_project.as_deref(),
                            ))
                            .map(|p| name_of(&p.id, p.name.clone()));
                        let project = match &key_project {
                            Some(id) => Some((id.clone(), name_of(id, None))),
                            None => {
                                e.project
                                    .as_ref()
                                    .map(|p| (p.id.clone(), name_of(&p.id, p.name.clone())))
                            }
                        };
                        let target_href = target
                            .as_deref()
                            .and_then(|t| {
                                audit::target_route(
                                    &e.kind,
                                    t,
                                    event_project.as_deref(),
                                    key_project.as_deref(),
                                )
                            })
                            .map(|r| r.href());
                        let key_name = home.map(|h| h.key_name);
                        // A key event names the key and its real project, as the inventory knows them.
                        view! {
                            <li
                                class="event"
                                data-testid="audit-event"
                                data-project=e.project.as_ref().map(|p| p.id.clone())
                            >
                                <div>
                                    <strong>{e.kind.clone()}</strong>
                                    " · "
                                    <RelTime ts=Some(e.effective_at) now=now />
                                </div>
                                <div class="muted small">
                                    "by "
                                    <span data-testid="audit-actor-label">
                                        {e
                                            .actor
                                            .as_ref()
                                            .map(|a| a.label())
                                            .unwrap_or_else(|| "unknown".into())}
                                    </span>
                                    {target
                                        .map(|t| {
                                            let shown = match key_name {
                                                Some(name) => {
                                                    view! {
                                                        <span class="wrap">{name}</span>
                                                        " ("
                                                        <code>{t}</code>
                                                        ")"
                                                    }
                                                        .into_any()
                                                }
                                                None => view! { <code>{t}</code> }.into_any(),
                                            };
                                            view! {
                                                " · on "
                                                {match target_href {
                                                    Some(href) => {
                                                        view! {
                                                            <a href=href data-testid="audit-target">
                                                                {shown}
                                                            </a>
                                                        }
                                                            .into_any()
                                                    }
                                                    None => shown,
                                                }}
                                            }
                                        })}
                                    {project
                                        .map(|(id, name)| {
                                            let href = Route::Project {
                                                id,
                                                tab: ProjectTab::Keys,
                                            }
                                                .href();
                                            view! {
                                                " · in "
                                                <a class="wrap" href=href data-testid="audit-project-link">
                                                    {name}
                                                </a>
                                            }
                                        })}
                                    {elsewhere
                                        .map(|p| {
                                            view! {
                                                <span class="muted" data-testid="audit-filed-under">
                                                    {format!(" (the API filed this event under {p})")}
                                                </span>
                                            }
                                        })}
                                </div>
                                {details
                                    .map(|d| {
                                        view! {
                                            <details>
                                                <summary>"Details"</summary>
                                                <pre>{d}</pre>
                                            </details>
                                        }
                                    })}
                            </li>
                        }
                    }
                />
            </ol>
            {move || {
                (trail.with(|t| t.end && t.events.is_empty() && t.error.is_none()))
                    .then(|| {
                        view! {
                            <div class="empty" data-testid="audit-empty">
                                "No events match these filters."
                            </div>
                        }
                    })
            }}
            {move || {
                trail
                    .with(|t| t.loading)
                    .then(|| view! { <Loading label="Loading events…".to_string() /> })
            }}
            <div node_ref=sentinel class="scroll-sentinel" aria-hidden="true"></div>
            {move || {
                trail
                    .with(|t| !t.end && !t.loading && t.error.is_none())
                    .then(|| {
                        view! {
                            <button
                                class="btn"
                                data-testid="audit-more"
                                on:click=move |_| load_more()
                            >
                                "Load more"
                            </button>
                        }
                    })
            }}
            {move || {
                trail
                    .with(|t| t.end && !t.events.is_empty())
                    .then(|| {
                        view! {
                            <p class="muted small end-of-list" data-testid="audit-end">
                                {move || format!("End of the audit log: {} events.", count())}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

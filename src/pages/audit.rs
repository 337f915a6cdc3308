//! The organization's audit trail of key and service-account events.

use crate::components::common::{ErrorPanel, Loading, RelTime};
use crate::platform::browser;
use crate::state::use_app;
use admin_api::types::AuditLog;
use admin_api::{ApiError, AuditQuery};
use leptos::prelude::*;

const TYPES: &[(&str, &str)] = &[
    ("keys", "Key and service-account events"),
    ("api_key.created", "Keys created"),
    ("api_key.updated", "Keys updated"),
    ("api_key.deleted", "Keys deleted"),
    ("service_account.created", "Service accounts created"),
    ("service_account.deleted", "Service accounts deleted"),
    ("all", "All events"),
];

fn event_types(choice: &str) -> Vec<String> {
    match choice {
        "all" => Vec::new(),
        "keys" => [
            "api_key.created",
            "api_key.updated",
            "api_key.deleted",
            "service_account.created",
            "service_account.updated",
            "service_account.deleted",
        ]
        .map(String::from)
        .to_vec(),
        one => vec![one.to_owned()],
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let app = use_app();
    let choice = RwSignal::new("keys".to_string());
    let events = RwSignal::new(Vec::<AuditLog>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let load = Action::new_local(move |(types, after): &(Vec<String>, Option<String>)| {
        let api = app.client();
        let query = AuditQuery {
            event_types: types.clone(),
            after: after.clone(),
            limit: Some(50),
            ..Default::default()
        };
        async move { api?.list_audit_logs(&query).await }
    });
    let refresh = move || {
        events.set(Vec::new());
        cursor.set(None);
        error.set(None);
        load.dispatch_local((event_types(&choice.get_untracked()), None));
    };
    Effect::new(move |_| {
        app.version.track();
        choice.track();
        refresh();
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(page)) => {
            cursor.set(if page.has_more == Some(true) {
                page.last_id.clone()
            } else {
                None
            });
            events.update(|e| e.extend(page.data));
        }
        Some(Err(e)) => error.set(Some(e)),
        _ => {}
    });
    let now = browser::now();
    view! {
        <section class="page" aria-labelledby="audit-title">
            <div class="page-head"><h1 id="audit-title">"Audit log"</h1></div>
            <div class="toolbar">
                <label for="audit-type">"Show "</label>
                <select id="audit-type" data-testid="audit-type" on:change=move |e| choice.set(event_target_value(&e))>
                    {TYPES.iter().map(|(v, l)| view! { <option value=*v selected=move || choice.get() == *v>{*l}</option> }).collect_view()}
                </select>
            </div>
            {move || error.get().map(|e| view! { <ErrorPanel error=e retry=Callback::new(move |_| refresh()) /> })}
            {move || (events.with(Vec::is_empty) && !load.pending().get() && error.get().is_none()).then(|| view! { <div class="empty">"No events."</div> })}
            <ul class="events" data-testid="audit-events">
                <For each=move || events.get() key=|e| e.id.clone() children=move |e| {
                    let target = e.target_id().map(str::to_owned);
                    let details = e.details.get(&e.kind).map(|d| serde_json::to_string_pretty(d).unwrap_or_default());
                    view! {
                        <li class="event">
                            <div><strong>{e.kind.clone()}</strong> " · " <RelTime ts=Some(e.effective_at) now=now /></div>
                            <div class="muted small">"by " {e.actor.as_ref().map(|a| a.label()).unwrap_or_else(|| "unknown".into())}
                                {target.map(|t| view! { " · on " <code>{t}</code> })}
                                {e.project.as_ref().map(|p| format!(" · project {}", p.name.clone().unwrap_or(p.id.clone())))}</div>
                            {details.map(|d| view! { <details><summary>"Details"</summary><pre>{d}</pre></details> })}
                        </li>
                    }
                } />
            </ul>
            {move || load.pending().get().then(|| view! { <Loading label="Loading events…".to_string() /> })}
            {move || (cursor.get().is_some() && !load.pending().get()).then(|| view! {
                <button class="btn" on:click=move |_| { load.dispatch_local((event_types(&choice.get_untracked()), cursor.get_untracked())); }>"Load more"</button>
            })}
        </section>
    }
}

//! A project's keys: triage, sort, filter, select, revoke one or many.

use crate::components::bulk_revoke::{BulkRevokeDialog, Chosen};
use crate::components::common::{FlagBadge, RelTime, api_resource, loaded};
use crate::components::revoke::{RevokeDialog, RevokeTarget};
use crate::logic::keys::{self, KeyFilter, Sort, SortKey, all_keys};
use crate::logic::route::Route;
use crate::platform::browser;
use crate::state::use_app;
use admin_api::types::{OwnerAccess, ProjectApiKey};
use leptos::prelude::*;

#[component]
pub(super) fn KeysTab(
    /// The project's ID.
    project_id: String,
    /// Its name, once known (for confirmations).
    #[prop(into)]
    project_name: Signal<String>,
) -> impl IntoView {
    let app = use_app();
    let loaded_count = RwSignal::new(0usize);
    let pid = StoredValue::new(project_id);
    let keys = api_resource(move |api| {
        let id = pid.get_value();
        loaded_count.set(0);
        async move {
            // try_set: the view may be gone by the time a page arrives.
            api.all_api_keys(&id, &all_keys(), |n| {
                loaded_count.try_set(n);
            })
            .await
        }
    });
    let query = RwSignal::new(String::new());
    let filter = RwSignal::new(KeyFilter::All);
    let sort = RwSignal::new(Sort::default());
    let revoking = RwSignal::new(None::<RevokeTarget>);
    let selected = RwSignal::new(Vec::<String>::new());
    // The keys under review: taken when the button is pressed, so a list refresh can't change them.
    let bulk = RwSignal::new(None::<Vec<Chosen>>);

    let name_of = move || {
        let n = project_name.get_untracked();
        if n.is_empty() { pid.get_value() } else { n }
    };
    let close = Callback::new(move |changed: bool| {
        revoking.set(None);
        if changed {
            app.changed();
        }
    });
    let sort_header = move |key: SortKey, label: &'static str, class: &'static str| {
        let aria = move || match sort.get() {
            s if s.key == key => {
                if s.ascending {
                    "ascending"
                } else {
                    "descending"
                }
            }
            _ => "none",
        };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button class="th-btn" on:click=move |_| sort.update(|s| *s = s.toggle(key))>
                    {label} <span aria-hidden="true">{move || match sort.get() { s if s.key == key => if s.ascending { " ▲" } else { " ▼" }, _ => "" }}</span>
                </button>
            </th>
        }
    };

    view! {
        {loaded(keys, Signal::derive(move || format!("Loading keys… {} so far", loaded_count.get())), move |all| match all {
            all if all.is_empty() => view! { <div class="empty" data-testid="no-keys">"This project has no API keys."</div> }.into_any(),
            all => {
                let now = browser::now();
                let summary = keys::summary(&all, now);
                let all = StoredValue::new(all);
                let rows = move || keys::view(&all.get_value(), &query.get(), filter.get(), sort.get(), now);
                view! {
                    <p class="summary small" data-testid="key-summary">
                        {format!("{} keys", all.with_value(Vec::len))}
                        {summary.into_iter().filter(|(_, n)| *n > 0).map(|(f, n)| view! { " · " <FlagBadge flag=f /> " " {n} }).collect_view()}
                    </p>
                    <div class="toolbar" role="search">
                        <input type="search" class="grow" placeholder="Search name, owner, ID" aria-label="Search keys" data-testid="key-search"
                            prop:value=move || query.get() on:input=move |e| query.set(event_target_value(&e)) />
                        <label class="sr-only" for="key-filter">"Show"</label>
                        <select id="key-filter" data-testid="key-filter" on:change=move |e| filter.set(KeyFilter::from_id(&event_target_value(&e)))>
                            {KeyFilter::ALL.iter().map(|f| view! { <option value=f.id() selected=move || filter.get() == *f>{f.label()}</option> }).collect_view()}
                        </select>
                        <button class="btn btn-danger hide-narrow" data-testid="bulk-revoke" disabled=move || selected.with(Vec::is_empty) on:click=move |_| {
                            let (project_id, project_name) = (pid.get_value(), name_of());
                            bulk.set(Some(all.with_value(|all| all.iter()
                                .filter(|k| selected.with_untracked(|s| s.contains(&k.id)))
                                .map(|k| Chosen { project_id: project_id.clone(), project_name: project_name.clone(), key: k.clone() })
                                .collect())));
                        }>
                            {move || format!("Revoke selected ({})", selected.with(Vec::len))}
                        </button>
                    </div>
                    {move || {
                        let rows = rows();
                        if rows.is_empty() {
                            return view! { <div class="empty">"No key matches these filters."</div> }.into_any();
                        }
                        let visible: Vec<String> = rows.iter().map(|k| k.id.clone()).collect();
                        let visible2 = visible.clone();
                        view! {
                            <div class="table-wrap">
                                <table class="table keys" data-testid="keys-table">
                                    <thead><tr>
                                        <th scope="col" class="sel"><input type="checkbox" aria-label="Select all shown keys"
                                            prop:checked=move || !visible.is_empty() && selected.with(|s| visible.iter().all(|v| s.contains(v)))
                                            on:change=move |e| { let on = event_target_checked(&e); let vis = visible2.clone(); selected.update(|s| { s.retain(|x| !vis.contains(x)); if on { s.extend(vis) } }) } /></th>
                                        {sort_header(SortKey::Name, "Name", "")}
                                        <th scope="col" class="hide-narrow">"Key"</th>
                                        {sort_header(SortKey::Owner, "Owner", "")}
                                        {sort_header(SortKey::Created, "Created", "hide-narrow")}
                                        {sort_header(SortKey::LastUsed, "Last used", "")}
                                        {sort_header(SortKey::Expires, "Expires", "hide-narrow")}
                                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|k| view! { <KeyRow key=k now=now project_id=pid.get_value() selected=selected on_revoke=Callback::new(move |k: ProjectApiKey| revoking.set(Some(RevokeTarget { project_id: pid.get_value(), project_name: name_of(), key: k }))) /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                }.into_any()
            }
        })}
        {move || revoking.get().map(|t| view! { <RevokeDialog target=t on_close=close /> })}
        {move || bulk.get().map(|keys| {
            let close = Callback::new(move |_| { bulk.set(None); selected.set(Vec::new()); });
            view! { <BulkRevokeDialog keys=keys on_close=close /> }
        })}
    }
}

#[component]
fn KeyRow(
    /// The key.
    key: ProjectApiKey,
    /// Now, Unix seconds.
    now: i64,
    /// Its project.
    project_id: String,
    /// Selected key IDs (bulk revoke).
    selected: RwSignal<Vec<String>>,
    /// Opens the revoke dialog for this key.
    on_revoke: Callback<ProjectApiKey>,
) -> impl IntoView {
    let href = Route::Key {
        project: project_id,
        key: key.id.clone(),
    }
    .href();
    let flags = keys::flags(&key, now);
    let owner = key.owner.clone();
    let id = key.id.clone();
    let id2 = key.id.clone();
    let k = StoredValue::new(key.clone());
    let name = if key.name.trim().is_empty() {
        "(unnamed)".to_owned()
    } else {
        key.name.clone()
    };
    let aria_name = name.clone();
    view! {
        <tr data-testid="key-row" data-key-id=key.id.clone()>
            <td class="sel"><input type="checkbox" aria-label=format!("Select {aria_name}") prop:checked=move || selected.with(|s| s.contains(&id))
                on:change=move |e| { let on = event_target_checked(&e); let id = id2.clone(); selected.update(|s| { s.retain(|x| *x != id); if on { s.push(id) } }) } /></td>
            <td class="wrap"><a href=href>{name}</a>
                <div class="badges">{flags.into_iter().map(|f| view! { <FlagBadge flag=f /> }).collect_view()}</div></td>
            <td class="mono hide-narrow">{key.redacted_value.clone()}</td>
            <td class="wrap">
                {if let Some(sa) = owner.service_account.clone() {
                    view! { <span class="owner"><span class="badge">"Service account"</span> " " {sa.name.unwrap_or(sa.id)}</span> }.into_any()
                } else if let Some(u) = owner.user.clone() {
                    view! { <span class="owner"><span>{u.name.clone().unwrap_or_else(|| u.id.clone())}</span><span class="muted small block hide-narrow">{u.email.clone()}</span></span> }.into_any()
                } else {
                    view! { <span class="muted">"Unknown"</span> }.into_any()
                }}
                {(key.owner_project_access == OwnerAccess::Inactive).then(|| view! { <span class="muted small block">"no longer in project"</span> })}
            </td>
            <td class="hide-narrow"><RelTime ts=Some(key.created_at) now=now /></td>
            <td><RelTime ts=key.last_used_at now=now none="Never" /></td>
            <td class="hide-narrow"><RelTime ts=key.expires_at now=now none="Never" /></td>
            <td class="actions-cell">
                <button class="btn btn-small btn-danger-outline" aria-label=format!("Revoke key {}", key.name) data-testid="revoke" on:click=move |_| on_revoke.run(k.get_value())>"Revoke"</button>
            </td>
        </tr>
    }
}

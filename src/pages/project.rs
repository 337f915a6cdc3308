//! One project: its keys (triage, sort, filter, revoke), service accounts, and users.

use super::projects::all_keys;
use crate::components::common::{ErrorPanel, FlagBadge, RelTime, loaded};
use crate::components::modal::Modal;
use crate::components::revoke::{RevokeDialog, RevokeTarget};
use crate::components::secret::SecretReveal;
use crate::logic::keys::{self, KeyFilter, Sort, SortKey};
use crate::logic::route::{ProjectTab, Route};
use crate::logic::time;
use crate::platform::browser;
use crate::state::{ToastKind, use_app};
use admin_api::types::{
    CreateServiceAccount, CreateServiceAccountKey, NewKeySecret, OwnerAccess, Project,
    ProjectApiKey, scopes::READ_ONLY,
};
use admin_api::{ApiError, RevokeOutcome};
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn ProjectPage(
    /// The project's ID.
    id: String,
    /// Which tab is open.
    tab: ProjectTab,
) -> impl IntoView {
    let app = use_app();
    let pid = id.clone();
    let project = LocalResource::new(move || {
        let id = pid.clone();
        let api = app.client();
        async move { api?.retrieve_project(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = project.get() {
            app.handle_auth(&e);
        }
    });
    let name = Signal::derive(move || {
        project
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.display_name().to_owned())
            .unwrap_or_default()
    });
    let tab_link = |t: ProjectTab, label: &'static str, id: &str| {
        let href = Route::Project {
            id: id.to_owned(),
            tab: t,
        }
        .href();
        let current = t == tab;
        view! { <a href=href class="tab" class:active=current aria-current=current.then_some("page") role="tab" aria-selected=current.to_string()>{label}</a> }
    };
    let body = match tab {
        ProjectTab::Keys => {
            view! { <KeysTab project_id=id.clone() project_name=name /> }.into_any()
        }
        ProjectTab::ServiceAccounts => {
            view! { <ServiceAccountsTab project_id=id.clone() /> }.into_any()
        }
        ProjectTab::Users => view! { <UsersTab project_id=id.clone() /> }.into_any(),
    };
    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb"><a href=Route::Projects.href()>"Projects"</a><span aria-hidden="true">" / "</span></nav>
            {move || match project.get() {
                None => view! { <h1 class="placeholder">"Loading project…"</h1> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e retry=Callback::new(move |_| project.refetch()) /> }.into_any(),
                Some(Ok(p)) => view! { <ProjectHeader project=p /> }.into_any(),
            }}
            <div class="tabs" role="tablist" aria-label="Project sections">
                {tab_link(ProjectTab::Keys, "API keys", &id)}
                {tab_link(ProjectTab::ServiceAccounts, "Service accounts", &id)}
                {tab_link(ProjectTab::Users, "Users", &id)}
            </div>
            {body}
        </section>
    }
}

#[component]
fn ProjectHeader(
    /// The project.
    project: Project,
) -> impl IntoView {
    view! {
        <div class="page-head">
            <div>
                <h1 class="wrap" data-testid="project-name">{project.display_name().to_owned()}</h1>
                <p class="muted small">
                    <code>{project.id.clone()}</code>
                    " · " {if project.is_archived() { "Archived" } else { "Active" }}
                    " · created " {time::date(project.created_at)}
                </p>
            </div>
        </div>
    }
}

#[component]
fn KeysTab(
    /// The project's ID.
    project_id: String,
    /// Its name, once known (for confirmations).
    #[prop(into)]
    project_name: Signal<String>,
) -> impl IntoView {
    let app = use_app();
    let loaded_count = RwSignal::new(0usize);
    let pid = StoredValue::new(project_id);
    let keys = LocalResource::new(move || {
        let id = pid.get_value();
        app.version.track();
        let api = app.client();
        async move {
            loaded_count.set(0);
            api?.all_api_keys(&id, &all_keys(), |n| loaded_count.set(n))
                .await
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = keys.get() {
            app.handle_auth(&e);
        }
    });
    let query = RwSignal::new(String::new());
    let filter = RwSignal::new(KeyFilter::All);
    let sort = RwSignal::new(Sort::default());
    let revoking = RwSignal::new(None::<RevokeTarget>);
    let selected = RwSignal::new(Vec::<String>::new());
    let bulk = RwSignal::new(false);

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
                        <button class="btn btn-danger hide-narrow" data-testid="bulk-revoke" disabled=move || selected.with(Vec::is_empty) on:click=move |_| bulk.set(true)>
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
                    {move || bulk.get().then(|| {
                        let chosen: Vec<ProjectApiKey> = all.with_value(|all| all.iter().filter(|k| selected.with(|s| s.contains(&k.id))).cloned().collect());
                        view! { <BulkRevoke project_id=pid.get_value() keys=chosen on_close=Callback::new(move |changed: bool| { bulk.set(false); selected.set(Vec::new()); if changed { app.changed(); } }) /> }
                    })}
                }.into_any()
            }
        })}
        {move || revoking.get().map(|t| view! { <RevokeDialog target=t on_close=close /> })}
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

/// Revokes several keys, one DELETE each, in order, with progress and a truthful tally.
#[component]
fn BulkRevoke(
    /// The project.
    project_id: String,
    /// The keys the user selected.
    keys: Vec<ProjectApiKey>,
    /// Called with whether anything changed.
    #[prop(into)]
    on_close: Callback<bool>,
) -> impl IntoView {
    let app = use_app();
    let total = keys.len();
    let now = browser::now();
    let recent = keys
        .iter()
        .filter(|k| keys::needs_typed_confirmation(k, now))
        .count();
    let phrase = format!("revoke {total}");
    let typed = RwSignal::new(String::new());
    let done = RwSignal::new(Vec::<(String, RevokeOutcome)>::new());
    let keys = StoredValue::new(keys);
    let pid = StoredValue::new(project_id);
    let run = Action::new_local(move |_: &()| {
        let api = app.api();
        async move {
            let Some(api) = api else { return };
            for k in keys.get_value() {
                let outcome = api.revoke_api_key(&pid.get_value(), &k.id).await;
                if let RevokeOutcome::NotRevoked(e) | RevokeOutcome::Unknown(e) = &outcome
                    && app.handle_auth(e)
                {
                    return;
                }
                done.update(|d| d.push((k.name.clone(), outcome)));
            }
            let gone = done.with_untracked(|d| d.iter().filter(|(_, o)| o.is_gone()).count());
            let kind = if gone == total {
                ToastKind::Success
            } else {
                ToastKind::Warning
            };
            app.toast(kind, format!("Revoked {gone} of {total} keys."));
        }
    });
    let started = move || run.pending().get() || !done.with(Vec::is_empty);
    let phrase2 = phrase.clone();
    view! {
        <Modal labelledby="bulk-title" testid="bulk-dialog" on_escape=Callback::new(move |_| if !run.pending().get_untracked() { on_close.run(!done.with_untracked(Vec::is_empty)) })>
                <h2 id="bulk-title">{format!("Revoke {total} keys?")}</h2>
                <ul class="key-list">{keys.get_value().into_iter().map(|k| view! { <li><span class="wrap">{k.name}</span> " " <code>{k.redacted_value}</code></li> }).collect_view()}</ul>
                <p>"Anything using these keys stops working at once. This cannot be undone."</p>
                {(recent > 0).then(|| view! {
                    <p class="warn-text" data-testid="bulk-recent">{format!("{recent} of these keys {} used in the last 7 days.", if recent == 1 { "was" } else { "were" })}</p>
                })}
                <label class="stack">
                    <span>"Type " <code>{phrase.clone()}</code> " to confirm"</span>
                    <input type="text" autocomplete="off" data-testid="bulk-confirm" disabled=started prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e)) />
                </label>
                {move || started().then(|| view! {
                    <progress max=total value=move || done.with(Vec::len) aria-label="Revoked so far"></progress>
                    <p class="small" aria-live="polite">{move || format!("{} of {total} done", done.with(Vec::len))}</p>
                    <ul class="outcomes">{move || done.get().into_iter().map(|(n, o)| {
                        let class = if o.is_gone() { "ok" } else { "bad" };
                        view! { <li class=class><span class="wrap">{n}</span>": " {o.describe()}</li> }
                    }).collect_view()}</ul>
                })}
                <div class="actions">
                    <button class="btn" disabled=move || run.pending().get() on:click=move |_| on_close.run(!done.with_untracked(Vec::is_empty))>
                        {move || if done.with(Vec::is_empty) { "Cancel" } else { "Close" }}
                    </button>
                    <button class="btn btn-danger" data-testid="bulk-go" disabled=move || started() || typed.get().trim() != phrase2
                        on:click=move |_| { if !run.pending().get_untracked() && done.with_untracked(Vec::is_empty) { run.dispatch_local(()); } }>
                        {move || if run.pending().get() { "Revoking…" } else { "Revoke all" }}
                    </button>
                </div>
        </Modal>
    }
}

#[component]
fn ServiceAccountsTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let app = use_app();
    let pid = StoredValue::new(project_id);
    let accounts = LocalResource::new(move || {
        app.version.track();
        let api = app.client();
        let id = pid.get_value();
        async move {
            let api = api?;
            let accounts = api.all_service_accounts(&id).await?;
            let keys = api.all_api_keys(&id, &all_keys(), |_| {}).await?;
            Ok::<_, ApiError>(
                accounts
                    .into_iter()
                    .map(|a| {
                        let n = keys
                            .iter()
                            .filter(|k| {
                                k.owner
                                    .service_account
                                    .as_ref()
                                    .is_some_and(|s| s.id == a.id)
                            })
                            .count();
                        (a, n)
                    })
                    .collect::<Vec<_>>(),
            )
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = accounts.get() {
            app.handle_auth(&e);
        }
    });
    let new_name = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<NewKeySecret>);
    let deleting = RwSignal::new(None::<(String, String)>);
    let create = Action::new_local(move |name: &String| {
        let api = app.client();
        let body = CreateServiceAccount {
            name: name.clone(),
            ..Default::default()
        };
        async move { api?.create_service_account(&pid.get_value(), &body).await }
    });
    let new_key = Action::new_local(move |(sa, read_only): &(String, bool)| {
        let api = app.client();
        let body = CreateServiceAccountKey {
            name: Some(format!("key {}", time::date(browser::now()))),
            scopes: read_only.then(|| vec![READ_ONLY.to_owned()]),
            expires_in_seconds: None,
        };
        let sa = sa.clone();
        async move {
            api?.create_service_account_key(&pid.get_value(), &sa, &body)
                .await
        }
    });
    let remove = Action::new_local(move |sa: &String| {
        let api = app.client();
        let sa = sa.clone();
        async move { api?.delete_service_account(&pid.get_value(), &sa).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(created)) => {
            new_name.set(String::new());
            app.toast(
                ToastKind::Success,
                format!("Created service account “{}”.", created.name),
            );
            secret.set(created.api_key);
            app.changed();
        }
        Some(Err(e)) if !app.handle_auth(&e) => {
            app.toast(ToastKind::Error, format!("Not created: {}", e.summary()))
        }
        _ => {}
    });
    Effect::new(move |_| match new_key.value().get() {
        Some(Ok(k)) => {
            secret.set(Some(k));
            app.changed();
        }
        Some(Err(e)) if !app.handle_auth(&e) => app.toast(
            ToastKind::Error,
            format!("No key was created: {}", e.summary()),
        ),
        _ => {}
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(_)) => {
            deleting.set(None);
            app.toast(
                ToastKind::Success,
                "Service account deleted, with its keys.",
            );
            app.changed();
        }
        Some(Err(e)) if !app.handle_auth(&e) => {
            app.toast(ToastKind::Error, format!("Not deleted: {}", e.summary()))
        }
        _ => {}
    });
    let confirm_text = RwSignal::new(String::new());

    view! {
        <form class="toolbar" on:submit=move |e: ev::SubmitEvent| { e.prevent_default(); let n = new_name.get_untracked(); if !n.trim().is_empty() && !create.pending().get_untracked() { create.dispatch_local(n.trim().to_owned()); } }>
            <label class="sr-only" for="sa-name">"New service account name"</label>
            <input id="sa-name" class="grow" type="text" placeholder="New service account name" data-testid="sa-name" prop:value=move || new_name.get() on:input=move |e| new_name.set(event_target_value(&e)) />
            <button class="btn btn-primary" type="submit" disabled=move || create.pending().get() || new_name.get().trim().is_empty()>{move || if create.pending().get() { "Creating…" } else { "Create service account" }}</button>
        </form>
        {move || secret.get().map(|s| view! { <SecretReveal secret=s on_done=Callback::new(move |_| secret.set(None)) /> })}
        {loaded(accounts, "Loading service accounts…".to_string(), move |list| match list {
            list if list.is_empty() => view! { <div class="empty">"No service accounts in this project."</div> }.into_any(),
            list => view! {
                <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col" class="hide-narrow">"Created"</th><th scope="col" class="num">"Keys"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                    <tbody>{list.into_iter().map(|(a, n)| {
                        let (id1, id2, id3, name) = (a.id.clone(), a.id.clone(), a.id.clone(), a.name.clone());
                        view! { <tr>
                            <td class="wrap">{a.name.clone()}<span class="muted small block mono">{a.id.clone()}</span></td>
                            <td>{a.role.clone()}</td>
                            <td class="hide-narrow">{time::date(a.created_at)}</td>
                            <td class="num">{n}</td>
                            <td class="actions-cell">
                                <button class="btn btn-small" disabled=move || new_key.pending().get() on:click=move |_| { new_key.dispatch_local((id1.clone(), false)); }>"New key"</button>
                                <button class="btn btn-small" disabled=move || new_key.pending().get() on:click=move |_| { new_key.dispatch_local((id2.clone(), true)); }>"New read-only key"</button>
                                <button class="btn btn-small btn-danger-outline" aria-label=format!("Delete service account {}", a.name) on:click=move |_| { confirm_text.set(String::new()); deleting.set(Some((id3.clone(), name.clone()))) }>"Delete"</button>
                            </td>
                        </tr> }
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any(),
        })}
        {move || deleting.get().map(|(id, name)| {
            let n2 = name.clone();
            view! {
                <Modal labelledby="sa-del-title" on_escape=Callback::new(move |_| if !remove.pending().get_untracked() { deleting.set(None) })>
                    <h2 id="sa-del-title">"Delete service account “" <span class="wrap">{name.clone()}</span> "”?"</h2>
                    <p>"This deletes the service account and every one of its API keys. Anything using them stops working."</p>
                    <label class="stack"><span>"Type its name to confirm: " <code>{name.clone()}</code></span>
                        <input type="text" autocomplete="off" prop:value=move || confirm_text.get() on:input=move |e| confirm_text.set(event_target_value(&e)) /></label>
                    <div class="actions">
                        <button class="btn" on:click=move |_| deleting.set(None) disabled=move || remove.pending().get()>"Cancel"</button>
                        <button class="btn btn-danger" disabled=move || remove.pending().get() || confirm_text.get().trim() != n2.as_str()
                            on:click=move |_| { if !remove.pending().get_untracked() { remove.dispatch_local(id.clone()); } }>
                            {move || if remove.pending().get() { "Deleting…" } else { "Delete service account" }}</button>
                    </div>
                </Modal>
            }
        })}
    }
}

#[component]
fn UsersTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let app = use_app();
    let users = LocalResource::new(move || {
        let id = project_id.clone();
        app.version.track();
        let api = app.client();
        async move { api?.all_project_users(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = users.get() {
            app.handle_auth(&e);
        }
    });
    let now = browser::now();
    view! {
        {loaded(users, "Loading users…".to_string(), move |list| match list {
            list if list.is_empty() => view! { <div class="empty">"No users in this project."</div> }.into_any(),
            list => view! {
                <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col" class="hide-narrow">"Added"</th></tr></thead>
                    <tbody>{list.into_iter().map(|u| view! { <tr>
                        <td class="wrap">{u.name.clone().unwrap_or_else(|| "—".into())}</td>
                        <td class="wrap">{u.email.clone().unwrap_or_default()}</td>
                        <td>{u.role.clone()}</td>
                        <td class="hide-narrow"><RelTime ts=Some(u.added_at) now=now /></td>
                    </tr> }).collect_view()}</tbody>
                </table></div>
            }.into_any(),
        })}
    }
}

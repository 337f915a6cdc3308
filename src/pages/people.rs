//! The organization's users: their role, and how many keys each owns (from the session's
//! inventory, so the count grows as the scan goes on).

use crate::components::common::{RelTime, api_resource, loaded};
use crate::logic::key_table::{self, TableQuery};
use crate::logic::membership::keys_per_user;
use crate::logic::route::Route;
use crate::platform::browser;
use crate::session::use_session;
use crate::work::cache::Topic;
use crate::work::inventory;
use leptos::prelude::*;
use std::collections::HashSet;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = use_session();
    inventory::ensure(session);
    let users = api_resource(Topic::OrgUsers, move |api| async move {
        api.all_org_users().await
    });
    let counts = Memo::new(move |_| session.inventory.with(keys_per_user));
    let scanning = move || session.inventory.with(|i| i.running);
    let now = browser::now();
    view! {
        <section class="page" aria-labelledby="people-title">
            <div class="page-head">
                <div>
                    <h1 id="people-title">"People"</h1>
                    <p class="muted small">
                        "Members of the organization, and the project API keys each one owns."
                    </p>
                </div>
            </div>
            {move || {
                scanning()
                    .then(|| {
                        view! {
                            <p class="muted small" role="status">
                                "Counting keys while the scan runs…"
                            </p>
                        }
                    })
            }}
            {loaded(
                users,
                "Loading people…".to_string(),
                move |list| {
                    if list.is_empty() {
                        return view! {
                            <div class="empty">"No users are listed for this organization."</div>
                        }
                            .into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="people-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col" class="hide-narrow">
                                            "Email"
                                        </th>
                                        <th scope="col">"Role"</th>
                                        <th scope="col" class="hide-narrow">
                                            "Added"
                                        </th>
                                        <th scope="col" class="num">
                                            "Keys"
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|u| {
                                            let id = StoredValue::new(u.id.clone());
                                            let count = move || {
                                                counts
                                                    .with(|c| {
                                                        id.with_value(|id| c.get(id).copied().unwrap_or(0))
                                                    })
                                            };
                                            let search = TableQuery {
                                                text: u.email.clone().unwrap_or_else(|| u.id.clone()),
                                                ..TableQuery::default()
                                            };
                                            let href = format!(
                                                "{}{}",
                                                Route::Keys.href(),
                                                key_table::to_query(&search, &HashSet::new(), true),
                                            );
                                            // Their keys, in the All keys table (searched by email or ID).
                                            view! {
                                                <tr data-testid="person-row" data-user-id=u.id.clone()>
                                                    <td class="wrap">
                                                        {u.name.clone().unwrap_or_else(|| "—".into())}
                                                    </td>
                                                    <td class="wrap hide-narrow">
                                                        {u.email.clone().unwrap_or_default()}
                                                    </td>
                                                    <td>{u.role.clone().unwrap_or_else(|| "—".into())}</td>
                                                    <td class="hide-narrow">
                                                        <RelTime ts=Some(u.added_at) now=now />
                                                    </td>
                                                    <td class="num" data-testid="person-keys">
                                                        <a
                                                            href=href.clone()
                                                            aria-label=move || format!("{} keys owned", count())
                                                        >
                                                            {count}
                                                        </a>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                },
            )}
        </section>
    }
}

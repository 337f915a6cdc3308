//! A project's users.

use crate::components::common::RelTime;
use crate::components::partial::PartialList;
use crate::platform::browser;
use leptos::prelude::*;

#[component]
pub(super) fn UsersTab(
    /// The project's ID.
    project_id: String,
) -> impl IntoView {
    let users = PartialList::new(move |api, after| {
        let id = project_id.clone();
        Box::pin(async move {
            api.listing(
                async |after| api.list_project_users(&id, after).await,
                after,
            )
            .await
        })
    });
    let now = browser::now();
    view! {
        {users.view("Loading users…", move |list| match list {
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

//! The key browser's filter bar: search, the finding, and (folded at popup width) project,
//! owner, dates and traffic. Every control writes the one query the table reads, and each is a
//! form of its own ([`OwnForm`]), so the browser's autofill reads one field per change.

use crate::components::own_form::OwnForm;
use crate::components::usage::UsageFilters;
use crate::logic::findings::{Finding, Thresholds};
use crate::logic::key_table::{
    self, DateFilter, FindingFilter, OwnerKind, PermissionFilter, TableQuery,
};
use crate::session::use_session;
use crate::work::inventory;
use leptos::prelude::*;

/// Every filter cleared; the sort, the thresholds and a project page's own project stay.
pub(super) fn clear_filters(query: RwSignal<TableQuery>, all_projects: bool) {
    query.update(|q| {
        *q = TableQuery {
            sort: q.sort,
            thresholds: q.thresholds,
            project: if all_projects {
                None
            } else {
                q.project.clone()
            },
            ..TableQuery::default()
        }
    })
}

#[component]
pub(super) fn FilterBar(
    /// The table's query, which every control writes.
    query: RwSignal<TableQuery>,
    /// The query's finding, read apart so a keystroke leaves its options asleep.
    #[prop(into)]
    finding: Signal<Option<FindingFilter>>,
    /// Keys per finding and needing attention, within every other filter.
    #[prop(into)]
    counts: Signal<([usize; Finding::COUNT], usize)>,
    /// What "unused" means now.
    #[prop(into)]
    thresholds: Signal<Thresholds>,
    /// Whether the extra filters are unfolded.
    more: RwSignal<bool>,
    /// Every project's keys (a project filter is offered), or one project's.
    all_projects: bool,
) -> impl IntoView {
    let session = use_session();
    let set = move |f: &dyn Fn(&mut TableQuery)| query.update(|q| f(q));
    // Each select's options read their own field through a memo: a keystroke in the search
    // then wakes these few memos, not every option (one per project: 500 in a large org).
    let project = Memo::new(move |_| query.with(|q| q.project.clone()));
    let owner_kind = Memo::new(move |_| query.with(|q| q.owner_kind));
    let permission = Memo::new(move |_| query.with(|q| q.permission));
    let filtered = move || {
        query.with(|q| {
            !q.text.is_empty()
                || q.owner_kind.is_some()
                || q.finding.is_some()
                || q.created.is_some()
                || q.used.is_some()
                || q.expires.is_some()
                || q.traffic.is_some()
                || (all_projects && q.project.is_some())
        })
    };
    let project_list = inventory::projects(session);
    let project_names = move || {
        project_list.with(|list| {
            list.iter()
                .map(|p| (p.id.clone(), p.display_name().to_owned()))
                .collect::<Vec<_>>()
        })
    };
    let date_select = move |id: &'static str,
                            label: &'static str,
                            choices: Vec<(DateFilter, &'static str)>,
                            get: fn(&TableQuery) -> Option<DateFilter>,
                            put: fn(&mut TableQuery, Option<DateFilter>)| {
        let chosen = Memo::new(move |_| query.with(get));
        view! {
            <OwnForm>
                <label class="sr-only" for=id>
                    {label}
                </label>
                <select
                    id=id
                    data-testid=id
                    on:change=move |e| {
                        let v = DateFilter::from_id(&event_target_value(&e));
                        query.update(|q| put(q, v));
                    }
                >
                    <option value="" selected=move || chosen.get().is_none()>
                        {label}
                    </option>
                    {choices
                        .into_iter()
                        .map(|(f, text)| {
                            view! {
                                <option value=f.id() selected=move || chosen.get() == Some(f)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </OwnForm>
        }
    };

    view! {
        <div class="toolbar wrap-tools" role="search">
            <OwnForm>
                <input
                    type="search"
                    class="grow"
                    placeholder="Search name, owner, project, ID"
                    aria-label="Search keys"
                    data-testid="key-search"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |e| {
                        let v = event_target_value(&e);
                        set(&|q| q.text = v.clone())
                    }
                />
            </OwnForm>
            <OwnForm>
                <label class="sr-only" for="key-filter">
                    "Finding"
                </label>
                <select
                    id="key-filter"
                    data-testid="key-filter"
                    on:change=move |e| {
                        let f = FindingFilter::from_id(&event_target_value(&e));
                        query.update(|q| q.finding = f);
                    }
                >
                    <option value="all" selected=move || finding.get().is_none()>
                        "All keys"
                    </option>
                    <option
                        value="attention"
                        selected=move || finding.get() == Some(FindingFilter::Any)
                    >
                        {move || format!("Needs attention ({})", counts.get().1)}
                    </option>
                    {Finding::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <option
                                    value=f.id()
                                    selected=move || finding.get() == Some(FindingFilter::Only(f))
                                >
                                    {move || {
                                        format!(
                                            "{} ({})",
                                            f.name(thresholds.get()),
                                            counts.get().0[f as usize],
                                        )
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </OwnForm>
            <button
                class="btn btn-small narrow-only"
                data-testid="more-filters"
                aria-expanded=move || more.get().to_string()
                aria-controls="more-filters"
                on:click=move |_| more.update(|m| *m = !*m)
            >
                {move || if more.get() { "Fewer filters" } else { "More filters" }}
            </button>
            <Show when=move || more.get()>
                <div class="toolbar-group" id="more-filters">
                    {all_projects
                        .then(|| {
                            view! {
                                <OwnForm>
                                    <label class="sr-only" for="project-filter">
                                        "Project"
                                    </label>
                                    <select
                                        id="project-filter"
                                        data-testid="project-filter"
                                        on:change=move |e| {
                                            let v = event_target_value(&e);
                                            query
                                                .update(|q| q.project = Some(v).filter(|p| !p.is_empty()));
                                        }
                                    >
                                        <option
                                            value=""
                                            selected=move || project.with(Option::is_none)
                                        >
                                            "Every project"
                                        </option>
                                        {move || {
                                            project_names()
                                                .into_iter()
                                                .map(|(id, name)| {
                                                    let sel = id.clone();
                                                    view! {
                                                        <option
                                                            value=id
                                                            selected=move || {
                                                                project.with(|p| p.as_ref() == Some(&sel))
                                                            }
                                                        >
                                                            {name}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                </OwnForm>
                            }
                        })}
                    <OwnForm>
                        <label class="sr-only" for="owner-filter">
                            "Owner type"
                        </label>
                        <select
                            id="owner-filter"
                            data-testid="owner-filter"
                            on:change=move |e| {
                                let v = match event_target_value(&e).as_str() {
                                    "user" => Some(OwnerKind::User),
                                    "service-account" => Some(OwnerKind::ServiceAccount),
                                    _ => None,
                                };
                                query.update(|q| q.owner_kind = v);
                            }
                        >
                            <option value="" selected=move || owner_kind.get().is_none()>
                                "Any owner"
                            </option>
                            <option
                                value="user"
                                selected=move || owner_kind.get() == Some(OwnerKind::User)
                            >
                                "Users' keys"
                            </option>
                            <option
                                value="service-account"
                                selected=move || owner_kind.get() == Some(OwnerKind::ServiceAccount)
                            >
                                "Service accounts' keys"
                            </option>
                        </select>
                    </OwnForm>
                    <OwnForm>
                        <label class="sr-only" for="perm-filter">
                            "Permissions"
                        </label>
                        <select
                            id="perm-filter"
                            data-testid="perm-filter"
                            on:change=move |e| {
                                let v = PermissionFilter::from_id(&event_target_value(&e));
                                query.update(|q| q.permission = v);
                            }
                        >
                            <option value="" selected=move || permission.get().is_none()>
                                "Any permissions"
                            </option>
                            {PermissionFilter::choices()
                                .map(|(p, text)| {
                                    view! {
                                        <option
                                            value=p.id()
                                            selected=move || permission.get() == Some(p)
                                        >
                                            {text}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </OwnForm>
                    {date_select(
                        "created-filter",
                        "Any creation date",
                        key_table::created_choices(),
                        |q| q.created,
                        |q, v| q.created = v,
                    )}
                    {date_select(
                        "used-filter",
                        "Any last use",
                        key_table::used_choices(),
                        |q| q.used,
                        |q, v| q.used = v,
                    )}
                    {date_select(
                        "expires-filter",
                        "Any expiry",
                        key_table::expiry_choices(),
                        |q| q.expires,
                        |q, v| q.expires = v,
                    )}
                    <UsageFilters query=query />
                </div>
            </Show>
            <Show when=filtered>
                <button
                    class="btn btn-small"
                    data-testid="clear-filters"
                    on:click=move |_| clear_filters(query, all_projects)
                >
                    "Clear filters"
                </button>
            </Show>
        </div>
    }
}

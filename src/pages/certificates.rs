//! Certificates (mTLS): the organization's, with validity as of now, where each is active (the
//! organization, and the projects read), findings that filter the table (expiring within 30
//! days, expired, active nowhere), upload with the PEM checked first, and switching one on or
//! off in the organization; switching off the last active one warns first.

use crate::components::common::{FieldError, Write, api_resource, loaded};
use crate::components::finding_chips::{Finding, FindingChips, chosen_in_hash};
use crate::components::modal::Modal;
use crate::logic::people::findings::{
    CertState, cert_state, deactivating_the_last, inactive_everywhere,
};
use crate::logic::people::pem;
use crate::logic::time;
use crate::platform::browser;
use crate::session::cache::Topic;
use crate::session::use_session;
use crate::state::{ToastKind, use_app};
use admin_api::resources::certificates::CertScope;
use admin_api::types::Certificate;
use leptos::ev;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CertFinding {
    Expiring,
    Expired,
    Nowhere,
}

impl Finding for CertFinding {
    fn all() -> &'static [Self] {
        &[Self::Expiring, Self::Expired, Self::Nowhere]
    }

    fn id(self) -> &'static str {
        match self {
            Self::Expiring => "expiring",
            Self::Expired => "expired",
            Self::Nowhere => "inactive",
        }
    }

    fn label(self) -> String {
        match self {
            Self::Expiring => "Expires within 30 days",
            Self::Expired => "Expired",
            Self::Nowhere => "Active nowhere",
        }
        .into()
    }
}

/// The certificates, and for each the names of the projects where it is active.
#[derive(Clone, Debug, PartialEq)]
struct Listing {
    certs: Vec<Certificate>,
    projects_on: HashMap<String, Vec<String>>,
    /// Projects whose list could not be read (their switches are unknown).
    unread: usize,
}

fn ids_of(l: &Listing, f: CertFinding, now: i64) -> Vec<String> {
    let list: Vec<&Certificate> = match f {
        CertFinding::Expiring => l
            .certs
            .iter()
            .filter(|c| matches!(cert_state(c, now), CertState::Expiring(_)))
            .collect(),
        CertFinding::Expired => l
            .certs
            .iter()
            .filter(|c| cert_state(c, now) == CertState::Expired)
            .collect(),
        CertFinding::Nowhere => inactive_everywhere(&l.certs, |id| l.projects_on.contains_key(id)),
    };
    list.into_iter().map(|c| c.id.clone()).collect()
}

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let session = use_session();
    let listing = api_resource(Topic::Certificates, move |api| async move {
        let certs = api.all_certificates(CertScope::Organization).await?;
        let projects = session.live_projects().await.unwrap_or_default();
        let mut projects_on: HashMap<String, Vec<String>> = HashMap::new();
        let mut unread = 0;
        // One project at a time: the browser's few connections stay free for the rest.
        for p in &projects {
            match api.all_certificates(CertScope::Project(&p.id)).await {
                Ok(list) => {
                    for c in list.into_iter().filter(|c| c.active == Some(true)) {
                        projects_on
                            .entry(c.id)
                            .or_default()
                            .push(p.display_name().to_owned());
                    }
                }
                Err(_) => unread += 1,
            }
        }
        Ok(Listing {
            certs,
            projects_on,
            unread,
        })
    });
    let finding = chosen_in_hash::<CertFinding>("#/certificates");
    let uploading = RwSignal::new(false);
    let now = browser::now();
    view! {
        <section class="page" aria-labelledby="certs-title" data-testid="certs-page">
            <div class="page-head">
                <div>
                    <h1 id="certs-title">"Certificates"</h1>
                    <p class="muted small">
                        "Client certificates for mutual TLS. While one is active, requests must \
                            present an active certificate."
                    </p>
                </div>
                <div class="actions">
                    <button
                        class="btn btn-primary btn-small"
                        data-testid="cert-upload-open"
                        on:click=move |_| uploading.set(true)
                    >
                        "Upload…"
                    </button>
                </div>
            </div>
            {loaded(
                listing,
                "Reading certificates…".to_string(),
                move |l: Listing| {
                    view! { <CertTable listing=l finding=finding now=now /> }.into_any()
                },
            )}
            {move || {
                uploading
                    .get()
                    .then(|| {
                        view! {
                            <UploadCert on_close=Callback::new(move |_| uploading.set(false)) />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn CertTable(listing: Listing, finding: RwSignal<Option<CertFinding>>, now: i64) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let found: Vec<(CertFinding, Vec<String>)> = CertFinding::all()
        .iter()
        .map(|f| (*f, ids_of(&listing, *f, now)))
        .collect();
    let found = StoredValue::new(found);
    let listing = StoredValue::new(listing);
    // A switch-off that would leave none active waits here for its confirmation.
    let last_off = RwSignal::new(None::<String>);
    let toggle = Write::new();
    let switch = move |id: String, on: bool| {
        if toggle.pending_untracked() {
            return;
        }
        let api = session.client();
        toggle.run(
            async move {
                api?.toggle_certificates(CertScope::Organization, &[id], on)
                    .await
            },
            move |answer| {
                match answer {
                    Ok(_) => app.toast(
                        ToastKind::Success,
                        if on {
                            "Certificate activated."
                        } else {
                            "Certificate deactivated."
                        },
                    ),
                    Err(e) => app.toast(ToastKind::Error, format!("Not changed: {}", e.summary())),
                }
                // Either way the list is read again, so it shows the true state.
                session.invalidate([Topic::Certificates]);
            },
        );
    };
    let counts: Vec<usize> = found.with_value(|all| all.iter().map(|(_, v)| v.len()).collect());
    let rows = move || {
        let keep = finding.get().map(|f| {
            found.with_value(|all| {
                all.iter()
                    .find(|(g, _)| *g == f)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
        });
        listing.with_value(|l| {
            l.certs
                .iter()
                .filter(|c| keep.as_ref().is_none_or(|k| k.contains(&c.id)))
                .map(|c| {
                    let state = cert_state(c, now);
                    let (words, warn) = match state {
                        CertState::Expired => ("expired".to_owned(), true),
                        CertState::Expiring(d) => (format!("expires in {d} days"), true),
                        CertState::NotYetValid => ("not yet valid".to_owned(), true),
                        CertState::Valid => ("valid".to_owned(), false),
                        CertState::Unknown => ("validity unknown".to_owned(), false),
                    };
                    let until = c
                        .certificate_details
                        .expires_at
                        .map(time::date)
                        .unwrap_or_default();
                    let on = c.active == Some(true);
                    let projects = l
                        .projects_on
                        .get(&c.id)
                        .map(|p| p.join(", "))
                        .unwrap_or_else(|| "—".into());
                    let id = c.id.clone();
                    let name = c.name.clone().unwrap_or_else(|| c.id.clone());
                    let last = on && deactivating_the_last(&l.certs, std::slice::from_ref(&id));
                    view! {
                        <tr
                            data-testid="cert-row"
                            data-cert-id=c.id.clone()
                            data-active=on.to_string()
                        >
                            <td>
                                {name.clone()}
                                {on
                                    .then(|| {
                                        view! {
                                            <span class="badge badge-ok show-narrow">" active"</span>
                                        }
                                    })}
                            </td>
                            <td>
                                <span class="badge" class:badge-warn=warn>
                                    {words}
                                </span>
                                <span class="muted small hide-narrow">" " {until}</span>
                            </td>
                            <td class="hide-narrow">{if on { "active" } else { "inactive" }}</td>
                            <td class="wrap hide-narrow">{projects}</td>
                            <td>
                                <button
                                    class="btn btn-small"
                                    data-testid="cert-toggle"
                                    aria-label=format!(
                                        "{} {name}",
                                        if on { "Deactivate" } else { "Activate" },
                                    )
                                    disabled=move || toggle.pending()
                                    on:click=move |_| {
                                        if last {
                                            last_off.set(Some(id.clone()));
                                        } else {
                                            switch(id.clone(), !on);
                                        }
                                    }
                                >
                                    {if on { "Deactivate" } else { "Activate" }}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let unread = listing.with_value(|l| l.unread);
    view! {
        <FindingChips prefix="cert-finding" counts=counts chosen=finding />
        {(unread > 0)
            .then(|| {
                view! {
                    <p class="muted small">
                        {format!(
                            "{unread} projects' certificates could not be read: where those are active is unknown.",
                        )}
                    </p>
                }
            })}
        <div class="table-wrap">
            <table class="table" data-testid="certs-table" aria-labelledby="certs-title">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Validity"</th>
                        <th scope="col" class="hide-narrow">
                            "Organization"
                        </th>
                        <th scope="col" class="hide-narrow">
                            "Active in projects"
                        </th>
                        <th scope="col">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || {
            last_off
                .get()
                .map(|id| {
                    let id = StoredValue::new(id);
                    view! {
                        <Modal
                            labelledby="cert-last-title"
                            testid="cert-last-dialog"
                            on_close=Callback::new(move |_| last_off.set(None))
                        >
                            <h2 id="cert-last-title">"Deactivate the last active certificate?"</h2>
                            <p>
                                "No certificate will be active in the organization: clients that can only \
                                    connect with mutual TLS stop working until one is activated again."
                            </p>
                            <div class="actions">
                                <button class="btn" on:click=move |_| last_off.set(None)>
                                    "Keep it active"
                                </button>
                                <button
                                    class="btn btn-danger"
                                    data-testid="cert-last-confirm"
                                    on:click=move |_| {
                                        switch(id.get_value(), false);
                                        last_off.set(None);
                                    }
                                >
                                    "Deactivate"
                                </button>
                            </div>
                        </Modal>
                    }
                })
        }}
    }
}

/// Upload a PEM: its shape checked here (a private key is never sent), the API's refusal shown.
#[component]
fn UploadCert(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let text = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = Write::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if send.pending_untracked() {
            return;
        }
        let pem = match pem::check(&text.get_untracked()) {
            Ok(p) => p,
            Err(e) => return error.set(Some(e.to_string())),
        };
        error.set(None);
        let label = Some(name.get_untracked().trim().to_owned()).filter(|n| !n.is_empty());
        let api = session.client();
        send.run(
            async move { api?.upload_certificate(&pem, label.as_deref()).await },
            move |answer| match answer {
                Ok(_) => {
                    app.toast(
                        ToastKind::Success,
                        "Certificate uploaded. It is inactive until you activate it.",
                    );
                    session.invalidate([Topic::Certificates]);
                    on_close.run(());
                }
                Err(e) => {
                    error.try_set(Some(e.summary()));
                    // A lost answer may still have made it: the list says.
                    session.invalidate([Topic::Certificates]);
                }
            },
        );
    };
    view! {
        <Modal
            labelledby="cert-upload-title"
            testid="cert-upload-dialog"
            on_close=on_close
            busy=Signal::derive(move || send.pending())
        >
            <h2 id="cert-upload-title">"Upload a certificate"</h2>
            <form novalidate on:submit=submit>
                <label class="stack">
                    <span>"Name (optional)"</span>
                    <input
                        type="text"
                        data-testid="cert-name"
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </label>
                <label class="stack">
                    <span>"Certificate (PEM)"</span>
                    <textarea
                        rows="6"
                        class="mono"
                        data-testid="cert-pem"
                        placeholder="-----BEGIN CERTIFICATE-----"
                        prop:value=move || text.get()
                        on:input=move |e| text.set(event_target_value(&e))
                    ></textarea>
                </label>
                <FieldError message=error />
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="cert-upload"
                        disabled=move || send.pending()
                    >
                        {move || if send.pending() { "Uploading…" } else { "Upload" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

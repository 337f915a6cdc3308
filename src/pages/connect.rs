//! Connect: paste an admin key (checked for shape, then with one cheap call), or try the demo.

use crate::components::common::FieldError;
use crate::logic::base_url;
use crate::platform::browser;
use crate::platform::prefs;
use crate::platform::store::SecretStore;
use crate::platform::transport::DemoTransport;
use crate::state::use_app;
use admin_api::{AdminKey, ApiError, DEFAULT_BASE_URL, ErrorKind};
use leptos::ev;
use leptos::prelude::*;

/// Where Keyward runs: what the key's storage and the browser's CORS rules mean depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Host {
    /// A page served over http(s).
    Page,
    /// The single file opened from disk (origin "null").
    File,
    Extension,
}

impl Host {
    fn here(extension: bool) -> Self {
        if extension {
            Self::Extension
        } else if browser::from_file() {
            Self::File
        } else {
            Self::Page
        }
    }
}

/// What went wrong, said for this screen (CORS gets its own advice).
fn connect_message(e: &ApiError, base: &str, host: Host) -> (String, String) {
    let origin = browser::origin_of(base);
    match e.kind {
        ErrorKind::InvalidKey => (
            "This admin key was not accepted.".into(),
            "It may be mistyped, revoked or expired. Admin keys are created by an organization owner under Settings \
                → Organization → Admin keys."
                .into(),
        ),
        ErrorKind::MissingPermission => (
            "This key cannot read projects.".into(),
            format!(
                "{} Use an admin key with the api.management.read scope (and api.management.write to revoke or update \
                    keys).",
                e.message
            ),
        ),
        ErrorKind::Network if host == Host::Extension => (
            format!("Could not reach {origin}."),
            "Check the network connection and the API base URL under Advanced.".into(),
        ),
        ErrorKind::Network if host == Host::File => (
            format!("Could not reach {origin}."),
            "Either the network is down, or the browser blocked the call (CORS): a page opened from a file \
                calls from the origin “null”, which the API must allow. Serve Keyward over http(s) from a server \
                you trust, or use the browser extension, which CORS does not apply to."
                .into(),
        ),
        ErrorKind::Network => (
            format!("Could not reach {origin}."),
            "Either the network is down, or the browser blocked this page from calling the API directly (CORS). The \
                Keyward browser extension is not subject to CORS: install it and connect there."
                .into(),
        ),
        ErrorKind::RateLimited => (
            "The API is rate-limiting this organization.".into(),
            "Wait a minute and try again.".into(),
        ),
        _ => (e.kind.title().into(), format!("{} {}", e.message, crate::logic::errors::advice(e))),
    }
}

/// Where the key is kept, said as it really behaves.
fn key_help(host: Host, idle_minutes: u32) -> String {
    if host == Host::Extension {
        format!(
            "Kept only in the extension’s session storage (never on disk), sent only to the API base below, and \
                forgotten when you lock, when the browser closes, or after {idle_minutes} idle minutes."
        )
    } else {
        format!(
            "Kept only in this tab’s session storage, sent only to the API base below, and forgotten when you lock \
                or after {idle_minutes} idle minutes. A lock in any Keyward tab forgets it in every open one. A closed \
                tab brought back with “Reopen closed tab” may still hold it: lock before you close tabs.{}",
            if host == Host::File { FILE_STORAGE } else { "" }
        )
    }
}

/// Checked in Chromium and Firefox: a file:// page's session storage is shared with the other local
/// files opened in the same tab (Chromium: any of them; Firefox: those in the same folder).
const FILE_STORAGE: &str = " Opened from a file, this tab's session storage is shared with other local files opened in \
    this tab (in Chromium any of them, in Firefox those in the same folder): lock before you open another local file \
    here.";

/// "Keyward 0.1.0 · build 1a2b…": the version, and the build ID the build stamped in.
pub fn about_line() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match browser::build_id() {
        Some(id) => format!("Keyward {version} · build {id}"),
        None => format!("Keyward {version}"),
    }
}

#[component]
pub fn ConnectPage() -> impl IntoView {
    let app = use_app();
    let key = RwSignal::new(String::new());
    let shape_error = RwSignal::new(None::<String>);
    let base_draft = RwSignal::new(app.base.get_untracked());
    let idle = RwSignal::new(app.prefs.idle_minutes.get_untracked().to_string());
    let permission_denied = RwSignal::new(None::<String>);
    let shown = RwSignal::new(false);
    let connect = Action::new_local(
        move |(key, base, permission): &(AdminKey, String, Option<js_sys::Promise>)| {
            let (key, base, permission) = (key.clone(), base.clone(), permission.clone());
            async move {
                if let Some(p) = permission {
                    let granted = wasm_bindgen_futures::JsFuture::from(p)
                        .await
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    if !granted {
                        permission_denied.try_set(Some(browser::origin_of(&base)));
                        return Ok(());
                    }
                }
                app.connect(key, base).await
            }
        },
    );
    let failure = move || connect.value().get().and_then(|r| r.err());

    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if connect.pending().get_untracked() {
            return;
        }
        let base = match base_url::check(&base_draft.get_untracked(), DEFAULT_BASE_URL) {
            Ok(b) => b,
            Err(e) => return shape_error.set(Some(e.to_string())),
        };
        match AdminKey::parse(&key.get_untracked()) {
            Err(e) => shape_error.set(Some(e.to_string())),
            Ok(k) => {
                shape_error.set(None);
                permission_denied.set(None);
                app.base.set(base.clone());
                // Asked now, inside the click: the browser prompts only during a user gesture.
                let permission = browser::request_host_permission(&base);
                connect.dispatch_local((k, base, permission));
            }
        }
    };
    // The key leaves the field once connected.
    Effect::new(move |_| {
        if matches!(connect.value().get(), Some(Ok(()))) {
            key.set(String::new());
        }
    });
    let save_idle = move |e: ev::Event| {
        let v = event_target_value(&e);
        idle.set(v.clone());
        if let Ok(m) = v.parse::<u32>()
            && prefs::IDLE_RANGE.contains(&m)
        {
            app.prefs.set_idle_minutes(m);
        }
    };

    view! {
        <main class="connect" id="main">
            <section class="card connect-card">
                <h1 class="brand-title">
                    <img class="logo" src=browser::logo_src() alt="" width="22" height="22" />
                    " Keyward"
                </h1>
                <p class="lead">
                    "See every project and API key in your OpenAI organization, find stale and orphaned keys, and \
                        revoke them safely."
                </p>
                {move || {
                    app.notice
                        .get()
                        .map(|n| {
                            view! {
                                <p class="notice" role="status">
                                    {n}
                                </p>
                            }
                        })
                }}
                <form
                    on:submit=submit
                    novalidate
                    autocomplete="off"
                    data-1p-ignore="true"
                    data-lpignore="true"
                >
                    <label class="stack" for="admin-key">
                        <span>"Admin key"</span>
                    </label>
                    // Not type=password: browsers would offer to save the key in their password manager.
                    // The field is masked with CSS instead, and shown on request.
                    <div class="secret-row">
                        <input
                            id="admin-key"
                            name="keyward-admin-key"
                            type="text"
                            class="masked"
                            class:revealed=move || shown.get()
                            autocomplete="off"
                            spellcheck="false"
                            autocapitalize="off"
                            data-1p-ignore="true"
                            data-lpignore="true"
                            placeholder="sk-admin-…"
                            data-testid="admin-key"
                            aria-describedby="key-help"
                            prop:value=move || key.get()
                            on:input=move |e| key.set(event_target_value(&e))
                        />
                        <button
                            type="button"
                            class="btn"
                            aria-pressed=move || shown.get().to_string()
                            on:click=move |_| shown.update(|s| *s = !*s)
                        >
                            {move || if shown.get() { "Hide" } else { "Show" }}
                        </button>
                    </div>
                    <p id="key-help" class="muted small">
                        {move || key_help(
                            Host::here(app.store.with_value(SecretStore::is_extension)),
                            app.prefs.idle_minutes.get(),
                        )}
                    </p>
                    <FieldError message=shape_error />
                    {move || {
                        permission_denied
                            .get()
                            .map(|o| {
                                view! {
                                    <p class="field-error" role="alert">
                                        {format!(
                                            "Keyward needs your permission to reach {o}. Connect again and allow it \
                                                when the browser asks. In Firefox you can also grant it under \
                                                about:addons → Keyward → Permissions.",
                                        )}
                                    </p>
                                }
                            })
                    }}
                    {move || {
                        failure()
                            .map(|e| {
                                let (title, advice) = connect_message(
                                    &e,
                                    &app.base.get_untracked(),
                                    Host::here(browser::in_extension()),
                                );
                                view! {
                                    <div
                                        class="error-panel"
                                        role="alert"
                                        data-testid="connect-error"
                                    >
                                        <strong>{title}</strong>
                                        <p>{advice}</p>
                                    </div>
                                }
                            })
                    }}
                    <details class="advanced">
                        <summary>"Advanced"</summary>
                        <label class="stack">
                            <span>"API base URL"</span>
                            <input
                                type="url"
                                data-testid="base-url"
                                spellcheck="false"
                                prop:value=move || base_draft.get()
                                on:input=move |e| base_draft.set(event_target_value(&e))
                            />
                            <span class="muted small">
                                "Default " <code>{DEFAULT_BASE_URL}</code>
                                ". Change it for data residency, a proxy you trust, or the local emulator."
                            </span>
                        </label>
                        <label class="stack">
                            <span>"Lock after this many idle minutes"</span>
                            <input
                                type="number"
                                min="1"
                                max="720"
                                data-testid="idle-minutes"
                                prop:value=move || idle.get()
                                on:change=save_idle
                            />
                        </label>
                    </details>
                    <div class="actions">
                        <button
                            type="submit"
                            class="btn btn-primary"
                            data-testid="connect"
                            disabled=move || connect.pending().get()
                        >
                            {move || {
                                if connect.pending().get() {
                                    "Checking the key…"
                                } else {
                                    "Connect"
                                }
                            }}
                        </button>
                    </div>
                </form>
                <div class="divider">
                    <span>"or"</span>
                </div>
                <button
                    class="btn btn-wide"
                    data-testid="try-demo"
                    on:click=move |_| app.start_demo(DemoTransport::start())
                >
                    "Try the demo"
                </button>
                <p class="muted small center">
                    "The demo runs a simulated organization inside this page: no key, no network."
                </p>
                {browser::from_file()
                    .then(|| {
                        view! {
                            <p class="muted small" data-testid="file-note" role="note">
                                "Opened from a file: check its SHA-256 against the one published with it before \
                                    you connect a key (the README says how). Calls to the API come from the origin \
                                    “null”."
                            </p>
                        }
                    })}
                <p class="muted small center" data-testid="about">
                    {about_line()}
                </p>
            </section>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_message_points_to_the_extension() {
        let e = ApiError::new(ErrorKind::Network, "x");
        let (title, advice) = connect_message(&e, "https://api.openai.com/v1", Host::Page);
        assert_eq!(title, "Could not reach https://api.openai.com.");
        assert!(advice.contains("extension"));
        let (_, advice) = connect_message(&e, "https://api.openai.com/v1", Host::File);
        assert!(
            advice.contains("“null”"),
            "from a file, the null origin is named"
        );
        let (_, advice) = connect_message(&e, "https://api.openai.com/v1", Host::Extension);
        assert!(
            !advice.contains("extension"),
            "inside the extension, don't recommend it"
        );
        let invalid = ApiError::new(ErrorKind::InvalidKey, "x");
        let (title, _) = connect_message(&invalid, "https://api.openai.com/v1", Host::Page);
        assert!(title.contains("not accepted"));
    }
}

//! The app mounted in headless Chromium against the in-page organization.

use fake_org::Org;
use keyward_app::App;
use keyward_app::logic::route::{ProjectTab, Route};
use keyward_app::logic::tally::LineState;
use keyward_app::platform::store::SecretStore;
use keyward_app::platform::transport::{DEMO_KEY, DemoTransport};
use keyward_app::state::AppState;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

struct Fixture {
    app: AppState,
    demo: DemoTransport,
    /// The organization the demo answers from (in this thread, not in the app's worker).
    org: Rc<RefCell<Org>>,
    project: String,
    keys: Vec<String>,
    /// Unmounts the app when the test ends.
    _mount: Box<dyn std::any::Any>,
}

impl Fixture {
    /// The connected session (the test fails if there is none).
    fn session(&self) -> keyward_app::session::Session {
        self.app.current().expect("a session")
    }
}

/// An organization with one project of three keys: one used today (needs its name typed),
/// one never used, one with a hostile name.
async fn mount(project_name: &str) -> Fixture {
    let now = keyward_app::platform::browser::now();
    let mut org = Org::new(DEMO_KEY, now, 1);
    let project = org.add_project(project_name);
    let keys = vec![
        org.add_user_key(&project, "prod-backend", "Ada Lovelace", Some(now - 3600))
            .unwrap(),
        org.add_user_key(&project, "old-notebook", "Alan Turing", None)
            .unwrap(),
        org.add_user_key(&project, HOSTILE, HOSTILE, None).unwrap(),
    ];
    let org = Rc::new(RefCell::new(org));
    let serve = {
        let org = org.clone();
        move |r: &admin_api::HttpRequest| {
            let mut org = org.borrow_mut();
            org.now = keyward_app::platform::browser::now();
            org.serve(r, keyward_app::platform::transport::DEMO_BASE)
        }
    };
    let demo = DemoTransport::local(serve, Duration::ZERO);
    let app = AppState::new(SecretStore::Session);
    let state = app;
    let mount = Box::new(leptos::mount::mount_to(
        doc().body().unwrap(),
        move || view! { <App state=state /> },
    ));
    app.start_demo(demo.clone());
    app.navigate(Route::Project {
        id: project.clone(),
        tab: ProjectTab::Keys,
    });
    wait_for("[data-testid=keys-table]").await;
    Fixture {
        app,
        demo,
        org,
        project,
        keys,
        _mount: mount,
    }
}

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn find(selector: &str) -> Option<Element> {
    doc().query_selector(selector).unwrap()
}

async fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..800 {
        if cond() {
            return;
        }
        leptos::task::tick().await;
        gloo_timers::future::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn wait_for(selector: &str) -> Element {
    wait_until(selector, || find(selector).is_some()).await;
    find(selector).unwrap()
}

fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

fn type_into(el: &Element, text: &str) {
    let input = el.dyn_ref::<HtmlInputElement>().unwrap();
    input.set_value(text);
    input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
}

fn row(key_id: &str) -> Option<Element> {
    find(&format!("tr[data-key-id='{key_id}']"))
}

/// Clicks a key row's Revoke button and waits for the dialog.
async fn open_revoke(key_id: &str) -> Element {
    let button = row(key_id)
        .expect("the key's row")
        .query_selector("[data-testid=revoke]")
        .unwrap()
        .expect("its Revoke button");
    click(&button);
    wait_for("[data-testid=revoke-dialog]").await
}

fn body_text() -> String {
    doc().body().unwrap().text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn revoke_success_sends_one_delete_and_removes_the_key() {
    let f = mount("Payments").await;
    let key = f.keys[0].clone();
    let dialog = open_revoke(&key).await;
    assert!(dialog.text_content().unwrap().contains("prod-backend"));
    assert!(dialog.text_content().unwrap().contains("Payments"));
    assert!(dialog.text_content().unwrap().contains("Ada Lovelace"));
    // Used in the last hour: the confirm button stays disabled until the name is typed.
    let confirm = find("[data-testid=confirm-revoke]").unwrap();
    assert!(confirm.has_attribute("disabled"));
    type_into(&find("[data-testid=confirm-name]").unwrap(), "prod-backen");
    leptos::task::tick().await;
    assert!(
        find("[data-testid=confirm-revoke]")
            .unwrap()
            .has_attribute("disabled")
    );
    type_into(&find("[data-testid=confirm-name]").unwrap(), "prod-backend");
    leptos::task::tick().await;
    let confirm = find("[data-testid=confirm-revoke]").unwrap();
    assert!(!confirm.has_attribute("disabled"));
    // A double click must still send exactly one DELETE.
    click(&confirm);
    click(&confirm);
    wait_until("the key leaves the list", || {
        row(&key).is_none() && find("[data-testid=revoke-dialog]").is_none()
    })
    .await;
    assert_eq!(f.demo.faults.borrow().deletes, 1);
    assert!(!f.org.borrow().key_ids(&f.project).contains(&key));
    assert_eq!(f.org.borrow().key_ids(&f.project).len(), 2, "only that key");
    wait_until("a success toast", || {
        body_text().contains("Revoked “prod-backend”")
    })
    .await;
}

#[wasm_bindgen_test]
async fn revoke_failure_keeps_the_key_and_shows_the_error() {
    let f = mount("Search").await;
    f.demo.faults.borrow_mut().fail_deletes = Some(400);
    let key = f.keys[1].clone();
    open_revoke(&key).await;
    // Never used: no typing needed.
    click(&find("[data-testid=confirm-revoke]").unwrap());
    wait_until("the error in the dialog", || {
        find("[data-testid=revoke-dialog] [role=alert]").is_some()
    })
    .await;
    let dialog_text = find("[data-testid=revoke-dialog]")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(dialog_text.contains("Not revoked"), "{dialog_text}");
    assert!(dialog_text.contains("Simulated failure"), "{dialog_text}");
    assert!(row(&key).is_some(), "the key stays listed");
    assert!(f.org.borrow().key_ids(&f.project).contains(&key));
    assert_eq!(f.demo.faults.borrow().deletes, 1);
    assert!(body_text().contains("was not revoked"));
    // Escape (where the focus is: in the dialog) closes it; the key is still there.
    let esc = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let i = web_sys::KeyboardEventInit::new();
        i.set_key("Escape");
        i.set_bubbles(true);
        i
    })
    .unwrap();
    let focused = doc().active_element().expect("the focus is somewhere");
    assert!(
        focused
            .closest("[data-testid=revoke-dialog]")
            .ok()
            .flatten()
            .is_some(),
        "the dialog holds the focus"
    );
    focused.dispatch_event(&esc).unwrap();
    wait_until("the dialog closes", || {
        find("[data-testid=revoke-dialog]").is_none()
    })
    .await;
    assert!(row(&key).is_some());
}

#[wasm_bindgen_test]
async fn a_401_returns_to_connect_with_a_message() {
    let f = mount("Growth").await;
    f.org.borrow_mut().admin_key = "sk-admin-rotated-elsewhere".into();
    f.session()
        .invalidate([keyward_app::session::cache::Topic::Project(
            f.project.clone(),
        )]);
    wait_for("[data-testid=admin-key]").await;
    wait_until("the notice", || body_text().contains("not accepted")).await;
    assert!(
        f.app.session.with_untracked(Option::is_none),
        "the session is gone"
    );
    // Where the user was is kept for after reconnecting.
    assert_eq!(
        f.app
            .return_to
            .get_untracked()
            .map(|hash| Route::parse(&hash)),
        Some(Route::Project {
            id: f.project.clone(),
            tab: ProjectTab::Keys
        })
    );
}

#[wasm_bindgen_test]
async fn hostile_names_render_as_text() {
    let f = mount(HOSTILE).await;
    let r = row(&f.keys[2]).unwrap();
    assert!(
        r.text_content().unwrap().contains(HOSTILE),
        "the key's name shows literally"
    );
    f.app.navigate(Route::Projects);
    wait_for("[data-testid=projects-table]").await;
    wait_until("the project row", || {
        find("[data-testid=projects-table]")
            .unwrap()
            .text_content()
            .unwrap()
            .contains(HOSTILE)
    })
    .await;
    f.app.navigate(Route::Key {
        project: f.project.clone(),
        key: f.keys[2].clone(),
    });
    wait_until("the key page", || {
        find("[data-testid=key-name]").is_some_and(|h| h.text_content().unwrap() == HOSTILE)
    })
    .await;
    assert!(
        doc().query_selector_all("img[src='x']").unwrap().length() == 0,
        "no element was created from API data"
    );
    assert!(
        !doc().body().unwrap().inner_html().contains("<img src=x"),
        "the markup is escaped"
    );
}

#[wasm_bindgen_test]
async fn refused_service_account_key_offers_to_delete_the_account() {
    let f = mount("Billing").await;
    // A service account with a key, in an organization that follows the spec's older rule.
    let created = f.org.borrow_mut().handle(&fake_org::Request {
        method: "POST".into(),
        path: format!("/organization/projects/{}/service_accounts", f.project),
        authorization: Some(format!("Bearer {DEMO_KEY}")),
        body: Some(r#"{"name":"deploy-bot"}"#.into()),
        ..Default::default()
    });
    let created: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let key = created["api_key"]["id"].as_str().unwrap().to_owned();
    f.org.borrow_mut().options.refuse_service_account_key_delete = true;
    // What the app does after creating a key: re-read that project into the inventory.
    keyward_app::work::inventory::refresh_project(f.session(), f.project.clone());
    wait_until("the service-account key row", || row(&key).is_some()).await;
    open_revoke(&key).await;
    click(&find("[data-testid=confirm-revoke]").unwrap());
    let delete_sa = wait_for("[data-testid=delete-sa]").await;
    assert!(
        find("[data-testid=revoke-dialog]")
            .unwrap()
            .text_content()
            .unwrap()
            .contains("refused")
    );
    assert!(row(&key).is_some(), "still listed: it was not revoked");
    assert!(
        delete_sa.has_attribute("disabled"),
        "needs the account's name first"
    );
    type_into(
        &find("[data-testid=confirm-sa-name]").unwrap(),
        "deploy-bot",
    );
    leptos::task::tick().await;
    click(&find("[data-testid=delete-sa]").unwrap());
    wait_until("the key and the dialog are gone", || {
        row(&key).is_none() && find("[data-testid=revoke-dialog]").is_none()
    })
    .await;
    assert!(!f.org.borrow().key_ids(&f.project).contains(&key));
    assert_eq!(
        f.demo.faults.borrow().deletes,
        2,
        "one refused key DELETE, one service-account DELETE"
    );
    assert_eq!(
        f.org.borrow().key_ids(&f.project).len(),
        3,
        "the other keys stay"
    );
}

#[wasm_bindgen_test]
async fn idle_sessions_lock_themselves() {
    use keyward_app::platform::transport::{AppTransport, Backend, DEMO_BASE};
    use keyward_app::session::Session;
    let f = mount("Idle").await;
    // A real (non-demo) session over the same organization; the user was last active 31 minutes ago.
    f.app.begin(|birth| {
        let api = admin_api::Client::new(
            AppTransport {
                backend: Backend::Demo(f.demo.clone()),
                lifetime: birth.lifetime.clone(),
            },
            DEMO_BASE,
            admin_api::AdminKey::new_unchecked(DEMO_KEY),
        );
        Session::build(birth, api, None)
    });
    f.app
        .last_activity
        .set_value(keyward_app::platform::browser::now_ms() - 31.0 * 60_000.0);
    wait_until("the idle lock (checked every 5 s)", || {
        f.app.session.with_untracked(Option::is_none)
    })
    .await;
    wait_for("[data-testid=admin-key]").await;
    assert!(body_text().contains("Locked after 30 minutes without activity"));
}

/// Selects keys, starts "Revoke selected", types the count and confirms.
async fn start_bulk(keys: &[String]) {
    for k in keys {
        let cb = row(k)
            .unwrap()
            .query_selector("input[type=checkbox]")
            .unwrap()
            .unwrap();
        click(&cb);
    }
    leptos::task::tick().await;
    click(&find("[data-testid=bulk-revoke]").unwrap());
    let confirm = wait_for("[data-testid=bulk-confirm]").await;
    type_into(&confirm, &format!("revoke {}", keys.len()));
    leptos::task::tick().await;
    click(&find("[data-testid=bulk-go]").unwrap());
}

#[wasm_bindgen_test]
async fn a_bulk_revoke_runs_on_after_the_view_is_gone() {
    let f = mount("Platform").await;
    f.demo.latency.set(Duration::from_millis(150));
    let chosen = vec![f.keys[1].clone(), f.keys[2].clone()];
    start_bulk(&chosen).await;
    // Leave the project page at once: the dialog and the table are disposed mid-run.
    f.app.navigate(Route::Audit);
    wait_until("the run to finish", || {
        f.session()
            .work
            .list()
            .first()
            .is_some_and(|j| !j.status.is_running())
    })
    .await;
    let job = f.session().work.list().remove(0);
    let tally = job.tally().cloned().expect("a tally");
    assert_eq!(tally.summary(), "Revoked 2 of 2 keys.");
    assert_eq!(f.demo.faults.borrow().deletes, 2);
    assert_eq!(
        f.org.borrow().key_ids(&f.project),
        vec![f.keys[0].clone()],
        "exactly the chosen keys are gone"
    );
    // The header shows the finished job from any page.
    let indicator = wait_for("[data-testid=jobs-indicator]").await;
    assert!(indicator.text_content().unwrap().contains("1 finished"));
}

#[wasm_bindgen_test]
async fn lock_ends_every_job_and_nothing_is_sent_after_it() {
    let f = mount("Ops").await;
    // More keys than DELETEs run at once, so some are still waiting when the lock comes.
    let mut chosen = f.keys.clone();
    for i in 0..5 {
        let id = f
            .org
            .borrow_mut()
            .add_user_key(&f.project, &format!("extra-{i}"), "Grace Hopper", None)
            .unwrap();
        chosen.push(id);
    }
    keyward_app::work::inventory::refresh_project(f.session(), f.project.clone());
    wait_until("the extra keys listed", || {
        chosen.iter().all(|k| row(k).is_some())
    })
    .await;
    f.demo.latency.set(Duration::from_millis(200));
    start_bulk(&chosen).await;
    wait_until("the first DELETE on its way", || {
        // The revoke's job, wherever the list has it (the usage read may still be listed first).
        f.session().work.list().iter().any(|j| {
            j.tally()
                .is_some_and(|t| t.lines.iter().any(|(_, s)| *s == LineState::InFlight))
        })
    })
    .await;
    let session = f.session();
    f.app.lock(Some("Locked.".into()));
    let sent = f.demo.faults.borrow().requests;
    gloo_timers::future::sleep(Duration::from_millis(900)).await;
    assert_eq!(
        f.demo.faults.borrow().requests,
        sent,
        "no request after the lock"
    );
    assert!(f.app.current().is_none(), "no session left");
    // The ended session is gone whole: its client, jobs and inventory were disposed with it.
    assert!(session.api().is_none(), "no client left");
    assert!(session.usage.try_get_untracked().is_none(), "no usage left");
    assert!(
        session.inventory.try_get_untracked().is_none(),
        "the inventory was disposed"
    );
    let notice = f.app.notice.get_untracked().unwrap_or_default();
    assert!(
        notice.contains("was stopped by the lock") && notice.contains("not attempted"),
        "{notice}"
    );
    assert!(
        f.org.borrow().key_ids(&f.project).len() >= chosen.len() - 4,
        "the keys after those in flight were never attempted"
    );
}

#[wasm_bindgen_test]
async fn the_panic_hook_forgets_the_key() {
    let s = keyward_app::platform::store::session_storage().unwrap();
    s.set_item(
        "keyward.session",
        r#"{"key":"sk-admin-doomed-12345678","base":"x"}"#,
    )
    .unwrap();
    s.set_item("keyward.activity", "1").unwrap();
    keyward_app::platform::store::forget_now();
    assert_eq!(s.get_item("keyward.session").unwrap(), None);
    assert_eq!(s.get_item("keyward.activity").unwrap(), None);
}

#[wasm_bindgen_test]
async fn typing_in_the_projects_search_sends_no_request() {
    let f = mount("Searchable").await;
    f.app.navigate(Route::Projects);
    wait_until("the inventory scan to finish", || {
        find("[data-testid=scan-status]")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("keys in 2 projects, archived included"))
    })
    .await;
    // Costs are read once for the session; then the page sends nothing more.
    wait_until("the costs to be read", || {
        find("[data-testid=project-cost]")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains('$'))
    })
    .await;
    let before = f.demo.faults.borrow().requests;
    let search = find("[data-testid=project-search]").unwrap();
    for text in ["S", "Se", "Sea", "zzz", ""] {
        type_into(&search, text);
        leptos::task::tick().await;
        gloo_timers::future::sleep(Duration::from_millis(30)).await;
    }
    assert!(body_text().contains("Searchable"));
    assert_eq!(
        f.demo.faults.borrow().requests,
        before,
        "searching filters what was loaded"
    );
    // The count is the inventory's.
    let counts: Vec<String> = {
        let list = doc()
            .query_selector_all("[data-testid=projects-table] td.num")
            .unwrap();
        (0..list.length())
            .map(|i| list.get(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert!(counts.contains(&"3".to_string()), "{counts:?}");
}

/// Mounts the app against `org` (answering after `latency`), in demo mode.
fn mount_org(org: Org, latency: Duration) -> (AppState, Rc<RefCell<Org>>, Box<dyn std::any::Any>) {
    let org = Rc::new(RefCell::new(org));
    let serve = {
        let org = org.clone();
        move |r: &admin_api::HttpRequest| {
            org.borrow_mut()
                .serve(r, keyward_app::platform::transport::DEMO_BASE)
        }
    };
    let app = AppState::new(SecretStore::Session);
    let state = app;
    let mount = Box::new(leptos::mount::mount_to(
        doc().body().unwrap(),
        move || view! { <App state=state /> },
    ));
    app.start_demo(DemoTransport::local(serve, latency));
    (app, org, mount)
}

/// A key's requests over `days` from `start`, as every usage endpoint reports them.
fn api_requests(org: &Rc<RefCell<Org>>, key: &str, start: i64, days: u32) -> i64 {
    let mut total = 0;
    for endpoint in admin_api::UsageEndpoint::PER_KEY {
        let resp = org.borrow_mut().handle(&fake_org::Request::to(
            "GET",
            &format!(
                "/organization/usage/{}?start_time={start}&api_key_ids[]={key}&limit={days}",
                endpoint.path()
            ),
            Some(format!("Bearer {DEMO_KEY}")),
            None,
        ));
        let page: admin_api::types::UsagePage = serde_json::from_str(&resp.body).unwrap();
        total += page
            .data
            .iter()
            .flat_map(|b| &b.results)
            .map(|r| r.requests())
            .sum::<i64>();
    }
    total
}

fn cell_text(key_id: &str) -> String {
    row(key_id)
        .and_then(|r| r.query_selector("[data-testid=usage-cell]").ok().flatten())
        .and_then(|c| c.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn usage_shows_per_key_and_as_the_keys_daily_sparkline() {
    let f = mount("Metered").await;
    // Used an hour ago: traffic today. Never used: none.
    wait_until("the usage column", || cell_text(&f.keys[0]).contains("req")).await;
    assert_eq!(cell_text(&f.keys[1]), "No traffic");
    // The key page draws the same days the API reports for it.
    f.app.navigate(Route::Key {
        project: f.project.clone(),
        key: f.keys[0].clone(),
    });
    let line = wait_for("[data-testid=sparkline]").await;
    let drawn: Vec<i64> = line
        .get_attribute("data-values")
        .unwrap()
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(drawn.len(), 7);
    let now = keyward_app::platform::browser::now();
    let start = keyward_app::logic::usage::window_start(now, 7);
    // The day of its last use (an hour ago) always has traffic.
    let last_day = ((now - 3600 - start) / 86_400) as usize;
    assert!(drawn[last_day] > 0, "{drawn:?}");
    let total = api_requests(&f.org, &f.keys[0], start, 7);
    assert_eq!(drawn.iter().sum::<i64>(), total);
    let label = line.get_attribute("aria-label").unwrap();
    assert!(label.contains(&format!("{total} in all")), "{label}");
}

#[wasm_bindgen_test]
async fn a_key_without_the_usage_scope_is_told_and_the_rest_works() {
    let now = keyward_app::platform::browser::now();
    let mut org = Org::new("sk-admin-someone-else", now, 2);
    org.read_only_key = Some(DEMO_KEY.into());
    let project = org.add_project("Read only");
    let key = org
        .add_user_key(&project, "svc", "Ada", Some(now - 60))
        .unwrap();
    let (app, _org, _mount) = mount_org(org, Duration::ZERO);
    app.navigate(Route::Keys);
    let notice = wait_for("[data-testid=usage-denied]").await;
    assert!(notice.text_content().unwrap().contains("api.usage.read"));
    // The keys are listed all the same, and the column says why it is empty.
    wait_until("the key's row", || row(&key).is_some()).await;
    assert_eq!(cell_text(&key), "No access");
    assert!(
        app.current().is_some(),
        "a missing scope does not lock the session"
    );
}

#[wasm_bindgen_test]
async fn a_new_window_is_not_mixed_with_the_read_it_replaced() {
    let now = keyward_app::platform::browser::now();
    let mut org = Org::new(DEMO_KEY, now, 3);
    let project = org.add_project("Windows");
    let key = org
        .add_user_key(&project, "busy", "Ada", Some(now - 60))
        .unwrap();
    // Slow answers, so the 7-day read is still out when the 30-day one starts.
    let (app, org, _mount) = mount_org(org, Duration::from_millis(40));
    let session = app.current().unwrap();
    app.prefs.usage_days.set(7);
    keyward_app::work::usage::load(session);
    gloo_timers::future::sleep(Duration::from_millis(60)).await;
    keyward_app::work::usage::set_window(session, 30);
    wait_until("the 30-day read", || {
        session.usage.with_untracked(|u| u.loaded && !u.running)
    })
    .await;
    // Whatever the 7-day read still got is not in it: the total is one 30-day read's.
    let shown = session.usage.with_untracked(|u| {
        (
            u.days,
            u.table.of(&key).requests,
            u.table.series(&key).len(),
            u.done,
        )
    });
    let start = keyward_app::logic::usage::window_start(now, 30);
    let expected = api_requests(&org, &key, start, 30);
    // Each of its reads counted once, none of the one it replaced.
    let total = session.usage.with_untracked(|u| u.total);
    assert_eq!(shown, (30, expected, 30, total));
}

fn set_input(selector: &str, text: &str) {
    type_into(&find(selector).expect(selector), text);
}

#[wasm_bindgen_test]
async fn revoking_the_admin_key_in_use_asks_twice_then_locks() {
    let f = mount("Owner").await;
    f.app.navigate(Route::AdminKeys);
    let mark = wait_for("[data-testid=current-key]").await;
    let row = mark.closest("tr").unwrap().unwrap();
    click(
        &row.query_selector("[data-testid=admin-revoke]")
            .unwrap()
            .unwrap(),
    );
    wait_for("[data-testid=admin-revoke-dialog]").await;
    set_input("[data-testid=confirm-admin-name]", "Keyward");
    leptos::task::tick().await;
    click(&find("[data-testid=confirm-admin-revoke]").unwrap());
    // The first press only asks again: nothing is sent yet.
    wait_for("[data-testid=current-key-warning]").await;
    let status = f.org.borrow_mut().handle(&fake_org::Request::to(
        "GET",
        "/organization/projects",
        Some(format!("Bearer {DEMO_KEY}")),
        None,
    ));
    assert_eq!(
        status.status, 200,
        "the key still works after the first confirmation"
    );
    click(&find("[data-testid=confirm-admin-revoke]").unwrap());
    wait_until("the lock", || f.app.current().is_none()).await;
    let notice = f.app.notice.get_untracked().unwrap_or_default();
    assert!(
        notice.contains("You revoked the admin key this session was using"),
        "{notice}"
    );
    let after = f.org.borrow_mut().handle(&fake_org::Request::to(
        "GET",
        "/organization/projects",
        Some(format!("Bearer {DEMO_KEY}")),
        None,
    ));
    assert_eq!(after.status, 401, "the key is really revoked");
}

#[wasm_bindgen_test]
fn search_folding_in_the_browser_matches_rusts_lowercase() {
    // In the wasm, non-ASCII text is lowercased by the page's `toLowerCase`, not Rust's tables.
    for text in [
        "Prod KEY",
        "ÄRGER Straße",
        "ΟΔΟΣ ΣΑΣ",
        "İstanbul",
        "ǅemal Ⅻ",
        "Ωmega 🔑",
    ] {
        assert_eq!(
            keyward_app::logic::fold::fold(text),
            text.to_lowercase(),
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_limit_set_on_the_limits_tab_is_sent_once_and_the_spend_table_follows_without_a_reread() {
    let f = mount("Guarded").await;
    let row_sel = format!("tr[data-project-id='{}']", f.project);
    f.app.navigate(Route::Spend);
    wait_until("the guard rails read", || {
        find("[data-testid=spend-progress]").is_none()
            && find(&row_sel)
                .and_then(|r| r.text_content())
                .is_some_and(|t| t.contains("No spend limit"))
    })
    .await;
    f.app.navigate(Route::Project {
        id: f.project.clone(),
        tab: ProjectTab::Limits,
    });
    // The project's own cards (the Spend page has the organization's, with the same controls).
    wait_for("[data-testid=rail-models]").await;
    click(&wait_for("[data-testid=rail-limit-edit]").await);
    type_into(&wait_for("[data-testid=rail-limit-input]").await, "75");
    let events = f.org.borrow().audit_len();
    click(&wait_for("[data-testid=rail-limit-save]").await);
    wait_until("the limit saved", || {
        find("[data-testid=rail-limit-value]")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("$75.00 a month"))
    })
    .await;
    assert_eq!(
        f.org.borrow().audit_len(),
        events + 1,
        "one write, one audit event"
    );
    // The table's row already knows: going back starts no new read of every project (a read
    // starts by marking the state running, synchronously, as the page mounts).
    let session = f.session();
    let reread = Cell::new(false);
    f.app.navigate(Route::Spend);
    wait_until("the row shows the new limit", || {
        reread.set(reread.get() || session.guard.with_untracked(|g| g.running));
        find(&row_sel)
            .and_then(|r| r.text_content())
            .is_some_and(|t| t.contains("$75.00") && !t.contains("No spend limit"))
    })
    .await;
    assert!(
        !reread.get(),
        "no second read of every project's guard rails"
    );
}

#[wasm_bindgen_test]
async fn offboarding_runs_on_after_the_person_page_is_gone() {
    let f = mount("People").await;
    f.demo.latency.set(Duration::from_millis(100));
    let api = f.session().api().unwrap();
    let users = api.all_org_users().await.unwrap();
    let alan = users
        .iter()
        .find(|u| u.name.as_deref() == Some("Alan Turing"))
        .unwrap()
        .id
        .clone();
    f.app.navigate(Route::Person(alan.clone()));
    wait_for("[data-testid=person-keys] li").await;
    click(&wait_for("[data-testid=offboard-open]").await);
    wait_for("[data-testid=offboard-dialog]").await;
    // His one key, then his removal.
    let go = wait_for("[data-testid=offboard-go]").await;
    assert!(go.text_content().unwrap().contains("2 steps"));
    type_into(&find("[data-testid=offboard-confirm]").unwrap(), "2");
    leptos::task::tick().await;
    click(&go);
    // Leave at once: the review and the page are disposed mid-run.
    f.app.navigate(Route::Audit);
    wait_until("the run to finish", || {
        f.session()
            .work
            .list()
            .first()
            .is_some_and(|j| !j.status.is_running())
    })
    .await;
    let job = f.session().work.list().remove(0);
    let run = job.offboard().cloned().expect("an offboarding run");
    use keyward_app::logic::step::Run;
    assert_eq!(run.counts().done, 2, "{}", run.headline());
    assert_eq!(f.demo.faults.borrow().deletes, 2, "each write once");
    assert_eq!(
        f.org.borrow().key_ids(&f.project),
        vec![f.keys[0].clone(), f.keys[2].clone()]
    );
    let left = api.all_org_users().await.unwrap();
    assert!(
        left.iter().all(|u| u.id != alan),
        "removed from the organization"
    );
}

#[wasm_bindgen_test]
async fn going_keyless_makes_the_provider_then_the_rule_as_a_job() {
    use admin_api::types::{CreateProvider, CreateRule, CreateServiceAccount};
    use keyward_app::work::keyless::{ProviderChoice, go_keyless};
    let f = mount("Keyless").await;
    let api = f.session().api().unwrap();
    let sa = api
        .create_service_account(
            &f.project,
            &CreateServiceAccount {
                name: "deployer".into(),
                create_service_account_only: Some(true),
                expires_in_seconds: None,
            },
        )
        .await
        .unwrap();
    let provider = CreateProvider {
        name: "GitHub Actions".into(),
        kind: "oidc".into(),
        issuer: "https://token.actions.githubusercontent.com".into(),
        audience: "https://github.com/acme".into(),
        description: None,
        enabled: None,
        verification: None,
        attribute_transformations: None,
    };
    let matchers = serde_json::json!({"repository": "acme/api"})
        .as_object()
        .unwrap()
        .clone();
    let rule = CreateRule {
        project_id: f.project.clone(),
        service_account_id: sa.id.clone(),
        attribute_matchers: matchers.clone(),
        name: None,
        description: None,
        enabled: None,
        permissions: None,
    };
    go_keyless(
        f.app,
        f.session(),
        ProviderChoice::New(provider, Vec::new()),
        rule,
    )
    .unwrap();
    // The job goes on whatever the view does.
    f.app.navigate(Route::Audit);
    wait_until("the job to finish", || {
        f.session()
            .work
            .list()
            .first()
            .is_some_and(|j| !j.status.is_running())
    })
    .await;
    let providers = api.all_providers().await.unwrap();
    assert_eq!(providers.len(), 1);
    let rules = api.all_rules(&providers[0].id, Some(&sa.id)).await.unwrap();
    assert_eq!(rules.len(), 1, "one rule, sent once");
    assert_eq!(rules[0].attribute_matchers, matchers);
}

#[wasm_bindgen_test]
async fn a_review_fix_sends_only_what_stays_ticked_and_retry_sends_only_the_refused() {
    let f = mount("Review").await;
    f.app.navigate(Route::Review);
    let fix = "[data-check=KEY-NO-EXPIRY] [data-testid=review-fix]";
    click(&wait_for(fix).await);
    wait_for("[data-testid=fix-dialog]").await;
    // The hostile key stays as it is.
    let hostile = format!("[data-testid=fix-item][data-item-id={}]", f.keys[2]);
    click(&find(&hostile).expect("each failing key listed"));
    leptos::task::tick().await;
    click(&find("[data-testid=fix-review]").unwrap());
    let go = wait_for("[data-testid=writes-go]").await;
    assert_eq!(
        doc()
            .query_selector_all("[data-testid=writes-review] li")
            .unwrap()
            .length(),
        2,
        "only the ticked keys are reviewed"
    );
    type_into(&find("[data-testid=writes-days]").unwrap(), "30");
    type_into(&find("[data-testid=writes-confirm]").unwrap(), "2");
    leptos::task::tick().await;
    f.demo.faults.borrow_mut().refuse_writes_to = Some(f.keys[1].clone());
    let writes = f.demo.faults.borrow().writes;
    click(&go);
    let retry = wait_for("[data-testid=job-retry]").await;
    assert_eq!(f.demo.faults.borrow().writes - writes, 2, "each write once");
    let outcome = |id: &str| {
        find(&format!(
            "[data-testid=writes-outcomes] [data-item-id={id}]"
        ))
        .and_then(|li| li.class_name().into())
        .unwrap_or_default()
    };
    assert_eq!(outcome(&f.keys[0]), "ok");
    assert_eq!(outcome(&f.keys[1]), "bad", "the refused one");
    let api = f.session().api().unwrap();
    let expires = |i: usize| {
        let api = api.clone();
        let (project, key) = (f.project.clone(), f.keys[i].clone());
        async move {
            api.retrieve_api_key(&project, &key)
                .await
                .unwrap()
                .expires_at
        }
    };
    let now = keyward_app::platform::browser::now();
    let set = expires(0).await.expect("an expiry set");
    assert!((set - now - 30 * 86_400).abs() < 120, "30 days from now");
    assert_eq!(expires(1).await, None);
    f.demo.faults.borrow_mut().refuse_writes_to = None;
    click(&retry);
    wait_until("the retry to finish", || {
        find("[data-testid=writes-summary]")
            .and_then(|s| s.text_content())
            .is_some_and(|t| t.contains("1 of 1 done"))
    })
    .await;
    assert_eq!(
        f.demo.faults.borrow().writes - writes,
        3,
        "the retry sent only the refused one"
    );
    assert!(expires(1).await.is_some());
    assert_eq!(expires(2).await, None, "the unticked key was never sent");
}

#[wasm_bindgen_test]
async fn a_review_fix_never_ticks_this_sessions_admin_key_and_asks_twice_for_it() {
    use admin_api::types::UpdateOrgUser;
    let f = mount("Admin keys").await;
    let api = f.session().api().unwrap();
    // The session's admin key belongs to the organization's owner: hand the organization to Ada,
    // then remove its owner, so that key fails "owner left" and its fix offers it.
    let users = api.all_org_users().await.unwrap();
    let ada = users
        .iter()
        .find(|u| u.name.as_deref() == Some("Ada Lovelace"))
        .unwrap()
        .id
        .clone();
    let owner = UpdateOrgUser {
        role: Some("owner".into()),
        role_id: None,
    };
    api.update_org_user(&ada, &owner).await.unwrap();
    api.remove_org_user("user_owner").await.unwrap();
    f.app.navigate(Route::Review);
    click(&wait_for("[data-check=ADMIN-OWNER-GONE] [data-testid=review-fix]").await);
    let item = wait_for("[data-testid=fix-item]").await;
    let item = item.dyn_ref::<HtmlInputElement>().unwrap().clone();
    assert!(!item.checked(), "the key this session uses starts unticked");
    let review = find("[data-testid=fix-review]").unwrap();
    assert!(
        review.has_attribute("disabled"),
        "nothing to review while nothing is ticked"
    );
    item.click();
    leptos::task::tick().await;
    click(&review);
    wait_for("[data-testid=writes-ends-session]").await;
    type_into(&find("[data-testid=writes-confirm]").unwrap(), "1");
    leptos::task::tick().await;
    let go = find("[data-testid=writes-go]").unwrap();
    assert!(
        go.has_attribute("disabled"),
        "the count alone does not send it: the second confirmation is missing"
    );
    click(&find("[data-testid=writes-understood]").unwrap());
    leptos::task::tick().await;
    assert!(!go.has_attribute("disabled"));
    let writes = f.demo.faults.borrow().writes;
    click(&go);
    wait_until("the session to lock", || f.app.current().is_none()).await;
    assert_eq!(f.demo.faults.borrow().writes - writes, 1, "one DELETE");
}

/// A table of rows marked by key ID, each with a Revoke button; returns the table.
fn focus_table(ids: &[&str]) -> Element {
    let table = doc().create_element("table").unwrap();
    let body = doc().create_element("tbody").unwrap();
    for id in ids {
        body.append_child(&focus_row(id)).unwrap();
    }
    table.append_child(&body).unwrap();
    doc().body().unwrap().append_child(&table).unwrap();
    table
}

fn focus_row(id: &str) -> Element {
    let row = doc().create_element("tr").unwrap();
    row.set_attribute("data-key-id", id).unwrap();
    row.set_inner_html(concat!(
        r#"<td><button data-testid="copy">Copy</button>"#,
        r#"<button data-testid="revoke">Revoke</button></td>"#
    ));
    row
}

fn focused_row_and_testid() -> (Option<String>, Option<String>) {
    let active = doc().active_element();
    let row = active.as_ref().and_then(|a| a.closest("tr").ok().flatten());
    (
        row.and_then(|r| r.get_attribute("data-key-id")),
        active.and_then(|a| a.get_attribute("data-testid")),
    )
}

#[wasm_bindgen_test]
fn focus_goes_back_to_the_same_control_of_a_row_rebuilt_while_a_dialog_was_open() {
    use keyward_app::components::focus::ReturnTo;
    let table = focus_table(&["key_a", "key_b", "key_c"]);
    let revoke = |id: &str| {
        row(id)
            .unwrap()
            .query_selector("[data-testid=revoke]")
            .unwrap()
            .unwrap()
    };
    revoke("key_b")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    let back = ReturnTo::capture();
    // Usage arrives while the dialog is open: the table builds the row anew.
    let old = row("key_b").unwrap();
    old.replace_with_with_node_1(&focus_row("key_b")).unwrap();
    doc().body().unwrap().focus().unwrap();
    back.restore();
    assert_eq!(
        focused_row_and_testid(),
        (Some("key_b".into()), Some("revoke".into())),
        "the rebuilt row's Revoke, not the next row's"
    );
    // The row gone (revoked): the next row's Revoke.
    let back = ReturnTo::capture();
    row("key_b").unwrap().remove();
    back.restore();
    assert_eq!(
        focused_row_and_testid(),
        (Some("key_c".into()), Some("revoke".into()))
    );
    table.remove();
}

#[wasm_bindgen_test]
async fn the_focus_stays_on_a_rows_control_when_the_rows_change_under_it() {
    let f = mount("Rebuilt").await;
    let key = f.keys[1].clone();
    let revoke_of = |id: &str| {
        row(id)
            .and_then(|r| r.query_selector("[data-testid=revoke]").unwrap())
            .expect("the row's Revoke")
    };
    wait_until("the key's row", || row(&key).is_some()).await;
    let old = revoke_of(&key);
    old.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    // The project's rows are made again (as when its keys are read again, or usage arrives).
    let session = f.session();
    let rebuild = || {
        let project = session
            .inventory
            .with_untracked(|i| i.projects.iter().find(|p| p.id == f.project).cloned())
            .expect("the project");
        session.inventory.update(|i| i.put_project(project));
    };
    let settle = || async {
        for _ in 0..10 {
            leptos::task::tick().await;
            gloo_timers::future::sleep(Duration::from_millis(10)).await;
        }
    };
    rebuild();
    settle().await;
    // The row kept its element, with the focus in it, on the same key.
    assert!(old.is_connected());
    assert_eq!(doc().active_element(), Some(revoke_of(&key)));
    assert_eq!(revoke_of(&key), old);
    // Sent elsewhere on purpose, the focus stays there when the rows change.
    let search = find("[data-testid=key-search]").expect("the search box");
    search.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    gloo_timers::future::sleep(Duration::from_millis(50)).await;
    rebuild();
    settle().await;
    assert_eq!(doc().active_element(), Some(search));
}

/// ~720 KB of text with characters of 1 to 4 bytes, some of which fall across read edges.
/// No bound on a body's length that these tests' bodies come near.
const ALL: usize = usize::MAX;

fn long_text() -> String {
    "Keyward é € 😀 ".repeat(36_000)
}

#[wasm_bindgen_test]
async fn a_fetch_body_is_read_whole_through_the_byob_reader() {
    use keyward_app::platform::body::{read_body, read_body_into};
    use web_sys::{ReadableStreamByobReader, Response};
    let text = long_text();
    // A fetch body is a byte stream here, so the test reads it the way the app does.
    let probe = Response::new_with_opt_str(Some("x")).unwrap();
    assert!(ReadableStreamByobReader::new(&probe.body().unwrap()).is_ok());
    let resp = Response::new_with_opt_str(Some(&text)).unwrap();
    let bytes = read_body(resp.body(), Some(&text.len().to_string()), ALL)
        .await
        .unwrap();
    assert_eq!(bytes, text.as_bytes());
    assert_eq!(read_body(None, Some("100"), ALL).await.unwrap(), b"");
    // Handed on as it arrives, a chunk at a time, and not kept.
    let resp = Response::new_with_opt_str(Some(&text)).unwrap();
    let (mut got, mut chunks) = (Vec::new(), 0);
    let mut sink = |chunk: &[u8]| {
        got.extend_from_slice(chunk);
        chunks += 1;
    };
    read_body_into(resp.body(), &mut sink, ALL).await.unwrap();
    assert_eq!(got, text.as_bytes());
    assert!(chunks >= 3, "{chunks} chunks");
}

#[wasm_bindgen_test]
async fn a_body_longer_than_allowed_is_refused_and_not_read_on() {
    use keyward_app::platform::body::{BodyError, read_body, read_body_into};
    use web_sys::Response;
    let text = long_text();
    let resp = Response::new_with_opt_str(Some(&text)).unwrap();
    let refused = read_body(resp.body(), None, 300_000).await;
    assert!(
        matches!(refused, Err(BodyError::TooLarge(300_000))),
        "{refused:?}"
    );
    // Handed on: nothing past the bound reaches the sink.
    let resp = Response::new_with_opt_str(Some(&text)).unwrap();
    let mut handed = 0;
    let refused = read_body_into(resp.body(), &mut |c| handed += c.len(), 300_000).await;
    assert!(matches!(refused, Err(BodyError::TooLarge(_))));
    assert!(handed <= 300_000, "{handed} bytes handed on");
    // Exactly the bound is read whole.
    let resp = Response::new_with_opt_str(Some(&text)).unwrap();
    assert_eq!(
        read_body(resp.body(), None, text.len()).await.unwrap(),
        text.as_bytes()
    );
}

#[wasm_bindgen_test]
async fn a_body_in_the_browsers_own_chunks_is_read_whole_and_a_failed_one_is_an_error() {
    use keyward_app::platform::body::read_body;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{ReadableStreamByobReader, ReadableWritablePair, Response, TransformStream};
    let text = long_text();
    // A TransformStream's readable side is not a byte stream: no BYOB reader for it.
    let plain = TransformStream::new().unwrap();
    let pair = ReadableWritablePair::new(&plain.readable(), &plain.writable());
    let resp = Response::new_with_opt_str(Some(&text)).unwrap();
    let stream = resp.body().unwrap().pipe_through(&pair);
    assert!(ReadableStreamByobReader::new(&plain.readable()).is_err());
    // A Content-Length smaller than the body (as a compressed body's is) only reserves less.
    assert_eq!(
        read_body(Some(stream), Some("12"), ALL).await.unwrap(),
        text.as_bytes()
    );

    let failing = TransformStream::new().unwrap();
    let writer = failing.writable().get_writer().unwrap();
    let write = writer.write_with_chunk(&js_sys::Uint8Array::from(&b"{\"data\":"[..]));
    let abort = writer.abort_with_reason(&"the connection dropped".into());
    assert!(
        read_body(Some(failing.readable()), None, ALL)
            .await
            .is_err()
    );
    let _ = (JsFuture::from(write).await, JsFuture::from(abort).await);
}

#[wasm_bindgen_test]
async fn a_large_usage_read_is_decoded_with_other_tasks_run_between_its_slices() {
    use keyward_app::logic::usage::{KeyTraffic, UsagePart, UsageTable};
    use keyward_app::logic::wire::usage::encode;
    use keyward_app::platform::job_worker::decode_in_slices;
    let mut table = UsageTable::new(7, 1_800_000_000);
    for i in 0..100_000_i64 {
        let traffic = KeyTraffic {
            requests: i,
            tokens: 3 * i,
            daily: (0..7).map(|d| d * i).collect(),
            cents: i % 100,
        };
        table.keys.insert(format!("key_{i:016}").into(), traffic);
    }
    let read = Ok(UsagePart::Traffic(table));
    let bytes = encode(&read);
    // A task queued before the decoding starts runs before it ends: it had its turn between
    // slices. Decoded in one go, it would run only after.
    let order = Rc::new(RefCell::new(Vec::new()));
    let timer = order.clone();
    set_timeout(
        move || timer.borrow_mut().push("other task"),
        Duration::ZERO,
    );
    let decoded = decode_in_slices(&bytes, || false).await;
    order.borrow_mut().push("decoded");
    assert_eq!(*order.borrow(), ["other task", "decoded"]);
    assert_eq!(decoded, Some(read));
    // Bytes cut short are still refused.
    assert_eq!(
        decode_in_slices(&bytes[..bytes.len() - 1], || false).await,
        None
    );
    // Lock in a task of its own while the read is decoded: the rest is not decoded, and the read
    // says it was cancelled.
    let (locked, steps) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(0)));
    let lock = locked.clone();
    queue_task(move || lock.set(true));
    let counted = steps.clone();
    let cut = decode_in_slices(&bytes, || {
        counted.set(counted.get() + 1);
        locked.get()
    })
    .await;
    // (Not printed: a whole table would be megabytes.)
    let cancelled = matches!(&cut, Some(Err(e)) if e.kind == admin_api::ErrorKind::Cancelled);
    assert!(cancelled, "not cancelled, after {} steps", steps.get());
    // 512 keys a step: decoding all 100,000 would have taken some 196 steps.
    assert!(steps.get() < 190, "{} steps", steps.get());
}

/// Queues a task now, as a keystroke's would be: a message to itself (a zero timeout may be
/// held back 4 ms when timers are nested).
fn queue_task(f: impl FnOnce() + 'static) {
    use js_sys::{Array, Function, Reflect};
    let get = |from: &wasm_bindgen::JsValue, name: &str| Reflect::get(from, &name.into()).unwrap();
    let channel: Function = get(&js_sys::global(), "MessageChannel").unchecked_into();
    let channel = Reflect::construct(&channel, &Array::new()).unwrap();
    let on_message = wasm_bindgen::closure::Closure::once_into_js(f);
    Reflect::set(&get(&channel, "port1"), &"onmessage".into(), &on_message).unwrap();
    let port = get(&channel, "port2");
    let post: Function = get(&port, "postMessage").unchecked_into();
    post.call1(&port, &0.into()).unwrap();
}

/// Long work in slices (decoding or adding up usage at 100,000 keys) lets a task queued while
/// it runs, as a keystroke's would be, run before it ends.
#[wasm_bindgen_test]
async fn sliced_work_lets_a_task_queued_meanwhile_run_before_it_ends() {
    use keyward_app::platform::browser::{in_slices, now_ms};
    let ran = Rc::new(Cell::new(false));
    let mut steps = 0;
    let ran_before_the_end = in_slices(|| {
        if steps == 0 {
            let ran = ran.clone();
            queue_task(move || ran.set(true));
        }
        // 30 steps of 1 ms: several slices.
        let start = now_ms();
        while now_ms() - start < 1.0 {}
        steps += 1;
        (steps == 30).then(|| ran.get())
    })
    .await;
    assert!(ran_before_the_end, "the task waited for all 30 ms of work");
}

/// Results applied after `background_turn` wait for a task already queued (a keystroke's).
#[wasm_bindgen_test]
async fn a_background_turn_comes_after_a_task_already_queued() {
    let ran = Rc::new(Cell::new(false));
    {
        let ran = ran.clone();
        queue_task(move || ran.set(true));
    }
    keyward_app::platform::browser::background_turn().await;
    assert!(ran.get(), "the background turn came first");
}

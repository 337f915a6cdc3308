//! The organization answers as the API does: pages, errors, updates, audit events.

use fake_org::{GenSpec, Org, Request};
use serde_json::Value;

const KEY: &str = "sk-admin-test-0123456789";

fn org() -> Org {
    Org::generate(
        KEY,
        &GenSpec {
            seed: 3,
            projects: 6,
            keys_per_project: Some(25),
            now: 1_800_000_000,
        },
    )
}

fn get(org: &mut Org, path: &str, query: &str) -> (u16, Value) {
    call(org, "GET", path, query, None)
}

fn call(org: &mut Org, method: &str, path: &str, query: &str, body: Option<&str>) -> (u16, Value) {
    let r = org.handle(&Request {
        method: method.into(),
        path: path.into(),
        query: query.into(),
        authorization: Some(format!("Bearer {KEY}")),
        body: body.map(Into::into),
    });
    (
        r.status,
        serde_json::from_str(&r.body).expect("always JSON"),
    )
}

#[test]
fn generation_is_deterministic_and_varied() {
    let a = org();
    let b = org();
    assert_eq!(a.project_ids(), b.project_ids());
    assert_eq!(a.key_count(), 7 * 25);
    let mut o = org();
    let (_, projects) = get(
        &mut o,
        "/organization/projects",
        "include_archived=true&limit=100",
    );
    let names: Vec<&str> = projects["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "Default project");
    assert!(names.iter().any(|n| n.contains('🇪')), "{names:?}");
    assert!(
        projects["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["status"] == "archived")
    );
    // Some keys never used, some expired, some whose owner lost access.
    let mut never = 0;
    let mut inactive = 0;
    let mut expired = 0;
    for p in o.project_ids() {
        let (_, keys) = get(
            &mut o,
            &format!("/organization/projects/{p}/api_keys"),
            "limit=100&owner_project_access=any",
        );
        for k in keys["data"].as_array().unwrap() {
            never += k["last_used_at"].is_null() as usize;
            inactive += (k["owner_project_access"] == "inactive") as usize;
            expired += k["expires_at"].as_i64().is_some_and(|t| t < 1_800_000_000) as usize;
        }
    }
    assert!(
        never > 5 && inactive > 5 && expired > 3,
        "{never} {inactive} {expired}"
    );
}

#[test]
fn cursor_pages() {
    let mut o = org();
    let p = o.project_ids()[1].clone();
    let path = format!("/organization/projects/{p}/api_keys");
    let (s, first) = get(&mut o, &path, "limit=10&owner_project_access=any");
    assert_eq!(s, 200);
    assert_eq!(first["object"], "list");
    assert_eq!(first["data"].as_array().unwrap().len(), 10);
    assert_eq!(first["has_more"], true);
    assert_eq!(first["first_id"], first["data"][0]["id"]);
    let last = first["last_id"].as_str().unwrap().to_owned();
    let (_, second) = get(
        &mut o,
        &path,
        &format!("limit=10&owner_project_access=any&after={last}"),
    );
    assert_ne!(second["data"][0]["id"], first["data"][0]["id"]);
    let (_, third) = get(
        &mut o,
        &path,
        &format!(
            "limit=10&owner_project_access=any&after={}",
            second["last_id"].as_str().unwrap()
        ),
    );
    assert_eq!(third["data"].as_array().unwrap().len(), 5);
    assert_eq!(third["has_more"], false);
    // Default limit is 20; limits outside 1..100 are refused.
    let (_, d) = get(&mut o, &path, "owner_project_access=any");
    assert_eq!(d["data"].as_array().unwrap().len(), 20);
    for bad in ["0", "101", "x"] {
        let (s, e) = get(&mut o, &path, &format!("limit={bad}"));
        assert_eq!(s, 400);
        assert_eq!(e["error"]["param"], "limit");
    }
    // An empty list has null cursors.
    let (_, sas) = get(
        &mut o,
        "/organization/projects",
        "limit=5&after=".trim_end_matches('='),
    );
    assert!(sas["data"].is_array());
}

#[test]
fn cursor_survives_deleting_its_object() {
    let mut o = org();
    let p = o.project_ids()[2].clone();
    let path = format!("/organization/projects/{p}/api_keys");
    let (_, first) = get(&mut o, &path, "limit=5&owner_project_access=any");
    let last = first["last_id"].as_str().unwrap().to_owned();
    let (s, _) = call(&mut o, "DELETE", &format!("{path}/{last}"), "", None);
    assert_eq!(s, 200);
    let (s, second) = get(
        &mut o,
        &path,
        &format!("limit=100&owner_project_access=any&after={last}"),
    );
    assert_eq!(s, 200);
    assert_eq!(second["data"].as_array().unwrap().len(), 20);
}

#[test]
fn errors_have_openai_shape() {
    let mut o = org();
    let (s, e) = get(&mut o, "/organization/projects/proj_nope", "");
    assert_eq!(s, 404);
    for f in ["message", "type", "param", "code"] {
        assert!(e["error"].get(f).is_some(), "{f}");
    }
    let r = o.handle(&Request {
        method: "GET".into(),
        path: "/organization/projects".into(),
        authorization: Some("Bearer sk-admin-wrong-key-123".into()),
        ..Default::default()
    });
    assert_eq!(r.status, 401);
    assert!(r.body.contains("invalid_api_key"));
    assert!(!r.body.contains("wrong-key"), "the key must not be echoed");
    let r = o.handle(&Request {
        method: "GET".into(),
        path: "/organization/projects".into(),
        authorization: Some("Bearer sk-proj-abcdef123456".into()),
        ..Default::default()
    });
    assert_eq!(r.status, 401);
    assert!(r.body.contains("Missing scopes: api.management.read"));
    let (s, e) = get(&mut o, "/organization/nothing", "");
    assert_eq!(s, 404);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Invalid URL")
    );
    let p = o.project_ids()[1].clone();
    let k = o.key_ids(&p)[0].clone();
    let (s, _) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{p}/api_keys/{k}"),
        "",
        Some("{not json"),
    );
    assert_eq!(s, 400);
}

#[test]
fn update_scopes_and_expiry_with_audit() {
    let mut o = org();
    let p = o.project_ids()[1].clone();
    let path = format!("/organization/projects/{p}/api_keys");
    let (_, keys) = get(&mut o, &path, "limit=100&owner_project_access=any");
    let live = keys["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["expires_at"].is_null())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = o.audit_len();
    let (s, k) = call(
        &mut o,
        "POST",
        &format!("{path}/{live}"),
        "",
        Some(r#"{"scopes":["api.all.read"],"expires_in_seconds":86400}"#),
    );
    assert_eq!(s, 200, "{k}");
    assert_eq!(k["expires_at"], 1_800_000_000 + 86_400);
    assert_eq!(o.key_scopes(&p, &live).unwrap(), vec!["api.all.read"]);
    assert_eq!(o.audit_len(), before + 1);
    let (_, log) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("event_types[]=api_key.updated&resource_ids[]={live}"),
    );
    assert_eq!(
        log["data"][0]["api_key.updated"]["changes_requested"]["scopes"][0],
        "api.all.read"
    );
    // Empty list = all permissions; neither field, null, or junk is refused.
    let (s, _) = call(
        &mut o,
        "POST",
        &format!("{path}/{live}"),
        "",
        Some(r#"{"scopes":[]}"#),
    );
    assert_eq!(s, 200);
    assert!(o.key_scopes(&p, &live).unwrap().is_empty());
    for bad in [
        "{}",
        r#"{"scopes":null}"#,
        r#"{"expires_in_seconds":-5}"#,
        r#"{"scopes":"api.all.read"}"#,
        r#"{"name":"x"}"#,
    ] {
        let (s, _) = call(&mut o, "POST", &format!("{path}/{live}"), "", Some(bad));
        assert_eq!(s, 400, "{bad}");
    }
    // Expired keys cannot be updated.
    let expired = keys["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["expires_at"].as_i64().is_some_and(|t| t < 1_800_000_000))
        .map(|k| k["id"].as_str().unwrap().to_owned());
    if let Some(e) = expired {
        let (s, body) = call(
            &mut o,
            "POST",
            &format!("{path}/{e}"),
            "",
            Some(r#"{"scopes":[]}"#),
        );
        assert_eq!(s, 400);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("expired")
        );
    }
}

#[test]
fn service_accounts_and_their_keys() {
    let mut o = org();
    let p = o.project_ids()[1].clone();
    let sa_path = format!("/organization/projects/{p}/service_accounts");
    let (s, sa) = call(&mut o, "POST", &sa_path, "", Some(r#"{"name":"rotator"}"#));
    assert_eq!(s, 200);
    assert_eq!(sa["role"], "member");
    assert!(
        sa["api_key"]["value"]
            .as_str()
            .unwrap()
            .starts_with("sk-svcacct-")
    );
    let sa_id = sa["id"].as_str().unwrap().to_owned();
    let (s, k) = call(
        &mut o,
        "POST",
        &format!("{sa_path}/{sa_id}/api_keys"),
        "",
        Some(r#"{"name":"second","scopes":["api.model.request"],"expires_in_seconds":3600}"#),
    );
    assert_eq!(s, 200);
    assert_eq!(k["object"], "organization.project.service_account.api_key");
    assert_eq!(k["expires_at"], 1_800_000_000 + 3600);
    let (s, only) = call(
        &mut o,
        "POST",
        &sa_path,
        "",
        Some(r#"{"name":"bare","create_service_account_only":true}"#),
    );
    assert_eq!(s, 200);
    assert!(only["api_key"].is_null());
    assert_eq!(only["role"], "none");
    // SDK behaviour: a service-account key can be deleted; the spec's refusal is an option.
    let key_id = k["id"].as_str().unwrap().to_owned();
    o.options.refuse_service_account_key_delete = true;
    let (s, _) = call(
        &mut o,
        "DELETE",
        &format!("/organization/projects/{p}/api_keys/{key_id}"),
        "",
        None,
    );
    assert_eq!(s, 400);
    o.options.refuse_service_account_key_delete = false;
    let (s, d) = call(
        &mut o,
        "DELETE",
        &format!("/organization/projects/{p}/api_keys/{key_id}"),
        "",
        None,
    );
    assert_eq!((s, d["deleted"].as_bool()), (200, Some(true)));
    // Deleting the service account removes its remaining keys.
    let (s, _) = call(&mut o, "DELETE", &format!("{sa_path}/{sa_id}"), "", None);
    assert_eq!(s, 200);
    let (_, keys) = get(
        &mut o,
        &format!("/organization/projects/{p}/api_keys"),
        "limit=100&owner_project_access=any",
    );
    assert!(
        !keys["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["owner"]["service_account"]["id"] == sa_id.as_str())
    );
}

#[test]
fn owner_access_filter_and_default_visibility() {
    let mut o = org();
    let p = o.project_ids()[1].clone();
    let path = format!("/organization/projects/{p}/api_keys");
    let count = |o: &mut Org, q: &str| {
        get(o, &path, &format!("limit=100&{q}")).1["data"]
            .as_array()
            .unwrap()
            .len()
    };
    let any = count(&mut o, "owner_project_access=any");
    let active = count(&mut o, "owner_project_access=active");
    let inactive = count(&mut o, "owner_project_access=inactive");
    assert_eq!(any, active + inactive);
    assert_eq!(count(&mut o, ""), active);
}

#[test]
fn archived_projects_and_usage() {
    let mut o = org();
    let (_, all) = get(
        &mut o,
        "/organization/projects",
        "include_archived=true&limit=100",
    );
    let (_, live) = get(&mut o, "/organization/projects", "limit=100");
    assert!(all["data"].as_array().unwrap().len() > live["data"].as_array().unwrap().len());
    let (s, u) = get(
        &mut o,
        "/organization/usage/completions",
        &format!(
            "start_time={}&group_by[]=api_key_id&limit=7",
            1_800_000_000 - 7 * 86_400
        ),
    );
    assert_eq!(s, 200);
    assert_eq!(u["object"], "page");
    assert_eq!(u["data"].as_array().unwrap().len(), 7);
    assert!(
        u["data"][6]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["api_key_id"].is_string())
    );
    let (s, _) = get(&mut o, "/organization/usage/completions", "");
    assert_eq!(s, 400);
}

#[test]
fn large_organization_generates() {
    let o = Org::generate(
        KEY,
        &GenSpec {
            seed: 1,
            projects: 2000,
            keys_per_project: Some(100),
            now: 1_800_000_000,
        },
    );
    assert_eq!(o.key_count(), 2001 * 100);
}

//! Admin keys, organization users, project lifecycle, rate limits and membership, as the spec
//! states them, with an audit event for every change.

use fake_org::{GenSpec, Org, Request};
use serde_json::{Value, json};

const KEY: &str = "sk-admin-test-0123456789";
const NOW: i64 = 1_800_000_000;

fn org() -> Org {
    Org::generate(
        KEY,
        &GenSpec {
            seed: 5,
            projects: 4,
            keys_per_project: Some(8),
            now: NOW,
        },
    )
}

fn call_as(
    org: &mut Org,
    key: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let r = org.handle(&Request::to(
        method,
        path,
        Some(format!("Bearer {key}")),
        body.map(|b| b.to_string()),
    ));
    (
        r.status,
        serde_json::from_str(&r.body).expect("always JSON"),
    )
}

fn call(org: &mut Org, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call_as(org, KEY, method, path, body)
}

fn last_event(org: &mut Org, kind: &str) -> Value {
    let (_, log) = call(
        org,
        "GET",
        &format!("/organization/audit_logs?event_types[]={kind}&limit=1"),
        None,
    );
    log["data"][0].clone()
}

#[test]
fn admin_keys_list_create_and_revoke_including_the_one_in_use() {
    let mut o = org();
    let (s, list) = call(
        &mut o,
        "GET",
        "/organization/admin_api_keys?limit=100",
        None,
    );
    assert_eq!(s, 200);
    let keys = list["data"].as_array().unwrap().clone();
    assert!(keys.len() >= 5);
    assert!(
        keys.iter()
            .all(|k| k["object"] == "organization.admin_api_key")
    );
    // The key in use shows its last four characters, and was just used.
    let current = keys
        .iter()
        .find(|k| k["redacted_value"] == "sk-admin...6789")
        .unwrap();
    assert_eq!(current["last_used_at"], NOW);
    assert!(keys.iter().any(|k| k["last_used_at"].is_null()));

    // Create: the secret once, then it works.
    let (s, created) = call(
        &mut o,
        "POST",
        "/organization/admin_api_keys",
        Some(json!({"name": "ops", "expires_in_seconds": 86400})),
    );
    assert_eq!(s, 200, "{created}");
    let secret = created["value"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("sk-admin-"));
    assert_eq!(created["expires_at"], NOW + 86400);
    assert_eq!(
        call_as(&mut o, &secret, "GET", "/organization/projects", None).0,
        200
    );
    assert_eq!(
        last_event(&mut o, "api_key.created")["api_key.created"]["id"],
        created["id"]
    );
    let (s, _) = call(
        &mut o,
        "POST",
        "/organization/admin_api_keys",
        Some(json!({"name": " "})),
    );
    assert_eq!(s, 400);

    // Revoke the new one: it stops working.
    let id = created["id"].as_str().unwrap();
    let (s, gone) = call(
        &mut o,
        "DELETE",
        &format!("/organization/admin_api_keys/{id}"),
        None,
    );
    assert_eq!(
        (s, gone["deleted"].as_bool(), gone["object"].as_str()),
        (200, Some(true), Some("organization.admin_api_key.deleted"))
    );
    assert_eq!(
        call_as(&mut o, &secret, "GET", "/organization/projects", None).0,
        401
    );
    assert_eq!(
        call(
            &mut o,
            "DELETE",
            &format!("/organization/admin_api_keys/{id}"),
            None
        )
        .0,
        404
    );

    // Revoke the key in use: the next request is refused.
    let cid = current["id"].as_str().unwrap();
    assert_eq!(
        call(
            &mut o,
            "DELETE",
            &format!("/organization/admin_api_keys/{cid}"),
            None
        )
        .0,
        200
    );
    let (s, e) = call(&mut o, "GET", "/organization/projects", None);
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (401, Some("invalid_api_key"))
    );
}

#[test]
fn a_read_only_key_cannot_create_admin_keys() {
    let mut o = org();
    o.read_only_key = Some("sk-admin-readonly-00000000".into());
    let (s, e) = call_as(
        &mut o,
        "sk-admin-readonly-00000000",
        "POST",
        "/organization/admin_api_keys",
        Some(json!({"name": "x"})),
    );
    assert_eq!(s, 401);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("api.management.write")
    );
}

#[test]
fn organization_users_are_listed_with_roles() {
    let mut o = org();
    let (s, users) = call(&mut o, "GET", "/organization/users?limit=100", None);
    assert_eq!(s, 200);
    let users = users["data"].as_array().unwrap();
    assert!(users.iter().all(|u| u["object"] == "organization.user"));
    assert!(
        users.iter().any(|u| u["role"] == "owner") && users.iter().any(|u| u["role"] == "reader")
    );
    let email = users[3]["email"].as_str().unwrap();
    let (_, one) = call(
        &mut o,
        "GET",
        &format!("/organization/users?emails[]={email}"),
        None,
    );
    assert_eq!(one["data"].as_array().unwrap().len(), 1);
}

#[test]
fn projects_are_created_renamed_and_archived_but_not_the_default() {
    let mut o = org();
    let (s, p) = call(
        &mut o,
        "POST",
        "/organization/projects",
        Some(json!({"name": "Launch", "residency": "EU_STORAGE_PROCESSING"})),
    );
    assert_eq!(s, 200, "{p}");
    assert_eq!(
        (
            p["name"].as_str(),
            p["residency"].as_str(),
            p["status"].as_str()
        ),
        (
            Some("Launch"),
            Some("EU_STORAGE_PROCESSING"),
            Some("active")
        )
    );
    let id = p["id"].as_str().unwrap().to_owned();
    assert_eq!(
        last_event(&mut o, "project.created")["project.created"]["id"],
        id.as_str()
    );
    assert_eq!(
        call(
            &mut o,
            "POST",
            "/organization/projects",
            Some(json!({"name": ""}))
        )
        .0,
        400
    );
    assert_eq!(
        call(
            &mut o,
            "POST",
            "/organization/projects",
            Some(json!({"name": "x", "residency": "MOON"}))
        )
        .0,
        400
    );

    let (s, renamed) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{id}"),
        Some(json!({"name": "Launch 2"})),
    );
    assert_eq!((s, renamed["name"].as_str()), (200, Some("Launch 2")));
    assert_eq!(
        last_event(&mut o, "project.updated")["project.updated"]["changes_requested"]["title"],
        "Launch 2"
    );

    let (s, archived) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{id}/archive"),
        None,
    );
    assert_eq!((s, archived["status"].as_str()), (200, Some("archived")));
    assert!(archived["archived_at"].is_i64());
    assert_eq!(
        last_event(&mut o, "project.archived")["project"]["id"],
        o.project_ids()[0].as_str()
    );
    // An archived project refuses changes.
    assert_eq!(
        call(
            &mut o,
            "POST",
            &format!("/organization/projects/{id}"),
            Some(json!({"name": "x"}))
        )
        .0,
        400
    );

    let default = o.project_ids()[0].clone();
    let (s, e) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{default}/archive"),
        None,
    );
    assert_eq!(s, 400);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("default project")
    );
    assert_eq!(
        call(
            &mut o,
            "POST",
            &format!("/organization/projects/{default}"),
            Some(json!({"name": "x"}))
        )
        .0,
        400
    );
}

#[test]
fn rate_limits_are_listed_and_changed_within_bounds() {
    let mut o = org();
    let p = o.project_ids()[1].clone();
    let (s, list) = call(
        &mut o,
        "GET",
        &format!("/organization/projects/{p}/rate_limits"),
        None,
    );
    assert_eq!(s, 200);
    let limits = list["data"].as_array().unwrap();
    assert!(limits.len() >= 5 && limits.iter().all(|l| l["object"] == "project.rate_limit"));
    let text = limits
        .iter()
        .find(|l| l["model"] == "gpt-4.1-mini")
        .unwrap();
    let id = text["id"].as_str().unwrap();
    let path = format!("/organization/projects/{p}/rate_limits/{id}");
    let (s, changed) = call(
        &mut o,
        "POST",
        &path,
        Some(json!({"max_requests_per_1_minute": 2000, "max_tokens_per_1_minute": 100000})),
    );
    assert_eq!(
        (s, changed["max_requests_per_1_minute"].as_i64()),
        (200, Some(2000))
    );
    assert_eq!(changed["max_tokens_per_1_minute"], 100000);
    let event = last_event(&mut o, "rate_limit.updated");
    assert_eq!(
        event["rate_limit.updated"]["changes_requested"]["max_requests_per_1_minute"],
        2000
    );
    for bad in [
        json!({"max_requests_per_1_minute": 0}),
        json!({"max_requests_per_1_minute": "many"}),
        json!({"max_images_per_1_minute": 5}),
        json!({"nonsense": 5}),
    ] {
        assert_eq!(
            call(&mut o, "POST", &path, Some(bad.clone())).0,
            400,
            "{bad}"
        );
    }
    let (s, e) = call(
        &mut o,
        "POST",
        &path,
        Some(json!({"max_requests_per_1_minute": 10_000_000})),
    );
    assert_eq!(s, 400);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("exceeds the organization's limit")
    );
    let (_, after) = call(
        &mut o,
        "GET",
        &format!("/organization/projects/{p}/rate_limits"),
        None,
    );
    let kept = after["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(
        kept["max_requests_per_1_minute"], 2000,
        "a refused change changes nothing"
    );
}

#[test]
fn membership_changes_and_what_they_do_to_keys() {
    let mut o = org();
    let p = o.project_ids()[2].clone();
    let (_, members) = call(
        &mut o,
        "GET",
        &format!("/organization/projects/{p}/users?limit=100"),
        None,
    );
    let (_, keys) = call(
        &mut o,
        "GET",
        &format!("/organization/projects/{p}/api_keys?limit=100&owner_project_access=any"),
        None,
    );
    // Someone in the project who owns an active key.
    let member = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| {
            keys["data"].as_array().unwrap().iter().any(|k| {
                k["owner"]["user"]["id"] == u["id"] && k["owner_project_access"] == "active"
            })
        })
        .unwrap()
        .clone();
    let uid = member["id"].as_str().unwrap().to_owned();

    let (s, changed) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{p}/users/{uid}"),
        Some(json!({"role": "owner"})),
    );
    assert_eq!((s, changed["role"].as_str()), (200, Some("owner")));
    assert_eq!(
        last_event(&mut o, "user.updated")["user.updated"]["changes_requested"]["role"],
        "owner"
    );
    assert_eq!(
        call(
            &mut o,
            "POST",
            &format!("/organization/projects/{p}/users/{uid}"),
            Some(json!({"role": "admin"}))
        )
        .0,
        400
    );

    let (s, gone) = call(
        &mut o,
        "DELETE",
        &format!("/organization/projects/{p}/users/{uid}"),
        None,
    );
    assert_eq!(
        (s, gone["object"].as_str()),
        (200, Some("organization.project.user.deleted"))
    );
    assert_eq!(
        last_event(&mut o, "user.deleted")["project"]["id"],
        o.project_ids()[0].as_str()
    );
    let (_, after) = call(
        &mut o,
        "GET",
        &format!("/organization/projects/{p}/api_keys?limit=100&owner_project_access=any"),
        None,
    );
    let theirs: Vec<&Value> = after["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["owner"]["user"]["id"] == uid.as_str())
        .collect();
    assert!(
        !theirs.is_empty()
            && theirs
                .iter()
                .all(|k| k["owner_project_access"] == "inactive")
    );

    // Back in, as a member: their keys are active again.
    let (s, added) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{p}/users"),
        Some(json!({"user_id": uid, "role": "member"})),
    );
    assert_eq!((s, added["role"].as_str()), (200, Some("member")));
    assert_eq!(
        call(
            &mut o,
            "POST",
            &format!("/organization/projects/{p}/users"),
            Some(json!({"user_id": uid, "role": "member"}))
        )
        .0,
        400
    );
    assert_eq!(
        call(
            &mut o,
            "POST",
            &format!("/organization/projects/{p}/users"),
            Some(json!({"user_id": "user_nobody", "role": "member"}))
        )
        .0,
        400
    );
    let (_, back) = call(
        &mut o,
        "GET",
        &format!("/organization/projects/{p}/api_keys?limit=100&owner_project_access=inactive"),
        None,
    );
    assert!(
        back["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["owner"]["user"]["id"] != uid.as_str())
    );
}

#[test]
fn a_service_accounts_role_changes() {
    let mut o = org();
    let p = o.project_ids()[0].clone();
    let (_, created) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{p}/service_accounts"),
        Some(json!({"name": "bot"})),
    );
    let sa = created["id"].as_str().unwrap();
    let (s, changed) = call(
        &mut o,
        "POST",
        &format!("/organization/projects/{p}/service_accounts/{sa}"),
        Some(json!({"role": "owner"})),
    );
    assert_eq!((s, changed["role"].as_str()), (200, Some("owner")));
    assert_eq!(
        last_event(&mut o, "service_account.updated")["service_account.updated"]["changes_requested"]
            ["role"],
        "owner"
    );
    let (_, key) = call(
        &mut o,
        "GET",
        &format!(
            "/organization/projects/{p}/api_keys/{}",
            created["api_key"]["id"].as_str().unwrap()
        ),
        None,
    );
    assert_eq!(key["owner"]["service_account"]["role"], "owner");
    assert_eq!(
        call(
            &mut o,
            "POST",
            &format!("/organization/projects/{p}/service_accounts/{sa}"),
            Some(json!({"role": "boss"}))
        )
        .0,
        400
    );
}

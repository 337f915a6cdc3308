//! Usage, costs and the audit log's filters, as the spec states them.

use fake_org::{GenSpec, Org, Request};
use serde_json::Value;
use std::collections::HashMap;

const KEY: &str = "sk-admin-test-0123456789";
const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn org() -> Org {
    Org::generate(
        KEY,
        &GenSpec {
            seed: 11,
            projects: 5,
            keys_per_project: Some(30),
            now: NOW,
        },
    )
}

fn get_as(
    org: &mut Org,
    key: &str,
    path: &str,
    query: &str,
) -> (u16, Value, Vec<(String, String)>) {
    let r = org.handle(&Request {
        method: "GET".into(),
        path: path.into(),
        query: query.into(),
        authorization: Some(format!("Bearer {key}")),
        body: None,
    });
    (
        r.status,
        serde_json::from_str(&r.body).expect("always JSON"),
        r.headers,
    )
}

fn get(org: &mut Org, path: &str, query: &str) -> (u16, Value) {
    let (s, v, _) = get_as(org, KEY, path, query);
    (s, v)
}

/// Every key: (project, created_at, last_used_at).
fn keys(org: &mut Org) -> HashMap<String, (String, i64, Option<i64>)> {
    let mut out = HashMap::new();
    for p in org.project_ids() {
        let (_, page) = get(
            org,
            &format!("/organization/projects/{p}/api_keys"),
            "limit=100&owner_project_access=any",
        );
        for k in page["data"].as_array().unwrap() {
            out.insert(
                k["id"].as_str().unwrap().to_owned(),
                (
                    p.clone(),
                    k["created_at"].as_i64().unwrap(),
                    k["last_used_at"].as_i64(),
                ),
            );
        }
    }
    out
}

/// Requests per key per bucket start over the last 31 days, from one endpoint.
fn per_key(org: &mut Org, endpoint: &str, field: &str) -> HashMap<(String, i64), i64> {
    let (s, page) = get(
        org,
        &format!("/organization/usage/{endpoint}"),
        &format!(
            "start_time={}&end_time={NOW}&group_by[]=api_key_id&limit=31",
            NOW - 31 * DAY
        ),
    );
    assert_eq!(s, 200, "{page}");
    let mut out = HashMap::new();
    for b in page["data"].as_array().unwrap() {
        for r in b["results"].as_array().unwrap() {
            let id = r["api_key_id"].as_str().unwrap().to_owned();
            *out.entry((id, b["start_time"].as_i64().unwrap()))
                .or_default() += r[field].as_i64().unwrap();
        }
    }
    out
}

#[test]
fn usage_follows_each_keys_life() {
    let mut o = org();
    let keys = keys(&mut o);
    let usage = per_key(&mut o, "completions", "num_model_requests");
    assert!(!usage.is_empty());
    for ((id, start), n) in &usage {
        let (_, created, used) = keys[id];
        assert!(*n > 0);
        assert!(created < start + DAY, "{id}: traffic before it was created");
        assert!(
            used.is_some_and(|u| u >= *start),
            "{id}: traffic after its last use"
        );
    }
    // Every key used in the window has traffic on the day of its last use.
    let window = NOW - 31 * DAY;
    let mut checked = 0;
    for (id, (_, _, used)) in &keys {
        if let Some(u) = used.filter(|u| *u >= window && *u < NOW) {
            let start = window + (u - window) / DAY * DAY;
            assert!(
                usage.get(&(id.clone(), start)).is_some_and(|n| *n > 0),
                "{id}"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked}");
    // The other endpoints that group by key keep to the same lives.
    for (endpoint, field) in [
        ("embeddings", "input_tokens"),
        ("images", "images"),
        ("audio_speeches", "characters"),
        ("audio_transcriptions", "seconds"),
        ("moderations", "input_tokens"),
        ("file_search_calls", "num_requests"),
        ("web_search_calls", "num_requests"),
    ] {
        for ((id, start), _) in per_key(&mut o, endpoint, field) {
            let (_, created, used) = keys[&id];
            assert!(
                created < start + DAY && used.is_some_and(|u| u >= start),
                "{endpoint} {id}"
            );
        }
    }
}

#[test]
fn usage_groups_add_up() {
    let mut o = org();
    let q = format!("start_time={}&limit=7", NOW - 7 * DAY);
    let total = |v: &Value, field: &str| -> i64 {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["results"].as_array().unwrap().iter())
            .map(|r| r[field].as_i64().unwrap())
            .sum()
    };
    let (_, plain) = get(&mut o, "/organization/usage/completions", &q);
    for group in [
        "project_id",
        "api_key_id",
        "model",
        "user_id",
        "batch",
        "service_tier",
        "api_source",
    ] {
        let (s, grouped) = get(
            &mut o,
            "/organization/usage/completions",
            &format!("{q}&group_by[]={group}"),
        );
        assert_eq!(s, 200, "{group}");
        assert_eq!(
            total(&grouped, "input_tokens"),
            total(&plain, "input_tokens"),
            "{group}"
        );
    }
    // Grouped by project, each result names it; the other grouping fields are null.
    let (_, by_project) = get(
        &mut o,
        "/organization/usage/completions",
        &format!("{q}&group_by=project_id"),
    );
    let r = &by_project["data"][6]["results"][0];
    assert!(
        r["project_id"].is_string() && r["api_key_id"].is_null() && r["model"].is_null(),
        "{r}"
    );
    // Filters narrow.
    let project = o.project_ids()[1].clone();
    let (_, one) = get(
        &mut o,
        "/organization/usage/completions",
        &format!("{q}&project_ids[]={project}&group_by[]=project_id"),
    );
    assert!(
        one["data"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["results"].as_array().unwrap().iter())
            .all(|r| r["project_id"] == project.as_str())
    );
    // What an endpoint does not group by is refused, as is a bad width.
    let (s, e) = get(
        &mut o,
        "/organization/usage/embeddings",
        &format!("{q}&group_by[]=batch"),
    );
    assert_eq!((s, e["error"]["param"].as_str()), (400, Some("group_by")));
    let (s, _) = get(
        &mut o,
        "/organization/usage/completions",
        &format!("{q}&bucket_width=2d"),
    );
    assert_eq!(s, 400);
    let (s, _) = get(&mut o, "/organization/usage/nonsense", &q);
    assert_eq!(s, 404);
    // Project-only endpoints answer per project.
    let (s, vs) = get(
        &mut o,
        "/organization/usage/vector_stores",
        &format!("{q}&group_by[]=project_id"),
    );
    assert_eq!(s, 200);
    assert_eq!(
        vs["data"][0]["results"][0]["object"],
        "organization.usage.vector_stores.result"
    );
}

#[test]
fn usage_pages_by_bucket() {
    let mut o = org();
    let start = NOW - 30 * DAY;
    let (_, first) = get(
        &mut o,
        "/organization/usage/completions",
        &format!("start_time={start}&limit=20"),
    );
    assert_eq!(first["data"].as_array().unwrap().len(), 20);
    assert_eq!(first["has_more"], true);
    let next = first["next_page"].as_str().unwrap().to_owned();
    let (_, second) = get(
        &mut o,
        "/organization/usage/completions",
        &format!("start_time={start}&limit=20&page={next}"),
    );
    assert_eq!(second["data"].as_array().unwrap().len(), 10);
    assert_eq!(second["has_more"], false);
    assert!(second["next_page"].is_null());
    assert_eq!(second["data"][0]["start_time"], start + 20 * DAY);
}

#[test]
fn usage_needs_the_usage_scope() {
    let mut o = org();
    o.read_only_key = Some("sk-admin-readonly-000000000".into());
    let (s, e, _) = get_as(
        &mut o,
        "sk-admin-readonly-000000000",
        "/organization/usage/completions",
        &format!("start_time={}", NOW - DAY),
    );
    assert_eq!(s, 401);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("api.usage.read")
    );
    let (s, _, _) = get_as(
        &mut o,
        "sk-admin-readonly-000000000",
        "/organization/costs",
        &format!("start_time={}", NOW - DAY),
    );
    assert_eq!(s, 401);
    let (s, _, _) = get_as(
        &mut o,
        "sk-admin-readonly-000000000",
        "/organization/audit_logs",
        "",
    );
    assert_eq!(s, 200);
}

#[test]
fn costs_by_project_and_line_item_add_up() {
    let mut o = org();
    let q = format!("start_time={}&limit=30", NOW - 30 * DAY);
    let cents = |v: &Value| -> i64 {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["results"].as_array().unwrap().iter())
            .map(|r| (r["amount"]["value"].as_f64().unwrap() * 100.0).round() as i64)
            .sum()
    };
    let (s, plain) = get(&mut o, "/organization/costs", &q);
    assert_eq!(s, 200);
    assert_eq!(plain["data"].as_array().unwrap().len(), 30);
    let (_, grouped) = get(
        &mut o,
        "/organization/costs",
        &format!("{q}&group_by[]=project_id&group_by[]=line_item"),
    );
    let total = cents(&plain);
    assert!(total > 0);
    // Rounding each result to cents may move the sum a little, never more than a cent each.
    let results = grouped["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["results"].as_array().unwrap().len() as i64)
        .sum::<i64>();
    assert!(
        (cents(&grouped) - total).abs() <= results,
        "{} vs {total}",
        cents(&grouped)
    );
    let r = &grouped["data"][29]["results"][0];
    assert_eq!(r["object"], "organization.costs.result");
    assert_eq!(r["amount"]["currency"], "usd");
    assert!(
        r["project_id"].is_string() && r["line_item"].is_string() && r["quantity_unit"].is_string(),
        "{r}"
    );
    let (s, _) = get(
        &mut o,
        "/organization/costs",
        &format!("{q}&bucket_width=1h"),
    );
    assert_eq!(s, 400);
    let (s, _) = get(
        &mut o,
        "/organization/costs",
        &format!("start_time={}&limit=181", NOW - DAY),
    );
    assert_eq!(s, 400);
}

#[test]
fn moving_last_used_leaves_traffic_alone() {
    let mut o = org();
    let keys = keys(&mut o);
    let (id, (project, _, _)) = keys
        .iter()
        .find(|(_, (_, _, u))| u.is_some_and(|u| u > NOW - DAY))
        .unwrap();
    let before = per_key(&mut o, "completions", "num_model_requests");
    assert!(o.set_last_used(project, id, Some(NOW - 200 * DAY)));
    assert_eq!(per_key(&mut o, "completions", "num_model_requests"), before);
    let (_, k) = get(
        &mut o,
        &format!("/organization/projects/{project}/api_keys/{id}"),
        "",
    );
    assert_eq!(k["last_used_at"], NOW - 200 * DAY);
}

fn events(v: &Value) -> Vec<Value> {
    v["data"].as_array().unwrap().clone()
}

#[test]
fn audit_events_carry_the_project_they_were_scoped_to() {
    let mut o = org();
    let (_, log) = get(
        &mut o,
        "/organization/audit_logs",
        "limit=100&event_types[]=api_key.created",
    );
    let keys = keys(&mut o);
    let created = events(&log);
    assert!(!created.is_empty());
    for e in &created {
        let id = e["api_key.created"]["id"].as_str().unwrap();
        assert_eq!(
            e["project"]["id"].as_str(),
            Some(keys[id].0.as_str()),
            "{e}"
        );
    }
    assert!(
        created
            .iter()
            .any(|e| e["project"]["id"] != o.project_ids()[0].as_str())
    );
    // Sign-ins belong to no project.
    let (_, logins) = get(
        &mut o,
        "/organization/audit_logs",
        "event_types[]=login.succeeded",
    );
    assert!(events(&logins).iter().all(|e| e.get("project").is_none()));
    // An action taken with an admin key belongs to the default project.
    let project = o.project_ids()[3].clone();
    let key = o.key_ids(&project)[0].clone();
    let r = o.handle(&Request {
        method: "DELETE".into(),
        path: format!("/organization/projects/{project}/api_keys/{key}"),
        authorization: Some(format!("Bearer {KEY}")),
        ..Default::default()
    });
    assert_eq!(r.status, 200);
    let (_, deleted) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("resource_ids[]={key}&event_types[]=api_key.deleted"),
    );
    assert_eq!(
        deleted["data"][0]["project"]["id"].as_str(),
        Some(o.project_ids()[0].as_str())
    );
}

#[test]
fn audit_filters_by_actor_project_time_and_cursor() {
    let mut o = org();
    let (_, all) = get(&mut o, "/organization/audit_logs", "limit=100");
    let first = &events(&all)[0];
    let user = first["actor"]["session"]["user"].clone();
    let (uid, email) = (
        user["id"].as_str().unwrap(),
        user["email"].as_str().unwrap(),
    );
    let (_, by_id) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("limit=100&actor_ids[]={uid}"),
    );
    assert!(!events(&by_id).is_empty());
    assert!(
        events(&by_id)
            .iter()
            .all(|e| e["actor"]["session"]["user"]["id"] == uid)
    );
    let (_, by_email) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("limit=100&actor_emails[]={}", email.to_uppercase()),
    );
    assert_eq!(events(&by_email), events(&by_id));
    // Project and actor together.
    let project = o.project_ids()[2].clone();
    let (_, both) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("limit=100&project_ids[]={project}&actor_emails[]=owner@example.com"),
    );
    assert!(!events(&both).is_empty());
    assert!(
        events(&both)
            .iter()
            .all(|e| e["project"]["id"] == project.as_str()
                && e["actor"]["session"]["user"]["email"] == "owner@example.com")
    );
    // A time range.
    let (lo, hi) = (NOW - 60 * DAY, NOW - 20 * DAY);
    let (_, range) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("limit=100&effective_at[gte]={lo}&effective_at[lt]={hi}"),
    );
    assert!(
        events(&range)
            .iter()
            .all(|e| (lo..hi).contains(&e["effective_at"].as_i64().unwrap()))
    );
    // `before` gives the page just newer than the cursor, newest first; `after` the older one.
    let (_, page) = get(&mut o, "/organization/audit_logs", "limit=10");
    let (_, older) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("limit=10&after={}", page["last_id"].as_str().unwrap()),
    );
    let (_, back) = get(
        &mut o,
        "/organization/audit_logs",
        &format!("limit=10&before={}", older["first_id"].as_str().unwrap()),
    );
    assert_eq!(events(&back), events(&page));
    assert_eq!(back["has_more"], false);
    // Nothing here is tenant-scoped.
    let (s, tenant) = get(&mut o, "/organization/audit_logs", "tenant_only=true");
    assert_eq!((s, events(&tenant).len()), (200, 0));
    let (s, _) = get(&mut o, "/organization/audit_logs", "tenant_only=maybe");
    assert_eq!(s, 400);
}

#[test]
fn audit_logging_off_is_refused() {
    let mut o = org();
    o.options.audit_logging_disabled = true;
    let (s, e) = get(&mut o, "/organization/audit_logs", "");
    assert_eq!(s, 403);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Audit logging is not enabled")
    );
}

#[test]
fn every_answer_has_its_own_request_id() {
    let mut o = org();
    let ids: Vec<String> = (0..3)
        .map(|_| {
            let (_, _, headers) = get_as(&mut o, KEY, "/organization/projects/nope", "");
            headers
                .into_iter()
                .find(|(k, _)| k == "x-request-id")
                .unwrap()
                .1
        })
        .collect();
    assert!(
        ids.iter()
            .all(|id| id.starts_with("req_") && id.len() == 36)
    );
    assert!(ids[0] != ids[1] && ids[1] != ids[2]);
}

//! The generated organizations (the demo's among them) show only what the API can produce:
//! read through the API, as the app reads them.

use fake_org::{GenSpec, Org, Request};
use serde_json::Value;

const KEY: &str = "sk-admin-test-0123456789";
const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn get(org: &mut Org, path: &str, query: &str) -> Value {
    let r = org.handle(&Request {
        method: "GET".into(),
        path: path.into(),
        query: query.into(),
        authorization: Some(format!("Bearer {KEY}")),
        body: None,
    });
    assert_eq!(r.status, 200, "{path}?{query}: {}", r.body);
    serde_json::from_str(&r.body).expect("JSON")
}

/// Every page of a list.
fn all(org: &mut Org, path: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut q = match &after {
            Some(a) => format!("limit=100&after={a}"),
            None => "limit=100".into(),
        };
        if path == "/organization/projects" {
            q.push_str("&include_archived=true");
        } else {
            // Every key, also those whose owner left (the default lists only the others).
            q.push_str("&owner_project_access=any");
        }
        let page = get(org, path, &q);
        let data = page["data"].as_array().expect("data").clone();
        after = data
            .last()
            .and_then(|d| d["id"].as_str())
            .map(str::to_owned);
        out.extend(data);
        if page["has_more"] != Value::Bool(true) {
            return out;
        }
    }
}

/// The demo's size (12 to 40 projects) and a few other seeds.
fn orgs() -> impl Iterator<Item = Org> {
    [(1, 12), (7, 24), (42, 40), (2026, 30)]
        .into_iter()
        .map(|(seed, projects)| {
            Org::generate(
                KEY,
                &GenSpec {
                    seed,
                    projects,
                    keys_per_project: None,
                    now: NOW,
                },
            )
        })
}

#[test]
fn keys_expire_after_they_were_created_and_are_not_used_after_expiring() {
    for mut org in orgs() {
        let mut keys = 0;
        for p in all(&mut org, "/organization/projects") {
            let pid = p["id"].as_str().unwrap().to_owned();
            for k in all(&mut org, &format!("/organization/projects/{pid}/api_keys")) {
                keys += 1;
                let created = k["created_at"].as_i64().unwrap();
                let used = k["last_used_at"].as_i64();
                let expires = k["expires_at"].as_i64();
                assert!(created <= NOW, "{k}");
                if let Some(x) = expires {
                    assert!(x > created, "expires before it was created: {k}");
                }
                if let Some(u) = used {
                    assert!(created <= u && u <= NOW, "used outside its life: {k}");
                    if let Some(x) = expires.filter(|x| *x <= NOW) {
                        assert!(u <= x, "used after it expired: {k}");
                    }
                }
            }
        }
        assert!(keys > 50, "a realistic organization");
    }
}

#[test]
fn usage_never_shows_traffic_outside_a_keys_life() {
    for mut org in orgs() {
        let mut life = std::collections::HashMap::new();
        for p in all(&mut org, "/organization/projects") {
            let pid = p["id"].as_str().unwrap().to_owned();
            for k in all(&mut org, &format!("/organization/projects/{pid}/api_keys")) {
                let id = k["id"].as_str().unwrap().to_owned();
                life.insert(
                    id,
                    (k["created_at"].as_i64().unwrap(), k["expires_at"].as_i64()),
                );
            }
        }
        let start = NOW - 30 * DAY;
        let q = format!("start_time={start}&bucket_width=1d&group_by[]=api_key_id&limit=31");
        let page = get(&mut org, "/organization/usage/completions", &q);
        let mut seen = 0;
        for bucket in page["data"].as_array().unwrap() {
            let (s, e) = (
                bucket["start_time"].as_i64().unwrap(),
                bucket["end_time"].as_i64().unwrap(),
            );
            for r in bucket["results"].as_array().unwrap() {
                let Some(id) = r["api_key_id"].as_str() else {
                    continue;
                };
                let (created, expires) = life[id];
                seen += 1;
                assert!(created < e, "traffic before {id} was created");
                if let Some(x) = expires {
                    assert!(
                        s < x,
                        "traffic for {id} in a day that starts after it expired"
                    );
                }
            }
        }
        assert!(seen > 0, "some traffic in the window");
    }
}

#[test]
fn keys_have_varied_permissions_recorded_where_the_app_reads_them() {
    let mut org = orgs().next().unwrap();
    let events = get(
        &mut org,
        "/organization/audit_logs",
        "event_types[]=api_key.created&limit=100",
    );
    let mut kinds = std::collections::HashSet::new();
    for e in events["data"].as_array().unwrap() {
        let scopes = &e["api_key.created"]["data"]["scopes"];
        kinds.insert(scopes.to_string());
    }
    assert!(kinds.contains("[]"), "some keys with all permissions");
    assert!(kinds.len() >= 2, "and some restricted ones: {kinds:?}");
}

#[test]
fn every_guard_rail_finding_shows_in_a_generated_organization() {
    for mut org in orgs() {
        let projects: Vec<String> = all(&mut org, "/organization/projects")
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect();
        let org_limit = get(&mut org, "/organization/spend_limit", "")["threshold_amount"]
            .as_i64()
            .unwrap();
        let (mut none, mut stopped, mut above_org, mut alert_above) = (0, 0, 0, 0);
        let (mut allow, mut deny, mut tools_off, mut zero) = (0, 0, 0, 0);
        for p in &projects {
            let base = format!("/organization/projects/{p}");
            let r = org.handle(&Request {
                method: "GET".into(),
                path: format!("{base}/spend_limit"),
                query: String::new(),
                authorization: Some(format!("Bearer {KEY}")),
                body: None,
            });
            let limit: Option<Value> =
                (r.status == 200).then(|| serde_json::from_str(&r.body).unwrap());
            match &limit {
                None => none += 1,
                Some(l) => {
                    let cents = l["threshold_amount"].as_i64().unwrap();
                    stopped += usize::from(l["enforcement"]["status"] == "enforcing");
                    above_org += usize::from(cents > org_limit);
                    let alerts = get(&mut org, &format!("{base}/spend_alerts"), "limit=100");
                    let alerts = alerts["data"].as_array().unwrap();
                    alert_above += usize::from(
                        alerts
                            .iter()
                            .any(|a| a["threshold_amount"].as_i64().unwrap() >= cents),
                    );
                }
            }
            let r = get(&mut org, &format!("{base}/hosted_tool_permissions"), "");
            tools_off += usize::from(
                r.as_object()
                    .unwrap()
                    .values()
                    .any(|t| t["enabled"] == false),
            );
            zero += usize::from(
                get(&mut org, &format!("{base}/data_retention"), "")["type"]
                    == "zero_data_retention",
            );
            let r = org.handle(&Request {
                method: "GET".into(),
                path: format!("{base}/model_permissions"),
                query: String::new(),
                authorization: Some(format!("Bearer {KEY}")),
                body: None,
            });
            if r.status == 200 {
                let m: Value = serde_json::from_str(&r.body).unwrap();
                allow += usize::from(m["mode"] == "allow_list");
                deny += usize::from(m["mode"] == "deny_list");
            }
        }
        let seen = [
            none,
            stopped,
            above_org,
            alert_above,
            allow,
            deny,
            tools_off,
            zero,
        ];
        assert!(
            seen.iter().all(|n| *n > 0),
            "no limit, stopped, above the organization's, alert above, allow, deny, tools off, zero retention: {seen:?}"
        );
    }
}

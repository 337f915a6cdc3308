//! The client against the in-memory organization: every endpoint, pagination, truthful revokes.

mod common;
use admin_api::types::*;
use admin_api::*;
use common::*;
use fake_org::{GenSpec, Org};

fn client(projects: usize, keys: Option<usize>) -> Client<Mem> {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 11,
            projects,
            keys_per_project: keys,
            now: NOW,
        },
    );
    let mem = Mem::new(org);
    let base = mem.base.clone();
    Client::new(mem, &base, AdminKey::new_unchecked(KEY))
}

#[test]
fn lists_every_project_and_key_across_pages() {
    let c = client(150, Some(3));
    let projects = block_on(c.all_projects(true)).unwrap();
    assert_eq!(projects.len(), 151);
    let live = block_on(c.all_projects(false)).unwrap();
    assert!(live.len() < projects.len());
    assert!(live.iter().all(|p| !p.is_archived()));
    let p = &projects[5].id;
    let any = KeyListQuery {
        owner_project_access: Some("any".into()),
        limit: Some(2),
    };
    let mut counts = Vec::new();
    let keys = block_on(c.all_api_keys(p, &any, |n| counts.push(n))).unwrap();
    assert_eq!(keys.len(), 3);
    assert_eq!(counts, vec![2, 3]);
}

#[test]
fn every_endpoint_round_trips() {
    let c = client(4, Some(12));
    let projects = block_on(c.all_projects(false)).unwrap();
    let p = &projects[1].id;
    assert_eq!(block_on(c.retrieve_project(p)).unwrap().id, *p);
    let keys = block_on(c.all_api_keys(
        p,
        &KeyListQuery {
            owner_project_access: Some("any".into()),
            limit: None,
        },
        |_| {},
    ))
    .unwrap();
    let k = keys.iter().find(|k| k.expires_at.is_none()).unwrap();
    assert_eq!(block_on(c.retrieve_api_key(p, &k.id)).unwrap(), *k);
    let updated = block_on(c.update_api_key(
        p,
        &k.id,
        &UpdateApiKey {
            scopes: Some(vec!["api.all.read".into()]),
            expires_in_seconds: Some(3600),
        },
    ))
    .unwrap();
    assert_eq!(updated.expires_at, Some(NOW + 3600));
    assert_eq!(
        c.transport().org.borrow().key_scopes(p, &k.id).unwrap(),
        vec!["api.all.read"]
    );

    let created = block_on(c.create_service_account(
        p,
        &CreateServiceAccount {
            name: "rotation-bot".into(),
            ..Default::default()
        },
    ))
    .unwrap();
    let secret = created.api_key.expect("a first key");
    assert!(secret.value.expose().starts_with("sk-svcacct-"));
    assert!(!format!("{secret:?}").contains(secret.value.expose()));
    let sa = block_on(c.retrieve_service_account(p, &created.id)).unwrap();
    assert_eq!(sa.name, "rotation-bot");
    let second = block_on(c.create_service_account_key(
        p,
        &sa.id,
        &CreateServiceAccountKey {
            name: Some("rotated".into()),
            scopes: None,
            expires_in_seconds: Some(86_400),
        },
    ))
    .unwrap();
    assert_eq!(second.expires_at, Some(NOW + 86_400));
    assert!(
        block_on(c.all_service_accounts(p))
            .unwrap()
            .iter()
            .any(|s| s.id == sa.id)
    );
    assert!(!block_on(c.all_project_users(p)).unwrap().is_empty());

    assert_eq!(
        block_on(c.revoke_api_key(p, &second.id)),
        RevokeOutcome::Revoked
    );
    assert!(
        block_on(c.delete_service_account(p, &sa.id))
            .unwrap()
            .deleted
    );

    // What this admin key did (the organization's own history has deletions too).
    let log = block_on(c.list_audit_logs(&AuditQuery {
        event_types: vec!["api_key.deleted".into(), "api_key.updated".into()],
        actor_ids: vec!["key_admin_keyward".into()],
        ..Default::default()
    }))
    .unwrap();
    let kinds: Vec<_> = log.data.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, vec!["api_key.deleted", "api_key.updated"]);
    assert_eq!(log.data[0].target_id(), Some(second.id.as_str()));

    let usage = block_on(c.usage(
        admin_api::UsageEndpoint::Completions,
        &UsageQuery {
            start_time: NOW - 7 * 86_400,
            group_by: vec!["api_key_id".into()],
            limit: Some(7),
            ..Default::default()
        },
    ))
    .unwrap();
    assert_eq!(usage.data.len(), 7);
}

#[test]
fn ids_outside_the_alphabet_are_refused_and_nothing_is_sent() {
    let c = client(1, Some(1));
    let p = block_on(c.all_projects(false)).unwrap()[0].id.clone();
    let before = c.transport().sent.borrow().len();
    for bad in [
        ".",
        "..",
        "%2E%2E",
        ".%2E",
        "a/b",
        "",
        "proj/../../x",
        "k?y#z",
    ] {
        let refused = |r: Result<(), ApiError>| {
            let e = r.unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidId, "{bad:?}: {e:?}");
        };
        // The link of issue 18: a project `..` turns "project user" calls into organization ones.
        refused(block_on(c.set_project_user_role(bad, "user_1", "owner")).map(drop));
        refused(block_on(c.remove_project_user(bad, "user_1")).map(drop));
        refused(block_on(c.list_project_users(bad, None)).map(drop));
        refused(block_on(c.set_project_user_role(&p, bad, "owner")).map(drop));
        refused(block_on(c.add_project_user(&p, bad, "member")).map(drop));
        refused(block_on(c.retrieve_api_key(&p, bad)).map(drop));
        refused(block_on(c.delete_api_key(bad, "key_1")).map(drop));
        refused(block_on(c.retrieve_project(bad)).map(drop));
        refused(block_on(c.rename_project(bad, "x")).map(drop));
        refused(block_on(c.archive_project(bad)).map(drop));
        refused(block_on(c.update_rate_limit(&p, bad, &Default::default())).map(drop));
        refused(block_on(c.delete_service_account(&p, bad)).map(drop));
        refused(block_on(c.retrieve_admin_key(bad)).map(drop));
        let revoked = block_on(c.revoke_api_key(&p, bad));
        assert!(matches!(&revoked, RevokeOutcome::NotRevoked(e) if e.kind == ErrorKind::InvalidId));
        let revoked = block_on(c.revoke_admin_key(bad));
        assert!(matches!(&revoked, RevokeOutcome::NotRevoked(e) if e.kind == ErrorKind::InvalidId));
    }
    assert_eq!(
        c.transport().sent.borrow().len(),
        before,
        "a refused ID sent a request"
    );
}

#[test]
fn an_answer_naming_a_walking_id_is_refused_once_not_retried() {
    /// Answers every request with one project whose ID is `..`.
    struct Walker(std::cell::Cell<usize>);
    impl Transport for Walker {
        async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.0.set(self.0.get() + 1);
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: r#"{"object":"list","data":[{"id":"..","object":"organization.project","name":"x",
                    "created_at":1,"status":"active"}],"first_id":"..","last_id":"..","has_more":false}"#
                    .into(),
            })
        }
        async fn sleep(&self, _: std::time::Duration) {}
    }
    let c = Client::new(
        Walker(Default::default()),
        "https://api.test/v1",
        AdminKey::new_unchecked(KEY),
    );
    let err = block_on(c.list_projects(false, 10, None)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidId, "{err:?}");
    assert!(err.message.contains("“..”"), "{}", err.message);
    assert_eq!(
        c.transport().0.get(),
        1,
        "an answer that can never be used was asked again"
    );
}

#[test]
fn the_organization_resolves_dot_segments_as_a_browser_does() {
    // What a path-walking request reaches when it is sent (the client refuses to): the
    // organization's users, not a project's. Every test layer sees the same walk.
    let c = client(1, Some(1));
    let mem = c.transport();
    let resp = mem.org.borrow_mut().serve(
        &HttpRequest {
            method: Method::Get,
            url: format!("{}/organization/projects/%2E%2E/users?limit=5", mem.base),
            bearer: AdminKey::new_unchecked(KEY),
            body: None,
            attempt: 0,
        },
        &mem.base,
    );
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert!(resp.body.contains("\"organization.user\""), "{}", resp.body);
}

#[test]
fn a_revoke_sends_exactly_one_delete_and_reports_404_as_already_gone() {
    let c = client(2, Some(5));
    let p = block_on(c.all_projects(false)).unwrap()[1].id.clone();
    let k = c.transport().org.borrow().key_ids(&p)[0].clone();
    assert_eq!(block_on(c.revoke_api_key(&p, &k)), RevokeOutcome::Revoked);
    assert_eq!(
        block_on(c.revoke_api_key(&p, &k)),
        RevokeOutcome::AlreadyGone
    );
    let deletes = c
        .transport()
        .sent
        .borrow()
        .iter()
        .filter(|(m, _)| *m == Method::Delete)
        .count();
    assert_eq!(deletes, 2, "one DELETE per revoke, never retried");
    assert_eq!(c.transport().org.borrow().key_ids(&p).len(), 4);
}

#[test]
fn wrong_key_is_invalid_key_and_never_leaks() {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 1,
            projects: 1,
            keys_per_project: Some(1),
            now: NOW,
        },
    );
    let mem = Mem::new(org);
    let base = mem.base.clone();
    let c = Client::new(
        mem,
        &base,
        AdminKey::new_unchecked("sk-admin-WRONGWRONGWRONG"),
    );
    let e = block_on(c.all_projects(false)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
    assert!(!format!("{e} {e:?}").contains("WRONGWRONG"));
}

/// Every example response the spec gives for the endpoints Keyward uses parses into our types.
#[test]
fn parses_every_spec_example() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../conformance/openapi.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the vendored spec, conformance/openapi.yaml");
    // Only `paths` holds the examples (and `components` has an integer serde_yaml can't read).
    let start = text.find("\npaths:").expect("paths");
    let end = start + text[start..].find("\ncomponents:").expect("components");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text[start..end]).unwrap();
    // operationId → every example response (an example may be one object or a list of them).
    let mut examples: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (_, item) in spec["paths"].as_mapping().unwrap() {
        for (_, op) in item.as_mapping().unwrap() {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            let ex = &op["x-oaiMeta"]["examples"];
            let list = ex
                .as_sequence()
                .cloned()
                .unwrap_or_else(|| vec![ex.clone()]);
            let found: Vec<String> = list
                .iter()
                .filter_map(|e| e["response"].as_str().map(str::to_owned))
                .collect();
            examples.insert(id.to_owned(), found);
        }
    }
    let checked = std::cell::Cell::new(0);
    let check = |id: &str, parse: &dyn Fn(&str) -> Result<(), serde_json::Error>| {
        let list = examples
            .get(id)
            .unwrap_or_else(|| panic!("the spec has no operation {id}"));
        for text in list {
            parse(text).unwrap_or_else(|e| panic!("{id}: {e}\n{text}"));
            checked.set(checked.get() + 1);
        }
    };
    fn p<T: serde::de::DeserializeOwned>(t: &str) -> Result<(), serde_json::Error> {
        serde_json::from_str::<T>(&without_trailing_commas(t)).map(|_| ())
    }
    // Some hand-written examples in the spec have trailing commas (`{"a": 1,}`), which no JSON
    // API sends; drop them so the example's shape is what gets tested.
    fn without_trailing_commas(t: &str) -> String {
        let mut out = String::with_capacity(t.len());
        let chars: Vec<char> = t.chars().collect();
        let mut in_string = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == '"' && (i == 0 || chars[i - 1] != '\\') {
                in_string = !in_string;
            }
            if c == ','
                && !in_string
                && chars[i + 1..]
                    .iter()
                    .find(|c| !c.is_whitespace())
                    .is_some_and(|n| *n == '}' || *n == ']')
            {
                continue;
            }
            out.push(c);
        }
        out
    }
    check("list-projects", &p::<Page<Project>>);
    // Guard rails (issue 21): hard spend limits, organization and project.
    for id in [
        "Getorganizationspendlimit",
        "Updateorganizationspendlimit",
        "Getprojectspendlimit",
        "Updateprojectspendlimit",
    ] {
        check(id, &p::<SpendLimit>);
    }
    for id in ["Deleteorganizationspendlimit", "Deleteprojectspendlimit"] {
        check(id, &p::<SpendLimitDeleted>);
    }
    for scope in ["project", "organization"] {
        check(
            &format!("list-{scope}-spend-alerts"),
            &p::<Page<SpendAlert>>,
        );
        for verb in ["create", "retrieve", "update"] {
            check(&format!("{verb}-{scope}-spend-alert"), &p::<SpendAlert>);
        }
        check(
            &format!("delete-{scope}-spend-alert"),
            &p::<SpendAlertDeleted>,
        );
        check(
            &format!("retrieve-{scope}-data-retention"),
            &p::<DataRetention>,
        );
        check(
            &format!("update-{scope}-data-retention"),
            &p::<DataRetention>,
        );
    }
    for id in [
        "retrieve-project-model-permissions",
        "update-project-model-permissions",
    ] {
        check(id, &p::<ModelPermissions>);
    }
    check(
        "delete-project-model-permissions",
        &p::<ModelPermissionsDeleted>,
    );
    for id in [
        "retrieve-project-hosted-tool-permissions",
        "update-project-hosted-tool-permissions",
    ] {
        check(id, &p::<HostedToolPermissions>);
    }
    for id in [
        "retrieve-project",
        "create-project",
        "modify-project",
        "archive-project",
    ] {
        check(id, &p::<Project>);
    }
    check("list-project-api-keys", &p::<Page<ProjectApiKey>>);
    check("retrieve-project-api-key", &p::<ProjectApiKey>);
    check("delete-project-api-key", &p::<Deleted>);
    check("list-project-service-accounts", &p::<Page<ServiceAccount>>);
    check(
        "create-project-service-account",
        &p::<ServiceAccountCreated>,
    );
    check("retrieve-project-service-account", &p::<ServiceAccount>);
    check("update-project-service-account", &p::<ServiceAccount>);
    check("delete-project-service-account", &p::<Deleted>);
    check("CreateanAPIkeyforaserviceaccount", &p::<NewKeySecret>);
    check("list-project-users", &p::<Page<ProjectUser>>);
    for id in [
        "retrieve-project-user",
        "create-project-user",
        "modify-project-user",
    ] {
        check(id, &p::<ProjectUser>);
    }
    check("delete-project-user", &p::<Deleted>);
    check("list-audit-logs", &p::<Page<AuditLog>>);
    check("usage-completions", &p::<UsagePage>);
    assert!(checked.get() >= 18, "only {} examples found", checked.get());
}

#[test]
fn bucket_pages_end_on_a_repeated_token_a_page_limit_or_stop() {
    let c = client(1, Some(1));
    let page = |next: Option<&str>| UsagePage {
        object: "page".into(),
        data: Vec::new(),
        has_more: next.is_some(),
        next_page: next.map(str::to_owned),
    };
    // A token that comes back again would loop for ever.
    let repeated = block_on(c.buckets(async |_| Ok(page(Some("p2"))), 8, &|| false)).unwrap_err();
    assert_eq!(repeated.kind, ErrorKind::Pagination, "{repeated:?}");
    // Fresh tokens for ever: cut at the limit.
    let mut n = 0;
    let endless = block_on(c.buckets(
        async |_| {
            n += 1;
            Ok(page(Some(&format!("p{n}"))))
        },
        3,
        &|| false,
    ))
    .unwrap_err();
    assert_eq!((endless.kind, n), (ErrorKind::Pagination, 3));
    // The tokens are passed back in order, and the last page ends it.
    let mut seen = Vec::new();
    let pages = block_on(c.buckets(
        async |token| {
            seen.push(token.map(str::to_owned));
            Ok(page(if token.is_none() { Some("p2") } else { None }))
        },
        8,
        &|| false,
    ))
    .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(seen, vec![None, Some("p2".to_owned())]);
    let stopped = block_on(c.buckets(async |_| Ok(page(None)), 8, &|| true)).unwrap_err();
    assert_eq!(stopped.kind, ErrorKind::Stopped);
}

#[test]
fn a_listing_hands_each_page_over_before_asking_for_the_next_and_never_a_broken_one() {
    let c = client(150, Some(1));
    let events = std::cell::RefCell::new(Vec::new());
    let listing = block_on(c.listing_each(
        async |after| {
            events.borrow_mut().push(format!("ask {}", after.is_some()));
            c.list_projects(true, 100, after).await
        },
        None,
        |page| events.borrow_mut().push(format!("got {}", page.len())),
    ));
    assert!(listing.is_complete());
    assert_eq!(listing.items.len(), 151);
    assert_eq!(
        events.into_inner(),
        ["ask false", "got 100", "ask true", "got 51"],
        "the first page is handed over before the second is asked for"
    );
    // A second page whose cursor repeats the first's may repeat its items: it is not handed over.
    let page = |id: &str| Page {
        object: "list".into(),
        data: vec![id.to_owned()],
        first_id: Some("a".into()),
        last_id: Some("a".into()),
        has_more: Some(true),
        next: None,
    };
    let mut handed = Vec::new();
    let broken = block_on(c.listing_each(
        async |_| Ok(page("x")),
        None,
        |items: &[String]| handed.extend_from_slice(items),
    ));
    assert_eq!(broken.error.map(|e| e.kind), Some(ErrorKind::Pagination));
    assert_eq!(
        (handed, broken.items),
        (vec!["x".to_owned()], vec!["x".to_owned()])
    );
}

#[test]
fn a_folded_usage_page_sums_what_the_whole_page_holds_and_a_retried_page_counts_once() {
    let c = client(6, Some(20));
    let query = UsageQuery {
        start_time: NOW - 7 * 86_400,
        group_by: vec!["api_key_id".into()],
        limit: Some(7),
        ..Default::default()
    };
    let whole = block_on(c.usage(UsageEndpoint::Completions, &query)).unwrap();
    let requests = |rs: &mut Vec<(i64, Option<String>, i64)>, start, r: UsageResult| {
        rs.push((start, r.api_key_id.clone(), r.requests()))
    };
    let (folded, cursor) =
        block_on(c.usage_folded(UsageEndpoint::Completions, &query, Vec::new, requests)).unwrap();
    let expected: Vec<_> = (whole.data.iter())
        .flat_map(|b| {
            b.results
                .iter()
                .map(|r| (b.start_time, r.api_key_id.clone(), r.requests()))
        })
        .collect();
    assert!(
        expected.len() > 10,
        "too little usage to compare: {}",
        expected.len()
    );
    assert_eq!((folded, cursor), (expected, whole.cursor()));

    /// Answers a usage page cut off in the middle once, then whole.
    struct CutOnce(std::cell::Cell<usize>);
    impl Transport for CutOnce {
        async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.0.set(self.0.get() + 1);
            let whole = r#"{"object":"page","data":[{"object":"bucket","start_time":0,"end_time":86400,
                "results":[{"api_key_id":"key_a","num_model_requests":2},
                {"api_key_id":"key_b","num_model_requests":3}]}],"has_more":false,"next_page":null}"#;
            // Cut after the first result, which the first attempt has counted by then.
            let body = if self.0.get() == 1 {
                &whole[..whole.find("key_b").unwrap()]
            } else {
                whole
            };
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: body.into(),
            })
        }
        async fn sleep(&self, _: std::time::Duration) {}
    }
    let c = Client::new(
        CutOnce(Default::default()),
        "https://api.test/v1",
        AdminKey::new_unchecked(KEY),
    );
    let sum = |n: &mut i64, _, r: UsageResult| *n += r.requests();
    let (total, _) = block_on(c.costs_folded(&query, || 0, sum)).unwrap();
    assert_eq!(
        c.transport().0.get(),
        2,
        "the cut-off page is asked for again"
    );
    assert_eq!(total, 5, "the first attempt's results are not counted");
}

//! Keyless sign-in (workload identity providers and federation rules) through the client
//! against the in-memory organization: each call, each refusal, each audit event.

mod common;
use admin_api::types::*;
use admin_api::*;
use common::*;
use fake_org::{GenSpec, Org};
use serde_json::{Map, Value, json};

fn client() -> Client<Mem> {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 11,
            projects: 3,
            keys_per_project: Some(3),
            now: NOW,
        },
    );
    let mem = Mem::new(org);
    let base = mem.base.clone();
    Client::new(mem, &base, AdminKey::new_unchecked(KEY))
}

fn github() -> CreateProvider {
    CreateProvider {
        name: "GitHub Actions".into(),
        kind: "oidc".into(),
        issuer: "https://token.actions.githubusercontent.com".into(),
        audience: "https://github.com/acme".into(),
        description: None,
        enabled: None,
        verification: None,
        attribute_transformations: None,
    }
}

fn matchers(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn status(e: ApiError) -> u16 {
    e.status.unwrap_or(0)
}

/// A project and one of its service accounts.
fn service_account(c: &Client<Mem>) -> (String, String) {
    for p in block_on(c.all_projects(false)).unwrap() {
        if let Some(sa) = block_on(c.all_service_accounts(&p.id)).unwrap().first() {
            return (p.id.clone(), sa.id.clone());
        }
    }
    panic!("no service account in the generated organization");
}

#[test]
fn providers_are_created_checked_changed_and_deleted_with_their_rules() {
    let c = client();
    let p = block_on(c.create_provider(&github())).unwrap();
    assert_eq!(p.object, "organization.workload_identity_provider");
    assert!(p.enabled);
    assert_eq!(block_on(c.provider(&p.id)).unwrap(), p);
    assert!(
        block_on(c.all_providers())
            .unwrap()
            .iter()
            .any(|x| x.id == p.id)
    );
    // An issuer that is not https, or has a query; an empty audience; JWKS without keys.
    for bad in [
        CreateProvider {
            issuer: "http://issuer.example".into(),
            ..github()
        },
        CreateProvider {
            issuer: "https://issuer.example/?a=1".into(),
            ..github()
        },
        CreateProvider {
            audience: " ".into(),
            ..github()
        },
        CreateProvider {
            verification: Some(Verification::UploadedJwks {
                jwks: matchers(json!({"k": 1})),
            }),
            ..github()
        },
    ] {
        assert_eq!(status(block_on(c.create_provider(&bad)).unwrap_err()), 400);
    }
    let changed = block_on(c.update_provider(
        &p.id,
        &UpdateProvider {
            enabled: Some(false),
            ..UpdateProvider::default()
        },
    ))
    .unwrap();
    assert!(!changed.enabled);
    let (project, sa) = service_account(&c);
    let body = CreateRule {
        project_id: project.clone(),
        service_account_id: sa.clone(),
        attribute_matchers: matchers(json!({"repository": "acme/api", "ref": "refs/heads/main"})),
        name: Some("deploy".into()),
        description: None,
        enabled: None,
        permissions: Some(RulePermissions::Restricted {
            scopes: vec!["api.model.request".into()],
        }),
    };
    let r = block_on(c.create_rule(&p.id, &body)).unwrap();
    assert_eq!(r.service_account_id, sa);
    assert_eq!(block_on(c.delete_provider(&p.id)).unwrap().id, p.id);
    assert_eq!(status(block_on(c.rule(&p.id, &r.id)).unwrap_err()), 404);
    let events: Vec<String> = block_on(c.list_audit_logs(&AuditQuery::default()))
        .unwrap()
        .data
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for kind in [
        "workload_identity_provider.created",
        "workload_identity_provider.updated",
        "workload_identity_provider_mapping.created",
        "workload_identity_provider.deleted",
    ] {
        assert!(events.iter().any(|e| e == kind), "{kind}");
    }
}

#[test]
fn rules_need_matchers_of_plain_values_and_a_real_service_account() {
    let c = client();
    let p = block_on(c.create_provider(&github())).unwrap();
    let (project, sa) = service_account(&c);
    let rule = |m: Value, sa: &str| CreateRule {
        project_id: project.clone(),
        service_account_id: sa.into(),
        attribute_matchers: matchers(m),
        name: None,
        description: None,
        enabled: None,
        permissions: None,
    };
    for bad in [json!({}), json!({"repository": ["a"]}), json!({"": "x"})] {
        assert_eq!(
            status(block_on(c.create_rule(&p.id, &rule(bad, &sa))).unwrap_err()),
            400
        );
    }
    let missing = block_on(c.create_rule(&p.id, &rule(json!({"repository": "a/b"}), "svc_nope")));
    assert_eq!(status(missing.unwrap_err()), 404);
    let r = block_on(c.create_rule(&p.id, &rule(json!({"repository": "a/b", "pr": false}), &sa)))
        .unwrap();
    assert_eq!(r.permissions, Some(RulePermissions::ServiceAccountDefault));
    // The service-account filter, and paging by the last item's ID.
    for i in 0..3 {
        let m = json!({"repository": format!("a/{i}")});
        block_on(c.create_rule(&p.id, &rule(m, &sa))).unwrap();
    }
    assert_eq!(block_on(c.all_rules(&p.id, Some(&sa))).unwrap().len(), 4);
    assert!(
        block_on(c.all_rules(&p.id, Some("svc_other")))
            .unwrap()
            .is_empty()
    );
    // A page without `last_id` or `next` goes on from its last item (the SDK's cursor page).
    let page = block_on(c.list_rules(&p.id, None, None)).unwrap();
    assert_eq!(page.cursor(), page.data.last().map(|r| r.id.as_str()));
    let off = block_on(c.update_rule(
        &p.id,
        &r.id,
        &UpdateRule {
            enabled: Some(false),
            ..UpdateRule::default()
        },
    ));
    assert!(!off.unwrap().enabled);
    assert_eq!(block_on(c.delete_rule(&p.id, &r.id)).unwrap().id, r.id);
    assert_eq!(block_on(c.all_rules(&p.id, None)).unwrap().len(), 3);
}

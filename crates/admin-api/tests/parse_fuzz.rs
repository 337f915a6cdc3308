//! Arbitrary bytes and arbitrary JSON into every response parser: errors, never panics.

mod common;
use admin_api::types::*;
use admin_api::*;
use common::block_on;
use proptest::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// A transport that answers every request with one canned response.
struct Canned(u16, String);

impl Transport for Canned {
    async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: self.0,
            headers: vec![("retry-after".into(), "x".into())],
            body: self.1.clone(),
        })
    }
    async fn sleep(&self, _: Duration) {}
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![Just("list".to_owned()), Just("id".to_owned()), ".*"].prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("object"),
            Just("data"),
            Just("id"),
            Just("has_more"),
            Just("last_id"),
            Just("first_id"),
            Just("error"),
            Just("message"),
            Just("owner"),
            Just("user"),
            Just("created_at"),
            Just("name"),
            Just("type"),
            Just("deleted"),
            Just("expires_at"),
            Just("last_used_at"),
            Just("api_key"),
            Just("value"),
            Just("results"),
            Just("start_time"),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.prop_map(str::to_owned), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn exercise(status: u16, body: String) {
    let c = Client::new(
        Canned(status, body),
        "https://x/v1",
        AdminKey::new_unchecked("sk-admin-fuzz-000000"),
    )
    .with_retry(RetryPolicy {
        max_retries: 1,
        ..RetryPolicy::default()
    });
    let _ = block_on(c.all_projects(true));
    let _ = block_on(c.all_api_keys("p", &KeyListQuery::default(), |_| {}));
    let _ = block_on(c.retrieve_api_key("p", "k"));
    let _ = block_on(c.update_api_key(
        "p",
        "k",
        &UpdateApiKey {
            scopes: Some(vec![]),
            expires_in_seconds: None,
        },
    ));
    let _ = block_on(c.revoke_api_key("p", "k"));
    let _ = block_on(c.create_service_account("p", &CreateServiceAccount::default()));
    let _ = block_on(c.create_service_account_key("p", "s", &CreateServiceAccountKey::default()));
    let _ = block_on(c.all_project_users("p"));
    let _ = block_on(c.all_service_accounts("p"));
    let _ = block_on(c.list_audit_logs(&AuditQuery::default()));
    let _ = block_on(c.usage(
        admin_api::UsageEndpoint::Completions,
        &UsageQuery::default(),
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        status in prop_oneof![Just(200u16), Just(400), Just(401), Just(404), Just(429), Just(500), 100u16..600],
    ) {
        exercise(status, String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn arbitrary_json_never_panics(
        value in json_value(),
        status in prop_oneof![Just(200u16), Just(401), Just(404), Just(503)],
    ) {
        exercise(status, value.to_string());
    }

    #[test]
    fn error_text_never_contains_a_key(prefix in "[a-zA-Z ]{0,20}", secret in "[A-Za-z0-9]{8,40}") {
        let message = format!("{prefix} sk-admin-{secret} {prefix}");
        let body = serde_json::json!({"error": {"message": message, "type": "x", "code": null, "param": null}})
            .to_string();
        let e = ApiError::from_response(&HttpResponse { status: 401, headers: vec![], body });
        let shown = format!("{} {:?}", e, e);
        prop_assert!(!shown.contains(&secret));
    }
}

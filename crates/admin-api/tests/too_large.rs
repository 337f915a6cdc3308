//! An answer too large to read (a wrong or hostile base URL) is said as such, and not asked for
//! again: a retry would only read as much once more.

use admin_api::*;
use pollster::block_on;
use std::cell::Cell;

#[test]
fn an_answer_too_large_to_read_is_said_and_not_asked_for_again() {
    /// Every answer runs past 64 MB.
    struct Huge(Cell<u32>);
    impl Transport for Huge {
        async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.0.set(self.0.get() + 1);
            Err(TransportError::TooLarge(64 << 20))
        }
        async fn sleep(&self, _: std::time::Duration) {}
    }
    let c = Client::new(
        Huge(Cell::new(0)),
        "https://api.test/v1",
        AdminKey::new_unchecked("sk-admin-test-too-large"),
    );
    let e = block_on(c.list_projects(false, 100, None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.message.contains("ran past 64 MB"), "{}", e.message);
    assert_eq!(c.transport().0.get(), 1, "asked once");
}

#[test]
fn a_usage_bucket_too_large_to_hold_is_refused_and_not_asked_for_again() {
    /// A usage page whose one bucket runs past 64 MB (a long model name).
    struct HugeBucket(Cell<u32>);
    impl Transport for HugeBucket {
        async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.0.set(self.0.get() + 1);
            let result = format!(
                r#"{{"object":"organization.usage.completions.result","input_tokens":1,
                "output_tokens":1,"num_model_requests":1,"model":"{}"}}"#,
                "m".repeat(65 << 20)
            );
            let body = format!(
                r#"{{"object":"page","data":[{{"object":"bucket","start_time":0,"end_time":86400,
                "results":[{result}]}}],"has_more":false,"next_page":null}}"#
            );
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body,
            })
        }
        async fn sleep(&self, _: std::time::Duration) {}
    }
    let c = Client::new(
        HugeBucket(Cell::new(0)),
        "https://api.test/v1",
        AdminKey::new_unchecked("sk-admin-test-too-large"),
    );
    let filter = UsageQuery::default();
    let read = c.usage_folded(
        UsageEndpoint::Completions,
        &filter,
        || 0u32,
        |n, _, _| *n += 1,
    );
    let e = block_on(read).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.message.contains("ran past 64 MB"), "{}", e.message);
    assert_eq!(c.transport().0.get(), 1, "asked once");
}

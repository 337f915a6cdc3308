//! A usage page handed to the client in pieces, as fetch streams it: summed as the whole page
//! is, and an answer that can't be read says why.

mod common;
use admin_api::types::*;
use admin_api::*;
use common::*;
use fake_org::{GenSpec, Org};

#[test]
fn a_usage_page_handed_over_in_small_pieces_sums_as_the_whole_page_and_bad_ones_say_why() {
    /// Hands each 2xx body over `n` bytes at a time, as fetch does when it streams; or answers
    /// 200 with `body` instead, when set.
    struct Pieces {
        mem: Mem,
        n: usize,
        body: Option<&'static str>,
    }
    impl Transport for Pieces {
        async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
            match self.body {
                Some(body) => Ok(HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: body.into(),
                }),
                None => self.mem.send(r).await,
            }
        }
        async fn send_into(
            &self,
            r: HttpRequest,
            sink: Sink<'_>,
        ) -> Result<HttpResponse, TransportError> {
            let mut resp = self.send(r).await?;
            resp.body.as_bytes().chunks(self.n).for_each(&mut *sink);
            resp.body = String::new();
            Ok(resp)
        }
        async fn sleep(&self, _: std::time::Duration) {}
    }
    let query = UsageQuery {
        start_time: NOW - 7 * 86_400,
        group_by: vec!["api_key_id".into()],
        limit: Some(7),
        ..Default::default()
    };
    let requests = |rs: &mut Vec<(i64, Option<String>, i64)>, start, r: UsageResult| {
        rs.push((start, r.api_key_id.clone(), r.requests()))
    };
    let org = || {
        let spec = GenSpec {
            seed: 11,
            projects: 6,
            keys_per_project: Some(20),
            now: NOW,
        };
        Org::generate(KEY, &spec)
    };
    let plain = Client::new(
        Mem::new(org()),
        "https://api.test/v1",
        AdminKey::new_unchecked(KEY),
    );
    let whole =
        block_on(plain.usage_folded(UsageEndpoint::Completions, &query, Vec::new, requests))
            .unwrap();
    assert!(whole.0.len() > 10, "too little usage: {}", whole.0.len());
    for n in [1, 7, 4096] {
        let pieces = Client::new(
            Pieces {
                mem: Mem::new(org()),
                n,
                body: None,
            },
            "https://api.test/v1",
            AdminKey::new_unchecked(KEY),
        );
        let got =
            block_on(pieces.usage_folded(UsageEndpoint::Completions, &query, Vec::new, requests));
        assert_eq!(got.unwrap(), whole, "{n} bytes at a time");
    }
    for (body, says) in [
        (
            "<html><body>Sign in</body></html>",
            "an HTML page instead of JSON",
        ),
        ("  ", "empty body"),
        (
            r#"{"object":"page","data":[{"start_time":1,"end_time":2,"results":[{"#,
            "cut off",
        ),
    ] {
        let bad = Client::new(
            Pieces {
                mem: Mem::new(org()),
                n: 3,
                body: Some(body),
            },
            "https://api.test/v1",
            AdminKey::new_unchecked(KEY),
        );
        let e = block_on(bad.usage_folded(UsageEndpoint::Completions, &query, Vec::new, requests))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Malformed, "{body}");
        assert!(e.message.contains(says), "{body}: {}", e.message);
    }
}

//! Which faults the emulator injects, and how often.

use fake_org::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// 429 with `retry-after` and `retry-after-ms`.
    RateLimited,
    /// 429 without any retry header.
    RateLimitedBare,
    Internal500,
    /// 502 with an HTML body, as a gateway sends.
    BadGatewayHtml,
    Unavailable503,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 with JSON cut in half.
    Truncated,
    /// The connection closes before the request is handled.
    DropBefore,
    /// The request is handled (a DELETE happens), then the connection closes with no response.
    DropAfter,
}

impl Fault {
    pub const ALL: [Fault; 9] = [
        Fault::RateLimited,
        Fault::RateLimitedBare,
        Fault::Internal500,
        Fault::BadGatewayHtml,
        Fault::Unavailable503,
        Fault::Malformed,
        Fault::Truncated,
        Fault::DropBefore,
        Fault::DropAfter,
    ];
}

/// The fault settings, changeable at run time through `POST /__control`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultConfig {
    /// Added to every response.
    pub latency_ms: u64,
    /// Fraction (0..1) of API requests that get a fault.
    pub fault_rate: f64,
    /// Which faults to draw from; empty means all.
    pub faults: Vec<Fault>,
    /// Requests per second before 429s (0 = unlimited).
    pub rps: u32,
    /// Spec behaviour: refuse DELETE of a service-account key.
    pub refuse_service_account_key_delete: bool,
    /// The organization has not turned audit logging on (the audit log answers 403).
    pub audit_logging_disabled: bool,
    /// Let the browser read retry-after (the real API may not expose it).
    pub expose_retry_after: bool,
    /// Chosen requests answered as a proxy or gateway would, whatever the fault rate.
    pub scripted: Vec<Scripted>,
}

/// One scripted answer: the next `times` requests with this method whose path contains
/// `path_contains` (and whose query contains `query_contains`, when given) get `status`, with an
/// HTML body (as a proxy sends), OpenAI's error JSON, or `json` as it is (a misbehaving page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scripted {
    pub method: String,
    pub path_contains: String,
    #[serde(default)]
    pub query_contains: Option<String>,
    pub status: u16,
    /// The body to send instead of an error (JSON text).
    #[serde(default)]
    pub json: Option<String>,
    #[serde(default)]
    pub html: bool,
    /// The organization handles the request first (a DELETE happens), then this answer is sent.
    #[serde(default)]
    pub after_handling: bool,
    #[serde(default = "one")]
    pub times: u32,
    /// A `retry-after` header to send with it (any text, as a misbehaving server might).
    #[serde(default)]
    pub retry_after: Option<String>,
    /// Spaces before the body, this many (an answer larger than any the API sends).
    #[serde(default)]
    pub pad: usize,
}

fn one() -> u32 {
    1
}

impl Scripted {
    /// The response body this answer sends.
    pub fn body(&self) -> String {
        " ".repeat(self.pad) + &self.unpadded()
    }

    fn unpadded(&self) -> String {
        if let Some(json) = &self.json {
            json.clone()
        } else if self.html {
            format!(
                "<html><head><title>{0}</title></head><body><h1>{0}</h1><hr><center>nginx</center></body></html>",
                self.status
            )
        } else {
            error_json(
                &format!("Scripted answer (HTTP {}).", self.status),
                "invalid_request_error",
                None,
            )
        }
    }
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            fault_rate: 0.0,
            faults: Vec::new(),
            rps: 0,
            refuse_service_account_key_delete: false,
            audit_logging_disabled: false,
            expose_retry_after: true,
            scripted: Vec::new(),
        }
    }
}

impl FaultConfig {
    /// Takes the scripted answer for this request, if one matches (and counts it down).
    pub fn take_scripted(&mut self, method: &str, path: &str, query: &str) -> Option<Scripted> {
        let i = self.scripted.iter().position(|s| {
            s.method.eq_ignore_ascii_case(method)
                && path.contains(&s.path_contains)
                && s.query_contains
                    .as_ref()
                    .is_none_or(|q| query.contains(q.as_str()))
        })?;
        let hit = self.scripted[i].clone();
        self.scripted[i].times = self.scripted[i].times.saturating_sub(1);
        if self.scripted[i].times == 0 {
            self.scripted.remove(i);
        }
        Some(hit)
    }

    /// Draws the fault for one request, if any.
    pub fn draw(&self, rng: &mut Rng) -> Option<Fault> {
        if self.fault_rate <= 0.0 || !rng.chance(self.fault_rate) {
            return None;
        }
        let pool: &[Fault] = if self.faults.is_empty() {
            &Fault::ALL
        } else {
            &self.faults
        };
        Some(*rng.pick(pool))
    }
}

/// OpenAI's error body: `{"error": {message, type, param: null, code}}`.
pub fn error_json(message: &str, kind: &str, code: Option<&str>) -> String {
    serde_json::to_string(&admin_api::types::ErrorBody::new(message, kind, None, code))
        .unwrap_or_default()
}

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
    /// Let the browser read retry-after (the real API may not expose it).
    pub expose_retry_after: bool,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            fault_rate: 0.0,
            faults: Vec::new(),
            rps: 0,
            refuse_service_account_key_delete: false,
            expose_retry_after: true,
        }
    }
}

impl FaultConfig {
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

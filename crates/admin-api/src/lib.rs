//! Typed client for the OpenAI Administration API.
//!
//! No browser and no runtime here: requests go through [`Transport`], so the same client runs
//! natively in `cargo test` and in the page (with a fetch transport or the in-page demo org).

mod engine;
mod key;
pub mod resources;
mod revoke;
pub mod types;

pub use engine::client::{Client, Listing};
pub use engine::error::{ApiError, ErrorKind, redact_secrets};
pub use engine::pager::Pager;
pub use engine::retry::RetryPolicy;
pub use engine::transport::{
    HELD_AT_MOST, HttpRequest, HttpResponse, Method, Sink, Transport, TransportError,
};
pub use engine::{id, pager, path, ratelimit, retry};
pub use key::{AdminKey, KeyShapeError, Secret};
pub use resources::audit_logs::AuditQuery;
pub use resources::project_api_keys::KeyListQuery;
pub use resources::usage::{UsageEndpoint, UsageQuery};
pub use revoke::{RevokeOutcome, outcome_of_delete};

/// Where the real API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

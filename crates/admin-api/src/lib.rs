//! Typed client for the OpenAI Administration API.
//!
//! No browser and no runtime here: requests go through [`Transport`], so the same client runs
//! natively in `cargo test` and in the page (with a fetch transport or the in-page demo org).

mod client;
mod error;
pub mod id;
mod key;
mod org;
pub mod pager;
pub mod path;
pub mod ratelimit;
pub mod retry;
mod revoke;
mod transport;
pub mod types;

pub use client::{AuditQuery, Client, KeyListQuery, Listing, UsageEndpoint, UsageQuery};
pub use error::{ApiError, ErrorKind, redact_secrets};
pub use key::{AdminKey, KeyShapeError, Secret};
pub use pager::Pager;
pub use retry::RetryPolicy;
pub use revoke::{RevokeOutcome, outcome_of_delete};
pub use transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// Where the real API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

//! Everything the UI decides, as plain functions: covered by native `cargo test`.

pub mod export;
pub mod idle;
pub mod keys;
pub mod route;
pub mod scopes;
pub mod time;

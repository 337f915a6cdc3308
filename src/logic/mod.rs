//! Everything the UI decides, as plain functions: covered by native `cargo test`.

pub mod admin_keys;
pub mod audit;
pub mod base_url;
pub mod errors;
pub mod export;
pub mod findings;
pub mod fold;
pub mod guard_rails;
pub mod hash_query;
pub mod idle;
pub mod inventory;
pub mod key_table;
pub mod keys;
pub mod membership;
pub mod money;
pub mod nav;
pub mod people;
pub mod permissions;
pub mod rate_limits;
pub mod rotation;
pub mod route;
pub mod scopes;
pub mod table;
pub mod tally;
pub mod time;
pub mod usage;

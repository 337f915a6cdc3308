//! What touches the browser: fetch, the demo organization, storage, downloads, the clock.

pub mod body;
pub mod browser;
pub mod demo_worker;
pub mod frame;
pub mod in_worker;
pub mod job_worker;
pub mod lifetime;
pub mod panic;
pub mod prefs;
pub mod store;
pub mod transport;
pub mod usage_read;
pub mod worker_calls;

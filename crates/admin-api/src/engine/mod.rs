//! The request engine, the only code that knows HTTP: the client's transport, pacing, retries and
//! writes sent once, the one pager, errors, IDs and path building.

pub mod client;
pub mod decimal;
pub mod error;
pub mod id;
pub mod pager;
pub mod path;
pub mod ratelimit;
pub mod retry;
pub mod transport;
pub mod wire;

//! Bytes between the app's worker and the page: what the worker read from the API, checked and
//! summed there, so the page only copies bytes in rather than parse the API's JSON again on the
//! main thread ([`listing`]: one project's keys; [`usage`]: one usage read, summed per key).
//!
//! Hand-written, not a serde format: `Owner` skips absent fields when serialised (the API's own
//! shape), which compact formats such as postcard cannot read back, and both ends are the same
//! build, so the layout needs no versioning. Decoding never panics: bytes that do not fit give
//! `None`. Integers are little-endian; a string is its length (u32) and UTF-8; an optional value
//! a 0/1 byte, then the value.

pub mod codec;
pub mod listing;
pub mod usage;

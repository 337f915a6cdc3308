//! The session's work layer: everything that outlives a click (revokes, exports, rotations)
//! runs here, owned by the session and never by a view. A view starts a job and watches its
//! entry in [`crate::session::jobs::Work`]; navigating away leaves the job running, and Lock
//! ends it with every request in flight ([`crate::platform::lifetime::Lifetime`]).

pub mod admin;
pub mod export;
pub mod groups;
pub mod guard_apply;
pub mod guard_rails;
pub mod inventory;
pub mod keyless;
pub mod offboard;
pub mod permissions;
pub mod person;
pub mod review;
pub mod review_writes;
pub mod revoke;
pub mod rotation;
pub mod step_run;
pub mod usage;

//! The session's work layer: everything that outlives a click (revokes, exports, rotations)
//! runs here, owned by the session and never by a view. A view starts a job and watches its
//! entry in [`jobs::Work`]; navigating away leaves the job running, and Lock ends it with every
//! request in flight ([`lifetime::Lifetime`]).

pub mod admin;
pub mod cache;
pub mod export;
pub mod flag;
pub mod groups;
pub mod guard_apply;
pub mod guard_rails;
pub mod inventory;
pub mod jobs;
pub mod keyless;
pub mod lifetime;
pub mod offboard;
pub mod permissions;
pub mod person;
pub mod project_list;
pub mod review;
pub mod review_writes;
pub mod revoke;
pub mod rotation;
pub mod step_run;
pub mod usage;
pub mod usage_read;

//! Reusable pieces of UI.

pub mod bulk_revoke;
pub mod common;
pub mod jobs;
pub mod modal;
pub mod revoke;
pub mod rotate;
pub mod secret;
pub mod toasts;

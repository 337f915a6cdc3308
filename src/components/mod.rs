//! Reusable pieces of UI.

pub mod common;
pub mod modal;
pub mod revoke;
pub mod secret;
pub mod toasts;

//! Reusable pieces of UI.

pub mod admin_keys;
pub mod bulk_rails;
pub mod bulk_revoke;
pub mod common;
pub mod export;
pub mod filter_select;
pub mod finding_chips;
pub mod findings;
pub mod focus;
pub mod guard_rails;
pub mod invite_dialog;
pub mod jobs;
pub mod key_browser;
pub mod key_table;
pub mod modal;
pub mod nav;
pub mod new_project;
pub mod partial;
pub mod revoke;
pub mod role_select;
pub mod rotate;
pub mod scan_status;
pub mod secret;
pub mod spend_filters;
pub mod toasts;
pub mod usage;

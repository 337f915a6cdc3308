//! One module per view.

pub mod admin_keys;
pub mod audit;
pub mod certificates;
pub mod connect;
pub mod invites;
pub mod key;
pub mod keys;
pub mod people;
pub mod project;
pub mod projects;
pub mod spend;

//! One module per view.

pub mod admin_keys;
pub mod audit;
pub mod certificates;
pub mod connect;
pub mod groups;
pub mod invites;
pub mod key;
pub mod keyless;
pub mod keys;
pub mod people;
pub mod person;
pub mod project;
pub mod projects;
pub mod review;
pub mod roles;
pub mod spend;

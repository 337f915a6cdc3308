//! One module per view.

pub mod audit;
pub mod connect;
pub mod key;
pub mod keys;
pub mod project;
pub mod projects;

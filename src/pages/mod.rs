//! One module per view.

pub mod audit;
pub mod connect;
pub mod key;
pub mod project;
pub mod projects;

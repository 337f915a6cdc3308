//! People & access, pure: the findings over users, invites, groups, roles and certificates, and
//! the checks made before an invite or a certificate is sent. Natively tested.

pub mod findings;
pub mod invites;
pub mod offboard;
pub mod pem;
pub mod permission_names;
pub mod person;

#[cfg(test)]
mod tests;

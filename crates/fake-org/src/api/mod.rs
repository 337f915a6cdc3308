//! One module per API resource: its handlers over [`crate::org::Org`]'s state, with what only it
//! validates. The router (`crate::router`) only matches paths to these.

pub(crate) mod admin_api_keys;
pub(crate) mod audit_logs;
pub(crate) mod certificates;
pub(crate) mod costs;
pub(crate) mod data_retention;
pub(crate) mod groups;
pub(crate) mod guard_rails;
pub(crate) mod hosted_tools;
pub(crate) mod invites;
pub(crate) mod model_permissions;
pub(crate) mod project_api_keys;
pub(crate) mod project_groups;
pub(crate) mod project_users;
pub(crate) mod projects;
pub(crate) mod rate_limits;
pub(crate) mod role_assignments;
pub(crate) mod roles;
pub(crate) mod service_accounts;
pub(crate) mod service_tiers;
pub(crate) mod spend_alerts;
pub(crate) mod spend_limits;
pub(crate) mod usage;
pub(crate) mod users;
pub(crate) mod workload_identity;

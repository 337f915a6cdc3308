//! One module per API resource, each with its types and its calls (async-openai's layout). Only
//! `crate::engine` knows HTTP; a resource builds its paths from IDs and says what it sends.

pub mod admin_api_keys;
pub mod audit_logs;
pub mod certificates;
pub mod costs;
pub mod data_retention;
pub mod federation_rules;
pub mod groups;
pub mod hosted_tools;
pub mod invites;
pub mod model_permissions;
pub mod project_api_keys;
pub mod project_groups;
pub mod project_users;
pub mod projects;
pub mod rate_limits;
pub mod role_assignments;
pub mod roles;
pub mod service_accounts;
pub mod service_tiers;
pub mod spend_alerts;
pub mod spend_limits;
pub mod usage;
pub mod usage_fold;
pub mod usage_page;
pub mod usage_stream;
pub mod users;
pub mod workload_identity_providers;

//! Every resource's serde types in one place for callers (each lives with its resource in
//! `crate::resources`), and the SDK's scope presets.
//!
//! Reading is lenient: unknown fields are ignored, every null the spec or the SDK allows is an
//! `Option`, and fields the spec requires but that cost nothing to miss get defaults. Writing (the
//! emulator) produces what the spec requires, with `null` for nullable required fields.

pub use crate::engine::wire::*;
pub use crate::resources::admin_api_keys::*;
pub use crate::resources::audit_logs::*;
pub use crate::resources::certificates::*;
pub use crate::resources::data_retention::*;
pub use crate::resources::federation_rules::*;
pub use crate::resources::groups::*;
pub use crate::resources::hosted_tools::*;
pub use crate::resources::invites::*;
pub use crate::resources::model_permissions::{
    ModelPermissions, ModelPermissionsDeleted, UpdateModelPermissions,
};
pub use crate::resources::project_api_keys::*;
pub use crate::resources::project_groups::*;
pub use crate::resources::project_users::*;
pub use crate::resources::projects::*;
pub use crate::resources::rate_limits::*;
pub use crate::resources::role_assignments::*;
pub use crate::resources::roles::*;
pub use crate::resources::service_accounts::*;
pub use crate::resources::service_tiers::*;
pub use crate::resources::spend_alerts::*;
pub use crate::resources::spend_limits::*;
pub use crate::resources::usage::*;
pub use crate::resources::usage_page::*;
pub use crate::resources::users::*;
pub use crate::resources::workload_identity_providers::*;

/// Scope presets for `UpdateApiKey::scopes`, as the SDK documents them.
pub mod scopes {
    /// Read-only access to everything.
    pub const READ_ONLY: &str = "api.all.read";
    /// Scopes a restricted key can be given, grouped as on the dashboard.
    pub const KNOWN: &[(&str, &str)] = &[
        ("api.model.read", "Models: read"),
        (
            "api.model.request",
            "Model requests (chat, responses, embeddings…)",
        ),
        ("api.responses.write", "Responses: write"),
        ("api.assistants.read", "Assistants: read"),
        ("api.assistants.write", "Assistants: write"),
        ("api.threads.read", "Threads: read"),
        ("api.threads.write", "Threads: write"),
        ("api.files.read", "Files: read"),
        ("api.files.write", "Files: write"),
        ("api.fine_tuning.jobs.read", "Fine-tuning: read"),
        ("api.fine_tuning.jobs.write", "Fine-tuning: write"),
        ("api.batch.read", "Batch: read"),
        ("api.batch.write", "Batch: write"),
        ("api.vector_stores.read", "Vector stores: read"),
        ("api.vector_stores.write", "Vector stores: write"),
    ];
}

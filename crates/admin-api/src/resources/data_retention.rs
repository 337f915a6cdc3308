//! Data retention, for the organization and for each project. A project may follow the
//! organization (`organization_default`) or set its own.

use crate::engine::client::Client;
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// `organization.data_retention` or `project.data_retention`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRetention {
    #[serde(default)]
    pub object: String,
    /// One of [`RETENTION_TYPES`] (others are kept as sent).
    #[serde(rename = "type")]
    pub retention_type: String,
}

/// Body of `POST …/data_retention`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateDataRetention {
    pub retention_type: String,
}

/// The retention types as the SDK lists them, with what users call them. The first two are
/// for projects only.
pub const RETENTION_TYPES: &[(&str, &str)] = &[
    ("organization_default", "Organization default"),
    ("none", "Standard retention"),
    ("zero_data_retention", "Zero data retention"),
    ("modified_abuse_monitoring", "Modified abuse monitoring"),
    (
        "enhanced_zero_data_retention",
        "Enhanced zero data retention",
    ),
    (
        "enhanced_modified_abuse_monitoring",
        "Enhanced modified abuse monitoring",
    ),
];

/// The types an organization may set (a project may also follow it, or retain normally).
pub const ORG_RETENTION_TYPES: &[&str] = &[
    "zero_data_retention",
    "modified_abuse_monitoring",
    "enhanced_zero_data_retention",
    "enhanced_modified_abuse_monitoring",
];

/// What users call a retention type (its wire name when unknown).
pub fn retention_label(wire: &str) -> &str {
    RETENTION_TYPES
        .iter()
        .find(|(w, _)| *w == wire)
        .map_or(wire, |(_, label)| label)
}

/// True for the types that keep no request data.
pub fn is_zero_retention(wire: &str) -> bool {
    matches!(wire, "zero_data_retention" | "enhanced_zero_data_retention")
}

const ORG_PATH: &str = "/organization/data_retention";

fn project(project_id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/data_retention", project_path(project_id)?))
}

impl<T: Transport> Client<T> {
    pub async fn org_data_retention(&self) -> Result<DataRetention, ApiError> {
        self.get(ORG_PATH, &Vec::new()).await
    }

    pub async fn set_org_data_retention(
        &self,
        body: &UpdateDataRetention,
    ) -> Result<DataRetention, ApiError> {
        self.post(ORG_PATH, body).await
    }

    pub async fn project_data_retention(
        &self,
        project_id: &str,
    ) -> Result<DataRetention, ApiError> {
        self.get(&project(project_id)?, &Vec::new()).await
    }

    pub async fn set_project_data_retention(
        &self,
        project_id: &str,
        body: &UpdateDataRetention,
    ) -> Result<DataRetention, ApiError> {
        self.post(&project(project_id)?, body).await
    }
}

//! A project's service tiers (SDK 3.54 only, not in the spec): the default tier and which
//! optional tiers requests may ask for.

use crate::engine::client::Client;
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// The tiers a project's `default` may name.
pub const DEFAULT_TIERS: [&str; 3] = ["standard", "fast", "scale"];
/// The optional tiers `enabled_tiers` may list (`ProjectOptionalServiceTier`).
pub const OPTIONAL_TIERS: [&str; 3] = ["flex", "fast", "ultrafast"];

/// `project.service_tier_settings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTierSettings {
    #[serde(default)]
    pub object: String,
    /// `standard`, `fast` or `scale`: used when a request names no tier or `auto`.
    #[serde(default = "standard")]
    pub default: String,
    #[serde(default)]
    pub enabled_tiers: EnabledTiers,
}

fn standard() -> String {
    "standard".into()
}

/// `"all"` (every optional tier, future ones too) or a list (`[]`: Standard only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EnabledTiers {
    All(AllTiers),
    Only(Vec<String>),
}

/// The word `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AllTiers {
    All,
}

impl Default for EnabledTiers {
    fn default() -> Self {
        Self::All(AllTiers::All)
    }
}

impl EnabledTiers {
    /// Whether requests may ask for this optional tier.
    pub fn allows(&self, tier: &str) -> bool {
        match self {
            Self::All(_) => true,
            Self::Only(t) => t.iter().any(|t| t == tier),
        }
    }

    /// Short words for a table cell: `all`, `standard only`, `flex, fast`.
    pub fn describe(&self) -> String {
        match self {
            Self::All(_) => "all".into(),
            Self::Only(t) if t.is_empty() => "standard only".into(),
            Self::Only(t) => t.join(", "),
        }
    }
}

/// Body of `POST …/service_tier_settings`: at least one field; omitted ones stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateServiceTiers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_tiers: Option<EnabledTiers>,
}

fn path(project_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/service_tier_settings",
        project_path(project_id)?
    ))
}

impl<T: Transport> Client<T> {
    pub async fn service_tiers(&self, project_id: &str) -> Result<ServiceTierSettings, ApiError> {
        self.get(&path(project_id)?, &Vec::new()).await
    }

    pub async fn set_service_tiers(
        &self,
        project_id: &str,
        body: &UpdateServiceTiers,
    ) -> Result<ServiceTierSettings, ApiError> {
        self.post(&path(project_id)?, body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_or_a_list_and_writes_them_back() {
        let all: ServiceTierSettings = serde_json::from_str(
            r#"{"object":"project.service_tier_settings","default":"fast","enabled_tiers":"all"}"#,
        )
        .unwrap();
        assert_eq!(
            (all.default.as_str(), all.enabled_tiers.describe()),
            ("fast", "all".into())
        );
        let some: ServiceTierSettings =
            serde_json::from_str(r#"{"default":"standard","enabled_tiers":["flex","ultrafast"]}"#)
                .unwrap();
        assert_eq!(some.enabled_tiers.describe(), "flex, ultrafast");
        let none: ServiceTierSettings = serde_json::from_str(r#"{"enabled_tiers":[]}"#).unwrap();
        assert_eq!(none.enabled_tiers.describe(), "standard only");
        let body = UpdateServiceTiers {
            default: None,
            enabled_tiers: Some(EnabledTiers::default()),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"enabled_tiers":"all"}"#
        );
    }
}

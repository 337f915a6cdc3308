//! Federation rules of a workload identity provider (SDK 3.54): which tokens (by their claims)
//! sign in as which project's service account, with its default permissions or restricted
//! scopes. List (optionally for one service account), create, retrieve, update, delete.

use crate::engine::client::{Client, page_query, q};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use crate::resources::workload_identity_providers::{last_item_cursor, provider_path};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `organization.workload_identity_federation_rule`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FederationRule {
    #[serde(default)]
    pub object: String,
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub workload_identity_provider_id: String,
    #[serde(default)]
    pub project_id: String,
    #[serde(default)]
    pub service_account_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub enabled: bool,
    /// Claim name → the value it must have (a string, a bool or a number).
    #[serde(default)]
    pub attribute_matchers: Map<String, Value>,
    #[serde(default)]
    pub permissions: Option<RulePermissions>,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub updated_at: i64,
}

/// What a workload signed in by a rule may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RulePermissions {
    /// The service account's own permissions.
    ServiceAccountDefault,
    Restricted {
        scopes: Vec<String>,
    },
}

/// Body of a rule's creation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateRule {
    pub project_id: String,
    pub service_account_id: String,
    pub attribute_matchers: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<RulePermissions>,
}

/// Body of a rule's update: omitted fields stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_matchers: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<RulePermissions>,
}

fn rules_path(provider_id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/federation_rules", provider_path(provider_id)?))
}

fn rule_path(provider_id: &str, rule_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/{}",
        rules_path(provider_id)?,
        segment(rule_id)?
    ))
}

impl<T: Transport> Client<T> {
    /// One page of a provider's rules; `service_account`: only that account's.
    pub async fn list_rules(
        &self,
        provider_id: &str,
        service_account: Option<&str>,
        after: Option<&str>,
    ) -> Result<Page<FederationRule>, ApiError> {
        let mut query = page_query(after);
        if let Some(sa) = service_account {
            query.extend(q(&[("service_account_id", sa.to_owned())]));
        }
        let page: Page<FederationRule> = self.get(&rules_path(provider_id)?, &query).await?;
        Ok(last_item_cursor(page, |r| &r.id))
    }

    pub async fn all_rules(
        &self,
        provider_id: &str,
        service_account: Option<&str>,
    ) -> Result<Vec<FederationRule>, ApiError> {
        self.collect(
            async |after| self.list_rules(provider_id, service_account, after).await,
            |_| {},
        )
        .await
    }

    pub async fn create_rule(
        &self,
        provider_id: &str,
        body: &CreateRule,
    ) -> Result<FederationRule, ApiError> {
        self.post(&rules_path(provider_id)?, body).await
    }

    pub async fn rule(&self, provider_id: &str, rule_id: &str) -> Result<FederationRule, ApiError> {
        self.get(&rule_path(provider_id, rule_id)?, &Vec::new())
            .await
    }

    pub async fn update_rule(
        &self,
        provider_id: &str,
        rule_id: &str,
        body: &UpdateRule,
    ) -> Result<FederationRule, ApiError> {
        self.post(&rule_path(provider_id, rule_id)?, body).await
    }

    pub async fn delete_rule(&self, provider_id: &str, rule_id: &str) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &rule_path(provider_id, rule_id)?, None)
            .await
    }
}

//! Workload identity providers (SDK 3.54; not in the 2026-08 spec): OIDC issuers whose
//! short-lived tokens let a workload (CI, a cloud function, a pod) sign in as a service account
//! without a stored key. List, create, retrieve, update, delete.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use serde::{Deserialize, Serialize};

/// `organization.workload_identity_provider`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadIdentityProvider {
    #[serde(default)]
    pub object: String,
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `oidc`.
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub attribute_transformations: Vec<AttributeTransformation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub updated_at: i64,
}

/// A claim derived from the token (`{attribute, expression}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeTransformation {
    pub attribute: String,
    pub expression: String,
}

/// How the token's signature is checked: the issuer's discovery document, or keys uploaded here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Verification {
    Discovery {
        #[serde(default)]
        discovery_url: Option<String>,
    },
    UploadedJwks {
        jwks: serde_json::Map<String, serde_json::Value>,
    },
}

/// Body of a provider's creation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateProvider {
    pub name: String,
    /// `oidc`.
    #[serde(rename = "type")]
    pub kind: String,
    pub issuer: String,
    pub audience: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_transformations: Option<Vec<AttributeTransformation>>,
}

/// Body of a provider's update: omitted fields stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateProvider {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_transformations: Option<Vec<AttributeTransformation>>,
}

const PROVIDERS: &str = "/organization/workload_identity_providers";

/// A `SyncCursorPage` (`data`, `has_more`) goes on from its last item's ID: it becomes the cursor
/// when the answer names none.
pub(crate) fn last_item_cursor<T>(mut page: Page<T>, id: impl Fn(&T) -> &String) -> Page<T> {
    if page.cursor().is_none() {
        page.last_id = page.data.last().map(|t| id(t).clone());
    }
    page
}

pub(crate) fn provider_path(provider_id: &str) -> Result<String, ApiError> {
    Ok(format!("{PROVIDERS}/{}", segment(provider_id)?))
}

impl<T: Transport> Client<T> {
    pub async fn list_providers(
        &self,
        after: Option<&str>,
    ) -> Result<Page<WorkloadIdentityProvider>, ApiError> {
        let page: Page<WorkloadIdentityProvider> = self.get(PROVIDERS, &page_query(after)).await?;
        Ok(last_item_cursor(page, |p| &p.id))
    }

    pub async fn all_providers(&self) -> Result<Vec<WorkloadIdentityProvider>, ApiError> {
        self.collect(async |after| self.list_providers(after).await, |_| {})
            .await
    }

    pub async fn create_provider(
        &self,
        body: &CreateProvider,
    ) -> Result<WorkloadIdentityProvider, ApiError> {
        self.post(PROVIDERS, body).await
    }

    pub async fn provider(&self, provider_id: &str) -> Result<WorkloadIdentityProvider, ApiError> {
        self.get(&provider_path(provider_id)?, &Vec::new()).await
    }

    pub async fn update_provider(
        &self,
        provider_id: &str,
        body: &UpdateProvider,
    ) -> Result<WorkloadIdentityProvider, ApiError> {
        self.post(&provider_path(provider_id)?, body).await
    }

    pub async fn delete_provider(&self, provider_id: &str) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &provider_path(provider_id)?, None)
            .await
    }
}

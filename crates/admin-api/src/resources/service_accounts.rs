//! A project's service accounts and their keys: list, create (with a first key), retrieve,
//! change role, delete, add a key.

use crate::engine::client::{Client, push_after, q};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use crate::key::Secret;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

fn sa_path(project_id: &str, sa_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/service_accounts/{}",
        project_path(project_id)?,
        segment(sa_id)?
    ))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceAccount {
    #[serde(default = "service_account_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `owner`, `member` or `none`.
    #[serde(default)]
    pub role: String,
    pub created_at: i64,
}

fn service_account_object() -> String {
    "organization.project.service_account".into()
}

/// A newly created service-account key: the only time its `value` is ever seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewKeySecret {
    #[serde(default = "sa_key_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub created_at: i64,
    pub value: Secret,
    #[serde(default)]
    pub expires_at: Option<i64>,
}

fn sa_key_object() -> String {
    "organization.project.service_account.api_key".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceAccountCreated {
    #[serde(default = "service_account_object")]
    pub object: String,
    /// Checked as it is read: only the API's ID alphabet (see `crate::engine::id`).
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    pub created_at: i64,
    /// Null with `create_service_account_only`.
    #[serde(default)]
    pub api_key: Option<NewKeySecret>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CreateServiceAccount {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_service_account_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CreateServiceAccountKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<i64>,
}

impl<T: Transport> Client<T> {
    pub async fn list_service_accounts(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<ServiceAccount>, ApiError> {
        let mut query = q(&[("limit", "100".into())]);
        push_after(&mut query, after);
        self.get(
            &format!("{}/service_accounts", project_path(project_id)?),
            &query,
        )
        .await
    }

    pub async fn all_service_accounts(
        &self,
        project_id: &str,
    ) -> Result<Vec<ServiceAccount>, ApiError> {
        self.collect(
            async |after| self.list_service_accounts(project_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn create_service_account(
        &self,
        project_id: &str,
        body: &CreateServiceAccount,
    ) -> Result<ServiceAccountCreated, ApiError> {
        self.post(
            &format!("{}/service_accounts", project_path(project_id)?),
            body,
        )
        .await
    }

    pub async fn retrieve_service_account(
        &self,
        project_id: &str,
        sa_id: &str,
    ) -> Result<ServiceAccount, ApiError> {
        self.get(&sa_path(project_id, sa_id)?, &Vec::new()).await
    }

    pub async fn delete_service_account(
        &self,
        project_id: &str,
        sa_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &sa_path(project_id, sa_id)?, None)
            .await
    }

    pub async fn create_service_account_key(
        &self,
        project_id: &str,
        sa_id: &str,
        body: &CreateServiceAccountKey,
    ) -> Result<NewKeySecret, ApiError> {
        self.post(&format!("{}/api_keys", sa_path(project_id, sa_id)?), body)
            .await
    }

    pub async fn set_service_account_role(
        &self,
        project_id: &str,
        sa_id: &str,
        role: &str,
    ) -> Result<ServiceAccount, ApiError> {
        let body = serde_json::json!({ "role": role });
        let path = format!(
            "{}/service_accounts/{}",
            project_path(project_id)?,
            segment(sa_id)?
        );
        self.post(&path, &body).await
    }
}

//! Hard spend limits, for the organization and for each project: retrieve, create or replace,
//! delete. Amounts are whole US cents per calendar month (the only currency and interval the
//! API takes today); `enforcement.status` says whether spending is being stopped now.

use crate::engine::client::Client;
use crate::engine::error::ApiError;
use crate::engine::transport::{Method, Transport};
use crate::resources::model_permissions::absent_as_none;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// A hard spend limit (`organization.spend_limit` or `project.spend_limit`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendLimit {
    #[serde(default)]
    pub object: String,
    /// The limit, in cents.
    pub threshold_amount: i64,
    /// `USD` today.
    #[serde(default = "usd")]
    pub currency: String,
    /// `month` today.
    #[serde(default = "month")]
    pub interval: String,
    #[serde(default)]
    pub enforcement: Enforcement,
}

/// Whether the limit is stopping spend right now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enforcement {
    /// `inactive` or `enforcing` (others are kept as sent).
    #[serde(default)]
    pub status: String,
}

impl Enforcement {
    pub fn is_enforcing(&self) -> bool {
        self.status == "enforcing"
    }
}

fn usd() -> String {
    "USD".into()
}

fn month() -> String {
    "month".into()
}

/// Body of `POST …/spend_limit`: the whole limit, created or replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateSpendLimit {
    pub threshold_amount: i64,
    pub currency: String,
    pub interval: String,
}

impl UpdateSpendLimit {
    /// A monthly limit in US cents (the only kind the API takes).
    pub fn monthly_usd(cents: i64) -> Self {
        Self {
            threshold_amount: cents,
            currency: usd(),
            interval: month(),
        }
    }
}

/// The answer to a limit's deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendLimitDeleted {
    #[serde(default)]
    pub object: String,
    pub deleted: bool,
}

const ORG_LIMIT: &str = "/organization/spend_limit";

fn project_limit(project_id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/spend_limit", project_path(project_id)?))
}

impl<T: Transport> Client<T> {
    /// The organization's limit; `None` when it has none (the API answers 404).
    pub async fn org_spend_limit(&self) -> Result<Option<SpendLimit>, ApiError> {
        absent_as_none(self.get(ORG_LIMIT, &Vec::new()).await)
    }

    pub async fn set_org_spend_limit(
        &self,
        body: &UpdateSpendLimit,
    ) -> Result<SpendLimit, ApiError> {
        self.post(ORG_LIMIT, body).await
    }

    pub async fn delete_org_spend_limit(&self) -> Result<SpendLimitDeleted, ApiError> {
        self.send_once(Method::Delete, ORG_LIMIT, None).await
    }

    /// The project's limit; `None` when it has none (the API answers 404).
    pub async fn project_spend_limit(
        &self,
        project_id: &str,
    ) -> Result<Option<SpendLimit>, ApiError> {
        absent_as_none(self.get(&project_limit(project_id)?, &Vec::new()).await)
    }

    pub async fn set_project_spend_limit(
        &self,
        project_id: &str,
        body: &UpdateSpendLimit,
    ) -> Result<SpendLimit, ApiError> {
        self.post(&project_limit(project_id)?, body).await
    }

    pub async fn delete_project_spend_limit(
        &self,
        project_id: &str,
    ) -> Result<SpendLimitDeleted, ApiError> {
        self.send_once(Method::Delete, &project_limit(project_id)?, None)
            .await
    }
}

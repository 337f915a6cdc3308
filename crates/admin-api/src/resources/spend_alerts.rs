//! Spend alerts, for the organization and for each project: list, create, retrieve, update,
//! delete. An alert emails its recipients when the month's spend passes its threshold (cents);
//! unlike the spend limit it stops nothing.

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::Page;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// A spend alert (`organization.spend_alert` or `project.spend_alert`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendAlert {
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub object: String,
    /// The threshold, in cents.
    pub threshold_amount: i64,
    #[serde(default = "usd")]
    pub currency: String,
    #[serde(default = "month")]
    pub interval: String,
    pub notification_channel: NotificationChannel,
}

/// Where an alert is sent: email only, today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationChannel {
    #[serde(rename = "type", default = "email")]
    pub kind: String,
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Put before the emails' subject; `null` when unset (the spec allows both).
    #[serde(default)]
    pub subject_prefix: Option<String>,
}

impl NotificationChannel {
    pub fn email(recipients: Vec<String>, subject_prefix: Option<String>) -> Self {
        Self {
            kind: email(),
            recipients,
            subject_prefix,
        }
    }
}

fn usd() -> String {
    "USD".into()
}

fn month() -> String {
    "month".into()
}

fn email() -> String {
    "email".into()
}

/// Body of a create or an update: the whole alert (the API requires all four fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendAlertBody {
    pub threshold_amount: i64,
    pub currency: String,
    pub interval: String,
    pub notification_channel: NotificationChannel,
}

impl SpendAlertBody {
    /// A monthly alert in US cents, by email (the only kind the API takes).
    pub fn monthly_usd(cents: i64, channel: NotificationChannel) -> Self {
        Self {
            threshold_amount: cents,
            currency: usd(),
            interval: month(),
            notification_channel: channel,
        }
    }
}

/// The answer to an alert's deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendAlertDeleted {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub object: String,
    pub deleted: bool,
}

/// Whose alerts: the organization's or one project's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertOwner<'a> {
    Organization,
    Project(&'a str),
}

impl AlertOwner<'_> {
    fn path(self) -> Result<String, ApiError> {
        Ok(match self {
            Self::Organization => "/organization/spend_alerts".into(),
            Self::Project(id) => format!("{}/spend_alerts", project_path(id)?),
        })
    }

    fn alert_path(self, alert_id: &str) -> Result<String, ApiError> {
        Ok(format!("{}/{}", self.path()?, segment(alert_id)?))
    }
}

impl<T: Transport> Client<T> {
    pub async fn list_spend_alerts(
        &self,
        owner: AlertOwner<'_>,
        after: Option<&str>,
    ) -> Result<Page<SpendAlert>, ApiError> {
        self.get(&owner.path()?, &page_query(after)).await
    }

    /// Every alert, through the one pager.
    pub async fn all_spend_alerts(
        &self,
        owner: AlertOwner<'_>,
    ) -> Result<Vec<SpendAlert>, ApiError> {
        self.collect(
            async |after| self.list_spend_alerts(owner, after).await,
            |_| {},
        )
        .await
    }

    pub async fn create_spend_alert(
        &self,
        owner: AlertOwner<'_>,
        body: &SpendAlertBody,
    ) -> Result<SpendAlert, ApiError> {
        self.post(&owner.path()?, body).await
    }

    pub async fn spend_alert(
        &self,
        owner: AlertOwner<'_>,
        alert_id: &str,
    ) -> Result<SpendAlert, ApiError> {
        self.get(&owner.alert_path(alert_id)?, &Vec::new()).await
    }

    pub async fn update_spend_alert(
        &self,
        owner: AlertOwner<'_>,
        alert_id: &str,
        body: &SpendAlertBody,
    ) -> Result<SpendAlert, ApiError> {
        self.post(&owner.alert_path(alert_id)?, body).await
    }

    pub async fn delete_spend_alert(
        &self,
        owner: AlertOwner<'_>,
        alert_id: &str,
    ) -> Result<SpendAlertDeleted, ApiError> {
        self.send_once(Method::Delete, &owner.alert_path(alert_id)?, None)
            .await
    }
}

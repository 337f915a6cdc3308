//! Invitations to the organization: list, create, retrieve, delete (revoke a pending one).

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::{Deleted, Page};
use serde::{Deserialize, Serialize};

/// `organization.invite`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    #[serde(default)]
    pub object: String,
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub email: String,
    /// `owner` or `reader`.
    #[serde(default)]
    pub role: String,
    /// `pending`, `accepted` or `expired`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub accepted_at: Option<i64>,
    #[serde(default)]
    pub projects: Vec<InviteProject>,
}

/// A project an invitee joins, with their role there (`member` or `owner`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteProject {
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    pub role: String,
}

/// Body of `POST /organization/invites`. `projects`: `None` (omitted) is the default project
/// only; `Some([])` is no project at all; the API tells them apart, so we never guess.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateInvite {
    pub email: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<InviteProject>>,
}

fn invite_path(invite_id: &str) -> Result<String, ApiError> {
    Ok(format!("/organization/invites/{}", segment(invite_id)?))
}

impl<T: Transport> Client<T> {
    pub async fn list_invites(&self, after: Option<&str>) -> Result<Page<Invite>, ApiError> {
        self.get("/organization/invites", &page_query(after)).await
    }

    pub async fn all_invites(&self) -> Result<Vec<Invite>, ApiError> {
        self.collect(async |after| self.list_invites(after).await, |_| {})
            .await
    }

    pub async fn create_invite(&self, body: &CreateInvite) -> Result<Invite, ApiError> {
        self.post("/organization/invites", body).await
    }

    pub async fn invite(&self, invite_id: &str) -> Result<Invite, ApiError> {
        self.get(&invite_path(invite_id)?, &Vec::new()).await
    }

    pub async fn delete_invite(&self, invite_id: &str) -> Result<Deleted, ApiError> {
        self.send_once(Method::Delete, &invite_path(invite_id)?, None)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omitted_projects_and_no_projects_are_different_bodies() {
        let default_only = CreateInvite {
            email: "a@example.com".into(),
            role: "reader".into(),
            projects: None,
        };
        assert_eq!(
            serde_json::to_string(&default_only).unwrap(),
            r#"{"email":"a@example.com","role":"reader"}"#
        );
        let none = CreateInvite {
            projects: Some(Vec::new()),
            ..default_only
        };
        assert!(
            serde_json::to_string(&none)
                .unwrap()
                .ends_with(r#""projects":[]}"#)
        );
    }
}

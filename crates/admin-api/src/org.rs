//! What an owner guards beyond project keys: admin keys, organization users, project lifecycle,
//! rate limits and membership. Reads are retried; every write is sent once.

use crate::client::{Client, project_path};
use crate::error::{ApiError, ErrorKind};
use crate::path::segment;
use crate::revoke::{RevokeOutcome, confirm_gone, outcome_of_delete};
use crate::transport::{Method, Transport};
use crate::types::*;

fn page_query(after: Option<&str>) -> Vec<(String, String)> {
    let mut q = vec![("limit".to_owned(), "100".to_owned())];
    if let Some(a) = after {
        q.push(("after".into(), a.to_owned()));
    }
    q
}

impl<T: Transport> Client<T> {
    // ---- admin keys ----

    pub async fn list_admin_keys(
        &self,
        after: Option<&str>,
    ) -> Result<Page<AdminApiKey>, ApiError> {
        self.get("/organization/admin_api_keys", &page_query(after))
            .await
    }

    pub async fn all_admin_keys(&self) -> Result<Vec<AdminApiKey>, ApiError> {
        self.collect(async |after| self.list_admin_keys(after).await, |_| {})
            .await
    }

    pub async fn retrieve_admin_key(&self, key_id: &str) -> Result<AdminApiKey, ApiError> {
        let path = format!("/organization/admin_api_keys/{}", segment(key_id)?);
        self.get(&path, &Vec::new()).await
    }

    /// Creates an admin key; its secret is in the answer and nowhere else.
    pub async fn create_admin_key(&self, body: &CreateAdminKey) -> Result<NewAdminKey, ApiError> {
        self.post("/organization/admin_api_keys", body).await
    }

    /// One DELETE of an admin key, its outcome proven as for project keys: an answer that
    /// proves nothing is checked with one GET.
    pub async fn revoke_admin_key(&self, key_id: &str) -> RevokeOutcome {
        let path = match segment(key_id) {
            Ok(id) => format!("/organization/admin_api_keys/{id}"),
            Err(e) => return RevokeOutcome::NotRevoked(e),
        };
        let sent = self.send_once::<Deleted>(Method::Delete, &path, None).await;
        match outcome_of_delete(key_id, sent) {
            RevokeOutcome::Unknown(original) if original.kind != ErrorKind::Cancelled => {
                confirm_gone(original, self.retrieve_admin_key(key_id).await)
            }
            other => other,
        }
    }

    // ---- organization users ----

    pub async fn list_org_users(
        &self,
        after: Option<&str>,
    ) -> Result<Page<OrganizationUser>, ApiError> {
        self.get("/organization/users", &page_query(after)).await
    }

    pub async fn all_org_users(&self) -> Result<Vec<OrganizationUser>, ApiError> {
        self.collect(async |after| self.list_org_users(after).await, |_| {})
            .await
    }

    // ---- project lifecycle ----

    pub async fn create_project(&self, body: &CreateProject) -> Result<Project, ApiError> {
        self.post("/organization/projects", body).await
    }

    pub async fn rename_project(&self, project_id: &str, name: &str) -> Result<Project, ApiError> {
        let body = serde_json::json!({ "name": name });
        self.post(&project_path(project_id)?, &body).await
    }

    pub async fn archive_project(&self, project_id: &str) -> Result<Project, ApiError> {
        let path = format!("{}/archive", project_path(project_id)?);
        self.send_once(Method::Post, &path, None).await
    }

    // ---- rate limits ----

    pub async fn list_rate_limits(
        &self,
        project_id: &str,
        after: Option<&str>,
    ) -> Result<Page<RateLimit>, ApiError> {
        let path = format!("{}/rate_limits", project_path(project_id)?);
        self.get(&path, &page_query(after)).await
    }

    pub async fn all_rate_limits(&self, project_id: &str) -> Result<Vec<RateLimit>, ApiError> {
        self.collect(
            async |after| self.list_rate_limits(project_id, after).await,
            |_| {},
        )
        .await
    }

    pub async fn update_rate_limit(
        &self,
        project_id: &str,
        rate_limit_id: &str,
        body: &UpdateRateLimit,
    ) -> Result<RateLimit, ApiError> {
        let path = format!(
            "{}/rate_limits/{}",
            project_path(project_id)?,
            segment(rate_limit_id)?
        );
        self.post(&path, body).await
    }

    // ---- membership ----

    pub async fn add_project_user(
        &self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<ProjectUser, ApiError> {
        let body = ProjectMember {
            user_id: Some(crate::id::check(user_id)?.to_owned()),
            role: role.to_owned(),
        };
        let path = format!("{}/users", project_path(project_id)?);
        self.post(&path, &body).await
    }

    pub async fn set_project_user_role(
        &self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<ProjectUser, ApiError> {
        let body = ProjectMember {
            user_id: None,
            role: role.to_owned(),
        };
        let path = format!("{}/users/{}", project_path(project_id)?, segment(user_id)?);
        self.post(&path, &body).await
    }

    pub async fn remove_project_user(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<Deleted, ApiError> {
        let path = format!("{}/users/{}", project_path(project_id)?, segment(user_id)?);
        self.send_once(Method::Delete, &path, None).await
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

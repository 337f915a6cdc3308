//! mTLS client certificates: the organization's (list, upload, retrieve, rename, delete,
//! activate, deactivate) and each project's (list, activate, deactivate).

use crate::engine::client::{Client, page_query};
use crate::engine::error::ApiError;
use crate::engine::path::segment;
use crate::engine::transport::{Method, Transport};
use crate::engine::wire::Page;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// A certificate (`certificate`, `organization.certificate` or
/// `organization.project.certificate`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    #[serde(default)]
    pub object: String,
    #[serde(deserialize_with = "crate::engine::id::de")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: i64,
    /// Active in this scope (the organization's, or the project's for a project list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default)]
    pub certificate_details: CertificateDetails,
}

/// Validity, and the PEM only when asked for (`include=content`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// The answer to activate / deactivate: the certificates as they are now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toggled {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub data: Vec<Certificate>,
}

/// The answer to a deletion (`certificate.deleted`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateDeleted {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub id: String,
}

/// Whose certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertScope<'a> {
    Organization,
    Project(&'a str),
}

impl CertScope<'_> {
    fn path(self) -> Result<String, ApiError> {
        Ok(match self {
            Self::Organization => "/organization/certificates".into(),
            Self::Project(id) => format!("{}/certificates", project_path(id)?),
        })
    }
}

#[derive(Serialize)]
struct Upload<'a> {
    certificate: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct Rename<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Ids<'a> {
    certificate_ids: &'a [String],
}

fn cert_path(id: &str) -> Result<String, ApiError> {
    Ok(format!("/organization/certificates/{}", segment(id)?))
}

impl<T: Transport> Client<T> {
    pub async fn list_certificates(
        &self,
        scope: CertScope<'_>,
        after: Option<&str>,
    ) -> Result<Page<Certificate>, ApiError> {
        self.get(&scope.path()?, &page_query(after)).await
    }

    pub async fn all_certificates(
        &self,
        scope: CertScope<'_>,
    ) -> Result<Vec<Certificate>, ApiError> {
        self.collect(
            async |after| self.list_certificates(scope, after).await,
            |_| {},
        )
        .await
    }

    /// Uploads a PEM certificate to the organization (inactive until activated).
    pub async fn upload_certificate(
        &self,
        pem: &str,
        name: Option<&str>,
    ) -> Result<Certificate, ApiError> {
        let body = Upload {
            certificate: pem,
            name,
        };
        self.post("/organization/certificates", &body).await
    }

    pub async fn certificate(&self, id: &str) -> Result<Certificate, ApiError> {
        self.get(&cert_path(id)?, &Vec::new()).await
    }

    pub async fn rename_certificate(&self, id: &str, name: &str) -> Result<Certificate, ApiError> {
        self.post(&cert_path(id)?, &Rename { name }).await
    }

    pub async fn delete_certificate(&self, id: &str) -> Result<CertificateDeleted, ApiError> {
        self.send_once(Method::Delete, &cert_path(id)?, None).await
    }

    /// Activates (`on`) or deactivates certificates in a scope.
    pub async fn toggle_certificates(
        &self,
        scope: CertScope<'_>,
        ids: &[String],
        on: bool,
    ) -> Result<Toggled, ApiError> {
        let verb = if on { "activate" } else { "deactivate" };
        for id in ids {
            segment(id)?;
        }
        let path = format!("{}/{verb}", scope.path()?);
        self.post(
            &path,
            &Ids {
                certificate_ids: ids,
            },
        )
        .await
    }
}

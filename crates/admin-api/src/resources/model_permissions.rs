//! A project's model policy: an allow list or a deny list of model IDs. No policy (a 404, or an
//! empty deny list) means every model may be called.

use crate::engine::client::Client;
use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::transport::{Method, Transport};
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// `project.model_permissions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelPermissions {
    #[serde(default)]
    pub object: String,
    /// `allow_list` or `deny_list`.
    pub mode: String,
    /// The spec's wire name; the SDK names the attribute `api_model_ids`, accepted too.
    #[serde(default, alias = "api_model_ids")]
    pub model_ids: Vec<String>,
}

impl ModelPermissions {
    pub fn is_allow_list(&self) -> bool {
        self.mode == "allow_list"
    }

    /// True when the policy limits nothing (an empty deny list).
    pub fn allows_every_model(&self) -> bool {
        self.mode == "deny_list" && self.model_ids.is_empty()
    }
}

/// Body of `POST …/model_permissions`: the whole policy, created or replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateModelPermissions {
    pub mode: String,
    pub model_ids: Vec<String>,
}

/// The answer to a policy's deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelPermissionsDeleted {
    #[serde(default)]
    pub object: String,
    pub deleted: bool,
}

fn path(project_id: &str) -> Result<String, ApiError> {
    Ok(format!("{}/model_permissions", project_path(project_id)?))
}

impl<T: Transport> Client<T> {
    /// The project's policy; `None` when it has none (the API answers 404).
    pub async fn model_permissions(
        &self,
        project_id: &str,
    ) -> Result<Option<ModelPermissions>, ApiError> {
        absent_as_none(self.get(&path(project_id)?, &Vec::new()).await)
    }

    pub async fn set_model_permissions(
        &self,
        project_id: &str,
        body: &UpdateModelPermissions,
    ) -> Result<ModelPermissions, ApiError> {
        self.post(&path(project_id)?, body).await
    }

    pub async fn delete_model_permissions(
        &self,
        project_id: &str,
    ) -> Result<ModelPermissionsDeleted, ApiError> {
        self.send_once(Method::Delete, &path(project_id)?, None)
            .await
    }
}

/// A setting that is not there reads as `None`, not as an error.
pub(crate) fn absent_as_none<R>(answer: Result<R, ApiError>) -> Result<Option<R>, ApiError> {
    match answer {
        Ok(r) => Ok(Some(r)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_sdks_attribute_name_too() {
        let wire: ModelPermissions = serde_json::from_str(
            r#"{"object":"project.model_permissions","mode":"allow_list","model_ids":["o3"]}"#,
        )
        .unwrap();
        let sdk: ModelPermissions =
            serde_json::from_str(r#"{"mode":"allow_list","api_model_ids":["o3"]}"#).unwrap();
        assert_eq!(
            (wire.model_ids, sdk.model_ids),
            (vec!["o3".to_owned()], vec!["o3".to_owned()])
        );
        let open: ModelPermissions =
            serde_json::from_str(r#"{"mode":"deny_list","model_ids":[]}"#).unwrap();
        assert!(open.allows_every_model() && !open.is_allow_list());
    }
}

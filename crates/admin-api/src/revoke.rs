//! What a DELETE did, told truthfully: a key is reported gone only when that is proven.
//!
//! The rule for a revoke:
//! 1. A DELETE is sent exactly once and never retried automatically: a retry after a lost response
//!    would turn "revoked" into a confusing 404, and a retry of the wrong key is unthinkable.
//! 2. A 2xx with `deleted: true` and the requested key's `id` is **Revoked**. A 404 in OpenAI's own
//!    error shape means the key is not there: **AlreadyGone** (shown as "already revoked", never as
//!    a failure, and never as our own success).
//! 3. 400/401/403/409/429 mean the API refused and nothing changed: **NotRevoked**.
//! 4. Anything that proves nothing leaves the outcome **Unknown**: a timeout, a dropped connection,
//!    a 5xx, a 2xx we can't read or that names another key, and a 404 that is not OpenAI's JSON
//!    (a proxy or gateway may answer 404 without ever reaching the API). The caller then checks
//!    with one GET of that key (which may be retried, being read-only), read by [`confirm_gone`]:
//!    an OpenAI 404 → AlreadyGone; 200 → NotRevoked; anything else → it stays Unknown, and the UI
//!    says so and keeps the key listed until a refresh shows the truth.

use crate::engine::error::{ApiError, ErrorKind};
use crate::engine::wire::Deleted;

#[derive(Clone, Debug, PartialEq)]
pub enum RevokeOutcome {
    /// The API confirmed the deletion.
    Revoked,
    /// The key was not there (an OpenAI 404): already revoked, perhaps by an earlier attempt whose
    /// answer was lost.
    AlreadyGone,
    /// The API refused; the key still works.
    NotRevoked(ApiError),
    /// We could not learn what happened.
    Unknown(ApiError),
}

impl RevokeOutcome {
    /// True when the key no longer exists.
    pub fn is_gone(&self) -> bool {
        matches!(self, RevokeOutcome::Revoked | RevokeOutcome::AlreadyGone)
    }

    /// The error behind a failure, if any.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            RevokeOutcome::NotRevoked(e) | RevokeOutcome::Unknown(e) => Some(e),
            _ => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            RevokeOutcome::Revoked => "Revoked.".into(),
            RevokeOutcome::AlreadyGone => "Already revoked: the key no longer exists.".into(),
            RevokeOutcome::NotRevoked(e) => {
                format!("Not revoked — the key still works. {}", e.summary())
            }
            RevokeOutcome::Unknown(e) => format!(
                "Outcome unknown — the key may or may not be revoked. {} Refresh to see the truth.",
                e.summary()
            ),
        }
    }
}

/// A 404 proves absence only when OpenAI itself said it.
fn proves_absence(e: &ApiError) -> bool {
    e.kind == ErrorKind::NotFound && e.structured
}

/// Classifies the result of the one DELETE of `key_id` (rules 2–4).
pub fn outcome_of_delete(key_id: &str, result: Result<Deleted, ApiError>) -> RevokeOutcome {
    match result {
        Ok(d) if d.deleted && d.id == key_id => RevokeOutcome::Revoked,
        Ok(d) if d.deleted => RevokeOutcome::Unknown(ApiError::new(
            ErrorKind::Malformed,
            "The API confirmed the deletion of a different key than the one asked for.",
        )),
        Ok(_) => RevokeOutcome::NotRevoked(ApiError::new(
            ErrorKind::BadRequest,
            "The API answered but did not delete the key (deleted: false).",
        )),
        Err(e) if proves_absence(&e) => RevokeOutcome::AlreadyGone,
        Err(e) => match e.kind {
            ErrorKind::NotFound
            | ErrorKind::Timeout
            | ErrorKind::Network
            | ErrorKind::Server
            | ErrorKind::Malformed
            | ErrorKind::Cancelled => RevokeOutcome::Unknown(e),
            _ => RevokeOutcome::NotRevoked(e),
        },
    }
}

/// Reads the follow-up GET after an unknown DELETE (rule 4), of a project key or an admin key.
pub fn confirm_gone<K>(original: ApiError, check: Result<K, ApiError>) -> RevokeOutcome {
    match check {
        Err(e) if proves_absence(&e) => RevokeOutcome::AlreadyGone,
        Ok(_) => RevokeOutcome::NotRevoked(original),
        Err(_) => RevokeOutcome::Unknown(original),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::transport::HttpResponse;

    fn deleted(id: &str, deleted: bool) -> Deleted {
        Deleted {
            object: "organization.project.api_key.deleted".into(),
            id: id.into(),
            deleted,
        }
    }

    fn from(status: u16, body: &str) -> ApiError {
        ApiError::from_response(&HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        })
    }

    const OPENAI_404: &str = concat!(
        r#"{"error":{"message":"No such API key: k.","#,
        r#""type":"invalid_request_error","param":null,"code":null}}"#
    );

    #[test]
    fn classification() {
        assert_eq!(
            outcome_of_delete("k", Ok(deleted("k", true))),
            RevokeOutcome::Revoked
        );
        assert_eq!(
            outcome_of_delete("k", Err(from(404, OPENAI_404))),
            RevokeOutcome::AlreadyGone
        );
        assert!(matches!(
            outcome_of_delete("k", Err(ApiError::new(ErrorKind::Timeout, "x"))),
            RevokeOutcome::Unknown(_)
        ));
        assert!(matches!(
            outcome_of_delete("k", Err(ApiError::new(ErrorKind::Server, "x"))),
            RevokeOutcome::Unknown(_)
        ));
        assert!(matches!(
            outcome_of_delete("k", Err(ApiError::new(ErrorKind::RateLimited, "x"))),
            RevokeOutcome::NotRevoked(_)
        ));
        assert!(matches!(
            outcome_of_delete("k", Err(ApiError::new(ErrorKind::BadRequest, "x"))),
            RevokeOutcome::NotRevoked(_)
        ));
        assert!(!RevokeOutcome::Unknown(ApiError::new(ErrorKind::Network, "x")).is_gone());
    }

    #[test]
    fn a_foreign_404_proves_nothing() {
        let html = from(404, "<html><body><h1>404 Not Found</h1>nginx</body></html>");
        assert!(matches!(
            outcome_of_delete("k", Err(html.clone())),
            RevokeOutcome::Unknown(_)
        ));
        assert!(matches!(
            outcome_of_delete("k", Err(from(404, r#"{"message":"Not Found"}"#))),
            RevokeOutcome::Unknown(_)
        ));
        // The follow-up GET decides, and it too must be OpenAI's own 404.
        let original = ApiError::new(ErrorKind::Network, "lost");
        assert_eq!(
            confirm_gone::<crate::types::ProjectApiKey>(
                original.clone(),
                Err(from(404, OPENAI_404))
            ),
            RevokeOutcome::AlreadyGone
        );
        assert!(matches!(
            confirm_gone::<crate::types::AdminApiKey>(original.clone(), Err(html)),
            RevokeOutcome::Unknown(_)
        ));
    }

    #[test]
    fn a_200_for_another_key_is_not_a_success() {
        assert!(matches!(
            outcome_of_delete("k", Ok(deleted("other", true))),
            RevokeOutcome::Unknown(_)
        ));
        assert!(matches!(
            outcome_of_delete("k", Ok(deleted("k", false))),
            RevokeOutcome::NotRevoked(_)
        ));
    }
}

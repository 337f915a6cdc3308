//! What a DELETE did, told truthfully.
//!
//! The rule for a revoke whose outcome is unknown:
//! 1. A DELETE is sent exactly once and never retried automatically: a retry after a lost response
//!    would turn "revoked" into a confusing 404, and a retry of the wrong key is unthinkable.
//! 2. A 2xx with `deleted: true` is **Revoked**. A 404 means the key is not there: **AlreadyGone**
//!    (shown as "already revoked", never as a failure, and never as our own success).
//! 3. 400/401/403/409/429 mean the API refused and nothing changed: **NotRevoked**.
//! 4. A timeout, a dropped connection, a 5xx, or a 2xx we can't read leave the outcome **Unknown**.
//!    The caller then checks with one GET of that key (which may be retried, being read-only):
//!    404 → AlreadyGone ("revoked — confirmed by a follow-up check"); 200 → NotRevoked; an error →
//!    it stays Unknown and the UI says so and keeps the key listed until a refresh shows the truth.

use crate::error::{ApiError, ErrorKind};
use crate::types::Deleted;

#[derive(Clone, Debug, PartialEq)]
pub enum RevokeOutcome {
    /// The API confirmed the deletion.
    Revoked,
    /// The key was not there (404): already revoked, perhaps by an earlier attempt whose answer was lost.
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

/// Classifies the result of the one DELETE (rules 2–4).
pub fn outcome_of_delete(result: Result<Deleted, ApiError>) -> RevokeOutcome {
    match result {
        Ok(d) if d.deleted => RevokeOutcome::Revoked,
        Ok(_) => RevokeOutcome::NotRevoked(ApiError::new(
            ErrorKind::BadRequest,
            "The API answered but did not delete the key (deleted: false).",
        )),
        Err(e) => match e.kind {
            ErrorKind::NotFound => RevokeOutcome::AlreadyGone,
            ErrorKind::Timeout | ErrorKind::Network | ErrorKind::Server | ErrorKind::Malformed => {
                RevokeOutcome::Unknown(e)
            }
            _ => RevokeOutcome::NotRevoked(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let ok = Deleted {
            object: "organization.project.api_key.deleted".into(),
            id: "k".into(),
            deleted: true,
        };
        assert_eq!(outcome_of_delete(Ok(ok)), RevokeOutcome::Revoked);
        assert_eq!(
            outcome_of_delete(Err(ApiError::new(ErrorKind::NotFound, "x"))),
            RevokeOutcome::AlreadyGone
        );
        assert!(matches!(
            outcome_of_delete(Err(ApiError::new(ErrorKind::Timeout, "x"))),
            RevokeOutcome::Unknown(_)
        ));
        assert!(matches!(
            outcome_of_delete(Err(ApiError::new(ErrorKind::Server, "x"))),
            RevokeOutcome::Unknown(_)
        ));
        assert!(matches!(
            outcome_of_delete(Err(ApiError::new(ErrorKind::RateLimited, "x"))),
            RevokeOutcome::NotRevoked(_)
        ));
        assert!(matches!(
            outcome_of_delete(Err(ApiError::new(ErrorKind::BadRequest, "x"))),
            RevokeOutcome::NotRevoked(_)
        ));
        assert!(!RevokeOutcome::Unknown(ApiError::new(ErrorKind::Network, "x")).is_gone());
    }
}

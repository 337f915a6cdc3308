//! Rotating a service-account key without weakening or widening it: the new key gets the old
//! one's scopes (or scopes the user chose explicitly) and the old one's expiry.

use super::scopes::describe;
use super::time;
use admin_api::types::CreateServiceAccountKey;
use serde::{Deserialize, Serialize};

/// When the new key expires, from the old key's `expires_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarriedExpiry {
    /// The old key never expires; neither does the new one.
    Never,
    /// The old key expires at this moment; the new one expires then too.
    At(i64),
    /// The old key has already expired: the user must choose a lifetime.
    Ask,
}

pub fn carried_expiry(old_expires_at: Option<i64>, now: i64) -> CarriedExpiry {
    match old_expires_at {
        None => CarriedExpiry::Never,
        Some(t) if t > now + 60 => CarriedExpiry::At(t),
        Some(_) => CarriedExpiry::Ask,
    }
}

/// The new key's scopes: `[]` means all permissions (as the API reads it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopePlan {
    pub scopes: Vec<String>,
    /// True when copied from the old key's last known scopes; false when the user chose them.
    pub copied: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("Choose the new key's permissions: this key's scopes could not be read.")]
    ScopesUnknown,
    #[error("Choose at least one scope.")]
    NoScopes,
    #[error("The old key has expired: choose how long the new key should last.")]
    ExpiryNeeded,
    #[error("Choose 1 to 3650 days for the new key's expiry.")]
    BadDays,
}

/// The new key's expiry, as the user picked it (the old key's is the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryPick {
    /// The old key's moment (or never, like it); not possible once it has expired.
    Same,
    Never,
    /// This many days from now (`None`: not a number).
    Days(Option<i64>),
}

/// The body of the create call.
pub fn body(
    name: String,
    scopes: Option<&ScopePlan>,
    old: CarriedExpiry,
    pick: ExpiryPick,
    now: i64,
) -> Result<CreateServiceAccountKey, PlanError> {
    let scopes = scopes.ok_or(PlanError::ScopesUnknown)?;
    let expires_in_seconds = match (pick, old) {
        (ExpiryPick::Same, CarriedExpiry::Never) | (ExpiryPick::Never, _) => None,
        (ExpiryPick::Same, CarriedExpiry::At(t)) => Some(t - now),
        (ExpiryPick::Same, CarriedExpiry::Ask) => return Err(PlanError::ExpiryNeeded),
        (ExpiryPick::Days(Some(d)), _) if (1..=3650).contains(&d) => Some(d * 86_400),
        (ExpiryPick::Days(_), _) => return Err(PlanError::BadDays),
    };
    Ok(CreateServiceAccountKey {
        name: Some(name),
        // Always sent, even for "all": never left to a server default.
        scopes: Some(scopes.scopes.clone()),
        expires_in_seconds,
    })
}

/// A restricted choice must not be empty: an empty list would mean all permissions.
pub fn restricted(list: Vec<String>) -> Result<ScopePlan, PlanError> {
    if list.is_empty() {
        return Err(PlanError::NoScopes);
    }
    Ok(ScopePlan {
        scopes: list,
        copied: false,
    })
}

/// What the one-time reveal states about the new key: its scopes (as the audit log recorded
/// them, or as sent when the log can't tell) and its expiry as the API answered it.
pub fn facts(
    sent: &[String],
    recorded: Option<&[String]>,
    expires_at: Option<i64>,
) -> Vec<(String, String)> {
    let scopes = match recorded {
        Some(r) => format!("{} (recorded by the API's audit log)", describe(r)),
        None => format!(
            "{} (as requested; the API does not report a key's scopes back)",
            describe(sent)
        ),
    };
    let expiry = match expires_at {
        Some(t) => time::exact(t),
        None => "Never".into(),
    };
    vec![("Scopes".into(), scopes), ("Expires".into(), expiry)]
}

/// How far an interrupted rotation got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The create call was sent; whether it created a key is not known.
    Creating,
    /// The new key exists; its secret was shown but not confirmed saved.
    Created,
    /// The user saved the new secret; the old key still has to be revoked.
    Saved,
}

/// What the session store keeps about a rotation in progress. Never a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub project_id: String,
    pub old_key_id: String,
    pub old_key_name: String,
    pub new_key_name: String,
    pub new_key_id: Option<String>,
    pub started_at: i64,
    pub stage: Stage,
}

impl Record {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str(s).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn expiry_is_carried_over() {
        assert_eq!(carried_expiry(None, NOW), CarriedExpiry::Never);
        assert_eq!(
            carried_expiry(Some(NOW + 86_400), NOW),
            CarriedExpiry::At(NOW + 86_400)
        );
        assert_eq!(carried_expiry(Some(NOW - 5), NOW), CarriedExpiry::Ask);
        let plan = ScopePlan {
            scopes: vec!["api.model.read".into()],
            copied: true,
        };
        let b = body(
            "n".into(),
            Some(&plan),
            CarriedExpiry::At(NOW + 500),
            ExpiryPick::Same,
            NOW,
        )
        .unwrap();
        assert_eq!(b.expires_in_seconds, Some(500));
        assert_eq!(b.scopes, Some(vec!["api.model.read".to_string()]));
        let b = body(
            "n".into(),
            Some(&plan),
            CarriedExpiry::Never,
            ExpiryPick::Same,
            NOW,
        )
        .unwrap();
        assert_eq!(b.expires_in_seconds, None);
        assert_eq!(
            body(
                "n".into(),
                Some(&plan),
                CarriedExpiry::Ask,
                ExpiryPick::Same,
                NOW
            ),
            Err(PlanError::ExpiryNeeded)
        );
        // Any key can be given another expiry: days from now, or never.
        for old in [
            CarriedExpiry::Ask,
            CarriedExpiry::Never,
            CarriedExpiry::At(NOW + 500),
        ] {
            let days = body(
                "n".into(),
                Some(&plan),
                old,
                ExpiryPick::Days(Some(30)),
                NOW,
            );
            assert_eq!(days.unwrap().expires_in_seconds, Some(30 * 86_400));
            let never = body("n".into(), Some(&plan), old, ExpiryPick::Never, NOW);
            assert_eq!(never.unwrap().expires_in_seconds, None);
        }
        assert_eq!(
            body(
                "n".into(),
                Some(&plan),
                CarriedExpiry::Never,
                ExpiryPick::Days(Some(0)),
                NOW
            ),
            Err(PlanError::BadDays)
        );
        assert_eq!(
            body(
                "n".into(),
                Some(&plan),
                CarriedExpiry::Never,
                ExpiryPick::Days(None),
                NOW
            ),
            Err(PlanError::BadDays)
        );
    }

    #[test]
    fn unknown_scopes_are_never_widened_silently() {
        assert_eq!(
            body(
                "n".into(),
                None,
                CarriedExpiry::Never,
                ExpiryPick::Same,
                NOW
            ),
            Err(PlanError::ScopesUnknown)
        );
        assert_eq!(restricted(vec![]), Err(PlanError::NoScopes));
        // "All" is sent explicitly as [] and only when chosen.
        let all = ScopePlan {
            scopes: vec![],
            copied: false,
        };
        let b = body(
            "n".into(),
            Some(&all),
            CarriedExpiry::Never,
            ExpiryPick::Same,
            NOW,
        )
        .unwrap();
        assert_eq!(b.scopes, Some(vec![]));
    }

    #[test]
    fn facts_say_where_the_scopes_come_from() {
        let sent = vec!["api.all.read".to_string()];
        let f = facts(&sent, Some(&sent), None);
        assert_eq!(f[0].1, "Read-only (recorded by the API's audit log)");
        assert_eq!(f[1].1, "Never");
        let f = facts(&sent, None, Some(NOW));
        assert!(f[0].1.contains("as requested"));
        assert_eq!(f[1].1, time::exact(NOW));
    }

    #[test]
    fn record_round_trips_without_secrets() {
        let r = Record {
            project_id: "proj_1".into(),
            old_key_id: "key_old".into(),
            old_key_name: "old".into(),
            new_key_name: "old (rotated)".into(),
            new_key_id: Some("key_new".into()),
            started_at: NOW,
            stage: Stage::Created,
        };
        let json = r.to_json();
        assert!(!json.contains("sk-"));
        assert_eq!(Record::from_json(&json), Some(r));
    }
}

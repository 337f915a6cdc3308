//! The key-update form's choices, turned into the API's body (SDK 3.54 rules: `[]` means all
//! permissions; `expires_in_seconds` counts from now; an expired key cannot be updated).

use admin_api::types::{AuditLog, UpdateApiKey, scopes::READ_ONLY};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeChoice {
    /// Leave scopes as they are.
    Keep,
    All,
    ReadOnly,
    /// A chosen list; must not be empty (an empty list would mean "all").
    Restricted(Vec<String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryChoice {
    Keep,
    /// Expire this many days from now.
    Days(i64),
}

pub const EXPIRY_PRESETS: &[(i64, &str)] = &[
    (1, "1 day"),
    (7, "7 days"),
    (30, "30 days"),
    (90, "90 days"),
    (365, "1 year"),
];
pub const MAX_EXPIRY_DAYS: i64 = 3_650;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("Choose at least one scope, or pick “All permissions”.")]
    NoScopes,
    #[error("Expiry must be between 1 and {MAX_EXPIRY_DAYS} days.")]
    BadExpiry,
    #[error("Nothing to change: choose new scopes or a new expiry.")]
    Nothing,
}

/// Builds the update body, or says what is wrong with the form.
pub fn build_update(scopes: &ScopeChoice, expiry: ExpiryChoice) -> Result<UpdateApiKey, FormError> {
    let scopes = match scopes {
        ScopeChoice::Keep => None,
        ScopeChoice::All => Some(Vec::new()),
        ScopeChoice::ReadOnly => Some(vec![READ_ONLY.to_owned()]),
        ScopeChoice::Restricted(list) if list.is_empty() => return Err(FormError::NoScopes),
        ScopeChoice::Restricted(list) => Some(list.clone()),
    };
    let expires_in_seconds = match expiry {
        ExpiryChoice::Keep => None,
        ExpiryChoice::Days(d) if (1..=MAX_EXPIRY_DAYS).contains(&d) => Some(d * 86_400),
        ExpiryChoice::Days(_) => return Err(FormError::BadExpiry),
    };
    if scopes.is_none() && expires_in_seconds.is_none() {
        return Err(FormError::Nothing);
    }
    Ok(UpdateApiKey {
        scopes,
        expires_in_seconds,
    })
}

/// How a scope list reads: `[]` is all permissions.
pub fn describe(scopes: &[String]) -> String {
    match scopes {
        [] => "All permissions".into(),
        [one] if one == READ_ONLY => "Read-only".into(),
        list => format!("Restricted: {}", list.join(", ")),
    }
}

/// The last scopes set through the API, read from the audit log (the key object has none):
/// `history` newest first.
pub fn last_scopes<'a>(
    history: impl IntoIterator<Item = &'a AuditLog>,
) -> Option<(Vec<String>, i64)> {
    history
        .into_iter()
        .filter(|e| e.kind == "api_key.updated" || e.kind == "api_key.created")
        .find_map(|e| {
            let d = e.details.get(&e.kind)?;
            let scopes = d
                .get("changes_requested")
                .or(d.get("data"))?
                .get("scopes")?
                .as_array()?;
            Some((
                scopes
                    .iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect(),
                e.effective_at,
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_bodies_by_the_rules() {
        assert_eq!(
            build_update(&ScopeChoice::All, ExpiryChoice::Keep).unwrap(),
            UpdateApiKey {
                scopes: Some(vec![]),
                expires_in_seconds: None
            }
        );
        assert_eq!(
            build_update(&ScopeChoice::ReadOnly, ExpiryChoice::Days(7)).unwrap(),
            UpdateApiKey {
                scopes: Some(vec!["api.all.read".into()]),
                expires_in_seconds: Some(604_800)
            }
        );
        assert_eq!(
            build_update(&ScopeChoice::Restricted(vec![]), ExpiryChoice::Keep),
            Err(FormError::NoScopes)
        );
        assert_eq!(
            build_update(&ScopeChoice::Keep, ExpiryChoice::Days(0)),
            Err(FormError::BadExpiry)
        );
        assert_eq!(
            build_update(&ScopeChoice::Keep, ExpiryChoice::Keep),
            Err(FormError::Nothing)
        );
        let body = build_update(&ScopeChoice::Keep, ExpiryChoice::Days(30)).unwrap();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"expires_in_seconds":2592000}"#
        );
        assert_eq!(describe(&[]), "All permissions");
        assert_eq!(describe(&["api.all.read".into()]), "Read-only");
    }
}

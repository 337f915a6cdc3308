//! Keyless sign-in, pure: where each service account stands (keyless, mixed, key-only), the
//! issuer presets, the checks made before a provider or a rule is sent (a catch-all rule on a
//! public issuer is refused), and which old keys have gone unused since a rule. Natively tested.

pub mod checks;
pub mod edits;
pub mod presets;

#[cfg(test)]
mod tests;

use admin_api::types::{FederationRule, ProjectApiKey, ServiceAccount, WorkloadIdentityProvider};

/// A service account, with the project it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub project_id: String,
    pub project_name: String,
    pub account: ServiceAccount,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeylessData {
    pub providers: Vec<WorkloadIdentityProvider>,
    pub rules: Vec<FederationRule>,
    pub accounts: Vec<Account>,
    /// Projects whose service accounts were read, of how many.
    pub checked: (usize, usize),
}

/// Days without use after a rule before the old keys' revoke is offered, unless the user
/// chooses otherwise (within `QUIET_RANGE`).
pub const QUIET_DAYS: u32 = 14;
pub const QUIET_RANGE: std::ops::RangeInclusive<u32> = 1..=365;

/// One old key seen from its account's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinceRule {
    /// Used after the rule was made: something still signs in with it.
    UsedAfter,
    /// Last used before the rule.
    QuietSince,
    /// Never used at all.
    NeverUsed,
}

impl SinceRule {
    pub fn of(last_used: Option<i64>, since: i64) -> Self {
        match last_used {
            Some(t) if t > since => Self::UsedAfter,
            Some(_) => Self::QuietSince,
            None => Self::NeverUsed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::UsedAfter => "used after the rule",
            Self::QuietSince => "not used since the rule",
            Self::NeverUsed => "never used",
        }
    }
}

/// Where a service account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SaState {
    /// Signs in through rules only: no key to leak.
    Keyless,
    /// Rules, and keys still there.
    Mixed,
    /// Keys only.
    KeyOnly,
    /// Neither: it cannot sign in at all.
    Idle,
}

impl SaState {
    pub fn of(rules: usize, keys: usize) -> Self {
        match (rules > 0, keys > 0) {
            (true, false) => Self::Keyless,
            (true, true) => Self::Mixed,
            (false, true) => Self::KeyOnly,
            (false, false) => Self::Idle,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Keyless => "keyless",
            Self::Mixed => "mixed",
            Self::KeyOnly => "key-only",
            Self::Idle => "no keys, no rules",
        }
    }
}

/// The rules that sign in as `service_account`.
pub fn rules_of<'a>(rules: &'a [FederationRule], service_account: &str) -> Vec<&'a FederationRule> {
    rules
        .iter()
        .filter(|r| r.service_account_id == service_account)
        .collect()
}

/// Since when the service account could sign in without a key: its oldest enabled rule.
pub fn keyless_since(rules: &[&FederationRule]) -> Option<i64> {
    rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| r.created_at)
        .min()
}

/// Whether every key has gone unused for `days` since `since` (the rule): then they can go.
/// A key used after the rule, or the rule younger than `days`, says not yet.
pub fn keys_can_go(keys: &[ProjectApiKey], since: i64, days: u32, now: i64) -> bool {
    let quiet_from = since.max(
        keys.iter()
            .filter_map(|k| k.last_used_at)
            .max()
            .unwrap_or(since),
    );
    !keys.is_empty() && now - quiet_from >= i64::from(days) * 86_400 && !used_since(keys, since)
}

/// Whether any key was used after `since`.
pub fn used_since(keys: &[ProjectApiKey], since: i64) -> bool {
    keys.iter()
        .any(|k| k.last_used_at.is_some_and(|t| t > since))
}

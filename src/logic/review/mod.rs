//! The Review: the organization checked against a written policy. Each check is a plain function
//! over plain facts (what the session read, reduced to what the checks need), so every one is
//! tested natively with a passing and a failing case. A check whose facts the key may not read
//! is "not checked", never passed. The score weighs the checks that ran by severity.

pub mod checks;
pub mod document;
pub mod policy;
pub mod reads;
pub mod report;
pub mod writes;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// What a fact set holds, or why it could not be read (then its checks are not checked).
pub type Known<T> = Result<T, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Self::Critical, Self::High, Self::Medium, Self::Low];

    pub fn label(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }

    /// Its weight in the score.
    pub fn weight(self) -> u32 {
        match self {
            Self::Critical => 10,
            Self::High => 5,
            Self::Medium => 3,
            Self::Low => 1,
        }
    }
}

/// A project API key, as the checks need it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyFact {
    pub id: String,
    pub name: String,
    pub project_id: String,
    pub project_name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    /// `Some(true)`: no scopes limit it, as the audit log tells; `None`: not known.
    pub all_permissions: Option<bool>,
    pub owner_left: bool,
    pub archived: bool,
    pub service_account: Option<String>,
}

/// An admin key, as the checks need it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdminKeyFact {
    pub id: String,
    pub name: String,
    /// Who owns it (a user's or a service account's ID), if the API says.
    pub owner: Option<String>,
    pub owner_gone: bool,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    /// The key this session is using.
    pub this_session: bool,
}

/// A member of the organization.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonFact {
    pub id: String,
    pub name: String,
    pub owner: bool,
    /// The last use of any key they own (project or admin), if any.
    pub last_key_use: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct InviteFact {
    pub id: String,
    pub email: String,
    pub pending: bool,
    /// Its status is expired, or its expiry has passed.
    pub expired: bool,
    pub created_at: i64,
}

/// A project's guard rails, as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RailFact {
    pub project_id: String,
    pub project_name: String,
    pub has_limit: bool,
    pub has_model_policy: bool,
    pub alert_at_or_above_limit: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CertificateFact {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub expires_at: Option<i64>,
}

/// A service account and how it signs in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountFact {
    pub id: String,
    pub name: String,
    pub project_name: String,
    pub key_only: bool,
}

/// Everything the checks look at. Each set is what was read, or why it was not.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub now: i64,
    pub keys: Known<Vec<KeyFact>>,
    pub admin_keys: Known<Vec<AdminKeyFact>>,
    pub people: Known<Vec<PersonFact>>,
    pub invites: Known<Vec<InviteFact>>,
    pub rails: Known<Vec<RailFact>>,
    /// Whether the organization has a spend limit.
    pub org_limit: Known<bool>,
    pub certificates: Known<Vec<CertificateFact>>,
    /// Whether a workload identity provider exists, and every service account.
    pub keyless: Known<(bool, Vec<AccountFact>)>,
}

impl Facts {
    /// Nothing read yet: every check not checked, for `why`.
    pub fn unread(now: i64, why: &str) -> Self {
        fn no<T>(why: &str) -> Known<T> {
            Err(why.to_owned())
        }
        Self {
            now,
            keys: no(why),
            admin_keys: no(why),
            people: no(why),
            invites: no(why),
            rails: no(why),
            org_limit: no(why),
            certificates: no(why),
            keyless: no(why),
        }
    }
}

/// One failing item: its ID and how it is named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub label: String,
}

/// A check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail {
        items: Vec<Item>,
    },
    /// The key may not read what it needs, or it was not read.
    NotChecked {
        why: String,
    },
    /// The policy switches it off, for this reason.
    Off {
        why: String,
    },
}

/// The score out of 100: the checks that ran, weighted by severity; `None` when none ran.
pub fn score(results: &[(Severity, &Outcome)]) -> Option<u32> {
    let (mut passed, mut total) = (0, 0);
    for (s, o) in results {
        match o {
            Outcome::Pass => {
                passed += s.weight();
                total += s.weight();
            }
            Outcome::Fail { .. } => total += s.weight(),
            Outcome::NotChecked { .. } | Outcome::Off { .. } => {}
        }
    }
    (total > 0).then(|| (passed * 100 + total / 2) / total)
}

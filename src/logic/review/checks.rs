//! Every Review check: a stable ID, a title, its own severity, why it matters, where its failing
//! items are listed, its fix where one exists, and the plain function that decides it.

use super::policy::Policy;
use super::{Facts, Item, Known, Outcome, Severity};
use crate::logic::keys::DAY;
use std::collections::HashMap;

/// What a failing check's fix does, as a reviewed job of the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Revoke the failing project keys (the bulk revoke review).
    RevokeKeys,
    /// Set a spend limit on the failing projects (the bulk guard rail review).
    SpendLimit,
    /// Set a model policy on the failing projects (the bulk guard rail review).
    ModelPolicy,
    /// Set an expiry on the failing project keys, their scopes kept (the Review's own run).
    SetExpiry,
    /// Revoke the failing admin keys (the Review's own run; this session's key asked twice).
    RevokeAdminKeys,
    /// Delete the failing invites (the Review's own run).
    DeleteInvites,
}

impl Fix {
    /// The fix's button, for `n` failing items.
    pub fn label(self, n: usize) -> String {
        match self {
            Self::RevokeKeys => format!("Fix: revoke {n}…"),
            Self::SpendLimit => format!("Fix: set a limit on {n}…"),
            Self::ModelPolicy => format!("Fix: set a model policy on {n}…"),
            Self::SetExpiry => format!("Fix: set an expiry on {n}…"),
            Self::RevokeAdminKeys => format!("Fix: revoke {n}…"),
            Self::DeleteInvites => format!("Fix: delete {n}…"),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Check {
    pub id: &'static str,
    pub area: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub why: &'static str,
    /// The view that lists what it looks at, filtered where a filter says exactly this.
    pub link: &'static str,
    pub fix: Option<Fix>,
    run: fn(&Facts, &Policy) -> Outcome,
}

impl Check {
    /// The result under `policy`: off when the policy says so, else what the facts show.
    pub fn run(&self, facts: &Facts, policy: &Policy) -> Outcome {
        match policy.off.get(self.id) {
            Some(why) => Outcome::Off { why: why.clone() },
            None => (self.run)(facts, policy),
        }
    }
}

/// Passes when `failing` is empty; not checked when the facts were not read.
fn over<T>(known: &Known<Vec<T>>, failing: impl Fn(&T) -> Option<Item>) -> Outcome {
    match known {
        Err(why) => Outcome::NotChecked { why: why.clone() },
        Ok(list) => {
            let items: Vec<Item> = list.iter().filter_map(failing).collect();
            if items.is_empty() {
                Outcome::Pass
            } else {
                Outcome::Fail { items }
            }
        }
    }
}

fn item(id: &str, label: String) -> Option<Item> {
    Some(Item {
        id: id.to_owned(),
        label,
    })
}

fn key_item(k: &super::KeyFact) -> Option<Item> {
    item(&k.id, format!("{} ({})", k.name, k.project_name))
}

fn admin_item(k: &super::AdminKeyFact) -> Option<Item> {
    item(&k.id, k.name.clone())
}

/// Unused for `days` at `now`: last used (or, never used, made) that long ago.
fn unused_for(last_used: Option<i64>, created: i64, days: u32, now: i64) -> bool {
    now - last_used.unwrap_or(created) >= i64::from(days) * DAY
}

/// Live keys only: an expired one no longer works.
fn live(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_none_or(|e| e > now)
}

pub const CHECKS: &[Check] = &[
    Check {
        id: "KEY-NO-EXPIRY",
        area: "Project keys",
        title: "Project keys with no expiry",
        severity: Severity::Medium,
        why: "A key that never expires works until someone remembers to revoke it.",
        link: "#/keys?finding=no-expiry",
        fix: Some(Fix::SetExpiry),
        run: |f, _| {
            over(&f.keys, |k| {
                k.expires_at.is_none().then(|| key_item(k)).flatten()
            })
        },
    },
    Check {
        id: "KEY-ALL-PERMISSIONS",
        area: "Project keys",
        title: "Project keys with all permissions",
        severity: Severity::High,
        why: "A key no scope limits can do anything its owner can: leaked, it is as good as the owner.",
        link: "#/keys?finding=all-permissions",
        fix: None,
        run: |f, _| {
            over(&f.keys, |k| {
                (k.all_permissions == Some(true))
                    .then(|| key_item(k))
                    .flatten()
            })
        },
    },
    Check {
        id: "KEY-AGE",
        area: "Project keys",
        title: "Project keys older than the policy's maximum age",
        severity: Severity::Medium,
        why: "Old keys have had the most chances to be copied into places nobody remembers.",
        link: "#/keys?sort=created",
        fix: None,
        run: |f, p| {
            let max = i64::from(p.max_key_age_days) * DAY;
            over(&f.keys, |k| {
                (live(k.expires_at, f.now) && f.now - k.created_at > max)
                    .then(|| key_item(k))
                    .flatten()
            })
        },
    },
    Check {
        id: "KEY-NEVER-USED",
        area: "Project keys",
        title: "Project keys never used, made over 7 days ago",
        severity: Severity::Medium,
        why: "A key nobody used in a week is likely not needed: it is only a risk.",
        link: "#/keys?finding=never",
        fix: Some(Fix::RevokeKeys),
        run: |f, _| {
            over(&f.keys, |k| {
                (k.last_used_at.is_none()
                    && live(k.expires_at, f.now)
                    && f.now - k.created_at > 7 * DAY)
                    .then(|| key_item(k))
                    .flatten()
            })
        },
    },
    Check {
        id: "KEY-UNUSED",
        area: "Project keys",
        title: "Project keys unused for the policy's days",
        severity: Severity::Medium,
        why: "A key that stopped being used still works: revoke it before it leaks.",
        link: "#/keys?finding=stale",
        fix: None,
        run: |f, p| {
            over(&f.keys, |k| {
                (k.last_used_at.is_some()
                    && live(k.expires_at, f.now)
                    && unused_for(k.last_used_at, k.created_at, p.unused_days, f.now))
                .then(|| key_item(k))
                .flatten()
            })
        },
    },
    Check {
        id: "KEY-OWNER-LEFT",
        area: "Project keys",
        title: "Project keys whose owner left the project",
        severity: Severity::High,
        why: "The key still works after its owner lost access: nobody answers for it.",
        link: "#/keys?finding=owner-left",
        fix: Some(Fix::RevokeKeys),
        run: |f, _| over(&f.keys, |k| k.owner_left.then(|| key_item(k)).flatten()),
    },
    Check {
        id: "KEY-ARCHIVED",
        area: "Project keys",
        title: "Project keys in archived projects",
        severity: Severity::Low,
        why: "An archived project's keys are kept for the record; any that still exist should not.",
        link: "#/keys?finding=archived",
        fix: None,
        run: |f, _| over(&f.keys, |k| k.archived.then(|| key_item(k)).flatten()),
    },
    Check {
        id: "KEY-SA-MANY",
        area: "Project keys",
        title: "Service accounts with more than one key",
        severity: Severity::Low,
        why: "A service account needs one key; the others are usually leftovers of a rotation.",
        link: "#/keys?finding=sa-many",
        fix: None,
        run: |f, _| {
            let Ok(keys) = &f.keys else {
                return over(&f.keys, |_| None);
            };
            let mut per: HashMap<&str, Vec<&super::KeyFact>> = HashMap::new();
            for k in keys {
                if let Some(sa) = &k.service_account {
                    per.entry(sa.as_str()).or_default().push(k);
                }
            }
            let mut items: Vec<Item> = per
                .into_iter()
                .filter(|(_, ks)| ks.len() > 1)
                .filter_map(|(sa, ks)| {
                    item(
                        sa,
                        format!("{sa} in {}: {} keys", ks[0].project_name, ks.len()),
                    )
                })
                .collect();
            items.sort_by(|a, b| a.id.cmp(&b.id));
            if items.is_empty() {
                Outcome::Pass
            } else {
                Outcome::Fail { items }
            }
        },
    },
    Check {
        id: "ADMIN-NEVER-USED",
        area: "Admin keys",
        title: "Admin keys never used",
        severity: Severity::High,
        why: "An admin key can do anything to the organization; one nobody uses should not exist.",
        link: "#/admin-keys",
        fix: Some(Fix::RevokeAdminKeys),
        run: |f, _| {
            over(&f.admin_keys, |k| {
                k.last_used_at.is_none().then(|| admin_item(k)).flatten()
            })
        },
    },
    Check {
        id: "ADMIN-UNUSED",
        area: "Admin keys",
        title: "Admin keys unused for 90 days",
        severity: Severity::High,
        why: "A forgotten admin key is the organization's most dangerous leftover.",
        link: "#/admin-keys",
        fix: Some(Fix::RevokeAdminKeys),
        run: |f, _| {
            over(&f.admin_keys, |k| {
                (k.last_used_at.is_some() && unused_for(k.last_used_at, k.created_at, 90, f.now))
                    .then(|| admin_item(k))
                    .flatten()
            })
        },
    },
    Check {
        id: "ADMIN-NO-EXPIRY",
        area: "Admin keys",
        title: "Admin keys with no expiry",
        severity: Severity::Medium,
        why: "An admin key that never expires outlives the reason it was made.",
        link: "#/admin-keys",
        fix: None,
        run: |f, _| {
            over(&f.admin_keys, |k| {
                k.expires_at.is_none().then(|| admin_item(k)).flatten()
            })
        },
    },
    Check {
        id: "ADMIN-OWNER-GONE",
        area: "Admin keys",
        title: "Admin keys whose owner left the organization",
        severity: Severity::Critical,
        why: "Whoever holds it can still run the organization, and nobody here answers for it.",
        link: "#/admin-keys",
        fix: Some(Fix::RevokeAdminKeys),
        run: |f, _| {
            over(&f.admin_keys, |k| {
                k.owner_gone.then(|| admin_item(k)).flatten()
            })
        },
    },
    Check {
        id: "ADMIN-PER-OWNER",
        area: "Admin keys",
        title: "Owners holding more than one admin key",
        severity: Severity::Medium,
        why: "One person needs one admin key; a second doubles what can leak.",
        link: "#/admin-keys",
        fix: None,
        run: |f, _| {
            let Ok(keys) = &f.admin_keys else {
                return over(&f.admin_keys, |_| None);
            };
            let mut per: HashMap<&str, usize> = HashMap::new();
            for k in keys {
                if let Some(o) = &k.owner {
                    *per.entry(o.as_str()).or_default() += 1;
                }
            }
            over(&Ok(keys.clone()), |k| {
                k.owner
                    .as_deref()
                    .filter(|o| per.get(o).is_some_and(|n| *n > 1))
                    .and_then(|_| admin_item(k))
            })
        },
    },
    Check {
        id: "ADMIN-COUNT",
        area: "Admin keys",
        title: "More admin keys than the policy allows",
        severity: Severity::Medium,
        why: "Every admin key is a way in to everything: keep as few as the work needs.",
        link: "#/admin-keys",
        fix: None,
        run: |f, p| match &f.admin_keys {
            Err(why) => Outcome::NotChecked { why: why.clone() },
            Ok(keys) if keys.len() as u64 > u64::from(p.max_admin_keys) => Outcome::Fail {
                items: keys.iter().filter_map(admin_item).collect(),
            },
            Ok(_) => Outcome::Pass,
        },
    },
    Check {
        id: "PEOPLE-OWNERS",
        area: "People",
        title: "More owners than the policy allows",
        severity: Severity::High,
        why: "Every owner can do anything, admin keys included: keep the few who must.",
        link: "#/people?finding=owners",
        fix: None,
        run: |f, p| match &f.people {
            Err(why) => Outcome::NotChecked { why: why.clone() },
            Ok(people) => {
                let owners: Vec<Item> = people
                    .iter()
                    .filter(|x| x.owner)
                    .filter_map(|x| item(&x.id, x.name.clone()))
                    .collect();
                if owners.len() as u64 > u64::from(p.max_owners) {
                    Outcome::Fail { items: owners }
                } else {
                    Outcome::Pass
                }
            }
        },
    },
    Check {
        id: "PEOPLE-IDLE-OWNERS",
        area: "People",
        title: "Owners with no recent key use",
        severity: Severity::Medium,
        why: "An owner who no longer works here, or no longer needs the role, is a standing risk.",
        link: "#/people?finding=owners",
        fix: None,
        run: |f, p| {
            over(&f.people, |x| {
                (x.owner
                    && x.last_key_use
                        .is_none_or(|t| f.now - t >= i64::from(p.unused_days) * DAY))
                .then(|| item(&x.id, x.name.clone()))
                .flatten()
            })
        },
    },
    Check {
        id: "INVITES-OLD",
        area: "People",
        title: "Invites pending over 7 days",
        severity: Severity::Low,
        why: "An invite nobody took can still be accepted by whoever reads that mailbox.",
        link: "#/invites?finding=stale",
        fix: None,
        run: |f, _| {
            over(&f.invites, |i| {
                (i.pending && f.now - i.created_at > 7 * DAY)
                    .then(|| item(&i.id, i.email.clone()))
                    .flatten()
            })
        },
    },
    Check {
        id: "INVITES-EXPIRED",
        area: "People",
        title: "Expired invites still listed",
        severity: Severity::Low,
        why: "An expired invite can no longer be taken, but it clutters the list an audit reads; delete it.",
        link: "#/invites?finding=expired",
        fix: Some(Fix::DeleteInvites),
        run: |f, _| {
            over(&f.invites, |i| {
                i.expired.then(|| item(&i.id, i.email.clone())).flatten()
            })
        },
    },
    Check {
        id: "RAILS-LIMIT",
        area: "Guard rails",
        title: "Projects without a spend limit",
        severity: Severity::High,
        why: "A leaked or runaway key can spend without end.",
        link: "#/spend?finding=no-limit",
        fix: Some(Fix::SpendLimit),
        run: |f, p| {
            if !p.require_spend_limit {
                return Outcome::Off {
                    why: "The policy does not require a spend limit.".into(),
                };
            }
            over(&f.rails, |r| {
                (!r.has_limit)
                    .then(|| item(&r.project_id, r.project_name.clone()))
                    .flatten()
            })
        },
    },
    Check {
        id: "RAILS-MODELS",
        area: "Guard rails",
        title: "Projects without a model policy",
        severity: Severity::Medium,
        why: "Their keys may call every model, the most expensive too.",
        link: "#/spend?finding=no-model-policy",
        fix: Some(Fix::ModelPolicy),
        run: |f, p| {
            if !p.require_model_policy {
                return Outcome::Off {
                    why: "The policy does not require a model policy.".into(),
                };
            }
            over(&f.rails, |r| {
                (!r.has_model_policy)
                    .then(|| item(&r.project_id, r.project_name.clone()))
                    .flatten()
            })
        },
    },
    Check {
        id: "RAILS-ALERTS",
        area: "Guard rails",
        title: "Alerts at or above a project's limit",
        severity: Severity::Low,
        why: "Spending stops before such an alert can be sent: nobody is warned.",
        link: "#/spend?finding=alert-never-fires",
        fix: None,
        run: |f, _| {
            over(&f.rails, |r| {
                r.alert_at_or_above_limit
                    .then(|| item(&r.project_id, r.project_name.clone()))
                    .flatten()
            })
        },
    },
    Check {
        id: "RAILS-ORG-LIMIT",
        area: "Guard rails",
        title: "No organization spend limit",
        severity: Severity::High,
        why: "Without one, the projects' limits are the only ceiling, and projects without one have none.",
        link: "#/spend",
        fix: None,
        run: |f, _| match &f.org_limit {
            Err(why) => Outcome::NotChecked { why: why.clone() },
            Ok(true) => Outcome::Pass,
            Ok(false) => Outcome::Fail {
                items: vec![Item {
                    id: "organization".into(),
                    label: "The organization".into(),
                }],
            },
        },
    },
    Check {
        id: "CERT-EXPIRING",
        area: "Certificates",
        title: "Active certificates expiring within 30 days",
        severity: Severity::Medium,
        why: "Once it expires, whatever signs in with it stops working.",
        link: "#/certificates?finding=expiring",
        fix: None,
        run: |f, _| {
            over(&f.certificates, |c| {
                (c.active
                    && c.expires_at
                        .is_some_and(|e| e > f.now && e - f.now <= 30 * DAY))
                .then(|| item(&c.id, c.name.clone()))
                .flatten()
            })
        },
    },
    Check {
        id: "KEYLESS-KEY-ONLY",
        area: "Keyless",
        title: "Key-only service accounts where a provider already exists",
        severity: Severity::Low,
        why: "A workload identity provider is in place: these accounts could sign in with no stored key.",
        link: "#/keyless?finding=key-only",
        fix: None,
        run: |f, _| match &f.keyless {
            Err(why) => Outcome::NotChecked { why: why.clone() },
            Ok((false, _)) => Outcome::Pass,
            Ok((true, accounts)) => over(&Ok(accounts.clone()), |a| {
                a.key_only
                    .then(|| item(&a.id, format!("{} ({})", a.name, a.project_name)))
                    .flatten()
            }),
        },
    },
];

/// Every check's result under `policy`, in the table's order.
pub fn run_all(facts: &Facts, policy: &Policy) -> Vec<(&'static Check, Severity, Outcome)> {
    CHECKS
        .iter()
        .map(|c| {
            (
                c,
                policy.severity_of(c.id, c.severity),
                c.run(facts, policy),
            )
        })
        .collect()
}

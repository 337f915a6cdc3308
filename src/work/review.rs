//! What the Review reads, owned by the session: the lists the checks need beyond the inventory,
//! the permissions and the guard rails (which the session holds already). Read once, and again
//! only when a write marked one of their topics stale: opening the Review again costs nothing.
//! Then every fact set is reduced to the plain facts `logic::review` checks.

use crate::logic::admin_keys::{self, Current};
use crate::logic::findings::{Finding, Thresholds, of as key_findings};
use crate::logic::keyless::{SaState, rules_of};
use crate::logic::people::findings::invite_status;
use crate::logic::review::reads::{Reads, ReviewState};
use crate::logic::review::{
    AccountFact, AdminKeyFact, CertificateFact, Facts, InviteFact, KeyFact, Known, PersonFact,
    RailFact,
};
use crate::session::Session;
use crate::session::cache::Topic;
use crate::work::keyless;
use crate::work::{guard_rails, inventory, permissions};
use admin_api::types::CertScope;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The topics the Review's own reads depend on.
pub const TOPICS: [Topic; 5] = [
    Topic::AdminKeys,
    Topic::OrgUsers,
    Topic::Invites,
    Topic::Certificates,
    Topic::Keyless,
];

fn said<T>(r: Result<T, admin_api::ApiError>) -> Known<T> {
    r.map_err(|e| e.summary())
}

/// Starts what the Review needs: the scan, the permissions, the guard rails, and its own reads
/// unless they are current.
pub fn ensure(session: Session) {
    inventory::ensure(session);
    permissions::ensure(session);
    guard_rails::ensure(session);
    let now: Vec<u32> = TOPICS.iter().map(|t| session.cache.current(t)).collect();
    let go = session.review.try_update_untracked(|r| {
        let current = r.reads.is_some() && r.versions == now;
        if r.running || current {
            return false;
        }
        r.running = true;
        true
    });
    if go != Some(true) {
        return;
    }
    let Some(api) = session.api() else { return };
    spawn_local(async move {
        let admin = api.all_admin_keys().await;
        let this_session = match &admin {
            Ok(keys) => admin_keys::current_marks(keys, |r| api.key().matches_redacted(r)),
            Err(_) => Vec::new(),
        };
        let reads = Reads {
            admin_keys: said(admin),
            this_session,
            users: said(api.all_org_users().await),
            invites: said(api.all_invites().await),
            certificates: said(api.all_certificates(CertScope::Organization).await),
            keyless: said(keyless::load(session, &api).await),
        };
        // The organization's own limit, unless the Spend page read it already.
        if session.guard.try_with_untracked(|g| g.org.limit.is_none()) == Some(true) {
            let org = guard_rails::read_org(&api).await;
            if session.is_live() {
                guard_rails::org_read(session, &org);
            }
        }
        if session.is_live() {
            session.review.try_set(ReviewState {
                reads: Some(Arc::new(reads)),
                versions: now,
                running: false,
            });
        }
    });
}

/// Reads the Review's own facts again now (after a read failed), whatever their versions say.
pub fn read_again(session: Session) {
    session.review.try_update_untracked(|r| r.versions.clear());
    ensure(session);
}

/// The admin keys this session may be using, as the Review read them.
pub fn session_admin_keys(session: Session) -> Vec<String> {
    session.review.with_untracked(|r| {
        let Some(reads) = r.reads.as_deref() else {
            return Vec::new();
        };
        let Ok(keys) = &reads.admin_keys else {
            return Vec::new();
        };
        keys.iter()
            .zip(&reads.this_session)
            .filter(|(_, mark)| mark.ends_session())
            .map(|(k, _)| k.id.clone())
            .collect()
    })
}

/// The facts the checks see, from the session's state and the Review's reads (reactive: call it
/// in a memo). `unused_days`: the policy's, so the keys' findings match the tables'.
pub fn facts(session: Session, reads: Option<&Reads>, unused_days: u32, now: i64) -> Facts {
    let mut f = Facts::unread(now, "Not read yet.");
    f.keys = key_facts(session, unused_days, now);
    let Some(r) = reads else {
        rail_facts(session, &mut f);
        return f;
    };
    let members: Option<HashSet<String>> = r
        .users
        .as_ref()
        .ok()
        .map(|u| u.iter().map(|x| x.id.clone()).collect());
    f.admin_keys = r.admin_keys.clone().map(|keys| {
        keys.iter()
            .zip(r.this_session.iter().chain(std::iter::repeat(&Current::No)))
            .map(|(k, mark)| AdminKeyFact {
                id: k.id.clone(),
                name: k.display_name().to_owned(),
                owner: k.owner.id.clone(),
                owner_gone: admin_keys::findings(k, members.as_ref(), now)
                    .contains(&admin_keys::AdminFinding::OwnerGone),
                created_at: k.created_at,
                last_used_at: k.last_used_at,
                expires_at: k.expires_at,
                this_session: mark.ends_session(),
            })
            .collect()
    });
    f.people = r.users.clone().map(|users| {
        // A person's last key use: their project keys (from the inventory) and admin keys.
        let mut last: HashMap<String, i64> = HashMap::new();
        let mut note = |who: Option<&String>, t: Option<i64>| {
            if let (Some(w), Some(t)) = (who, t) {
                let e = last.entry(w.clone()).or_insert(t);
                *e = (*e).max(t);
            }
        };
        session.inventory.with(|inv| {
            for part in inv.parts.values() {
                for k in &part.keys {
                    note(k.owner.user.as_ref().map(|u| &u.id), k.last_used_at);
                }
            }
        });
        if let Ok(keys) = &r.admin_keys {
            for k in keys {
                note(k.owner.id.as_ref(), k.last_used_at);
            }
        }
        users
            .iter()
            .map(|u| PersonFact {
                id: u.id.clone(),
                name: u
                    .name
                    .clone()
                    .or_else(|| u.email.clone())
                    .unwrap_or_else(|| u.id.clone()),
                owner: u.role.as_deref() == Some("owner"),
                last_key_use: last.get(&u.id).copied(),
            })
            .collect()
    });
    f.invites = r.invites.clone().map(|list| {
        list.iter()
            .map(|i| InviteFact {
                id: i.id.clone(),
                email: i.email.clone(),
                pending: invite_status(i, now) == "pending",
                expired: invite_status(i, now) == "expired",
                created_at: i.created_at,
            })
            .collect()
    });
    f.certificates = r.certificates.clone().map(|list| {
        list.iter()
            .map(|c| CertificateFact {
                id: c.id.clone(),
                name: c.name.clone().unwrap_or_else(|| c.id.clone()),
                active: c.active.unwrap_or(false),
                expires_at: c.certificate_details.expires_at,
            })
            .collect()
    });
    f.keyless = r.keyless.clone().map(|d| {
        let accounts = d
            .accounts
            .iter()
            .map(|a| {
                let keys = keyless::keys_of(session, &a.project_id, &a.account.id).len();
                AccountFact {
                    id: a.account.id.clone(),
                    name: a.account.name.clone(),
                    project_name: a.project_name.clone(),
                    key_only: SaState::of(rules_of(&d.rules, &a.account.id).len(), keys)
                        == SaState::KeyOnly,
                }
            })
            .collect();
        (!d.providers.is_empty(), accounts)
    });
    rail_facts(session, &mut f);
    f
}

/// Every project key, once the scan has read them all.
fn key_facts(session: Session, unused_days: u32, now: i64) -> Known<Vec<KeyFact>> {
    let t = Thresholds {
        unused_days,
        ..Thresholds::default()
    };
    session.permissions.with(|perms| {
        session.inventory.with(|inv| {
            if let Some(e) = &inv.listing_error {
                return Err(e.summary());
            }
            let (done, total, _) = inv.progress();
            if inv.running || inv.projects.is_empty() {
                return Err(format!(
                    "The key scan is still running ({done} of {total} projects)."
                ));
            }
            if done < total {
                return Err(format!(
                    "Only {done} of {total} projects' keys were read: Retry the scan."
                ));
            }
            let mut out = Vec::new();
            for p in inv.projects.iter() {
                let Some(part) = inv.parts.get(&p.id) else {
                    continue;
                };
                for k in &part.keys {
                    let sa = k.owner.service_account.as_ref().map(|s| s.id.clone());
                    let sa_keys = sa.as_ref().map_or(0, |s| part.of_service_account(s));
                    let found = key_findings(k, p.is_archived(), sa_keys, perms.of(&k.id), t, now);
                    out.push(KeyFact {
                        id: k.id.clone(),
                        name: k.name.clone(),
                        project_id: p.id.clone(),
                        project_name: p.display_name().to_owned(),
                        created_at: k.created_at,
                        last_used_at: k.last_used_at,
                        expires_at: k.expires_at,
                        all_permissions: perms
                            .of(&k.id)
                            .map(|_| found.has(Finding::AllPermissions)),
                        owner_left: found.has(Finding::OwnerLeft),
                        archived: p.is_archived(),
                        service_account: sa,
                    });
                }
            }
            Ok(out)
        })
    })
}

/// The projects' guard rails and the organization's limit, once read.
fn rail_facts(session: Session, f: &mut Facts) {
    use crate::logic::guard_rails::findings::{RailFinding, of};
    session.guard.with(|g| {
        if let Some(e) = &g.error {
            f.rails = Err(e.summary());
            f.org_limit = Err(e.summary());
            return;
        }
        if !g.loaded || g.running {
            let why = format!(
                "Guard rails are still being read ({} of {} projects).",
                g.done,
                g.rows.len()
            );
            f.rails = Err(why.clone());
            f.org_limit = Err(why);
            return;
        }
        let org = g.org.limit_cents();
        f.rails = Ok(g
            .rows
            .iter()
            .filter(|r| !r.project.is_archived())
            .map(|r| {
                let found = of(r, org);
                RailFact {
                    project_id: r.project.id.clone(),
                    project_name: r.project.display_name().to_owned(),
                    has_limit: !found.contains(&RailFinding::NoLimit),
                    has_model_policy: !found.contains(&RailFinding::NoModelPolicy),
                    alert_at_or_above_limit: found.contains(&RailFinding::AlertNeverFires),
                }
            })
            .collect());
        f.org_limit = match &g.org.limit {
            Some(Ok(l)) => Ok(l.is_some()),
            Some(Err(why)) => Err(why.clone()),
            None => Err("Not read yet.".into()),
        };
    });
}

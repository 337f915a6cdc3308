//! The organization's state and the operations on it, independent of HTTP.

use crate::rng::Rng;
use admin_api::Secret;
use admin_api::types::*;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// Behaviour switches, for the spec/SDK differences and for tests.
#[derive(Clone, Debug, Default)]
pub struct OrgOptions {
    /// The 2026-08 spec refused `DELETE …/api_keys/{id}` for service-account keys (400);
    /// SDK 3.54 allows it. Default: the SDK's behaviour.
    pub refuse_service_account_key_delete: bool,
    /// The organization never turned audit logging on: the audit log answers 403.
    pub audit_logging_disabled: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct OrgUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub created_at: i64,
    /// `owner` or `reader`.
    pub role: String,
}

/// An admin key and how it is presented: `None` is the organization's `admin_key` (tests may
/// change it), `Some` a key created later (its secret, so the emulator can accept it).
#[derive(Clone, Debug)]
pub(crate) struct AdminKeyRec {
    pub key: AdminApiKey,
    pub secret: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct KeyRec {
    pub key: ProjectApiKey,
    /// Not part of the API's key object; kept to answer like the real thing and for the audit log.
    pub scopes: Vec<String>,
    pub seq: u64,
    /// The last use its usage buckets were generated up to. Starts as `last_used_at`; only a
    /// test moves the two apart (the real API's fields may disagree).
    pub used_until: Option<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct ProjectRec {
    pub project: Project,
    pub seq: u64,
    pub keys: Vec<KeyRec>,
    pub service_accounts: Vec<(ServiceAccount, u64)>,
    pub users: Vec<(ProjectUser, u64)>,
    pub rate_limits: Vec<RateLimit>,
    pub guard: GuardRails,
}

/// What a project (or, where it applies, the organization) may spend, call and keep.
#[derive(Clone, Debug)]
pub(crate) struct GuardRails {
    /// The hard monthly limit, in cents.
    pub spend_limit: Option<i64>,
    pub spend_alerts: Vec<(SpendAlert, u64)>,
    /// `None`: every model.
    pub models: Option<ModelPermissions>,
    pub tools: HostedToolPermissions,
    /// Its wire name: `organization_default` for a project that follows the organization.
    pub retention: String,
    pub tiers: ServiceTierSettings,
}

impl GuardRails {
    pub fn new(retention: &str) -> Self {
        Self {
            spend_limit: None,
            spend_alerts: Vec::new(),
            models: None,
            tools: HostedToolPermissions::default(),
            retention: retention.into(),
            tiers: ServiceTierSettings {
                object: "project.service_tier_settings".into(),
                default: "standard".into(),
                enabled_tiers: EnabledTiers::default(),
            },
        }
    }
}

/// An OpenAI organization in memory.
pub struct Org {
    /// The admin key it accepts.
    pub admin_key: String,
    /// An admin key restricted to `api.management.read`.
    pub read_only_key: Option<String>,
    /// The clock, in Unix seconds; the caller moves it.
    pub now: i64,
    pub options: OrgOptions,
    pub(crate) projects: Vec<ProjectRec>,
    /// The organization's own limit, alerts and retention (its models, tools and tiers unused).
    pub(crate) guard: GuardRails,
    pub(crate) users: Vec<OrgUser>,
    pub(crate) people: crate::people::People,
    pub(crate) keyless: crate::keyless::Keyless,
    /// Every admin key, the one in `admin_key` first.
    pub(crate) admin_keys: Vec<AdminKeyRec>,
    /// Oldest first; listed newest first.
    pub(crate) audit: Vec<(AuditLog, u64)>,
    /// Sequence number of every ID ever issued, so a cursor stays valid after its object is deleted.
    pub(crate) seqs: HashMap<String, u64>,
    next_seq: u64,
    pub(crate) rng: Rng,
    pub(crate) owner_email: String,
    /// Requests answered, for their `x-request-id`.
    pub(crate) requests: u64,
}

impl Org {
    /// An empty organization with only the default project.
    pub fn new(admin_key: impl Into<String>, now: i64, seed: u64) -> Self {
        let mut org = Self {
            admin_key: admin_key.into(),
            read_only_key: None,
            now,
            options: OrgOptions::default(),
            projects: Vec::new(),
            guard: GuardRails::new("modified_abuse_monitoring"),
            users: Vec::new(),
            people: crate::people::People::default(),
            keyless: crate::keyless::Keyless::default(),
            admin_keys: Vec::new(),
            audit: Vec::new(),
            seqs: HashMap::new(),
            next_seq: 1,
            rng: Rng::new(seed),
            owner_email: "owner@example.com".into(),
            requests: 0,
        };
        org.seed_predefined_roles();
        org.insert_project("Default project", now - 400 * 86_400, false);
        let owner = OrgUser {
            id: "user_owner".into(),
            name: "Organization owner".into(),
            email: org.owner_email.clone(),
            created_at: now - 800 * 86_400,
            role: "owner".into(),
        };
        org.seq(&owner.id);
        org.users.push(owner);
        org.insert_admin_key(
            "Keyward",
            None,
            "user_owner",
            now - 60 * 86_400,
            Some(now),
            None,
        );
        org
    }

    /// Adds an admin key owned by `owner_id`, and returns it as the API lists it.
    pub(crate) fn insert_admin_key(
        &mut self,
        name: &str,
        secret: Option<String>,
        owner_id: &str,
        created_at: i64,
        last_used_at: Option<i64>,
        expires_at: Option<i64>,
    ) -> AdminApiKey {
        let id = self.new_id("key_", 16);
        self.seq(&id);
        let shown = secret.as_deref().unwrap_or(&self.admin_key).to_owned();
        let tail = &shown[shown.len().saturating_sub(4)..];
        let owner = self.users.iter().find(|u| u.id == owner_id);
        let key = AdminApiKey {
            object: "organization.admin_api_key".into(),
            id,
            name: Some(name.into()),
            redacted_value: format!("sk-admin...{tail}"),
            created_at,
            last_used_at,
            expires_at,
            owner: AdminKeyOwner {
                id: Some(owner_id.into()),
                name: Some(owner.map_or_else(|| "Former owner".to_owned(), |u| u.name.clone())),
                // A departed owner is still described (the API keeps the key's owner).
                created_at: Some(owner.map_or(created_at - 86_400, |u| u.created_at)),
                object: Some("organization.user".into()),
                role: Some("owner".into()),
                kind: Some("user".into()),
            },
        };
        self.admin_keys.push(AdminKeyRec {
            key: key.clone(),
            secret,
        });
        key
    }

    /// Whether `token` is one of the organization's admin keys; marks it used now.
    pub(crate) fn admin_key_in_use(&mut self, token: &str) -> bool {
        let (primary, now) = (self.admin_key.clone(), self.now);
        match self.admin_keys.iter_mut().find(|r| match &r.secret {
            None => token == primary,
            Some(s) => s == token,
        }) {
            Some(r) => {
                r.key.last_used_at = Some(now);
                true
            }
            None => false,
        }
    }

    pub(crate) fn seq(&mut self, id: &str) -> u64 {
        let s = self.next_seq;
        self.next_seq += 1;
        self.seqs.insert(id.to_owned(), s);
        s
    }

    pub(crate) fn new_id(&mut self, prefix: &str, len: usize) -> String {
        loop {
            let id = format!("{prefix}{}", self.rng.alnum(len));
            if !self.seqs.contains_key(&id) {
                return id;
            }
        }
    }

    pub(crate) fn project_index(&self, id: &str) -> Option<usize> {
        self.projects.iter().position(|p| p.project.id == id)
    }

    pub fn project_ids(&self) -> Vec<String> {
        self.projects.iter().map(|p| p.project.id.clone()).collect()
    }

    /// Every key ID in a project (for tests and tools).
    pub fn key_ids(&self, project_id: &str) -> Vec<String> {
        self.project_index(project_id)
            .map(|i| {
                self.projects[i]
                    .keys
                    .iter()
                    .map(|k| k.key.id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn key_count(&self) -> usize {
        self.projects.iter().map(|p| p.keys.len()).sum()
    }

    /// The scopes a key currently has (`[]` = all permissions).
    pub fn key_scopes(&self, project_id: &str, key_id: &str) -> Option<Vec<String>> {
        let p = &self.projects[self.project_index(project_id)?];
        p.keys
            .iter()
            .find(|k| k.key.id == key_id)
            .map(|k| k.scopes.clone())
    }

    /// Sets a key's scopes as if it had been created with them.
    pub(crate) fn set_scopes(&mut self, pi: usize, key_id: &str, scopes: Vec<String>) {
        if let Some(k) = self.projects[pi]
            .keys
            .iter_mut()
            .find(|k| k.key.id == key_id)
        {
            k.scopes = scopes;
        }
    }

    /// Adds an active project (tests, tools); returns its ID.
    pub fn add_project(&mut self, name: &str) -> String {
        self.insert_project(name, self.now - 86_400 * 30, false)
    }

    /// Puts a key whose name or owner is chosen by a test (e.g. hostile strings).
    pub fn add_user_key(
        &mut self,
        project_id: &str,
        name: &str,
        owner_name: &str,
        last_used_at: Option<i64>,
    ) -> Option<String> {
        let pi = self.project_index(project_id)?;
        let user = self.add_org_user(owner_name, "someone@example.com", self.now - 86_400 * 100);
        self.add_project_member(pi, &user, "member");
        let created = self.now - 86_400 * 10;
        Some(self.add_key(pi, name, KeyOwner::User(user), created, last_used_at, None))
    }

    pub(crate) fn add_org_user(&mut self, name: &str, email: &str, created_at: i64) -> OrgUser {
        let id = self.new_id("user_", 24);
        self.seq(&id);
        let u = OrgUser {
            id,
            name: name.into(),
            email: email.into(),
            created_at,
            role: "reader".into(),
        };
        self.users.push(u.clone());
        u
    }

    pub(crate) fn add_project_member(&mut self, pi: usize, user: &OrgUser, role: &str) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let added_at = user.created_at.max(self.projects[pi].project.created_at);
        self.projects[pi].users.push((
            ProjectUser {
                object: "organization.project.user".into(),
                id: user.id.clone(),
                name: Some(user.name.clone()),
                email: Some(user.email.clone()),
                role: role.into(),
                added_at,
            },
            seq,
        ));
    }

    pub(crate) fn add_service_account(
        &mut self,
        pi: usize,
        name: &str,
        role: &str,
        created_at: i64,
    ) -> ServiceAccount {
        let id = self.new_id("svc_acct_", 24);
        let seq = self.seq(&id);
        let sa = ServiceAccount {
            object: "organization.project.service_account".into(),
            id,
            name: name.into(),
            role: role.into(),
            created_at,
        };
        self.projects[pi].service_accounts.push((sa.clone(), seq));
        sa
    }

    /// Adds a key and returns its ID; the secret itself is never stored.
    pub(crate) fn add_key(
        &mut self,
        pi: usize,
        name: &str,
        owner: KeyOwner,
        created_at: i64,
        last_used_at: Option<i64>,
        expires_at: Option<i64>,
    ) -> String {
        let id = self.new_id("key_", 16);
        let seq = self.seq(&id);
        let (prefix, owner) = match owner {
            KeyOwner::User(u) => (
                "sk-proj-",
                Owner {
                    kind: Some(OwnerType::User),
                    user: Some(OwnerUser {
                        id: u.id,
                        email: Some(u.email),
                        name: Some(u.name),
                        created_at: Some(u.created_at),
                        role: Some("member".into()),
                    }),
                    service_account: None,
                },
            ),
            KeyOwner::ServiceAccount(sa) => (
                "sk-svcacct-",
                Owner {
                    kind: Some(OwnerType::ServiceAccount),
                    user: None,
                    service_account: Some(OwnerServiceAccount {
                        id: sa.id,
                        name: Some(sa.name),
                        created_at: Some(sa.created_at),
                        role: Some(sa.role),
                    }),
                },
            ),
        };
        let redacted = format!("{prefix}{}...{}", self.rng.alnum(2), self.rng.alnum(4));
        let key = ProjectApiKey {
            object: API_KEY_OBJECT.into(),
            id: id.clone(),
            name: name.into(),
            redacted_value: redacted,
            created_at,
            last_used_at,
            owner_project_access: OwnerAccess::Active,
            owner: owner.into(),
            expires_at,
        };
        self.projects[pi].keys.push(KeyRec {
            key,
            scopes: Vec::new(),
            seq,
            used_until: last_used_at,
        });
        id
    }

    /// A key as the API shows it now: owner access is computed from current membership.
    pub(crate) fn key_view(&self, pi: usize, rec: &KeyRec) -> ProjectApiKey {
        let p = &self.projects[pi];
        let mut key = rec.key.clone();
        let active = if let Some(u) = &key.owner.user {
            p.users.iter().any(|(pu, _)| pu.id == u.id)
        } else if let Some(sa) = &key.owner.service_account {
            p.service_accounts.iter().any(|(s, _)| s.id == sa.id)
        } else {
            false
        };
        key.owner_project_access = if active && p.project.archived_at.is_none() {
            OwnerAccess::Active
        } else {
            OwnerAccess::Inactive
        };
        key
    }

    /// Moves what the API reports as a key's last use, leaving its traffic as it was: the two
    /// then disagree, as they may on the real API. False when there is no such key.
    pub fn set_last_used(&mut self, project_id: &str, key_id: &str, at: Option<i64>) -> bool {
        let Some(pi) = self.project_index(project_id) else {
            return false;
        };
        match self.projects[pi]
            .keys
            .iter_mut()
            .find(|k| k.key.id == key_id)
        {
            Some(k) => {
                k.key.last_used_at = at;
                true
            }
            None => false,
        }
    }

    /// Removes a user from a project (their keys stay, with `owner_project_access: inactive`).
    pub fn remove_project_member(&mut self, project_id: &str, user_id: &str) -> bool {
        let Some(pi) = self.project_index(project_id) else {
            return false;
        };
        let before = self.projects[pi].users.len();
        self.projects[pi].users.retain(|(u, _)| u.id != user_id);
        before != self.projects[pi].users.len()
    }

    pub(crate) fn admin_actor(&self) -> AuditActor {
        AuditActor {
            kind: Some("api_key".into()),
            session: None,
            api_key: Some(ActorApiKey {
                id: Some("key_admin_keyward".into()),
                kind: Some("user".into()),
                user: Some(ActorUser {
                    id: Some("user_owner".into()),
                    email: Some(self.owner_email.clone()),
                }),
                service_account: None,
            }),
        }
    }

    /// Appends an audit event, stamped with the project it was scoped to (`scope`, a project
    /// index; `None`: not scoped to a project). Actions taken with an admin key belong to the
    /// default project, as the spec says.
    pub(crate) fn audit(
        &mut self,
        kind: &str,
        effective_at: i64,
        actor: AuditActor,
        details: Value,
        scope: Option<usize>,
    ) {
        let id = self.new_id("audit_log-", 20);
        let seq = self.seq(&id);
        let by_api_key = actor.kind.as_deref() == Some("api_key");
        let project = if by_api_key { Some(0) } else { scope }
            .and_then(|pi| self.projects.get(pi))
            .map(|p| AuditProject {
                id: p.project.id.clone(),
                name: p.project.name.clone(),
            });
        let mut map = Map::new();
        map.insert(kind.to_owned(), details);
        self.audit.push((
            AuditLog {
                id,
                kind: kind.to_owned(),
                effective_at,
                project,
                actor: Some(actor),
                details: map,
            },
            seq,
        ));
    }

    /// An audit event for a change made now through the admin key.
    pub(crate) fn audit_admin(&mut self, kind: &str, details: Value, scope: Option<usize>) {
        let actor = self.admin_actor();
        self.audit(kind, self.now, actor, details, scope);
    }

    pub fn audit_len(&self) -> usize {
        self.audit.len()
    }

    /// Creates a service-account key and returns the one-time secret.
    pub(crate) fn create_sa_key(
        &mut self,
        pi: usize,
        sa: &ServiceAccount,
        name: &str,
        scopes: Vec<String>,
        expires_in: Option<i64>,
    ) -> NewKeySecret {
        let now = self.now;
        let expires_at = expires_in.map(|s| now + s);
        let id = self.add_key(
            pi,
            name,
            KeyOwner::ServiceAccount(sa.clone()),
            now,
            None,
            expires_at,
        );
        let secret = format!("sk-svcacct-{}", self.rng.alnum(48));
        if let Some(rec) = self.projects[pi].keys.last_mut() {
            rec.key.redacted_value = format!(
                "sk-svcacct-{}...{}",
                &secret[11..13],
                &secret[secret.len() - 4..]
            );
            rec.scopes = scopes.clone();
        }
        self.audit(
            "api_key.created",
            now,
            self.admin_actor(),
            json!({"id": id, "data": {"scopes": scopes}}),
            Some(pi),
        );
        NewKeySecret {
            object: "organization.project.service_account.api_key".into(),
            id,
            name: name.into(),
            created_at: now,
            value: Secret::new(secret),
            expires_at,
        }
    }
}

pub(crate) enum KeyOwner {
    User(OrgUser),
    ServiceAccount(ServiceAccount),
}

/// Whose guard rails a request reads or changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Org,
    Project(usize),
}

impl Scope {
    /// The `object` prefix the API gives this scope's guard rails.
    pub fn prefix(self) -> &'static str {
        match self {
            Scope::Org => "organization",
            Scope::Project(_) => "project",
        }
    }
}

//! A deterministic, seeded generator of realistic organizations.

use crate::org::{KeyOwner, Org};
use admin_api::types::{ActorSession, ActorUser, AuditActor};
use serde_json::json;

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenSpec {
    pub seed: u64,
    /// Projects besides the default project.
    pub projects: usize,
    /// Keys per project; `None` varies between 0 and 40.
    pub keys_per_project: Option<usize>,
    pub now: i64,
}

impl Default for GenSpec {
    fn default() -> Self {
        Self {
            seed: 7,
            projects: 12,
            keys_per_project: None,
            now: 1_795_000_000,
        }
    }
}

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Frances",
    "Guido",
    "Radia",
    "Tim",
    "Katherine",
    "Edsger",
    "Hedy",
    "Donald",
    "Shafi",
    "Leslie",
    "Yukihiro",
    "Sophie",
    "José",
    "Zoë",
    "Ngozi",
    "Priya",
    "Mateus",
    "Aiko",
    "Søren",
    "Fatima",
    "Chidi",
    "Ingrid",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "van Rossum",
    "Perlman",
    "Berners-Lee",
    "Johnson",
    "Dijkstra",
    "Lamarr",
    "Knuth",
    "Goldwasser",
    "Lamport",
    "Matsumoto",
    "Wilson",
    "Núñez",
    "Ødegaard",
    "Okonkwo",
    "Raman",
    "Silva",
    "Tanaka",
    "Kierkegaard",
    "Haddad",
    "Eze",
    "Bergström",
];
/// Names in other scripts, kept whole (their email uses a transliteration).
const UNICODE_PEOPLE: &[(&str, &str)] = &[
    ("王芳", "wang.fang"),
    ("Анна Петрова", "anna.petrova"),
    ("محمد الأحمد", "m.alahmad"),
    ("김민준", "minjun.kim"),
    ("Δημήτρης Παπαδόπουλος", "d.papadopoulos"),
];
const PROJECT_A: &[&str] = &[
    "Checkout",
    "Support",
    "Search",
    "Billing",
    "Growth",
    "Mobile",
    "Data",
    "Onboarding",
    "Internal",
    "Fraud",
    "Docs",
    "Sales",
    "Research",
    "Marketing",
    "Voice",
];
const PROJECT_B: &[&str] = &[
    "Assistant",
    "Bot",
    "Pipeline",
    "Copilot",
    "Agent",
    "Summaries",
    "Classifier",
    "Playground",
    "Evals",
    "Backend",
    "Sandbox",
    "Labs",
];
const KEY_NAMES: &[&str] = &[
    "prod-backend",
    "staging",
    "local dev",
    "notebook",
    "CI",
    "Zapier integration",
    "batch-jobs",
    "eval-runner",
    "ios-app",
    "android-app",
    "cron: nightly summaries",
    "hackathon",
    "Secret Key",
    "my test key",
    "data-export",
    "webhook worker",
    "retool",
    "support-macros",
];
const SA_NAMES: &[&str] = &[
    "deploy-bot",
    "ci-runner",
    "etl-service",
    "monitoring",
    "terraform",
    "slack-bot",
];

fn slug(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
        .collect::<String>()
        .trim_matches('.')
        .replace("..", ".")
}

/// `who`, signed in to the dashboard.
fn session_of(who: &crate::org::OrgUser, rng: &mut crate::Rng) -> AuditActor {
    AuditActor {
        kind: Some("session".into()),
        session: Some(ActorSession {
            user: Some(ActorUser {
                id: Some(who.id.clone()),
                email: Some(who.email.clone()),
            }),
            ip_address: Some(format!("203.0.113.{}", rng.below(254) + 1)),
        }),
        api_key: None,
    }
}

impl Org {
    /// The organization owner (the member `Org::new` adds), signed in to the dashboard.
    fn owner_session(&self, rng: &mut crate::Rng) -> AuditActor {
        match self.users.iter().find(|u| u.id == "user_owner") {
            Some(owner) => session_of(owner, rng),
            None => self.admin_actor(),
        }
    }

    /// A realistic organization: users, projects (some archived, a Unicode and a very long name),
    /// service accounts, and keys that are never used, old, expired, or whose owner left.
    pub fn generate(admin_key: impl Into<String>, spec: &GenSpec) -> Self {
        let now = spec.now;
        let mut org = Org::new(admin_key, now, spec.seed);
        let rng = &mut org.rng.clone();
        let day = 86_400;

        let people = (spec.projects * 2).clamp(12, 400);
        let mut users = Vec::new();
        for i in 0..people {
            let (name, email) = if i % 17 == 5 {
                let (n, e) = UNICODE_PEOPLE[(i / 17) % UNICODE_PEOPLE.len()];
                (n.to_owned(), format!("{e}{i}@example.com"))
            } else {
                let n = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
                let e = format!(
                    "{}{}@example.com",
                    slug(&n),
                    if i >= 30 {
                        i.to_string()
                    } else {
                        String::new()
                    }
                );
                (n, e)
            };
            users.push(org.add_org_user(&name, &email, now - rng.range(30, 1200) * day));
        }

        // A few organization owners, and admin keys beside the one in use: one never used, one
        // not used for months, one whose owner has left the organization.
        for u in users.iter().take(2) {
            if let Some(rec) = org.users.iter_mut().find(|x| x.id == u.id) {
                rec.role = "owner".into();
            }
        }
        let (first, second) = (users[0].id.clone(), users[1].id.clone());
        for (name, owner, created, used) in [
            (
                "CI deploy pipeline",
                first.as_str(),
                now - 300 * day,
                Some(now - 2 * day),
            ),
            (
                "Quarterly reporting",
                second.as_str(),
                now - 500 * day,
                Some(now - 200 * day),
            ),
            (
                "Spare key (never used)",
                first.as_str(),
                now - 90 * day,
                None,
            ),
            (
                "Contractor access",
                "user_departed",
                now - 400 * day,
                Some(now - 120 * day),
            ),
        ] {
            let secret = format!("sk-admin-{}", rng.alnum(40));
            org.insert_admin_key(name, Some(secret), owner, created, used, None);
        }

        for i in 0..=spec.projects {
            let pi = if i == 0 {
                0
            } else {
                let name = match i {
                    3 => "Données clients — EU 🇪🇺 «production»".to_owned(),
                    7 => format!(
                        "{} — a project with a very long name that keeps going so tables must wrap or truncate it \
                            gracefully, even on a small popup",
                        rng.pick(PROJECT_A)
                    ),
                    _ => format!(
                        "{} {}{}",
                        rng.pick(PROJECT_A),
                        rng.pick(PROJECT_B),
                        if i > 20 {
                            format!(" {i}")
                        } else {
                            String::new()
                        }
                    ),
                };
                let archived = i % 9 == 4;
                org.insert_project(&name, now - rng.range(20, 700) * day, archived);
                org.projects.len() - 1
            };
            let created = org.projects[pi].project.created_at;
            // Members of the project, and a few people who used to be.
            let members = rng.range(2, 8) as usize;
            let mut project_members = Vec::new();
            for _ in 0..members {
                let u = rng.pick(&users).clone();
                if !project_members
                    .iter()
                    .any(|m: &crate::org::OrgUser| m.id == u.id)
                {
                    org.add_project_member(
                        pi,
                        &u,
                        if project_members.is_empty() {
                            "owner"
                        } else {
                            "member"
                        },
                    );
                    project_members.push(u);
                }
            }
            let former: Vec<_> = (0..2)
                .map(|_| rng.pick(&users).clone())
                .filter(|u| !project_members.iter().any(|m| m.id == u.id))
                .collect();
            let mut sas = Vec::new();
            for _ in 0..rng.range(0, 4) {
                let name = format!(
                    "{}{}",
                    rng.pick(SA_NAMES),
                    if rng.chance(0.3) { "-2" } else { "" }
                );
                sas.push(org.add_service_account(
                    pi,
                    &name,
                    "member",
                    created + rng.range(0, 30) * day,
                ));
            }
            // The project's own history, by the organization owner in the dashboard.
            if org.audit.len() < 4_000 {
                let owner = org.owner_session(rng);
                if i > 0 {
                    let name = org.projects[pi].project.name.clone();
                    org.audit(
                        "project.created",
                        created,
                        owner.clone(),
                        json!({"id": org.projects[pi].project.id, "data": {"name": name, "title": name}}),
                        Some(pi),
                    );
                }
                let added: Vec<(String, String, i64)> = org.projects[pi]
                    .users
                    .iter()
                    .map(|(u, _)| (u.id.clone(), u.role.clone(), u.added_at))
                    .collect();
                for (id, role, at) in added {
                    org.audit(
                        "user.added",
                        at,
                        owner.clone(),
                        json!({"id": id, "data": {"role": role}}),
                        Some(pi),
                    );
                }
                for sa in &sas {
                    org.audit(
                        "service_account.created",
                        sa.created_at,
                        owner.clone(),
                        json!({"id": sa.id, "data": {"role": sa.role}}),
                        Some(pi),
                    );
                }
                // A key revoked long ago by one of the project's people.
                if rng.chance(0.5) {
                    let who = rng.pick(&project_members).clone();
                    let at = now - rng.range(day, (now - created).max(2 * day));
                    let gone = format!("key_{}", rng.alnum(16));
                    org.audit(
                        "api_key.deleted",
                        at,
                        session_of(&who, rng),
                        json!({"id": gone}),
                        Some(pi),
                    );
                }
            }
            let keys = spec
                .keys_per_project
                .unwrap_or_else(|| rng.range(0, 41) as usize);
            for k in 0..keys {
                let roll = rng.below(100);
                let owner = if roll < 12 && !former.is_empty() {
                    KeyOwner::User(rng.pick(&former).clone())
                } else if roll < 35 && !sas.is_empty() {
                    KeyOwner::ServiceAccount(rng.pick(&sas).clone())
                } else {
                    KeyOwner::User(rng.pick(&project_members).clone())
                };
                let age = rng.range(1, (now - created) / day + 2).max(1);
                let key_created = now - age * day + rng.range(0, day);
                let last_used = match rng.below(100) {
                    0..15 => None,
                    15..45 => Some(now - rng.range(0, 7 * day)),
                    45..70 => Some(now - rng.range(7 * day, 30 * day)),
                    _ => Some(now - rng.range(30 * day, 400 * day)),
                }
                .map(|t| t.max(key_created));
                // An expiry always falls after the key's creation: an expired key lived a while.
                let lived = now - key_created;
                let expires = match rng.below(100) {
                    0..8 if lived > 2 * day => Some(key_created + rng.range(day, lived)),
                    0..20 => Some(now + rng.range(day, 180 * day)),
                    _ => None,
                };
                // An expired key was not used after it expired.
                let last_used = match (last_used, expires) {
                    (Some(u), Some(e)) if e < now => {
                        Some(u.min(e - rng.range(0, 3 * day)).max(key_created))
                    }
                    _ => last_used,
                };
                let mut name = rng.pick(KEY_NAMES).to_string();
                if k % 11 == 10 {
                    name = format!("{name} ✨ über-schlüssel — ключ");
                }
                if k == 23 {
                    name = "key with an extremely long descriptive name that someone pasted from a ticket title and \
                        never shortened".into();
                }
                // Who created it: its owner, or for a service account's key the organization owner.
                let creator = match &owner {
                    KeyOwner::User(u) => ActorUser {
                        id: Some(u.id.clone()),
                        email: Some(u.email.clone()),
                    },
                    KeyOwner::ServiceAccount(_) => ActorUser {
                        id: Some("user_owner".into()),
                        email: Some(org.owner_email.clone()),
                    },
                };
                let id = org.add_key(pi, &name, owner, key_created, last_used, expires);
                // Most keys have all permissions (the default); some are read-only or narrow.
                let scopes: Vec<String> = match rng.below(100) {
                    0..60 => vec![],
                    60..85 => vec!["api.all.read".into()],
                    _ => vec!["api.model.request".into(), "api.files.read".into()],
                };
                org.set_scopes(pi, &id, scopes.clone());
                if org.audit.len() < 4_000 {
                    let actor = AuditActor {
                        kind: Some("session".into()),
                        session: Some(ActorSession {
                            user: Some(creator),
                            ip_address: Some(format!("203.0.113.{}", rng.below(254) + 1)),
                        }),
                        api_key: None,
                    };
                    org.audit(
                        "api_key.created",
                        key_created,
                        actor,
                        json!({"id": id, "data": {"scopes": scopes}}),
                        Some(pi),
                    );
                }
            }
        }
        // Sign-ins belong to no project.
        for _ in 0..(spec.projects * 2).min(200) {
            let who = rng.pick(&users).clone();
            let at = now - rng.range(0, 60 * day);
            org.audit(
                "login.succeeded",
                at,
                session_of(&who, rng),
                json!({}),
                None,
            );
        }
        org.seed_guard_rails();
        org.seed_people();
        org.seed_keyless();
        // Audit events were made per project; the log is ordered by time like the real one.
        org.audit.sort_by_key(|(e, _)| e.effective_at);
        let mut seqs: Vec<u64> = org.audit.iter().map(|(_, s)| *s).collect();
        seqs.sort_unstable();
        for ((e, s), new) in org.audit.iter_mut().zip(seqs) {
            *s = new;
            org.seqs.insert(e.id.clone(), new);
        }
        org.rng = rng.clone();
        org
    }
}

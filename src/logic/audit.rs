//! The audit view's filter: what the user asked ("who did what to which key, when"), its place
//! in the hash (`#/audit?project=…&actor=…`), and the API query it becomes.

use super::keys::DAY;
use super::route::{ProjectTab, Route};
use super::time::parse_date;
use admin_api::AuditQuery;
use admin_api::path::{component, decode};

/// Events a page of the audit view asks for at a time.
pub const PAGE: u32 = 50;

/// The event-type choices, with their labels: groups first, then single types.
pub const EVENT_CHOICES: &[(&str, &str)] = &[
    ("", "All events"),
    ("keys", "Key events"),
    ("api_key.created", "Keys created"),
    ("api_key.updated", "Keys updated"),
    ("api_key.deleted", "Keys revoked"),
    ("service_accounts", "Service-account events"),
    ("members", "Project members added, changed or removed"),
    ("projects", "Projects created, changed or archived"),
    ("rate_limit.updated", "Rate limits changed"),
    ("logins", "Sign-ins and sign-outs"),
];

/// The API's event types for a choice (empty: every type).
pub fn event_types(choice: &str) -> Vec<String> {
    let group: &[&str] = match choice {
        "" => &[],
        "keys" => &["api_key.created", "api_key.updated", "api_key.deleted"],
        "service_accounts" => &[
            "service_account.created",
            "service_account.updated",
            "service_account.deleted",
        ],
        "members" => &["user.added", "user.updated", "user.deleted"],
        "projects" => &[
            "project.created",
            "project.updated",
            "project.archived",
            "project.deleted",
        ],
        "logins" => &[
            "login.succeeded",
            "login.failed",
            "logout.succeeded",
            "logout.failed",
        ],
        one => return vec![one.to_owned()],
    };
    group.iter().map(|t| (*t).to_owned()).collect()
}

/// Where an event's target ID leads: a key's page, a project's, its service accounts, People.
/// `key_project` is the project a key lives (or lived) in, when the inventory knows it; a key
/// event's own project is a fallback (the API files admin-key actions under the default one).
pub fn target_route(
    kind: &str,
    target: &str,
    event_project: Option<&str>,
    key_project: Option<&str>,
) -> Option<Route> {
    if !admin_api::id::is_valid(target) {
        return None;
    }
    let (family, _) = kind.split_once('.')?;
    match family {
        "api_key" => key_project.or(event_project).map(|p| Route::Key {
            project: p.to_owned(),
            key: target.to_owned(),
        }),
        "project" => Some(Route::Project {
            id: target.to_owned(),
            tab: ProjectTab::Keys,
        }),
        "service_account" => event_project.map(|p| Route::Project {
            id: p.to_owned(),
            tab: ProjectTab::ServiceAccounts,
        }),
        "user" => Some(Route::Person(target.to_owned())),
        "invite" => Some(Route::Invites),
        "certificate" | "certificates" => Some(Route::Certificates),
        _ => None,
    }
}

/// True when the API filed a key's event under another project than the key's own (it files
/// admin-key actions under the default project): the view says so.
pub fn filed_elsewhere(event_project: Option<&str>, key_project: Option<&str>) -> bool {
    matches!((event_project, key_project), (Some(e), Some(k)) if e != k)
}

/// What the audit view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// A project ID.
    pub project: String,
    /// An [`EVENT_CHOICES`] id, or any single event type.
    pub event: String,
    /// Who: an email address, or a user, service-account or key ID.
    pub actor: String,
    /// What it was done to: a key, project, user or service-account ID.
    pub resource: String,
    /// From this UTC day (`YYYY-MM-DD`), inclusive.
    pub from: String,
    /// To this UTC day, inclusive.
    pub to: String,
}

/// A filter the API can't take, said plainly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("“From” is not a date (use YYYY-MM-DD).")]
    From,
    #[error("“To” is not a date (use YYYY-MM-DD).")]
    To,
    #[error("“From” is after “To”.")]
    Reversed,
}

impl AuditFilter {
    pub fn is_empty(&self) -> bool {
        *self == AuditFilter::default()
    }

    /// The API query for the first page (`after` moves it on).
    pub fn to_query(&self) -> Result<AuditQuery, FilterError> {
        let day = |text: &str, err: FilterError| -> Result<Option<i64>, FilterError> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(text).map(Some).ok_or(err)
            }
        };
        let from = day(&self.from, FilterError::From)?;
        let to = day(&self.to, FilterError::To)?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(FilterError::Reversed);
        }
        let actor = self.actor.trim();
        let (actor_emails, actor_ids) = match actor {
            "" => (Vec::new(), Vec::new()),
            a if a.contains('@') => (vec![a.to_owned()], Vec::new()),
            a => (Vec::new(), vec![a.to_owned()]),
        };
        let one = |s: &str| {
            let s = s.trim();
            if s.is_empty() {
                Vec::new()
            } else {
                vec![s.to_owned()]
            }
        };
        Ok(AuditQuery {
            event_types: event_types(self.event.trim()),
            project_ids: one(&self.project),
            resource_ids: one(&self.resource),
            actor_ids,
            actor_emails,
            effective_gte: from,
            // The whole last day.
            effective_lte: to.map(|t| t + DAY - 1),
            limit: Some(PAGE),
            ..AuditQuery::default()
        })
    }

    /// `#/audit` with this filter as its query.
    pub fn href(&self) -> String {
        let pairs: Vec<String> = self
            .fields()
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", component(v.trim())))
            .collect();
        if pairs.is_empty() {
            "#/audit".into()
        } else {
            format!("#/audit?{}", pairs.join("&"))
        }
    }

    /// Reads the filter from a hash (`#/audit?…`); anything unknown is ignored.
    pub fn from_hash(hash: &str) -> Self {
        let mut f = AuditFilter::default();
        let Some((_, query)) = hash.split_once('?') else {
            return f;
        };
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            match k {
                "project" => f.project = v,
                "event" => f.event = v,
                "actor" => f.actor = v,
                "resource" => f.resource = v,
                "from" => f.from = v,
                "to" => f.to = v,
                _ => {}
            }
        }
        f
    }

    fn fields(&self) -> [(&'static str, &str); 6] {
        [
            ("project", &self.project),
            ("event", &self.event),
            ("actor", &self.actor),
            ("resource", &self.resource),
            ("from", &self.from),
            ("to", &self.to),
        ]
    }
}

/// Why the audit log can't be read at all, when an error says so: logging is off for the
/// organization, or the admin key lacks the scope. Other errors are passing trouble.
pub fn unavailable(e: &admin_api::ApiError) -> Option<&'static str> {
    let m = e.message.to_ascii_lowercase();
    if m.contains("audit log") && (m.contains("not enabled") || m.contains("disabled")) {
        Some(
            "Audit logging is off for this organization, so there is no audit trail to read. An organization owner can \
                turn it on in the OpenAI platform's organization settings (Data controls); events are recorded from \
                then on.",
        )
    } else if e.kind == admin_api::ErrorKind::MissingPermission {
        Some(
            "This admin key may not read the audit log: it lacks the scope. Use an admin key with read access to the \
                audit log; the rest of Keyward works with this one.",
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_target_id_leads_somewhere_and_a_keys_own_project_wins() {
        let key = target_route(
            "api_key.deleted",
            "key_1",
            Some("proj_default"),
            Some("proj_sales"),
        );
        assert_eq!(
            key,
            Some(Route::Key {
                project: "proj_sales".into(),
                key: "key_1".into()
            })
        );
        assert!(filed_elsewhere(Some("proj_default"), Some("proj_sales")));
        assert!(!filed_elsewhere(Some("proj_sales"), Some("proj_sales")));
        assert!(!filed_elsewhere(Some("proj_sales"), None));
        let unknown = target_route("api_key.created", "key_2", Some("proj_a"), None);
        assert_eq!(
            unknown,
            Some(Route::Key {
                project: "proj_a".into(),
                key: "key_2".into()
            })
        );
        assert_eq!(
            target_route("project.archived", "proj_a", None, None),
            Some(Route::Project {
                id: "proj_a".into(),
                tab: ProjectTab::Keys
            })
        );
        assert_eq!(
            target_route("user.added", "user_1", Some("proj_a"), None),
            Some(Route::Person("user_1".into()))
        );
        assert_eq!(target_route("login.succeeded", "x", None, None), None);
        // An ID outside the API's alphabet links nowhere.
        assert_eq!(target_route("project.updated", "../x", None, None), None);
    }

    use super::*;

    #[test]
    fn a_filter_becomes_the_api_query() {
        let f = AuditFilter {
            project: "proj_1".into(),
            event: "keys".into(),
            actor: " ada@example.com ".into(),
            resource: "key_9".into(),
            from: "2026-11-01".into(),
            to: "2026-11-02".into(),
        };
        let q = f.to_query().unwrap();
        assert_eq!(q.project_ids, ["proj_1"]);
        assert_eq!(
            q.event_types,
            ["api_key.created", "api_key.updated", "api_key.deleted"]
        );
        assert_eq!(q.actor_emails, ["ada@example.com"]);
        assert!(q.actor_ids.is_empty());
        assert_eq!(q.resource_ids, ["key_9"]);
        assert_eq!(q.effective_gte, parse_date("2026-11-01"));
        assert_eq!(q.effective_lte, parse_date("2026-11-03").map(|t| t - 1));
        // An ID is an actor ID; a single type passes as it is.
        let q = AuditFilter {
            actor: "user_abc".into(),
            event: "project.archived".into(),
            ..Default::default()
        }
        .to_query()
        .unwrap();
        assert_eq!(
            (q.actor_ids, q.event_types),
            (
                vec!["user_abc".to_owned()],
                vec!["project.archived".to_owned()]
            )
        );
        assert!(
            AuditFilter::default()
                .to_query()
                .unwrap()
                .event_types
                .is_empty()
        );
    }

    #[test]
    fn bad_dates_are_refused_before_sending() {
        let f = |from: &str, to: &str| {
            AuditFilter {
                from: from.into(),
                to: to.into(),
                ..Default::default()
            }
            .to_query()
        };
        assert_eq!(f("2026-02-30", ""), Err(FilterError::From));
        assert_eq!(f("", "soon"), Err(FilterError::To));
        assert_eq!(f("2026-11-02", "2026-11-01"), Err(FilterError::Reversed));
        assert!(f("2026-11-01", "2026-11-01").is_ok());
    }

    #[test]
    fn says_why_the_log_is_unavailable() {
        use admin_api::{ApiError, ErrorKind};
        let off = ApiError::new(
            ErrorKind::MissingPermission,
            "Audit logging is not enabled for this organization.",
        );
        assert!(
            unavailable(&off)
                .unwrap()
                .starts_with("Audit logging is off")
        );
        let scope = ApiError::new(
            ErrorKind::MissingPermission,
            "Missing scopes: api.audit_logs.read.",
        );
        assert!(unavailable(&scope).unwrap().contains("lacks the scope"));
        assert_eq!(unavailable(&ApiError::new(ErrorKind::Server, "boom")), None);
    }

    #[test]
    fn the_hash_round_trips() {
        let f = AuditFilter {
            project: "proj/1&x".into(),
            actor: "a+b@example.com".into(),
            ..Default::default()
        };
        assert_eq!(AuditFilter::from_hash(&f.href()), f);
        assert_eq!(AuditFilter::default().href(), "#/audit");
        assert!(AuditFilter::from_hash("#/audit?bogus=1").is_empty());
    }
}

//! Hash routes (`#/projects/{id}`), so Back, Forward, reload and bookmarks work on any static
//! host and inside an extension (whose page path is `/index.html`).

use admin_api::id;
use admin_api::path::{component, decode};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectTab {
    Keys,
    ServiceAccounts,
    Users,
    /// Guard rails (spend limit, alerts, models, tools, retention, tiers) and rate limits.
    Limits,
    Settings,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Connect,
    /// Starts the demo organization, then shows the projects.
    Demo,
    Projects,
    /// Every key of every project.
    Keys,
    Project {
        id: String,
        tab: ProjectTab,
    },
    Key {
        project: String,
        key: String,
    },
    Audit,
    /// The organization's admin keys.
    AdminKeys,
    /// Service accounts that sign in without a key: providers, rules, and who still has keys.
    Keyless,
    /// The organization checked against a written policy.
    Review,
    /// The organization's users, with the keys each owns.
    People,
    /// One person: what they can do, through what, and what they hold; offboarding.
    Person(String),
    /// Groups of users, their members, roles and projects.
    Groups,
    /// Organization roles and their permissions.
    Roles,
    /// Invitations to the organization: open, expired, accepted.
    Invites,
    /// The organization's mTLS certificates, where each is active, and their validity.
    Certificates,
    /// Every project's guard rails side by side, and the organization's own.
    Spend,
    /// A link whose ID is outside the API's alphabet (`..`, a slash, …): refused where it
    /// enters, so no view can send it. Holds the refused text, shown as text.
    InvalidId(String),
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`). Unknown routes go to Projects.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split('?').next().unwrap_or("");
        let parts: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        // Every part after `projects` is an ID or a tab name; the tab names are IDs too.
        if matches!(parts.first(), Some(&"projects" | &"people"))
            && let Some(bad) = parts[1..].iter().find(|p| !id::is_valid(p))
        {
            return Route::InvalidId((*bad).to_owned());
        }
        match parts.as_slice() {
            ["projects"] => Route::Projects,
            ["connect"] => Route::Connect,
            ["demo"] => Route::Demo,
            ["audit"] => Route::Audit,
            ["admin-keys"] => Route::AdminKeys,
            ["keyless"] => Route::Keyless,
            ["review"] => Route::Review,
            ["people"] => Route::People,
            ["people", id] => Route::Person((*id).into()),
            ["groups"] => Route::Groups,
            ["roles"] => Route::Roles,
            ["invites"] => Route::Invites,
            ["certificates"] => Route::Certificates,
            ["spend"] => Route::Spend,
            ["keys"] => Route::Keys,
            ["projects", id] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::Keys,
            },
            ["projects", id, "service-accounts"] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::ServiceAccounts,
            },
            ["projects", id, "users"] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::Users,
            },
            // `rate-limits`: links from before the tab held every guard rail.
            ["projects", id, "limits" | "rate-limits"] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::Limits,
            },
            ["projects", id, "settings"] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::Settings,
            },
            ["projects", p, "keys", k] => Route::Key {
                project: (*p).into(),
                key: (*k).into(),
            },
            // The first screen, and where anything unknown lands: the Review.
            _ => Route::Review,
        }
    }

    /// The `#/…` link for this route; IDs are percent-encoded.
    pub fn href(&self) -> String {
        match self {
            Route::Connect => "#/connect".into(),
            Route::Demo => "#/demo".into(),
            Route::Projects => "#/projects".into(),
            Route::Audit => "#/audit".into(),
            Route::AdminKeys => "#/admin-keys".into(),
            Route::Keyless => "#/keyless".into(),
            Route::Review => "#/review".into(),
            Route::People => "#/people".into(),
            Route::Person(id) => format!("#/people/{}", component(id)),
            Route::Groups => "#/groups".into(),
            Route::Roles => "#/roles".into(),
            Route::Invites => "#/invites".into(),
            Route::Certificates => "#/certificates".into(),
            Route::Spend => "#/spend".into(),
            Route::Keys => "#/keys".into(),
            Route::InvalidId(_) => "#/projects".into(),
            Route::Project { id, tab } => {
                let base = format!("#/projects/{}", component(id));
                match tab {
                    ProjectTab::Keys => base,
                    ProjectTab::ServiceAccounts => format!("{base}/service-accounts"),
                    ProjectTab::Users => format!("{base}/users"),
                    ProjectTab::Limits => format!("{base}/limits"),
                    ProjectTab::Settings => format!("{base}/settings"),
                }
            }
            Route::Key { project, key } => {
                format!("#/projects/{}/keys/{}", component(project), component(key))
            }
        }
    }

    /// Views that need a connected session.
    pub fn needs_session(&self) -> bool {
        !matches!(self, Route::Connect | Route::Demo | Route::InvalidId(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for r in [
            Route::Connect,
            Route::Demo,
            Route::Projects,
            Route::Audit,
            Route::AdminKeys,
            Route::Keyless,
            Route::Review,
            Route::People,
            Route::Person("user-Ab_9".into()),
            Route::Groups,
            Route::Roles,
            Route::Invites,
            Route::Certificates,
            Route::Spend,
            Route::Keys,
            Route::Project {
                id: "proj_1".into(),
                tab: ProjectTab::Limits,
            },
            Route::Project {
                id: "proj_1".into(),
                tab: ProjectTab::Settings,
            },
            Route::Project {
                id: "proj_1".into(),
                tab: ProjectTab::Keys,
            },
            Route::Project {
                id: "proj_1".into(),
                tab: ProjectTab::Users,
            },
            Route::Project {
                id: "proj-Q_9".into(),
                tab: ProjectTab::ServiceAccounts,
            },
            Route::Key {
                project: "proj_1".into(),
                key: "key_abc".into(),
            },
        ] {
            assert_eq!(Route::parse(&r.href()), r, "{}", r.href());
        }
    }

    #[test]
    fn ids_outside_the_alphabet_are_refused() {
        for (hash, bad) in [
            ("#/projects/%2E%2E/users", ".."),
            ("#/projects/%2e%2E/users", ".."),
            ("#/projects/.%2E/rate-limits", ".."),
            ("#/projects/%2E/settings", "."),
            ("#/projects/%2E%2E", ".."),
            ("#/projects/p%2Fq/service-accounts", "p/q"),
            ("#/projects/proj_1/keys/%2E%2E", ".."),
            ("#/projects/proj_1/keys/a%2F..%2Fb", "a/../b"),
            ("#/projects/%20/users", " "),
            ("#/people/%2E%2E", ".."),
            ("#/people/user_1%2F..%2Fadmin", "user_1/../admin"),
        ] {
            assert_eq!(Route::parse(hash), Route::InvalidId(bad.into()), "{hash}");
        }
        // A literal `..` in the hash is refused too (the browser leaves the fragment alone).
        assert_eq!(
            Route::parse("#/projects/../users"),
            Route::InvalidId("..".into())
        );
        assert!(!Route::InvalidId("..".into()).needs_session());
    }

    #[test]
    fn unknown_goes_home() {
        assert_eq!(Route::parse(""), Route::Review);
        assert_eq!(Route::parse("#/nope/x/y/z"), Route::Review);
        assert_eq!(Route::parse("#"), Route::Review);
        // A view's filters ride in the hash query; the route ignores them.
        assert_eq!(Route::parse("#/keys?finding=stale&sel=a,b"), Route::Keys);
        assert!(!Route::Connect.needs_session());
        assert!(Route::Audit.needs_session());
    }
}

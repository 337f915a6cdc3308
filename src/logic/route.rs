//! Hash routes (`#/projects/{id}`), so Back, Forward, reload and bookmarks work on any static
//! host and inside an extension (whose page path is `/index.html`).

use admin_api::path::{decode, segment};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectTab {
    Keys,
    ServiceAccounts,
    Users,
    RateLimits,
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
    /// The organization's users, with the keys each owns.
    People,
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
        match parts.as_slice() {
            ["connect"] => Route::Connect,
            ["demo"] => Route::Demo,
            ["audit"] => Route::Audit,
            ["admin-keys"] => Route::AdminKeys,
            ["people"] => Route::People,
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
            ["projects", id, "rate-limits"] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::RateLimits,
            },
            ["projects", id, "settings"] => Route::Project {
                id: (*id).into(),
                tab: ProjectTab::Settings,
            },
            ["projects", p, "keys", k] => Route::Key {
                project: (*p).into(),
                key: (*k).into(),
            },
            _ => Route::Projects,
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
            Route::People => "#/people".into(),
            Route::Keys => "#/keys".into(),
            Route::Project { id, tab } => {
                let base = format!("#/projects/{}", segment(id));
                match tab {
                    ProjectTab::Keys => base,
                    ProjectTab::ServiceAccounts => format!("{base}/service-accounts"),
                    ProjectTab::Users => format!("{base}/users"),
                    ProjectTab::RateLimits => format!("{base}/rate-limits"),
                    ProjectTab::Settings => format!("{base}/settings"),
                }
            }
            Route::Key { project, key } => {
                format!("#/projects/{}/keys/{}", segment(project), segment(key))
            }
        }
    }

    /// Views that need a connected session.
    pub fn needs_session(&self) -> bool {
        !matches!(self, Route::Connect | Route::Demo)
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
            Route::People,
            Route::Keys,
            Route::Project {
                id: "proj_1".into(),
                tab: ProjectTab::RateLimits,
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
                id: "p/q#r".into(),
                tab: ProjectTab::ServiceAccounts,
            },
            Route::Key {
                project: "proj_1".into(),
                key: "key ü/..".into(),
            },
        ] {
            assert_eq!(Route::parse(&r.href()), r, "{}", r.href());
        }
    }

    #[test]
    fn unknown_goes_home() {
        assert_eq!(Route::parse(""), Route::Projects);
        assert_eq!(Route::parse("#/nope/x/y/z"), Route::Projects);
        assert_eq!(Route::parse("#"), Route::Projects);
        // A view's filters ride in the hash query; the route ignores them.
        assert_eq!(Route::parse("#/keys?finding=stale&sel=a,b"), Route::Keys);
        assert!(!Route::Connect.needs_session());
        assert!(Route::Audit.needs_session());
    }
}

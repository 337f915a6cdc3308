//! The main navigation: every section, in groups, so that ten or more stay a click or two away
//! at 1280 px and in a 400×600 popup. The groups the next sections join are here already.

use crate::logic::route::Route;

/// One place the navigation links to.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub route: Route,
    pub label: &'static str,
    /// Its `data-testid`, stable for tests.
    pub id: &'static str,
}

/// Sections that belong together, under one name.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub label: &'static str,
    pub sections: Vec<Section>,
}

fn section(route: Route, label: &'static str, id: &'static str) -> Section {
    Section { route, label, id }
}

/// The groups, in the order shown.
pub fn groups() -> Vec<Group> {
    vec![
        Group {
            label: "Review",
            sections: vec![section(Route::Review, "Review", "nav-review")],
        },
        Group {
            label: "Projects",
            sections: vec![section(Route::Projects, "Projects", "nav-projects")],
        },
        Group {
            label: "Keys",
            sections: vec![
                section(Route::Keys, "All keys", "nav-keys"),
                section(Route::AdminKeys, "Admin keys", "nav-admin-keys"),
                section(Route::Keyless, "Keyless", "nav-keyless"),
            ],
        },
        Group {
            label: "People & access",
            sections: vec![
                // Users, invites, groups and roles are tabs of one place.
                section(Route::People, "People", "nav-people"),
                section(Route::Certificates, "Certificates", "nav-certificates"),
            ],
        },
        Group {
            label: "Spend & limits",
            sections: vec![section(Route::Spend, "Spend & limits", "nav-spend")],
        },
        Group {
            label: "Audit",
            sections: vec![section(Route::Audit, "Audit log", "nav-audit")],
        },
    ]
}

/// The section a route belongs to (a project's page belongs to Projects). A key's page
/// belongs to the list the user came from: All keys, or else Projects.
pub fn current(route: &Route, came_from: Option<&Route>) -> Option<&'static str> {
    Some(match route {
        Route::Keys => "nav-keys",
        Route::Key { .. } if came_from == Some(&Route::Keys) => "nav-keys",
        Route::AdminKeys => "nav-admin-keys",
        Route::Keyless => "nav-keyless",
        Route::Review => "nav-review",
        Route::Projects | Route::Project { .. } | Route::Key { .. } => "nav-projects",
        Route::People | Route::Person(_) | Route::Invites | Route::Groups | Route::Roles => {
            "nav-people"
        }
        Route::Certificates => "nav-certificates",
        Route::Spend => "nav-spend",
        Route::Audit => "nav-audit",
        Route::Connect | Route::Demo | Route::InvalidId(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::route::ProjectTab;

    #[test]
    fn every_section_once_and_every_page_under_its_section() {
        let all: Vec<Section> = groups().into_iter().flat_map(|g| g.sections).collect();
        let mut ids: Vec<&str> = all.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "a section appears twice");
        for s in &all {
            assert_eq!(current(&s.route, None), Some(s.id), "{}", s.label);
        }
        let key = Route::Key {
            project: "proj_1".into(),
            key: "key_1".into(),
        };
        assert_eq!(current(&key, Some(&Route::Keys)), Some("nav-keys"));
        assert_eq!(current(&key, Some(&Route::Audit)), Some("nav-projects"));
        assert_eq!(current(&key, None), Some("nav-projects"));
        let deep = Route::Project {
            id: "proj_1".into(),
            tab: ProjectTab::Users,
        };
        assert_eq!(current(&deep, None), Some("nav-projects"));
        // People's tabs and a person's page light People.
        for r in [
            Route::Invites,
            Route::Groups,
            Route::Roles,
            Route::Person("user_1".into()),
        ] {
            assert_eq!(current(&r, None), Some("nav-people"));
        }
        assert_eq!(current(&Route::Connect, None), None);
    }
}

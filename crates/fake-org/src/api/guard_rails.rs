//! What the six guard-rail resources share: whose guard rails a request touches, that an
//! archived project's can't change, and the audit event each change leaves.

use crate::Response;
use crate::org::{GuardRails, Org, Scope};
use serde_json::{Value, json};

impl Org {
    pub(crate) fn guard(&self, scope: Scope) -> &GuardRails {
        match scope {
            Scope::Org => &self.guard,
            Scope::Project(pi) => &self.projects[pi].guard,
        }
    }

    pub(crate) fn guard_mut(&mut self, scope: Scope) -> &mut GuardRails {
        match scope {
            Scope::Org => &mut self.guard,
            Scope::Project(pi) => &mut self.projects[pi].guard,
        }
    }

    /// Refuses a change to an archived project's guard rails, as the API refuses other writes.
    pub(crate) fn writable(&self, scope: Scope) -> Result<(), Response> {
        match scope {
            Scope::Org => Ok(()),
            Scope::Project(pi) => self.archived_refusal(pi, "its settings cannot be changed"),
        }
    }

    /// The audit event of a guard-rail change: `project.updated` for a project (the spec has
    /// no finer type), `org_kind` for the organization (unused by project-only settings).
    pub(crate) fn audit_guard(&mut self, scope: Scope, org_kind: &str, changes: Value) {
        match scope {
            Scope::Org => {
                self.audit_admin(org_kind, json!({"changes_requested": changes}), None);
            }
            Scope::Project(pi) => {
                let id = self.projects[pi].project.id.clone();
                self.audit_admin(
                    "project.updated",
                    json!({"id": id, "changes_requested": changes}),
                    Some(pi),
                );
            }
        }
    }
}

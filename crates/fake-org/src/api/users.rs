//! The organization's users.

use crate::Response;
use crate::http::{Query, many, page};
use crate::org::Org;
use admin_api::types::*;

impl Org {
    pub(crate) fn list_org_users(&self, q: &Query) -> Result<Response, Response> {
        let emails: Vec<String> = many(q, "emails");
        let items: Vec<(OrganizationUser, u64)> = self
            .users
            .iter()
            .filter(|u| emails.is_empty() || emails.contains(&u.email))
            .map(|u| {
                (
                    OrganizationUser {
                        object: "organization.user".into(),
                        id: u.id.clone(),
                        name: Some(u.name.clone()),
                        email: Some(u.email.clone()),
                        role: Some(u.role.clone()),
                        added_at: u.created_at,
                    },
                    self.seqs.get(&u.id).copied().unwrap_or(0),
                )
            })
            .collect();
        page(&self.seqs, &items, q, |u| &u.id)
    }
}

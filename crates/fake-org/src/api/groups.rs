//! Groups: list, create, retrieve, rename, delete; members: list, add, retrieve, remove.
//! SCIM-managed groups can be changed here, as in the API; the identity provider undoes it.

use crate::Response;
use crate::http::{Query, invalid, next_page, not_found};
use crate::org::Org;
use crate::people::GroupRec;
use admin_api::types::*;
use serde_json::{Value, json};

fn name_of(body: &Value) -> Result<String, Response> {
    body.get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.len() <= 255)
        .map(str::to_owned)
        .ok_or_else(|| {
            invalid(
                "Invalid 'name': give a name of 1 to 255 characters.",
                Some("name"),
            )
        })
}

impl Org {
    fn group_at(&self, id: &str) -> Result<usize, Response> {
        self.people
            .group_index(id)
            .ok_or_else(|| not_found("group", id))
    }

    /// Adds a group (seeding and the API share it).
    pub(crate) fn insert_group(&mut self, name: &str, scim: bool, created_at: i64) -> String {
        let id = self.new_id("group_", 24);
        let seq = self.seq(&id);
        self.people.groups.push(GroupRec {
            group: Group {
                id: id.clone(),
                name: name.into(),
                created_at,
                group_type: Some("group".into()),
                is_scim_managed: scim,
            },
            seq,
            members: Vec::new(),
        });
        id
    }

    pub(crate) fn list_groups(&self, q: &Query) -> Result<Response, Response> {
        let items: Vec<(Group, u64)> = self
            .people
            .groups
            .iter()
            .map(|g| (g.group.clone(), g.seq))
            .collect();
        next_page(&self.seqs, &items, q, |g| &g.id, 100, 1000)
    }

    pub(crate) fn retrieve_group(&self, id: &str) -> Result<Response, Response> {
        Ok(Response::json(
            200,
            &self.people.groups[self.group_at(id)?].group,
        ))
    }

    pub(crate) fn create_group(&mut self, body: &Value) -> Result<Response, Response> {
        let name = name_of(body)?;
        let id = self.insert_group(&name, false, self.now);
        self.audit_admin(
            "group.created",
            json!({"id": id, "data": {"group_name": name}}),
            None,
        );
        self.retrieve_group(&id)
    }

    pub(crate) fn rename_group(&mut self, id: &str, body: &Value) -> Result<Response, Response> {
        let gi = self.group_at(id)?;
        let name = name_of(body)?;
        self.people.groups[gi].group.name = name.clone();
        self.audit_admin(
            "group.updated",
            json!({"id": id, "changes_requested": {"group_name": name}}),
            None,
        );
        let g = &self.people.groups[gi].group;
        // `GroupUpdateResponse` has no `group_type`.
        Ok(Response::json(
            200,
            &json!({"id": g.id, "name": g.name, "created_at": g.created_at, "is_scim_managed": g.is_scim_managed}),
        ))
    }

    pub(crate) fn delete_group(&mut self, id: &str) -> Result<Response, Response> {
        let gi = self.group_at(id)?;
        self.people.groups.remove(gi);
        self.people.assignments.retain(|a| a.principal != id);
        self.people.project_groups.retain(|(g, _)| g.group_id != id);
        self.audit_admin("group.deleted", json!({"id": id}), None);
        Ok(Response::json(
            200,
            &json!({"object": "group.deleted", "id": id, "deleted": true}),
        ))
    }

    pub(crate) fn list_group_users(&self, id: &str, q: &Query) -> Result<Response, Response> {
        let gi = self.group_at(id)?;
        let items: Vec<(GroupUser, u64)> = self.people.groups[gi]
            .members
            .iter()
            .filter_map(|(uid, seq)| {
                let u = self.users.iter().find(|u| &u.id == uid)?;
                Some((
                    GroupUser {
                        id: u.id.clone(),
                        name: u.name.clone(),
                        email: Some(u.email.clone()),
                    },
                    *seq,
                ))
            })
            .collect();
        next_page(&self.seqs, &items, q, |u| &u.id, 100, 1000)
    }

    pub(crate) fn retrieve_group_user(
        &self,
        id: &str,
        user_id: &str,
    ) -> Result<Response, Response> {
        let gi = self.group_at(id)?;
        if !self.people.groups[gi]
            .members
            .iter()
            .any(|(m, _)| m == user_id)
        {
            return Err(not_found("group user", user_id));
        }
        let u = &self.users[self.user_index(user_id)?];
        Ok(Response::json(
            200,
            &json!({"id": u.id, "name": u.name, "email": u.email, "user_type": "user", "is_service_account": false,
                "picture": null}),
        ))
    }

    pub(crate) fn add_group_user(&mut self, id: &str, body: &Value) -> Result<Response, Response> {
        let gi = self.group_at(id)?;
        let user_id = body
            .get("user_id")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("Missing 'user_id'.", Some("user_id")))?
            .to_owned();
        self.user_index(&user_id)?;
        if self.people.groups[gi]
            .members
            .iter()
            .any(|(m, _)| *m == user_id)
        {
            return Err(invalid(
                "The user is already in this group.",
                Some("user_id"),
            ));
        }
        // Members are listed in the users' own order, so a user ID is a cursor here too.
        let seq = self.seqs.get(&user_id).copied().unwrap_or(0);
        let members = &mut self.people.groups[gi].members;
        let at = members.partition_point(|(_, s)| *s <= seq);
        members.insert(at, (user_id.clone(), seq));
        self.audit_admin(
            "tenant.group.member.added",
            json!({"id": id, "user_id": user_id}),
            None,
        );
        Ok(Response::json(
            200,
            &json!({"object": "group.user", "group_id": id, "user_id": user_id}),
        ))
    }

    pub(crate) fn remove_group_user(
        &mut self,
        id: &str,
        user_id: &str,
    ) -> Result<Response, Response> {
        let gi = self.group_at(id)?;
        let before = self.people.groups[gi].members.len();
        self.people.groups[gi].members.retain(|(m, _)| m != user_id);
        if before == self.people.groups[gi].members.len() {
            return Err(not_found("group user", user_id));
        }
        self.audit_admin(
            "tenant.group.member.removed",
            json!({"id": id, "user_id": user_id}),
            None,
        );
        Ok(Response::json(
            200,
            &json!({"object": "group.user.deleted", "deleted": true}),
        ))
    }
}

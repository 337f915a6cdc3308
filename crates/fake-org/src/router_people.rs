//! Routes of people and access: users, invites, groups and members, roles, role assignments,
//! project groups, certificates. Project roles and assignments live under `/projects/…`,
//! without the `/organization` prefix (`top` here).

use crate::Response;
use crate::api::role_assignments::Holder;
use crate::http::Query;
use crate::org::Org;
use serde_json::Value;

type Answer = Option<Result<Response, Response>>;

impl Org {
    /// `/projects/{id}/roles…`, `/projects/{id}/users/{u}/roles…`, `/projects/{id}/groups/{g}/roles…`.
    pub(crate) fn route_project_roles(
        &mut self,
        method: &str,
        segs: &[&str],
        q: &Query,
        body: &dyn Fn() -> Result<Value, Response>,
    ) -> Answer {
        let ["projects", p, rest @ ..] = segs else {
            return None;
        };
        let pid = (*p).to_owned();
        if self.project_index(&pid).is_none() {
            return Some(Err(crate::http::not_found("project", &pid)));
        }
        let pr = Some(pid.as_str());
        Some(match (method, rest) {
            ("GET", ["roles"]) => self.list_roles(pr, q),
            ("POST", ["roles"]) => body().and_then(|b| self.create_role(pr, &b)),
            ("GET", ["roles", r]) => self.retrieve_role(pr, r),
            ("POST", ["roles", r]) => body().and_then(|b| self.update_role(pr, r, &b)),
            ("DELETE", ["roles", r]) => self.delete_role(pr, r),
            ("GET", ["users", u, "roles"]) => self.list_assigned(pr, Holder::User(u), q),
            ("POST", ["users", u, "roles"]) => {
                body().and_then(|b| self.create_assigned(pr, Holder::User(u), &b))
            }
            ("GET", ["users", u, "roles", r]) => self.retrieve_assigned(pr, Holder::User(u), r),
            ("DELETE", ["users", u, "roles", r]) => self.delete_assigned(pr, Holder::User(u), r),
            ("GET", ["groups", g, "roles"]) => self.list_assigned(pr, Holder::Group(g), q),
            ("POST", ["groups", g, "roles"]) => {
                body().and_then(|b| self.create_assigned(pr, Holder::Group(g), &b))
            }
            ("GET", ["groups", g, "roles", r]) => self.retrieve_assigned(pr, Holder::Group(g), r),
            ("DELETE", ["groups", g, "roles", r]) => self.delete_assigned(pr, Holder::Group(g), r),
            _ => return None,
        })
    }

    /// `/organization/…` paths of people and access; `None` when the path is not one of them.
    pub(crate) fn route_people(
        &mut self,
        method: &str,
        segs: &[&str],
        q: &Query,
        body: &dyn Fn() -> Result<Value, Response>,
    ) -> Answer {
        Some(match (method, segs) {
            ("GET", ["users", u]) => self.retrieve_org_user(u),
            ("POST", ["users", u]) => body().and_then(|b| self.update_org_user(u, &b)),
            ("DELETE", ["users", u]) => self.delete_org_user(u),
            ("GET", ["users", u, "roles"]) => self.list_assigned(None, Holder::User(u), q),
            ("POST", ["users", u, "roles"]) => {
                body().and_then(|b| self.create_assigned(None, Holder::User(u), &b))
            }
            ("GET", ["users", u, "roles", r]) => self.retrieve_assigned(None, Holder::User(u), r),
            ("DELETE", ["users", u, "roles", r]) => self.delete_assigned(None, Holder::User(u), r),
            ("GET", ["invites"]) => self.list_invites(q),
            ("POST", ["invites"]) => body().and_then(|b| self.create_invite(&b)),
            ("GET", ["invites", i]) => self.retrieve_invite(i),
            ("DELETE", ["invites", i]) => self.delete_invite(i),
            ("GET", ["groups"]) => self.list_groups(q),
            ("POST", ["groups"]) => body().and_then(|b| self.create_group(&b)),
            ("GET", ["groups", g]) => self.retrieve_group(g),
            ("POST", ["groups", g]) => body().and_then(|b| self.rename_group(g, &b)),
            ("DELETE", ["groups", g]) => self.delete_group(g),
            ("GET", ["groups", g, "users"]) => self.list_group_users(g, q),
            ("POST", ["groups", g, "users"]) => body().and_then(|b| self.add_group_user(g, &b)),
            ("GET", ["groups", g, "users", u]) => self.retrieve_group_user(g, u),
            ("DELETE", ["groups", g, "users", u]) => self.remove_group_user(g, u),
            ("GET", ["groups", g, "roles"]) => self.list_assigned(None, Holder::Group(g), q),
            ("POST", ["groups", g, "roles"]) => {
                body().and_then(|b| self.create_assigned(None, Holder::Group(g), &b))
            }
            ("GET", ["groups", g, "roles", r]) => self.retrieve_assigned(None, Holder::Group(g), r),
            ("DELETE", ["groups", g, "roles", r]) => {
                self.delete_assigned(None, Holder::Group(g), r)
            }
            ("GET", ["roles"]) => self.list_roles(None, q),
            ("POST", ["roles"]) => body().and_then(|b| self.create_role(None, &b)),
            ("GET", ["roles", r]) => self.retrieve_role(None, r),
            ("POST", ["roles", r]) => body().and_then(|b| self.update_role(None, r, &b)),
            ("DELETE", ["roles", r]) => self.delete_role(None, r),
            ("GET", ["certificates"]) => self.list_certs(None, q),
            ("POST", ["certificates"]) => body().and_then(|b| self.upload_cert(&b)),
            ("POST", ["certificates", "activate"]) => {
                body().and_then(|b| self.toggle_certs(None, &b, true))
            }
            ("POST", ["certificates", "deactivate"]) => {
                body().and_then(|b| self.toggle_certs(None, &b, false))
            }
            ("GET", ["certificates", c]) => self.retrieve_cert(c, q),
            ("POST", ["certificates", c]) => body().and_then(|b| self.rename_cert(c, &b)),
            ("DELETE", ["certificates", c]) => self.delete_cert(c),
            ("GET", ["projects", p, "groups"]) => {
                self.with_project(p, |o, pi| o.list_project_groups(pi, q))
            }
            ("POST", ["projects", p, "groups"]) => {
                body().and_then(|b| self.with_project(p, |o, pi| o.add_project_group(pi, &b)))
            }
            ("GET", ["projects", p, "groups", g]) => {
                self.with_project(p, |o, pi| o.retrieve_project_group(pi, g))
            }
            ("DELETE", ["projects", p, "groups", g]) => {
                self.with_project(p, |o, pi| o.remove_project_group(pi, g))
            }
            ("GET", ["projects", p, "certificates"]) => {
                self.with_project(p, |o, pi| o.list_certs(Some(pi), q))
            }
            ("POST", ["projects", p, "certificates", "activate"]) => body()
                .and_then(|b| self.with_project(p, |o, pi| o.toggle_certs(Some(pi), &b, true))),
            ("POST", ["projects", p, "certificates", "deactivate"]) => body()
                .and_then(|b| self.with_project(p, |o, pi| o.toggle_certs(Some(pi), &b, false))),
            _ => return None,
        })
    }
}

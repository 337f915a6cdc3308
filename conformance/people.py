"""People and access (issue 22): the emulator's users, invites, groups, roles, role assignments,
project groups and certificates, against the spec's schemas and the official SDK's strict models.
Called from check.py with its helpers."""

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQUJD\n-----END CERTIFICATE-----\n"


def schemas(call, schema_for, validate, fail, pid):
    U, G, R, C, I = "/organization/users", "/organization/groups", "/organization/roles", "/organization/certificates", "/organization/invites"
    users = call("GET", U + "?limit=100")[1]["data"]
    uid = users[-1]["id"]
    validate("GET user", schema_for(U + "/{user_id}", "get"), call("GET", f"{U}/{uid}")[1])
    validate("POST user", schema_for(U + "/{user_id}", "post"), call("POST", f"{U}/{uid}", {"role": "reader"})[1])

    s, inv = call("POST", I, {"email": "spec-check@example.org", "role": "reader", "projects": [{"id": pid, "role": "member"}]})
    validate("POST invite", schema_for(I, "post"), inv)
    validate("GET invites", schema_for(I, "get"), call("GET", I + "?limit=20")[1])
    validate("GET invite", schema_for(I + "/{invite_id}", "get"), call("GET", f"{I}/{inv['id']}")[1])
    validate("DELETE invite", schema_for(I + "/{invite_id}", "delete"), call("DELETE", f"{I}/{inv['id']}")[1])

    s, group = call("POST", G, {"name": "Spec check"})
    validate("POST group", schema_for(G, "post"), group)
    gid = group["id"]
    validate("GET groups", schema_for(G, "get"), call("GET", G + "?limit=2")[1])
    validate("GET group", schema_for(G + "/{group_id}", "get"), call("GET", f"{G}/{gid}")[1])
    validate("POST group (rename)", schema_for(G + "/{group_id}", "post"), call("POST", f"{G}/{gid}", {"name": "Spec check 2"})[1])
    validate("POST group user", schema_for(G + "/{group_id}/users", "post"), call("POST", f"{G}/{gid}/users", {"user_id": uid})[1])
    validate("GET group users", schema_for(G + "/{group_id}/users", "get"), call("GET", f"{G}/{gid}/users")[1])
    validate("GET group user", schema_for(G + "/{group_id}/users/{user_id}", "get"), call("GET", f"{G}/{gid}/users/{uid}")[1])

    s, role = call("POST", R, {"role_name": "Spec role", "permissions": ["api.groups.read"], "description": "check"})
    validate("POST role", schema_for(R, "post"), role)
    rid = role["id"]
    validate("GET roles", schema_for(R, "get"), call("GET", R)[1])
    validate("GET role", schema_for(R + "/{role_id}", "get"), call("GET", f"{R}/{rid}")[1])
    validate("POST role (update)", schema_for(R + "/{role_id}", "post"), call("POST", f"{R}/{rid}", {"permissions": ["api.groups.read", "api.groups.write"]})[1])
    for who, base in [("user", f"{U}/{uid}"), ("group", f"{G}/{gid}")]:
        tmpl = (U + "/{user_id}") if who == "user" else (G + "/{group_id}")
        validate(f"POST {who} role", schema_for(tmpl + "/roles", "post"), call("POST", f"{base}/roles", {"role_id": rid})[1])
        validate(f"GET {who} roles", schema_for(tmpl + "/roles", "get"), call("GET", f"{base}/roles")[1])
        validate(f"GET {who} role", schema_for(tmpl + "/roles/{role_id}", "get"), call("GET", f"{base}/roles/{rid}")[1])
        validate(f"DELETE {who} role", schema_for(tmpl + "/roles/{role_id}", "delete"), call("DELETE", f"{base}/roles/{rid}")[1])

    PR = f"/projects/{pid}/roles"
    s, prole = call("POST", PR, {"role_name": "Spec project role", "permissions": ["api.organization.projects.api_keys.read"]})
    validate("POST project role", schema_for("/projects/{project_id}/roles", "post"), prole)
    validate("GET project roles", schema_for("/projects/{project_id}/roles", "get"), call("GET", PR)[1])
    validate("GET project role", schema_for("/projects/{project_id}/roles/{role_id}", "get"), call("GET", f"{PR}/{prole['id']}")[1])
    validate("POST project role (update)", schema_for("/projects/{project_id}/roles/{role_id}", "post"), call("POST", f"{PR}/{prole['id']}", {"description": "x"})[1])
    PG = f"/organization/projects/{pid}/groups"
    validate("POST project group", schema_for("/organization/projects/{project_id}/groups", "post"), call("POST", PG, {"group_id": gid, "role": prole["id"]})[1])
    validate("GET project groups", schema_for("/organization/projects/{project_id}/groups", "get"), call("GET", PG)[1])
    validate("GET project group", schema_for("/organization/projects/{project_id}/groups/{group_id}", "get"), call("GET", f"{PG}/{gid}")[1])
    pgr = f"/projects/{pid}/groups/{gid}/roles"
    validate("GET project group roles", schema_for("/projects/{project_id}/groups/{group_id}/roles", "get"), call("GET", pgr)[1])
    validate("DELETE project group role", schema_for("/projects/{project_id}/groups/{group_id}/roles/{role_id}", "delete"), call("DELETE", f"{pgr}/{prole['id']}")[1])
    validate("DELETE project group", schema_for("/organization/projects/{project_id}/groups/{group_id}", "delete"), call("DELETE", f"{PG}/{gid}")[1])
    member = call("GET", f"/organization/projects/{pid}/users?limit=1")[1]["data"][0]["id"]
    pur = f"/projects/{pid}/users/{member}/roles"
    validate("POST project user role", schema_for("/projects/{project_id}/users/{user_id}/roles", "post"), call("POST", pur, {"role_id": prole["id"]})[1])
    validate("GET project user roles", schema_for("/projects/{project_id}/users/{user_id}/roles", "get"), call("GET", pur)[1])
    validate("GET project user role", schema_for("/projects/{project_id}/users/{user_id}/roles/{role_id}", "get"), call("GET", f"{pur}/{prole['id']}")[1])
    validate("DELETE project user role", schema_for("/projects/{project_id}/users/{user_id}/roles/{role_id}", "delete"), call("DELETE", f"{pur}/{prole['id']}")[1])
    validate("DELETE project role", schema_for("/projects/{project_id}/roles/{role_id}", "delete"), call("DELETE", f"{PR}/{prole['id']}")[1])
    validate("DELETE group user", schema_for(G + "/{group_id}/users/{user_id}", "delete"), call("DELETE", f"{G}/{gid}/users/{uid}")[1])
    validate("DELETE group", schema_for(G + "/{group_id}", "delete"), call("DELETE", f"{G}/{gid}")[1])
    validate("DELETE role", schema_for(R + "/{role_id}", "delete"), call("DELETE", f"{R}/{rid}")[1])

    s, cert = call("POST", C, {"certificate": PEM, "name": "spec"})
    validate("POST certificate", schema_for(C, "post"), cert)
    cid = cert["id"]
    validate("GET certificates", schema_for(C, "get"), call("GET", C + "?limit=20")[1])
    validate("GET certificate", schema_for(C + "/{certificate_id}", "get"), call("GET", f"{C}/{cid}?include[]=content")[1])
    validate("POST certificate (rename)", schema_for(C + "/{certificate_id}", "post"), call("POST", f"{C}/{cid}", {"name": "spec 2"})[1])
    ids = {"certificate_ids": [cid]}
    validate("POST certificates activate", schema_for(C + "/activate", "post"), call("POST", C + "/activate", ids)[1])
    PC = f"/organization/projects/{pid}/certificates"
    validate("POST project certificates activate", schema_for("/organization/projects/{project_id}/certificates/activate", "post"), call("POST", PC + "/activate", ids)[1])
    validate("GET project certificates", schema_for("/organization/projects/{project_id}/certificates", "get"), call("GET", PC)[1])
    validate("POST project certificates deactivate", schema_for("/organization/projects/{project_id}/certificates/deactivate", "post"), call("POST", PC + "/deactivate", ids)[1])
    validate("POST certificates deactivate", schema_for(C + "/deactivate", "post"), call("POST", C + "/deactivate", ids)[1])
    validate("DELETE certificate", schema_for(C + "/{certificate_id}", "delete"), call("DELETE", f"{C}/{cid}")[1])
    s, refused = call("POST", C, {"certificate": "not a pem"})
    validate("400 bad PEM", {"$ref": "#/components/schemas/ErrorResponse"}, refused) if s == 400 else fail("bad PEM", s)


def sdk_checks(org, sdk, pid):
    h = {}
    sdk("users.retrieve", lambda: h.update(u=list(org.users.list(limit=100))[-1]) or org.users.retrieve(h["u"].id))
    sdk("users.update", lambda: org.users.update(h["u"].id, role="reader"))
    sdk("invites.create", lambda: h.update(i=org.invites.create(email="sdk-check@example.org", role="reader", projects=[])))
    sdk("invites.list", lambda: list(org.invites.list(limit=20)))
    if "i" in h:
        sdk("invites.retrieve", lambda: org.invites.retrieve(h["i"].id))
        sdk("invites.delete", lambda: org.invites.delete(h["i"].id))
    sdk("groups.create", lambda: h.update(g=org.groups.create(name="SDK group")))
    sdk("groups.list", lambda: list(org.groups.list(limit=2)))
    sdk("roles.create", lambda: h.update(r=org.roles.create(role_name="SDK role", permissions=["api.groups.read"])))
    sdk("roles.list", lambda: list(org.roles.list()))
    if "g" in h and "r" in h and "u" in h:
        g, r, u = h["g"].id, h["r"].id, h["u"].id
        sdk("groups.retrieve", lambda: org.groups.retrieve(g))
        sdk("groups.update", lambda: org.groups.update(g, name="SDK group 2"))
        sdk("groups.users.create", lambda: org.groups.users.create(g, user_id=u))
        sdk("groups.users.list", lambda: list(org.groups.users.list(g)))
        sdk("groups.users.retrieve", lambda: org.groups.users.retrieve(u, group_id=g))
        sdk("roles.retrieve", lambda: org.roles.retrieve(r))
        sdk("roles.update", lambda: org.roles.update(r, description="via the SDK"))
        sdk("groups.roles.create", lambda: org.groups.roles.create(g, role_id=r))
        sdk("groups.roles.list", lambda: list(org.groups.roles.list(g)))
        sdk("groups.roles.retrieve", lambda: org.groups.roles.retrieve(r, group_id=g))
        sdk("users.roles.create", lambda: org.users.roles.create(u, role_id=r))
        sdk("users.roles.list", lambda: list(org.users.roles.list(u)))
        sdk("users.roles.retrieve", lambda: org.users.roles.retrieve(r, user_id=u))
        sdk("users.roles.delete", lambda: org.users.roles.delete(r, user_id=u))
        sdk("groups.roles.delete", lambda: org.groups.roles.delete(r, group_id=g))
        pj = org.projects
        sdk("projects.roles.create", lambda: h.update(pr=pj.roles.create(pid, role_name="SDK project role", permissions=["api.groups.read"])))
        sdk("projects.roles.list", lambda: list(pj.roles.list(pid)))
        if "pr" in h:
            pr = h["pr"].id
            sdk("projects.roles.retrieve", lambda: pj.roles.retrieve(pr, project_id=pid))
            sdk("projects.roles.update", lambda: pj.roles.update(pr, project_id=pid, description="x"))
            sdk("projects.groups.create", lambda: pj.groups.create(pid, group_id=g, role=pr))
            sdk("projects.groups.list", lambda: list(pj.groups.list(pid)))
            sdk("projects.groups.retrieve", lambda: pj.groups.retrieve(g, project_id=pid))
            sdk("projects.groups.roles.list", lambda: list(pj.groups.roles.list(g, project_id=pid)))
            sdk("projects.groups.roles.retrieve", lambda: pj.groups.roles.retrieve(pr, project_id=pid, group_id=g))
            sdk("projects.groups.roles.delete", lambda: pj.groups.roles.delete(pr, project_id=pid, group_id=g))
            sdk("projects.groups.roles.create", lambda: pj.groups.roles.create(g, project_id=pid, role_id=pr))
            sdk("projects.groups.delete", lambda: pj.groups.delete(g, project_id=pid))
            member = list(pj.users.list(project_id=pid))[0].id
            sdk("projects.users.roles.create", lambda: pj.users.roles.create(member, project_id=pid, role_id=pr))
            sdk("projects.users.roles.list", lambda: list(pj.users.roles.list(member, project_id=pid)))
            sdk("projects.users.roles.retrieve", lambda: pj.users.roles.retrieve(pr, project_id=pid, user_id=member))
            sdk("projects.users.roles.delete", lambda: pj.users.roles.delete(pr, project_id=pid, user_id=member))
            sdk("projects.roles.delete", lambda: pj.roles.delete(pr, project_id=pid))
        sdk("groups.users.delete", lambda: org.groups.users.delete(u, group_id=g))
        sdk("groups.delete", lambda: org.groups.delete(g))
        sdk("roles.delete", lambda: org.roles.delete(r))
    sdk("certificates.create", lambda: h.update(c=org.certificates.create(certificate=PEM, name="sdk")))
    sdk("certificates.list", lambda: list(org.certificates.list(limit=20)))
    if "c" in h:
        c = h["c"].id
        sdk("certificates.retrieve", lambda: org.certificates.retrieve(c, include=["content"]))
        sdk("certificates.update", lambda: org.certificates.update(c, name="sdk 2"))
        sdk("certificates.activate", lambda: list(org.certificates.activate(certificate_ids=[c])))
        sdk("projects.certificates.activate", lambda: list(org.projects.certificates.activate(pid, certificate_ids=[c])))
        sdk("projects.certificates.list", lambda: list(org.projects.certificates.list(pid)))
        sdk("projects.certificates.deactivate", lambda: list(org.projects.certificates.deactivate(pid, certificate_ids=[c])))
        sdk("certificates.deactivate", lambda: list(org.certificates.deactivate(certificate_ids=[c])))
        sdk("certificates.delete", lambda: org.certificates.delete(c))

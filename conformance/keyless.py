"""Keyless sign-in (issue 23): the emulator's workload identity providers and federation rules,
which the 2026-08 spec does not have, driven through the official SDK's strict models. Called
from check.py with its helpers."""


def sdk_checks(org, sdk, pid):
    wip = org.workload_identity_providers
    h = {}
    sdk("workload_identity_providers.create", lambda: h.update(p=wip.create(
        name="GitHub Actions", type="oidc", issuer="https://token.actions.githubusercontent.com",
        audience="https://github.com/acme", verification={"type": "discovery", "discovery_url": None},
        attribute_transformations=[{"attribute": "repo", "expression": "assertion.repository"}])))
    sdk("workload_identity_providers.list", lambda: list(wip.list(limit=2)))
    sdk("service account for a rule", lambda: h.update(sa=org.projects.service_accounts.create(pid, name="keyless-check")))
    if "p" not in h or "sa" not in h:
        return
    p, sa = h["p"].id, h["sa"].id
    sdk("workload_identity_providers.retrieve", lambda: wip.retrieve(p))
    sdk("workload_identity_providers.update", lambda: wip.update(p, enabled=False, description="checked"))
    fr = wip.federation_rules
    sdk("federation_rules.create", lambda: h.update(r=fr.create(
        p, attribute_matchers={"repository": "acme/api", "run_attempt": 1, "pr": False}, project_id=pid,
        service_account_id=sa, name="deploy", permissions={"type": "restricted", "scopes": ["api.model.request"]})))
    sdk("federation_rules.list (service account)", lambda: list(fr.list(p, service_account_id=sa, limit=1)))
    if "r" in h:
        r = h["r"].id
        sdk("federation_rules.retrieve", lambda: fr.retrieve(r, workload_identity_provider_id=p))
        sdk("federation_rules.update", lambda: fr.update(
            r, workload_identity_provider_id=p, enabled=False, permissions={"type": "service_account_default"}))
        sdk("federation_rules.delete", lambda: fr.delete(r, workload_identity_provider_id=p))
    sdk("workload_identity_providers.delete", lambda: wip.delete(p))

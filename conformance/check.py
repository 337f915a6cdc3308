"""Independent conformance checks of the emulator (run by scripts/test.sh).

1. Every emulator response for the endpoints Keyward uses validates against the response schema
   in the official OpenAPI spec (conformance/openapi.yaml, vendored; see openapi.SOURCE.md). The SDK-only update endpoint is
   validated against the spec's ProjectApiKey schema.
2. The official Python SDK (openai 3.54.0), with strict response validation, calls each endpoint
   against the emulator and must raise no validation error (service-tier settings, SDK only,
   are checked here alone).

Usage: python check.py BASE_URL ADMIN_KEY SPEC_PATH
"""

import json
import sys
import time
import urllib.parse
import urllib.request
import urllib.error

import yaml
from jsonschema import Draft202012Validator

BASE, KEY, SPEC = sys.argv[1], sys.argv[2], sys.argv[3]

failures = []
passed = 0


def ok(name):
    global passed
    passed += 1
    print(f"  ok    {name}")


def fail(name, why):
    failures.append(name)
    print(f"  FAIL  {name}: {why}")


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {KEY}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


print("loading the spec…")
with open(SPEC) as f:
    spec = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
components = {"components": spec["components"]}


def schema_for(path, method, status="200"):
    op = spec["paths"][path][method]
    return op["responses"][status]["content"]["application/json"]["schema"]


def validate(name, schema, instance):
    v = Draft202012Validator({**schema, **components})
    errors = sorted(v.iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        fail(name, "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:3]))
    else:
        ok(name)


print("1. emulator responses against the spec's schemas")
P = "/organization/projects"
s, projects = call("GET", P + "?include_archived=true&limit=100")
validate("GET projects", schema_for(P, "get"), projects)
pid = projects["data"][1]["id"]
s, project = call("GET", f"{P}/{pid}")
validate("GET project", schema_for(P + "/{project_id}", "get"), project)
s, keys = call("GET", f"{P}/{pid}/api_keys?limit=100&owner_project_access=any")
validate("GET api_keys", schema_for(P + "/{project_id}/api_keys", "get"), keys)
live = next(k for k in keys["data"] if k.get("expires_at") is None)
s, key = call("GET", f"{P}/{pid}/api_keys/{live['id']}")
validate("GET api_key", schema_for(P + "/{project_id}/api_keys/{api_key_id}", "get"), key)
s, updated = call("POST", f"{P}/{pid}/api_keys/{live['id']}", {"scopes": ["api.all.read"], "expires_in_seconds": 86400})
validate("POST api_key (SDK update) as ProjectApiKey", {"$ref": "#/components/schemas/ProjectApiKey"}, updated)
s, sas = call("GET", f"{P}/{pid}/service_accounts?limit=100")
validate("GET service_accounts", schema_for(P + "/{project_id}/service_accounts", "get"), sas)
s, created = call("POST", f"{P}/{pid}/service_accounts", {"name": "conformance"})
validate("POST service_accounts", schema_for(P + "/{project_id}/service_accounts", "post"), created)
said = created["id"]
s, sa = call("GET", f"{P}/{pid}/service_accounts/{said}")
validate("GET service_account", schema_for(P + "/{project_id}/service_accounts/{service_account_id}", "get"), sa)
s, sakey = call("POST", f"{P}/{pid}/service_accounts/{said}/api_keys", {"name": "second", "scopes": ["api.model.request"]})
validate("POST service_account api_keys", schema_for(P + "/{project_id}/service_accounts/{service_account_id}/api_keys", "post"), sakey)
s, users = call("GET", f"{P}/{pid}/users?limit=100")
validate("GET users", schema_for(P + "/{project_id}/users", "get"), users)
s, deleted = call("DELETE", f"{P}/{pid}/api_keys/{sakey['id']}")
validate("DELETE api_key", schema_for(P + "/{project_id}/api_keys/{api_key_id}", "delete"), deleted)
s, deleted = call("DELETE", f"{P}/{pid}/service_accounts/{said}")
validate("DELETE service_account", schema_for(P + "/{project_id}/service_accounts/{service_account_id}", "delete"), deleted)
s, logs = call("GET", "/organization/audit_logs?limit=100&event_types[]=api_key.created&event_types[]=api_key.updated&event_types[]=api_key.deleted&event_types[]=service_account.created&event_types[]=service_account.deleted")
validate("GET audit_logs", schema_for("/organization/audit_logs", "get"), logs)
start = int(time.time()) - 7 * 86400
s, usage = call("GET", f"/organization/usage/completions?start_time={start}&group_by[]=api_key_id&limit=7")
validate("GET usage/completions", schema_for("/organization/usage/completions", "get"), usage)
# Every usage endpoint that groups by key, grouped as Keyward asks and by the other keys the
# spec lists; the project-only ones by project; costs by project and line item.
for endpoint, groups in [
    ("completions", ["api_key_id", "project_id", "model", "batch", "service_tier", "user_id"]),
    ("embeddings", ["api_key_id", "project_id", "model", "user_id"]),
    ("moderations", ["api_key_id", "project_id", "model"]),
    ("images", ["api_key_id", "project_id", "model", "size", "source"]),
    ("audio_speeches", ["api_key_id", "project_id", "model"]),
    ("audio_transcriptions", ["api_key_id", "project_id", "model"]),
    ("file_search_calls", ["api_key_id", "project_id", "vector_store_id"]),
    ("web_search_calls", ["api_key_id", "project_id", "model", "context_level"]),
    ("vector_stores", ["project_id"]),
    ("code_interpreter_sessions", ["project_id"]),
]:
    schema = schema_for(f"/organization/usage/{endpoint}", "get")
    s, plain = call("GET", f"/organization/usage/{endpoint}?start_time={start}&limit=7")
    validate(f"GET usage/{endpoint}", schema, plain)
    query = "&".join(f"group_by={g}" for g in groups)
    s, grouped = call("GET", f"/organization/usage/{endpoint}?start_time={start}&limit=7&{query}")
    validate(f"GET usage/{endpoint} grouped by {', '.join(groups)}", schema, grouped)
s, costs = call("GET", f"/organization/costs?start_time={start}&limit=7&group_by[]=project_id&group_by[]=line_item")
validate("GET costs by project and line item", schema_for("/organization/costs", "get"), costs)
s, costs = call("GET", f"/organization/costs?start_time={start}&limit=30")
validate("GET costs", schema_for("/organization/costs", "get"), costs)
email = next(
    (e["actor"]["session"]["user"]["email"] for e in logs["data"] if e.get("actor", {}).get("session", {}).get("user", {}).get("email")),
    "owner@example.com",
)
s, filtered = call("GET", f"/organization/audit_logs?limit=20&project_ids[]={pid}&actor_emails[]={urllib.parse.quote(email)}&effective_at[gte]={start - 400 * 86400}")
validate("GET audit_logs by project, actor email and time", schema_for("/organization/audit_logs", "get"), filtered)
s, by_id = call("GET", f"/organization/audit_logs?limit=5&actor_ids[]=user_owner&resource_ids[]={pid}")
validate("GET audit_logs by actor ID and resource", schema_for("/organization/audit_logs", "get"), by_id)
if logs["data"]:
    s, newer = call("GET", f"/organization/audit_logs?limit=5&before={logs['data'][-1]['id']}")
    validate("GET audit_logs before a cursor", schema_for("/organization/audit_logs", "get"), newer)
s, tenant = call("GET", "/organization/audit_logs?tenant_only=true")
validate("GET audit_logs tenant_only", schema_for("/organization/audit_logs", "get"), tenant)
# What an owner guards: admin keys, organization users, project lifecycle, rate limits and
# membership. Each answer against its schema, then each change undone where the API allows.
s, admins = call("GET", "/organization/admin_api_keys?limit=100")
validate("GET admin_api_keys", schema_for("/organization/admin_api_keys", "get"), admins)
s, admin = call("POST", "/organization/admin_api_keys", {"name": "conformance", "expires_in_seconds": 3600})
validate("POST admin_api_keys", schema_for("/organization/admin_api_keys", "post"), admin)
s, one_admin = call("GET", f"/organization/admin_api_keys/{admin['id']}")
validate("GET admin_api_key", schema_for("/organization/admin_api_keys/{key_id}", "get"), one_admin)
s, gone_admin = call("DELETE", f"/organization/admin_api_keys/{admin['id']}")
validate("DELETE admin_api_key", schema_for("/organization/admin_api_keys/{key_id}", "delete"), gone_admin)
s, org_users = call("GET", "/organization/users?limit=100")
validate("GET organization users", schema_for("/organization/users", "get"), org_users)
s, made = call("POST", "/organization/projects", {"name": "Conformance project", "residency": "EU_STORAGE_PROCESSING"})
validate("POST projects", schema_for("/organization/projects", "post"), made)
s, renamed = call("POST", f"{P}/{made['id']}", {"name": "Conformance project (renamed)"})
validate("POST project (rename)", schema_for(P + "/{project_id}", "post"), renamed)
s, limits = call("GET", f"{P}/{made['id']}/rate_limits")
validate("GET rate_limits", schema_for(P + "/{project_id}/rate_limits", "get"), limits)
s, limit_changed = call("POST", f"{P}/{made['id']}/rate_limits/{limits['data'][0]['id']}", {"max_requests_per_1_minute": 100})
validate("POST rate_limit", schema_for(P + "/{project_id}/rate_limits/{rate_limit_id}", "post"), limit_changed)
s, refused = call("POST", f"{P}/{made['id']}/rate_limits/{limits['data'][0]['id']}", {"max_requests_per_1_minute": 10**9})
validate("400 above the organization's limit", {"$ref": "#/components/schemas/ErrorResponse"}, refused) if s == 400 else fail("rate limit refusal", s)
newcomer = org_users["data"][-1]["id"]
s, added = call("POST", f"{P}/{made['id']}/users", {"user_id": newcomer, "role": "member"})
validate("POST project users", schema_for(P + "/{project_id}/users", "post"), added)
s, promoted = call("POST", f"{P}/{made['id']}/users/{newcomer}", {"role": "owner"})
validate("POST project user (role)", schema_for(P + "/{project_id}/users/{user_id}", "post"), promoted)
s, removed = call("DELETE", f"{P}/{made['id']}/users/{newcomer}")
validate("DELETE project user", schema_for(P + "/{project_id}/users/{user_id}", "delete"), removed)
s, sa_made = call("POST", f"{P}/{made['id']}/service_accounts", {"name": "conformance-bot"})
s, sa_changed = call("POST", f"{P}/{made['id']}/service_accounts/{sa_made['id']}", {"role": "owner"})
validate("POST service_account (role)", schema_for(P + "/{project_id}/service_accounts/{service_account_id}", "post"), sa_changed)
s, archived = call("POST", f"{P}/{made['id']}/archive")
validate("POST project archive", schema_for(P + "/{project_id}/archive", "post"), archived)
s, refused = call("POST", f"{P}/{projects['data'][0]['id']}/archive")
validate("400 archiving the default project", {"$ref": "#/components/schemas/ErrorResponse"}, refused) if s == 400 else fail("default project archive", s)
# Guard rails (issue 21): spend limits and alerts, model and tool permissions, retention.
gp = f"{P}/{pid}"
usd = {"currency": "USD", "interval": "month"}
s, org_limit = call("POST", "/organization/spend_limit", {"threshold_amount": 900000, **usd})
validate("POST organization spend_limit", schema_for("/organization/spend_limit", "post"), org_limit)
validate("GET organization spend_limit", schema_for("/organization/spend_limit", "get"), call("GET", "/organization/spend_limit")[1])
s, p_limit = call("POST", f"{gp}/spend_limit", {"threshold_amount": 50000, **usd})
validate("POST project spend_limit", schema_for(P + "/{project_id}/spend_limit", "post"), p_limit)
validate("GET project spend_limit", schema_for(P + "/{project_id}/spend_limit", "get"), call("GET", f"{gp}/spend_limit")[1])
s, refused = call("POST", f"{gp}/spend_limit", {"threshold_amount": 900001, **usd})
validate("400 project limit above the organization's", {"$ref": "#/components/schemas/ErrorResponse"}, refused) if s == 400 else fail("project limit refusal", s)
validate("DELETE project spend_limit", schema_for(P + "/{project_id}/spend_limit", "delete"), call("DELETE", f"{gp}/spend_limit")[1])
s, err = call("GET", f"{gp}/spend_limit")
validate("404 no project spend_limit", {"$ref": "#/components/schemas/ErrorResponse"}, err) if s == 404 else fail("no limit 404", s)
channel = {"type": "email", "recipients": ["finance@example.com"], "subject_prefix": "OpenAI spend alert"}
for owner, base in [("organization", "/organization"), ("project", gp)]:
    tmpl = "/organization" if owner == "organization" else P + "/{project_id}"
    s, alert = call("POST", f"{base}/spend_alerts", {"threshold_amount": 10000, **usd, "notification_channel": channel})
    validate(f"POST {owner} spend_alerts", schema_for(tmpl + "/spend_alerts", "post"), alert)
    validate(f"GET {owner} spend_alerts", schema_for(tmpl + "/spend_alerts", "get"), call("GET", f"{base}/spend_alerts?limit=20")[1])
    one_alert = f"{base}/spend_alerts/{alert['id']}"
    validate(f"GET {owner} spend_alert", schema_for(tmpl + "/spend_alerts/{alert_id}", "get"), call("GET", one_alert)[1])
    s, alert2 = call("POST", one_alert, {"threshold_amount": 20000, **usd, "notification_channel": {**channel, "subject_prefix": None}})
    validate(f"POST {owner} spend_alert", schema_for(tmpl + "/spend_alerts/{alert_id}", "post"), alert2)
    validate(f"DELETE {owner} spend_alert", schema_for(tmpl + "/spend_alerts/{alert_id}", "delete"), call("DELETE", one_alert)[1])
    s, retention = call("POST", f"{base}/data_retention", {"retention_type": "zero_data_retention"})
    validate(f"POST {owner} data_retention", schema_for(tmpl + "/data_retention", "post"), retention)
    validate(f"GET {owner} data_retention", schema_for(tmpl + "/data_retention", "get"), call("GET", f"{base}/data_retention")[1])
s, models = call("POST", f"{gp}/model_permissions", {"mode": "allow_list", "model_ids": ["gpt-4.1", "o3"]})
validate("POST model_permissions", schema_for(P + "/{project_id}/model_permissions", "post"), models)
validate("GET model_permissions", schema_for(P + "/{project_id}/model_permissions", "get"), call("GET", f"{gp}/model_permissions")[1])
s, refused = call("POST", f"{gp}/model_permissions", {"mode": "allow_list", "model_ids": []})
validate("400 empty allow list", {"$ref": "#/components/schemas/ErrorResponse"}, refused) if s == 400 else fail("empty allow list", s)
validate("DELETE model_permissions", schema_for(P + "/{project_id}/model_permissions", "delete"), call("DELETE", f"{gp}/model_permissions")[1])
s, tools = call("POST", f"{gp}/hosted_tool_permissions", {"file_search": {"enabled": True}, "image_generation": {"enabled": False}})
validate("POST hosted_tool_permissions", schema_for(P + "/{project_id}/hosted_tool_permissions", "post"), tools)
validate("GET hosted_tool_permissions", schema_for(P + "/{project_id}/hosted_tool_permissions", "get"), call("GET", f"{gp}/hosted_tool_permissions")[1])
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import people  # noqa: E402 - issue 22's checks, with the helpers above
import keyless  # noqa: E402 - issue 23's checks, through the SDK

people.schemas(call, schema_for, validate, fail, pid)
s, err = call("GET", f"{P}/proj_missing")
validate("404 error body", {"$ref": "#/components/schemas/ErrorResponse"}, err) if s == 404 else fail("404", s)

print("2. the official Python SDK, strict validation")
import openai
from openai import OpenAI

print(f"  openai {openai.__version__}")
client = OpenAI(admin_api_key=KEY, base_url=BASE, max_retries=0, _strict_response_validation=True)
org = client.admin.organization


def sdk(name, fn):
    try:
        fn()
        ok(name)
    except Exception as e:  # noqa: BLE001 - any error is a conformance failure
        fail(name, f"{type(e).__name__}: {str(e)[:300]}")


sdk("projects.list", lambda: list(org.projects.list(include_archived=True, limit=100)))
sdk("projects.retrieve", lambda: org.projects.retrieve(pid))
sdk("api_keys.list", lambda: list(org.projects.api_keys.list(project_id=pid, owner_project_access="any", limit=7)))
sdk("api_keys.retrieve", lambda: org.projects.api_keys.retrieve(live["id"], project_id=pid))
sdk("api_keys.update", lambda: org.projects.api_keys.update(live["id"], project_id=pid, scopes=[], expires_in_seconds=3600))
sdk("service_accounts.list", lambda: list(org.projects.service_accounts.list(project_id=pid)))
holder = {}
sdk("service_accounts.create", lambda: holder.update(sa=org.projects.service_accounts.create(pid, name="sdk-check")))
if "sa" in holder:
    sa_id = holder["sa"].id
    sdk("service_accounts.retrieve", lambda: org.projects.service_accounts.retrieve(sa_id, project_id=pid))
    sdk("service_accounts.api_keys.create", lambda: holder.update(k=org.projects.service_accounts.api_keys.create(sa_id, project_id=pid, name="sdk-key", scopes=["api.model.request"], expires_in_seconds=600)))
    if "k" in holder:
        sdk("api_keys.delete", lambda: org.projects.api_keys.delete(holder["k"].id, project_id=pid))
    sdk("service_accounts.delete", lambda: org.projects.service_accounts.delete(sa_id, project_id=pid))
sdk("users.list", lambda: list(org.projects.users.list(project_id=pid)))
sdk("audit_logs.list", lambda: list(org.audit_logs.list(event_types=["api_key.updated", "api_key.deleted"], limit=20)))
sdk("usage.completions", lambda: org.usage.completions(start_time=start, group_by=["api_key_id"], limit=7))
sdk("usage.completions by model and api_source", lambda: org.usage.completions(start_time=start, group_by=["model", "api_source"], limit=7))
for name in ["embeddings", "moderations", "images", "audio_speeches", "audio_transcriptions", "file_search_calls", "web_search_calls"]:
    sdk(f"usage.{name}", lambda name=name: getattr(org.usage, name)(start_time=start, group_by=["api_key_id", "project_id"], limit=7))
sdk("usage.vector_stores", lambda: org.usage.vector_stores(start_time=start, group_by=["project_id"], limit=7))
sdk("usage.code_interpreter_sessions", lambda: org.usage.code_interpreter_sessions(start_time=start, limit=7))
sdk("usage.costs", lambda: org.usage.costs(start_time=start, group_by=["project_id", "line_item"], limit=7))
sdk("usage.costs by user and api_source", lambda: org.usage.costs(start_time=start, group_by=["user_id", "api_source"], limit=7))
sdk("audit_logs.list filtered", lambda: list(org.audit_logs.list(project_ids=[pid], actor_emails=[email], actor_ids=["user_owner"], effective_at={"gte": start - 400 * 86400}, limit=20)))
sdk("audit_logs.list tenant_only", lambda: list(org.audit_logs.list(tenant_only=True, limit=5)))
if logs["data"]:
    sdk("audit_logs.list before", lambda: org.audit_logs.list(before=logs["data"][-1]["id"], limit=5))


sdk("admin_api_keys.list", lambda: list(org.admin_api_keys.list(limit=20)))
holder2 = {}
sdk("admin_api_keys.create", lambda: holder2.update(k=org.admin_api_keys.create(name="sdk-admin", expires_in_seconds=600)))
if "k" in holder2:
    sdk("admin_api_keys.retrieve", lambda: org.admin_api_keys.retrieve(holder2["k"].id))
    sdk("admin_api_keys.delete", lambda: org.admin_api_keys.delete(holder2["k"].id))
sdk("users.list (organization)", lambda: list(org.users.list(limit=100)))
sdk("projects.create", lambda: holder2.update(p=org.projects.create(name="sdk-project")))
if "p" in holder2:
    new_pid = holder2["p"].id
    sdk("projects.update", lambda: org.projects.update(new_pid, name="sdk-project renamed"))
    sdk("projects.rate_limits.list_rate_limits", lambda: holder2.update(rl=list(org.projects.rate_limits.list_rate_limits(new_pid))))
    if holder2.get("rl"):
        sdk("projects.rate_limits.update_rate_limit", lambda: org.projects.rate_limits.update_rate_limit(holder2["rl"][0].id, project_id=new_pid, max_requests_per_1_minute=50))
    someone = org_users["data"][-2]["id"]
    sdk("projects.users.create", lambda: org.projects.users.create(new_pid, user_id=someone, role="member"))
    sdk("projects.users.update", lambda: org.projects.users.update(someone, project_id=new_pid, role="owner"))
    sdk("projects.users.delete", lambda: org.projects.users.delete(someone, project_id=new_pid))
    sdk("projects.service_accounts.create+update", lambda: org.projects.service_accounts.update(
        org.projects.service_accounts.create(new_pid, name="sdk-bot").id, project_id=new_pid, role="owner"))
    sdk("projects.archive", lambda: org.projects.archive(new_pid))


# Guard rails through the SDK.
gr = org.projects
email_channel = {"type": "email", "recipients": ["ops@example.com"]}
sdk("spend_limit.update (organization)", lambda: org.spend_limit.update(currency="USD", interval="month", threshold_amount=800000))
sdk("spend_limit.retrieve (organization)", lambda: org.spend_limit.retrieve())
sdk("projects.spend_limit.update", lambda: gr.spend_limit.update(pid, currency="USD", interval="month", threshold_amount=70000))
sdk("projects.spend_limit.retrieve", lambda: gr.spend_limit.retrieve(pid))
sdk("projects.spend_limit.delete", lambda: gr.spend_limit.delete(pid))
sdk("spend_limit.delete (organization)", lambda: org.spend_limit.delete())
holder3 = {}
sdk("spend_alerts.create (organization)", lambda: holder3.update(o=org.spend_alerts.create(currency="USD", interval="month", threshold_amount=5000, notification_channel=email_channel)))
sdk("spend_alerts.list (organization)", lambda: list(org.spend_alerts.list(limit=20)))
if "o" in holder3:
    sdk("spend_alerts.retrieve (organization)", lambda: org.spend_alerts.retrieve(holder3["o"].id))
    sdk("spend_alerts.update (organization)", lambda: org.spend_alerts.update(holder3["o"].id, currency="USD", interval="month", threshold_amount=6000, notification_channel=email_channel))
    sdk("spend_alerts.delete (organization)", lambda: org.spend_alerts.delete(holder3["o"].id))
sdk("projects.spend_alerts.create", lambda: holder3.update(p=gr.spend_alerts.create(pid, currency="USD", interval="month", threshold_amount=5000, notification_channel={**email_channel, "subject_prefix": "[ops]"})))
sdk("projects.spend_alerts.list", lambda: list(gr.spend_alerts.list(pid)))
if "p" in holder3:
    sdk("projects.spend_alerts.retrieve", lambda: gr.spend_alerts.retrieve(holder3["p"].id, project_id=pid))
    sdk("projects.spend_alerts.update", lambda: gr.spend_alerts.update(holder3["p"].id, project_id=pid, currency="USD", interval="month", threshold_amount=7000, notification_channel=email_channel))
    sdk("projects.spend_alerts.delete", lambda: gr.spend_alerts.delete(holder3["p"].id, project_id=pid))
sdk("projects.model_permissions.update", lambda: gr.model_permissions.update(pid, mode="deny_list", model_ids=["gpt-image-1"]))
sdk("projects.model_permissions.retrieve", lambda: gr.model_permissions.retrieve(pid))
sdk("projects.model_permissions.delete", lambda: gr.model_permissions.delete(pid))
sdk("projects.hosted_tool_permissions.update", lambda: gr.hosted_tool_permissions.update(pid, mcp={"enabled": False}, web_search=None))
sdk("projects.hosted_tool_permissions.retrieve", lambda: gr.hosted_tool_permissions.retrieve(pid))
sdk("projects.data_retention.update", lambda: gr.data_retention.update(pid, retention_type="organization_default"))
sdk("projects.data_retention.retrieve", lambda: gr.data_retention.retrieve(pid))
sdk("data_retention.update (organization)", lambda: org.data_retention.update(retention_type="modified_abuse_monitoring"))
sdk("data_retention.retrieve (organization)", lambda: org.data_retention.retrieve())
sdk("projects.service_tier_settings.update", lambda: gr.service_tier_settings.update(pid, default="fast", enabled_tiers=["flex"]))
sdk("projects.service_tier_settings.update all", lambda: gr.service_tier_settings.update(pid, enabled_tiers="all"))
sdk("projects.service_tier_settings.retrieve", lambda: gr.service_tier_settings.retrieve(pid))


people.sdk_checks(org, sdk, pid)
keyless.sdk_checks(org, sdk, pid)


def not_found():
    try:
        org.projects.retrieve("proj_missing")
    except openai.NotFoundError as e:
        assert e.status_code == 404 and e.code == "not_found", e
        return
    raise AssertionError("no NotFoundError")


sdk("404 maps to NotFoundError", not_found)

print(f"conformance: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)

//! Guard rails (spend limits, alerts, model and tool permissions, retention, service tiers)
//! through the client against the in-memory organization: each call, each refusal, each audit event.

mod common;
use admin_api::resources::spend_alerts::AlertOwner;
use admin_api::types::*;
use admin_api::*;
use common::*;
use fake_org::{GenSpec, Org};

fn client() -> Client<Mem> {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 5,
            projects: 3,
            keys_per_project: Some(4),
            now: NOW,
        },
    );
    let mem = Mem::new(org);
    let base = mem.base.clone();
    let c = Client::new(mem, &base, AdminKey::new_unchecked(KEY));
    // The generated organization has guard rails of its own; these tests start from none.
    block_on(c.delete_org_spend_limit()).unwrap();
    for a in block_on(c.all_spend_alerts(AlertOwner::Organization)).unwrap() {
        block_on(c.delete_spend_alert(AlertOwner::Organization, &a.id)).unwrap();
    }
    c
}

/// A new project: no guard rails of its own yet.
fn live_project(c: &Client<Mem>) -> String {
    let body = CreateProject {
        name: "Guard rails".into(),
        residency: None,
    };
    block_on(c.create_project(&body)).unwrap().id
}

fn audit_types(c: &Client<Mem>) -> Vec<String> {
    let q = AuditQuery::default();
    block_on(c.list_audit_logs(&q))
        .unwrap()
        .data
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[test]
fn spend_limits_are_set_read_refused_above_the_organization_and_deleted() {
    let c = client();
    let p = live_project(&c);
    assert_eq!(
        block_on(c.project_spend_limit(&p)).unwrap(),
        None,
        "no limit reads as None"
    );
    let set =
        block_on(c.set_project_spend_limit(&p, &UpdateSpendLimit::monthly_usd(50_000))).unwrap();
    assert_eq!(
        (set.object.as_str(), set.threshold_amount),
        ("project.spend_limit", 50_000)
    );
    assert_eq!(block_on(c.project_spend_limit(&p)).unwrap(), Some(set));
    assert_eq!(audit_types(&c)[0], "project.updated");

    block_on(c.set_org_spend_limit(&UpdateSpendLimit::monthly_usd(40_000))).unwrap();
    assert_eq!(audit_types(&c)[0], "tenant.billing.overage_limit.updated");
    let above = block_on(c.set_project_spend_limit(&p, &UpdateSpendLimit::monthly_usd(40_001)))
        .unwrap_err();
    assert_eq!(above.kind, ErrorKind::BadRequest);
    assert!(
        above.message.contains("organization's spend limit"),
        "{}",
        above.message
    );
    assert_eq!(
        block_on(c.project_spend_limit(&p))
            .unwrap()
            .unwrap()
            .threshold_amount,
        50_000,
        "a refusal changes nothing"
    );

    let zero = block_on(c.set_org_spend_limit(&UpdateSpendLimit::monthly_usd(0))).unwrap_err();
    assert_eq!(zero.param.as_deref(), Some("threshold_amount"));
    assert!(block_on(c.delete_project_spend_limit(&p)).unwrap().deleted);
    assert_eq!(block_on(c.project_spend_limit(&p)).unwrap(), None);
    assert_eq!(
        block_on(c.delete_project_spend_limit(&p)).unwrap_err().kind,
        ErrorKind::NotFound
    );
}

#[test]
fn a_limit_below_the_months_spend_is_enforcing() {
    let c = client();
    let spend = block_on(c.month_to_date(NOW)).unwrap();
    let (busy, dollars) = spend
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(p, d)| (p.clone(), *d))
        .unwrap();
    assert!(
        dollars > 1.0,
        "the generated organization spends this month: {dollars}"
    );
    let below =
        block_on(c.set_project_spend_limit(&busy, &UpdateSpendLimit::monthly_usd(100))).unwrap();
    assert!(below.enforcement.is_enforcing());
    let above = (dollars * 100.0) as i64 + 10_000;
    let above =
        block_on(c.set_project_spend_limit(&busy, &UpdateSpendLimit::monthly_usd(above))).unwrap();
    assert!(!above.enforcement.is_enforcing());
}

#[test]
fn spend_alerts_go_through_their_whole_life_for_both_owners() {
    let c = client();
    let p = live_project(&c);
    for owner in [AlertOwner::Organization, AlertOwner::Project(&p)] {
        let channel = NotificationChannel::email(vec!["finance@example.com".into()], None);
        let made =
            block_on(c.create_spend_alert(owner, &SpendAlertBody::monthly_usd(10_000, channel)))
                .unwrap();
        assert!(made.object.ends_with(".spend_alert"));
        let again = NotificationChannel::email(
            vec!["a@example.com".into(), "b@example.com".into()],
            Some("[ops]".into()),
        );
        let changed = block_on(c.update_spend_alert(
            owner,
            &made.id,
            &SpendAlertBody::monthly_usd(20_000, again),
        ))
        .unwrap();
        assert_eq!(changed.threshold_amount, 20_000);
        assert_eq!(block_on(c.spend_alert(owner, &made.id)).unwrap(), changed);
        assert_eq!(block_on(c.all_spend_alerts(owner)).unwrap(), vec![changed]);
        let bad = NotificationChannel::email(vec!["not an email".into()], None);
        let refused = block_on(c.create_spend_alert(owner, &SpendAlertBody::monthly_usd(1, bad)))
            .unwrap_err();
        assert_eq!(
            refused.param.as_deref(),
            Some("notification_channel.recipients")
        );
        let none = NotificationChannel::email(vec![], None);
        assert!(
            block_on(c.create_spend_alert(owner, &SpendAlertBody::monthly_usd(1, none))).is_err()
        );
        let gone = block_on(c.delete_spend_alert(owner, &made.id)).unwrap();
        assert!(gone.deleted && gone.id == made.id);
        assert!(block_on(c.all_spend_alerts(owner)).unwrap().is_empty());
    }
    assert!(audit_types(&c).contains(&"tenant.billing.alerts.updated".to_owned()));
}

#[test]
fn model_policies_refuse_an_empty_allow_list() {
    let c = client();
    let p = live_project(&c);
    assert_eq!(
        block_on(c.model_permissions(&p)).unwrap(),
        None,
        "no policy: every model"
    );
    let empty = UpdateModelPermissions {
        mode: "allow_list".into(),
        model_ids: vec![],
    };
    let refused = block_on(c.set_model_permissions(&p, &empty)).unwrap_err();
    assert!(
        refused.message.contains("block every model"),
        "{}",
        refused.message
    );
    let allow = UpdateModelPermissions {
        mode: "allow_list".into(),
        model_ids: vec!["gpt-4.1".into(), "o3".into()],
    };
    let set = block_on(c.set_model_permissions(&p, &allow)).unwrap();
    assert!(set.is_allow_list() && set.model_ids.len() == 2);
    assert_eq!(block_on(c.model_permissions(&p)).unwrap(), Some(set));
    assert!(block_on(c.delete_model_permissions(&p)).unwrap().deleted);
    assert_eq!(block_on(c.model_permissions(&p)).unwrap(), None);
}

#[test]
fn tools_retention_and_tiers_change_only_what_is_sent() {
    let c = client();
    let p = live_project(&c);
    assert!(block_on(c.hosted_tools(&p)).unwrap().off().is_empty());
    let after =
        block_on(c.set_hosted_tools(&p, &UpdateHostedTools::one(HostedTool::WebSearch, false)))
            .unwrap();
    assert_eq!(after.off(), vec![HostedTool::WebSearch]);
    assert_eq!(block_on(c.hosted_tools(&p)).unwrap(), after);

    assert_eq!(
        block_on(c.project_data_retention(&p))
            .unwrap()
            .retention_type,
        "organization_default"
    );
    let zdr = UpdateDataRetention {
        retention_type: "zero_data_retention".into(),
    };
    assert_eq!(
        block_on(c.set_project_data_retention(&p, &zdr))
            .unwrap()
            .object,
        "project.data_retention"
    );
    let follow = UpdateDataRetention {
        retention_type: "organization_default".into(),
    };
    let refused = block_on(c.set_org_data_retention(&follow)).unwrap_err();
    assert_eq!(
        refused.param.as_deref(),
        Some("retention_type"),
        "only a project follows the organization"
    );
    assert_eq!(
        block_on(c.org_data_retention()).unwrap().object,
        "organization.data_retention"
    );

    let tiers = block_on(c.service_tiers(&p)).unwrap();
    assert_eq!(
        (tiers.default.as_str(), &tiers.enabled_tiers),
        ("standard", &EnabledTiers::default())
    );
    let only_flex = UpdateServiceTiers {
        default: None,
        enabled_tiers: Some(EnabledTiers::Only(vec!["flex".into()])),
    };
    let changed = block_on(c.set_service_tiers(&p, &only_flex)).unwrap();
    assert_eq!(
        (changed.default.as_str(), changed.enabled_tiers.describe()),
        ("standard", "flex".into())
    );
    assert!(
        block_on(c.set_service_tiers(&p, &UpdateServiceTiers::default())).is_err(),
        "at least one field"
    );
}

#[test]
fn an_archived_projects_guard_rails_are_read_only() {
    let c = client();
    let archived = block_on(c.archive_project(&live_project(&c))).unwrap();
    assert!(block_on(c.hosted_tools(&archived.id)).is_ok());
    let refused =
        block_on(c.set_project_spend_limit(&archived.id, &UpdateSpendLimit::monthly_usd(100)))
            .unwrap_err();
    assert!(refused.message.contains("archived"), "{}", refused.message);
}

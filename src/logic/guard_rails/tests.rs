use super::findings::{self, RailFinding};
use super::input::{self, InputError};
use super::table::{RailQuery, RailSort};
use super::*;
use std::collections::BTreeSet;

fn project(id: &str, name: &str) -> Project {
    serde_json::from_value(serde_json::json!({
        "id": id, "object": "organization.project", "name": name, "created_at": 1, "status": "active"
    }))
    .unwrap()
}

fn limit(cents: i64, enforcing: bool) -> SpendLimit {
    SpendLimit {
        object: "project.spend_limit".into(),
        threshold_amount: cents,
        currency: "USD".into(),
        interval: "month".into(),
        enforcement: Enforcement {
            status: if enforcing { "enforcing" } else { "inactive" }.into(),
        },
    }
}

fn alert(cents: i64) -> SpendAlert {
    SpendAlert {
        id: format!("alert_{cents}"),
        object: "project.spend_alert".into(),
        threshold_amount: cents,
        currency: "USD".into(),
        interval: "month".into(),
        notification_channel: NotificationChannel::email(vec!["a@example.com".into()], None),
    }
}

fn row(id: &str, spent: Option<i64>, lim: Option<SpendLimit>, alerts: Vec<SpendAlert>) -> RailRow {
    RailRow {
        project: project(id, id),
        spent,
        rails: ProjectRails {
            limit: Some(Ok(lim)),
            alerts: Some(Ok(alerts)),
            models: Some(Ok(None)),
            tools: Some(Ok(HostedToolPermissions::default())),
            retention: None,
            tiers: None,
        },
    }
}

#[test]
fn findings_follow_spend_limits_alerts_and_the_organization() {
    let none = row("proj_a", Some(500), None, vec![]);
    assert_eq!(
        findings::of(&none, None),
        vec![RailFinding::NoLimit, RailFinding::NoModelPolicy]
    );
    let past = row(
        "proj_b",
        Some(850),
        Some(limit(1_000, false)),
        vec![alert(500)],
    );
    assert!(findings::of(&past, None).contains(&RailFinding::Past80));
    let at_79 = row("proj_c", Some(799), Some(limit(1_000, false)), vec![]);
    assert!(!findings::of(&at_79, None).contains(&RailFinding::Past80));
    // Enforcing by the API's word, even when our spend figure lags.
    let stopped = row(
        "proj_d",
        Some(10),
        Some(limit(1_000, true)),
        vec![alert(1_000)],
    );
    let f = findings::of(&stopped, Some(900));
    assert!(f.contains(&RailFinding::Stopped) && !f.contains(&RailFinding::Past80));
    assert!(
        f.contains(&RailFinding::AlertNeverFires),
        "an alert at the limit never fires"
    );
    assert!(f.contains(&RailFinding::AboveOrg));
    // Unread rails find nothing.
    let mut unread = row("proj_e", None, None, vec![]);
    unread.rails = ProjectRails::default();
    assert!(findings::of(&unread, Some(1)).is_empty());
    let mut denied = unread.clone();
    denied.rails.models = Some(Ok(Some(ModelPermissions {
        object: String::new(),
        mode: "deny_list".into(),
        model_ids: vec![],
    })));
    assert_eq!(
        findings::of(&denied, None),
        vec![RailFinding::NoModelPolicy],
        "an empty deny list limits nothing"
    );
}

#[test]
fn the_table_sorts_every_column_with_unknown_last_and_filters_by_finding() {
    let rows = vec![
        row("proj_a", Some(500), None, vec![]),
        row(
            "proj_b",
            Some(900),
            Some(limit(1_000, false)),
            vec![alert(500), alert(700)],
        ),
        row("proj_c", None, Some(limit(5_000, false)), vec![]),
    ];
    let mut q = RailQuery {
        sort: RailSort::Spend,
        descending: true,
        ..RailQuery::default()
    };
    assert_eq!(q.select(&rows, None), vec![1, 0, 2]);
    q.descending = false;
    assert_eq!(
        q.select(&rows, None),
        vec![0, 1, 2],
        "unknown spend stays last"
    );
    q.sort = RailSort::Limit;
    assert_eq!(q.select(&rows, None), vec![1, 2, 0]);
    q.sort = RailSort::Alerts;
    q.descending = true;
    assert_eq!(q.select(&rows, None)[0], 1);
    for sort in RailSort::ALL {
        q.sort = sort;
        assert_eq!(q.select(&rows, None).len(), 3, "{sort:?} keeps every row");
    }
    q.finding = Some(RailFinding::NoLimit);
    assert_eq!(q.select(&rows, None), vec![0]);
    q.finding = None;
    q.text = "PROJ_B".into();
    assert_eq!(q.select(&rows, None), vec![1]);
    q.text.clear();
    let mut with_tools = rows.clone();
    let mut off = HostedToolPermissions::default();
    off.set(HostedTool::Mcp, false);
    with_tools[2].rails.tools = Some(Ok(off));
    with_tools[1].rails.retention = Some(Ok(DataRetention {
        object: String::new(),
        retention_type: "zero_data_retention".into(),
    }));
    q.tool_off = Some(HostedTool::Mcp);
    assert_eq!(q.select(&with_tools, None), vec![2]);
    q.tool_off = None;
    q.retention = Some("zero_data_retention");
    assert_eq!(q.select(&with_tools, None), vec![1]);
    q.retention = None;
    q.models = Some(super::table::ModelsFilter::Any);
    assert_eq!(
        q.select(&with_tools, None).len(),
        3,
        "no policy is any model"
    );
    q.models = Some(super::table::ModelsFilter::Allow);
    assert!(q.select(&with_tools, None).is_empty());
}

#[test]
fn the_hash_round_trips_and_ignores_what_it_does_not_know() {
    let q = RailQuery {
        text: "ops & co".into(),
        finding: Some(RailFinding::AboveOrg),
        archived: true,
        sort: RailSort::Used,
        descending: false,
        ..RailQuery::default()
    };
    let hash = format!("#/spend{}", q.to_query());
    assert_eq!(RailQuery::from_hash(&hash), q);
    let columns = RailQuery {
        models: Some(super::table::ModelsFilter::Deny),
        tool_off: Some(HostedTool::Mcp),
        retention: Some("zero_data_retention"),
        ..RailQuery::default()
    };
    assert_eq!(
        RailQuery::from_hash(&format!("#/spend{}", columns.to_query())),
        columns
    );
    assert_eq!(
        RailQuery::from_hash("#/spend?retention=forever&tool_off=x").retention,
        None
    );
    assert_eq!(RailQuery::default().to_query(), "");
    let odd = RailQuery::from_hash("#/spend?finding=../x&sort=%2E%2E&dir=sideways&evil=1");
    assert_eq!(odd, RailQuery::default());
}

#[test]
fn ranges_and_tiers_filter_their_columns_and_live_in_the_hash() {
    use super::ranges::{Range, RangeColumn};
    let mut tiers = row("p_tiers", Some(5000), None, vec![]);
    tiers.rails.tiers = Some(Ok(ServiceTierSettings {
        object: String::new(),
        default: "fast".into(),
        enabled_tiers: EnabledTiers::Only(vec!["flex".into()]),
    }));
    let rows = vec![
        row(
            "p_low",
            Some(1000),
            Some(limit(10_000, false)),
            vec![alert(5000)],
        ),
        row(
            "p_high",
            Some(9000),
            Some(limit(10_000, false)),
            vec![alert(5000), alert(8000)],
        ),
        row("p_none", Some(25_050), None, vec![]),
        row("p_unread", None, Some(limit(2000, false)), vec![]),
        tiers,
    ];
    let ids = |q: &RailQuery| -> Vec<&str> {
        q.select(&rows, None)
            .into_iter()
            .map(|i| rows[i].project.id.as_str())
            .collect()
    };
    let mut q = RailQuery::default();
    // Bounds are inclusive; an unknown or absent value is never in a range.
    *q.range_mut(RangeColumn::Spend) = Range {
        min: Some(5000),
        max: Some(25_050),
    };
    assert_eq!(ids(&q), ["p_high", "p_none", "p_tiers"]);
    let mut q = RailQuery::default();
    *q.range_mut(RangeColumn::Used) = Range {
        min: Some(80),
        max: None,
    };
    assert_eq!(ids(&q), ["p_high"]);
    let mut q = RailQuery::default();
    *q.range_mut(RangeColumn::Limit) = Range {
        min: None,
        max: Some(2000),
    };
    assert_eq!(ids(&q), ["p_unread"]);
    let mut q = RailQuery::default();
    *q.range_mut(RangeColumn::Alerts) = Range {
        min: Some(2),
        max: None,
    };
    assert_eq!(ids(&q), ["p_high"]);
    let q = RailQuery {
        tier_default: Some("fast"),
        ..RailQuery::default()
    };
    assert_eq!(ids(&q), ["p_tiers"]);
    let q = RailQuery {
        tier_on: Some("ultrafast"),
        ..RailQuery::default()
    };
    assert!(ids(&q).is_empty());
    let q = RailQuery {
        tier_on: Some("flex"),
        ..RailQuery::default()
    };
    assert_eq!(ids(&q), ["p_tiers"]);

    // Typed bounds: exact cents, zero allowed, anything else refused with a reason.
    assert_eq!(RangeColumn::Spend.parse(" $1,250.5 "), Ok(Some(125_050)));
    assert_eq!(RangeColumn::Spend.parse("0"), Ok(Some(0)));
    assert_eq!(RangeColumn::Spend.parse(""), Ok(None));
    assert!(RangeColumn::Spend.parse("1e3").is_err());
    assert!(RangeColumn::Limit.parse("-5").is_err());
    assert_eq!(RangeColumn::Used.parse("80 %"), Ok(Some(80)));
    assert!(RangeColumn::Alerts.parse("2.5").is_err());
    assert_eq!(RangeColumn::Spend.text(125_050), "1250.50");
    assert_eq!(RangeColumn::Limit.text(10_000), "100");

    let mut q = RailQuery {
        tier_default: Some("scale"),
        tier_on: Some("flex"),
        ..RailQuery::default()
    };
    *q.range_mut(RangeColumn::Spend) = Range {
        min: Some(1005),
        max: None,
    };
    *q.range_mut(RangeColumn::Alerts) = Range {
        min: None,
        max: Some(0),
    };
    let query = q.to_query();
    assert!(
        query.contains("spend=10.05-") && query.contains("alerts=-0"),
        "{query}"
    );
    assert_eq!(RailQuery::from_hash(&format!("#/spend{query}")), q);
    // Only tiers the API has, and only numbers, come in from a link.
    let odd = RailQuery::from_hash("#/spend?tier=<b>&tier_on=../x&spend=x-%2E%2E&used=1e9-");
    assert_eq!(odd, RailQuery::default());
}

#[test]
fn recipients_and_models_are_checked_before_sending() {
    assert_eq!(
        input::recipients("ops@example.com, Ops@example.com\nfinance@example.org").unwrap(),
        vec!["ops@example.com", "finance@example.org"]
    );
    assert_eq!(input::recipients("  "), Err(InputError::NoRecipients));
    assert_eq!(
        input::recipients("ops@example"),
        Err(InputError::NotAnEmail("ops@example".into()))
    );
    let many: Vec<String> = (0..21).map(|i| format!("u{i}@example.com")).collect();
    assert_eq!(
        input::recipients(&many.join(",")),
        Err(InputError::TooManyRecipients)
    );

    let known: BTreeSet<String> = ["gpt-4.1".to_owned(), "o3".to_owned()].into();
    assert_eq!(
        input::models(" ", true, &known),
        Err(InputError::EmptyAllowList)
    );
    assert!(
        input::models(" ", false, &known).unwrap().ids.is_empty(),
        "an empty deny list is allowed"
    );
    let m = input::models("gpt-4.1, gpt-4.1 o3-typo", true, &known).unwrap();
    assert_eq!(
        (m.ids.len(), m.unknown),
        (2, vec!["o3-typo".to_owned()]),
        "a warning, not a refusal"
    );
    assert!(matches!(
        input::models("<script>", false, &known),
        Err(InputError::NotAModel(_))
    ));
}

#[test]
fn the_bar_fits_every_mark_and_says_it_in_words() {
    let b = bar(500, Some(1_000), &[1_500, 250]);
    assert_eq!(
        (b.spent.round(), b.limit.map(f64::round)),
        (33.0, Some(67.0))
    );
    assert_eq!(
        b.alerts.iter().map(|a| a.round()).collect::<Vec<_>>(),
        vec![100.0, 17.0]
    );
    assert_eq!(bar(0, None, &[]).spent, 0.0);
    assert_eq!(
        bar_words(850, Some(1_000), &[500]),
        "$8.50 spent this month of a $10.00 limit (85 %); alerts at $5.00."
    );
    assert_eq!(bar_words(0, None, &[]), "$0.00 spent this month, no limit.");
}

#[test]
fn exports_say_what_the_table_shows_and_defuse_formulas() {
    let mut r = row(
        "proj_a",
        Some(900),
        Some(limit(1_000, false)),
        vec![alert(500)],
    );
    r.project.name = Some("=HYPERLINK(\"x\")".into());
    let csv = super::export::to_csv(&[&r], Some(800));
    let line = csv.lines().nth(1).unwrap();
    assert!(
        line.starts_with(
            "proj_a,\"'=HYPERLINK(\"\"x\"\")\",active,900,1000,90,false,1,500,any model,,"
        ),
        "{line}"
    );
    assert!(
        line.ends_with("past-80 above-org no-model-policy"),
        "{line}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&super::export::to_json(&[&r], Some(800), 0)).unwrap();
    assert_eq!(json["projects"][0]["limit_cents"], "1000");
    assert_eq!(json["organization_limit_cents"], 800);
}

#[test]
fn a_bulk_run_reviews_every_project_counts_only_what_was_proved_and_retries_the_rest() {
    use super::bulk::{Apply, Change, Outcome, outcome_of};
    let a = row("proj_a", Some(0), None, vec![]);
    let b = row("proj_b", Some(0), Some(limit(1_000, false)), vec![]);
    let c = row("proj_c", Some(0), Some(limit(2_000, false)), vec![]);
    let mut run = Apply::plan(Change::Limit(50_000), &[&a, &b, &c]);
    let review: Vec<(String, String)> = run
        .lines
        .iter()
        .map(|l| (l.before.clone(), run.change.new_value()))
        .collect();
    assert_eq!(review[0], ("none".into(), "$500.00".into()));
    assert_eq!(review[1].0, "$10.00");
    run.set(0, Outcome::Set);
    let refusal =
        admin_api::ApiError::new(admin_api::ErrorKind::BadRequest, "above the organization's");
    run.set(1, outcome_of(&refusal));
    run.set(2, Outcome::InFlight);
    run.close();
    let counts = run.counts();
    assert_eq!(
        (counts.set, counts.refused, counts.unknown),
        (1, 1, 1),
        "a write cut in flight is unknown"
    );
    let rest = run.rest().unwrap();
    assert_eq!(
        rest.lines
            .iter()
            .map(|l| l.project_id.as_str())
            .collect::<Vec<_>>(),
        vec!["proj_b", "proj_c"],
        "Retry sends only the projects not set"
    );
    assert!(rest.lines.iter().all(|l| l.outcome == Outcome::Waiting));
    assert_eq!(
        run.headline(),
        "Spend limit $500.00 a month: 1 of 3 set, 1 refused, 1 unknown."
    );
    let offline = admin_api::ApiError::new(admin_api::ErrorKind::Network, "offline");
    assert!(matches!(outcome_of(&offline), Outcome::Unknown(_)));
    // Read back after an unknown answer: the limit there is the one sent.
    let read = ProjectRails {
        limit: Some(Ok(Some(limit(50_000, false)))),
        ..ProjectRails::default()
    };
    assert!(Change::Limit(50_000).is_in_place(&read));
    assert!(!Change::Limit(40_000).is_in_place(&read));
}

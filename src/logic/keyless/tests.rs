use super::checks::{audience, issuer, jwks, matchers};
use super::presets::{PRESETS, for_issuer};
use super::{SaState, keys_can_go};
use admin_api::types::ProjectApiKey;

const GITHUB: &str = "https://token.actions.githubusercontent.com";
const DAY: i64 = 86_400;

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).into(), (*b).into()))
        .collect()
}

#[test]
fn states_follow_rules_and_keys() {
    assert_eq!(SaState::of(1, 0), SaState::Keyless);
    assert_eq!(SaState::of(2, 1), SaState::Mixed);
    assert_eq!(SaState::of(0, 3), SaState::KeyOnly);
    assert_eq!(SaState::of(0, 0), SaState::Idle);
}

#[test]
fn issuers_audiences_and_jwks_are_checked_before_sending() {
    assert!(issuer(GITHUB).is_ok());
    assert!(
        issuer("http://issuer.example")
            .unwrap_err()
            .contains("https")
    );
    assert!(
        issuer("https://issuer.example/?x=1")
            .unwrap_err()
            .contains("query")
    );
    assert!(
        issuer("https://issuer.example/#f")
            .unwrap_err()
            .contains("fragment")
    );
    assert!(issuer("https://").is_err());
    assert!(
        issuer(PRESETS[3].issuer).unwrap_err().contains("{…}"),
        "AWS needs its ID filled in"
    );
    assert!(audience("  ").is_err());
    assert!(jwks("[]").is_err());
    assert!(jwks("{\"k\": 1}").unwrap_err().contains("keys"));
    assert!(jwks("{\"keys\": []}").is_ok());
    assert_eq!(
        for_issuer("https://login.microsoftonline.com/abc/v2.0")
            .unwrap()
            .id,
        "azure"
    );
    assert_eq!(
        for_issuer("https://abc.tokens.sts.global.api.aws")
            .unwrap()
            .id,
        "aws"
    );
    assert!(for_issuer("https://example.com").is_none());
}

#[test]
fn a_catch_all_rule_on_a_public_issuer_is_refused_and_wildcards_warned() {
    // No matcher at all; only the branch on GitHub: any repository could sign in.
    assert!(
        matchers(&rows(&[]), GITHUB)
            .unwrap_err()
            .contains("at least one matcher")
    );
    let any_repo = matchers(&rows(&[("ref", "refs/heads/main")]), GITHUB).unwrap_err();
    assert!(
        any_repo.contains("repository or repository_owner"),
        "{any_repo}"
    );
    // Pinned to one repository: sent, with the branch; `true` is a boolean.
    let (m, warn) = matchers(
        &rows(&[
            ("repository", "acme/api"),
            ("ref", "refs/heads/main"),
            ("pr", "false"),
        ]),
        GITHUB,
    )
    .unwrap();
    assert_eq!(m["repository"], "acme/api");
    assert_eq!(m["pr"], false);
    assert!(warn.is_empty());
    let (_, warn) = matchers(&rows(&[("repository", "acme/*")]), GITHUB).unwrap();
    assert!(warn[0].0.contains("matched exactly"));
    assert!(
        matchers(&rows(&[("repository", "a"), ("repository", "b")]), GITHUB)
            .unwrap_err()
            .contains("twice")
    );
    assert!(matchers(&rows(&[("", "x")]), GITHUB).is_err());
    // A private issuer's rule is up to its owner.
    assert!(
        matchers(
            &rows(&[("tid", "t")]),
            "https://login.microsoftonline.com/t/v2.0"
        )
        .is_ok()
    );
}

fn key(last_used: Option<i64>) -> ProjectApiKey {
    serde_json::from_value(serde_json::json!({
        "id": "key_1", "name": "ci", "created_at": 0, "last_used_at": last_used, "owner": {}
    }))
    .unwrap()
}

#[test]
fn old_keys_can_go_once_unused_for_the_chosen_days_after_the_rule() {
    let rule = 100 * DAY;
    let now = 120 * DAY;
    assert!(keys_can_go(
        &[key(Some(rule - DAY)), key(None)],
        rule,
        14,
        now
    ));
    assert!(
        !keys_can_go(&[key(Some(rule + DAY))], rule, 14, now),
        "used after the rule"
    );
    assert!(
        !keys_can_go(&[key(None)], rule, 30, now),
        "the rule is younger than 30 days"
    );
    assert!(
        !keys_can_go(&[], rule, 14, now),
        "no keys: nothing to revoke"
    );
}

#[test]
fn each_old_key_is_placed_against_the_rule() {
    use super::SinceRule;
    assert_eq!(SinceRule::of(Some(200), 100), SinceRule::UsedAfter);
    assert_eq!(SinceRule::of(Some(100), 100), SinceRule::QuietSince);
    assert_eq!(SinceRule::of(Some(50), 100), SinceRule::QuietSince);
    assert_eq!(SinceRule::of(None, 100), SinceRule::NeverUsed);
}

#[test]
fn verification_is_discovery_or_checked_uploaded_keys() {
    use super::checks::verification;
    use admin_api::types::Verification;
    assert_eq!(
        verification(false, "ignored"),
        Ok(Verification::Discovery {
            discovery_url: None
        })
    );
    assert!(matches!(
        verification(true, r#"{"keys": [{"kty": "RSA"}]}"#),
        Ok(Verification::UploadedJwks { .. })
    ));
    assert!(verification(true, "{}").is_err());
}

#[test]
fn an_edit_sends_only_what_changed_and_a_read_back_proves_it() {
    use super::edits::{ProviderFields, provider_holds, provider_update, rule_holds, rule_update};
    use admin_api::types::{
        FederationRule, RulePermissions, Verification, WorkloadIdentityProvider,
    };
    let rule: FederationRule = serde_json::from_value(serde_json::json!({
        "id": "wfr_1", "name": "main deploys", "enabled": true,
        "attribute_matchers": {"repository": "acme/app"}, "created_at": 1
    }))
    .unwrap();
    let same = rule.attribute_matchers.clone();
    let default = RulePermissions::ServiceAccountDefault;
    assert_eq!(
        rule_update(&rule, " main deploys ", same.clone(), default.clone()),
        None
    );
    let mut moved = same.clone();
    moved.insert("ref".into(), "refs/heads/main".into());
    let u = rule_update(&rule, "main deploys", moved.clone(), default.clone()).unwrap();
    assert_eq!((u.name.as_ref(), u.permissions.as_ref()), (None, None));
    assert_eq!(u.attribute_matchers.as_ref(), Some(&moved));
    assert!(!rule_holds(&rule, &u));
    let mut after = rule.clone();
    after.attribute_matchers = moved;
    assert!(rule_holds(&after, &u));

    let provider: WorkloadIdentityProvider = serde_json::from_value(serde_json::json!({
        "id": "wip_1", "name": "GitHub", "issuer": GITHUB, "audience": "https://github.com/acme",
        "enabled": true
    }))
    .unwrap();
    let fields = |audience: &str, verification| ProviderFields {
        name: "GitHub".into(),
        issuer: GITHUB.into(),
        audience: audience.into(),
        verification,
    };
    let discovery = Verification::Discovery {
        discovery_url: None,
    };
    assert!(
        provider_update(
            &provider,
            fields("https://github.com/acme", discovery.clone())
        )
        .is_none()
    );
    let jwks = Verification::UploadedJwks {
        jwks: serde_json::from_str(r#"{"keys": []}"#).unwrap(),
    };
    let u = provider_update(&provider, fields("https://github.com/acme", jwks.clone())).unwrap();
    assert_eq!((u.name.as_ref(), u.audience.as_ref()), (None, None));
    assert!(!provider_holds(&provider, &u));
    let mut after = provider.clone();
    after.verification = Some(jwks);
    assert!(provider_holds(&after, &u));
}

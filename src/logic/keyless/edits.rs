//! A rule's or a provider's edit as the body to send: only what the user changed, nothing when
//! nothing did; and whether a read-back shows the change in place (for an answer that was lost).

use admin_api::types::{
    FederationRule, RulePermissions, UpdateProvider, UpdateRule, Verification,
    WorkloadIdentityProvider,
};
use serde_json::{Map, Value};

/// The rule's permissions, `None` read as the service account's own.
fn permissions_of(r: &FederationRule) -> RulePermissions {
    r.permissions
        .clone()
        .unwrap_or(RulePermissions::ServiceAccountDefault)
}

/// The edit of `old` to `name`, `matchers` and `permissions`; `None` when nothing changed.
pub fn rule_update(
    old: &FederationRule,
    name: &str,
    matchers: Map<String, Value>,
    permissions: RulePermissions,
) -> Option<UpdateRule> {
    let name = name.trim();
    let u = UpdateRule {
        name: (old.name.as_deref().unwrap_or("") != name).then(|| name.to_owned()),
        attribute_matchers: (old.attribute_matchers != matchers).then_some(matchers),
        permissions: (permissions_of(old) != permissions).then_some(permissions),
        ..UpdateRule::default()
    };
    (u != UpdateRule::default()).then_some(u)
}

/// Whether `now` (read back) holds every field `sent` changed.
pub fn rule_holds(now: &FederationRule, sent: &UpdateRule) -> bool {
    sent.name
        .as_ref()
        .is_none_or(|n| now.name.as_ref() == Some(n))
        && sent
            .attribute_matchers
            .as_ref()
            .is_none_or(|m| &now.attribute_matchers == m)
        && sent
            .permissions
            .as_ref()
            .is_none_or(|p| &permissions_of(now) == p)
        && sent.enabled.is_none_or(|e| now.enabled == e)
}

/// Both discovery (whatever URL), or the same uploaded keys.
fn same_verification(a: Option<&Verification>, b: &Verification) -> bool {
    match (a, b) {
        (None | Some(Verification::Discovery { .. }), Verification::Discovery { .. }) => true,
        (Some(Verification::UploadedJwks { jwks: x }), Verification::UploadedJwks { jwks: y }) => {
            x == y
        }
        _ => false,
    }
}

/// What the provider form holds, already checked.
pub struct ProviderFields {
    pub name: String,
    pub issuer: String,
    pub audience: String,
    pub verification: Verification,
}

/// The edit of `old` to `f`; `None` when nothing changed.
pub fn provider_update(
    old: &WorkloadIdentityProvider,
    f: ProviderFields,
) -> Option<UpdateProvider> {
    let u = UpdateProvider {
        name: (old.name != f.name).then_some(f.name),
        issuer: (old.issuer != f.issuer).then_some(f.issuer),
        audience: (old.audience != f.audience).then_some(f.audience),
        verification: (!same_verification(old.verification.as_ref(), &f.verification))
            .then_some(f.verification),
        ..UpdateProvider::default()
    };
    (u != UpdateProvider::default()).then_some(u)
}

/// Whether `now` (read back) holds every field `sent` changed.
pub fn provider_holds(now: &WorkloadIdentityProvider, sent: &UpdateProvider) -> bool {
    sent.name.as_ref().is_none_or(|n| &now.name == n)
        && sent.issuer.as_ref().is_none_or(|i| &now.issuer == i)
        && sent.audience.as_ref().is_none_or(|a| &now.audience == a)
        && sent.enabled.is_none_or(|e| now.enabled == e)
        && sent
            .verification
            .as_ref()
            .is_none_or(|v| same_verification(now.verification.as_ref(), v))
}

//! Hard spend limits, organization and project. A project's limit may not be above the
//! organization's (the API refuses it); the limit enforces once the month's spend reaches it.

use crate::Response;
use crate::http::{Query, error, invalid};
use crate::org::{Org, Scope};
use admin_api::resources::costs::month_start;
use admin_api::types::*;
use serde_json::{Value, json};

/// The largest limit taken: a million dollars a month, in cents.
pub(crate) const MAX_CENTS: i64 = 100_000_000;

impl Org {
    /// Spend since the first of the month (UTC), in cents, day by day as the costs endpoint
    /// counts it: the whole organization's, or one project's.
    pub(crate) fn month_to_date_cents(&self, scope: Scope) -> i64 {
        let project = match scope {
            Scope::Org => None,
            Scope::Project(pi) => Some(self.projects[pi].project.id.as_str()),
        };
        let q: Query = project
            .map(|p| vec![("project_ids".to_owned(), p.to_owned())])
            .unwrap_or_default();
        let micro: i64 = (month_start(self.now)..self.now)
            .step_by(86_400)
            .map(|s| self.cost_micro_cents(s, (s + 86_400).min(self.now), &q))
            .sum();
        // The costs endpoint sends dollars, which the app rounds to cents: round the same way.
        (micro + 500_000) / 1_000_000
    }

    fn spend_limit_object(&self, scope: Scope, cents: i64) -> SpendLimit {
        let enforcing = self.month_to_date_cents(scope) >= cents;
        SpendLimit {
            object: format!("{}.spend_limit", scope.prefix()),
            threshold_amount: cents,
            currency: "USD".into(),
            interval: "month".into(),
            enforcement: Enforcement {
                status: if enforcing { "enforcing" } else { "inactive" }.into(),
            },
        }
    }

    pub(crate) fn retrieve_spend_limit(&self, scope: Scope) -> Result<Response, Response> {
        match self.guard(scope).spend_limit {
            Some(cents) => Ok(Response::json(200, &self.spend_limit_object(scope, cents))),
            None => Err(no_setting("spend limit", scope)),
        }
    }

    pub(crate) fn update_spend_limit(
        &mut self,
        scope: Scope,
        body: &Value,
    ) -> Result<Response, Response> {
        self.writable(scope)?;
        let cents = monthly_usd_cents(body, 1)?;
        if let (Scope::Project(_), Some(org)) = (scope, self.guard.spend_limit)
            && cents > org
        {
            return Err(invalid(
                format!(
                    "Invalid 'threshold_amount': {cents} cents is above the organization's spend limit of {org} cents."
                ),
                Some("threshold_amount"),
            ));
        }
        self.guard_mut(scope).spend_limit = Some(cents);
        self.audit_guard(
            scope,
            "tenant.billing.overage_limit.updated",
            json!({"spend_limit": {"threshold_amount": cents}}),
        );
        Ok(Response::json(200, &self.spend_limit_object(scope, cents)))
    }

    pub(crate) fn delete_spend_limit(&mut self, scope: Scope) -> Result<Response, Response> {
        self.writable(scope)?;
        if self.guard_mut(scope).spend_limit.take().is_none() {
            return Err(no_setting("spend limit", scope));
        }
        self.audit_guard(
            scope,
            "tenant.billing.overage_limit.updated",
            json!({"spend_limit": null}),
        );
        Ok(Response::json(
            200,
            &SpendLimitDeleted {
                object: format!("{}.spend_limit.deleted", scope.prefix()),
                deleted: true,
            },
        ))
    }
}

/// The 404 for a setting that was never made (no limit, no model policy).
pub(crate) fn no_setting(what: &str, scope: Scope) -> Response {
    let whose = match scope {
        Scope::Org => "the organization",
        Scope::Project(_) => "this project",
    };
    error(
        404,
        format!("No {what} is set for {whose}."),
        "invalid_request_error",
        None,
        Some("not_found"),
    )
}

/// `threshold_amount` (whole cents, at least `min`), `currency` `USD`, `interval` `month`.
pub(crate) fn monthly_usd_cents(body: &Value, min: i64) -> Result<i64, Response> {
    let cents = body
        .get("threshold_amount")
        .and_then(Value::as_i64)
        .filter(|c| (min..=MAX_CENTS).contains(c))
        .ok_or_else(|| {
            invalid(
                format!(
                    "Invalid 'threshold_amount': expected whole cents from {min} to {MAX_CENTS}."
                ),
                Some("threshold_amount"),
            )
        })?;
    for (field, only) in [("currency", "USD"), ("interval", "month")] {
        if body.get(field).and_then(Value::as_str) != Some(only) {
            return Err(invalid(
                format!("Invalid '{field}': only '{only}' is supported."),
                Some(field),
            ));
        }
    }
    Ok(cents)
}

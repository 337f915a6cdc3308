//! Spend alerts, organization and project: list, create, retrieve, update, delete.

use crate::Response;
use crate::api::spend_limits::monthly_usd_cents;
use crate::http::{Query, invalid, limit, looks_like_email, not_found, one};
use crate::org::{Org, Scope};
use admin_api::types::*;
use serde_json::{Value, json};

/// Recipients an alert may have.
pub(crate) const MAX_RECIPIENTS: usize = 20;

impl Org {
    fn alert_index(&self, scope: Scope, id: &str) -> Result<usize, Response> {
        self.guard(scope)
            .spend_alerts
            .iter()
            .position(|(a, _)| a.id == id)
            .ok_or_else(|| not_found("spend alert", id))
    }

    pub(crate) fn list_spend_alerts(&self, scope: Scope, q: &Query) -> Result<Response, Response> {
        let limit = limit(q, 20, 100)?;
        let mut all: Vec<&(SpendAlert, u64)> = self.guard(scope).spend_alerts.iter().collect();
        if one(q, "order") == Some("desc") {
            all.reverse();
        }
        let at = |name: &str| -> Result<Option<usize>, Response> {
            match one(q, name) {
                None | Some("") => Ok(None),
                Some(id) => all
                    .iter()
                    .position(|(a, _)| a.id == id)
                    .map(Some)
                    .ok_or_else(|| {
                        invalid(
                            format!("Invalid '{name}': no spend alert '{id}'."),
                            Some(name),
                        )
                    }),
            }
        };
        let (start, end) = match (at("after")?, at("before")?) {
            (Some(a), _) => (a + 1, all.len()),
            (None, Some(b)) => (b.saturating_sub(limit), b),
            (None, None) => (0, all.len()),
        };
        let data: Vec<SpendAlert> = all[start..end]
            .iter()
            .take(limit)
            .map(|(a, _)| a.clone())
            .collect();
        let has_more = start + data.len() < end;
        Ok(Response::json(200, &Page::new(data, has_more, |a| &a.id)))
    }

    pub(crate) fn retrieve_spend_alert(
        &self,
        scope: Scope,
        id: &str,
    ) -> Result<Response, Response> {
        let i = self.alert_index(scope, id)?;
        Ok(Response::json(200, &self.guard(scope).spend_alerts[i].0))
    }

    pub(crate) fn create_spend_alert(
        &mut self,
        scope: Scope,
        body: &Value,
    ) -> Result<Response, Response> {
        self.writable(scope)?;
        let (cents, channel) = alert_body(body)?;
        let id = self.new_id("alert_", 24);
        let seq = self.seq(&id);
        let alert = SpendAlert {
            id: id.clone(),
            object: format!("{}.spend_alert", scope.prefix()),
            threshold_amount: cents,
            currency: "USD".into(),
            interval: "month".into(),
            notification_channel: channel,
        };
        self.guard_mut(scope)
            .spend_alerts
            .push((alert.clone(), seq));
        self.audit_guard(
            scope,
            "tenant.billing.alerts.updated",
            json!({"spend_alert": {"id": id, "threshold_amount": cents}}),
        );
        Ok(Response::json(200, &alert))
    }

    pub(crate) fn update_spend_alert(
        &mut self,
        scope: Scope,
        id: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        self.writable(scope)?;
        let i = self.alert_index(scope, id)?;
        let (cents, channel) = alert_body(body)?;
        let alert = &mut self.guard_mut(scope).spend_alerts[i].0;
        alert.threshold_amount = cents;
        alert.notification_channel = channel;
        let alert = alert.clone();
        self.audit_guard(
            scope,
            "tenant.billing.alerts.updated",
            json!({"spend_alert": {"id": id, "threshold_amount": cents}}),
        );
        Ok(Response::json(200, &alert))
    }

    pub(crate) fn delete_spend_alert(
        &mut self,
        scope: Scope,
        id: &str,
    ) -> Result<Response, Response> {
        self.writable(scope)?;
        let i = self.alert_index(scope, id)?;
        self.guard_mut(scope).spend_alerts.remove(i);
        self.audit_guard(
            scope,
            "tenant.billing.alerts.updated",
            json!({"spend_alert": {"id": id, "deleted": true}}),
        );
        Ok(Response::json(
            200,
            &SpendAlertDeleted {
                id: id.into(),
                object: format!("{}.spend_alert.deleted", scope.prefix()),
                deleted: true,
            },
        ))
    }
}

/// The threshold and the channel of a create or an update (all four fields required).
fn alert_body(body: &Value) -> Result<(i64, NotificationChannel), Response> {
    let cents = monthly_usd_cents(body, 0)?;
    let channel = body.get("notification_channel").ok_or_else(|| {
        invalid(
            "Missing required parameter: 'notification_channel'.",
            Some("notification_channel"),
        )
    })?;
    if channel.get("type").and_then(Value::as_str) != Some("email") {
        return Err(invalid(
            "Invalid 'notification_channel.type': only 'email' is supported.",
            Some("notification_channel.type"),
        ));
    }
    let recipients: Vec<String> = match channel.get("recipients").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .map(|r| {
                r.as_str()
                    .filter(|r| looks_like_email(r))
                    .map(str::to_owned)
            })
            .collect::<Option<_>>()
            .ok_or_else(|| {
                invalid(
                    "Invalid 'notification_channel.recipients': expected email addresses.",
                    Some("notification_channel.recipients"),
                )
            })?,
        None => Vec::new(),
    };
    if recipients.is_empty() || recipients.len() > MAX_RECIPIENTS {
        return Err(invalid(
            format!(
                "Invalid 'notification_channel.recipients': give 1 to {MAX_RECIPIENTS} email addresses."
            ),
            Some("notification_channel.recipients"),
        ));
    }
    let subject_prefix = match channel.get("subject_prefix") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= 100 => Some(s.clone()),
        Some(_) => {
            return Err(invalid(
                "Invalid 'notification_channel.subject_prefix': expected text of at most 100 characters.",
                Some("notification_channel.subject_prefix"),
            ));
        }
    };
    Ok((
        cents,
        NotificationChannel::email(recipients, subject_prefix),
    ))
}

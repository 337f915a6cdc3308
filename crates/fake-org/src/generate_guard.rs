//! Guard rails for a generated organization, varied so that every finding the app makes shows
//! in the demo: projects with and without a limit, one already stopped, one past 80 %, alerts
//! above their limit, allow and deny lists, tools off, zero retention, a project limit above the
//! organization's (set before the organization's was lowered: the API refuses it now).

use crate::org::{Org, Scope};
use admin_api::types::*;

/// Only the first projects get guard rails: the rest keep the defaults (and generating a
/// thousand-project organization reads no costs).
const SEEDED: usize = 12;

impl Org {
    pub(crate) fn seed_guard_rails(&mut self) {
        let mut highest = 0;
        // The two projects spending most this month: one already stopped, one past 80 %.
        let mut live: Vec<(usize, i64)> = (0..self.projects.len().min(SEEDED))
            .filter(|&pi| self.projects[pi].project.archived_at.is_none())
            .map(|pi| (pi, self.month_to_date_cents(Scope::Project(pi))))
            .collect();
        live.sort_by_key(|&(pi, spent)| (std::cmp::Reverse(spent), pi));
        for (rank, &(pi, spent)) in live.iter().enumerate() {
            // Round figures, as people set them; never zero.
            let round = |cents: i64| ((cents / 10_000).max(1) + 1) * 10_000;
            let limit = match (rank, pi % 3) {
                (0, _) => Some((spent / 2).max(100)),
                (1, _) => Some((spent * 100 / 88).max(200)),
                (_, 0) => None,
                _ => Some(round(spent * 3)),
            };
            highest = highest.max(limit.unwrap_or(0));
            if let Some(limit) = limit {
                let threshold = if pi % 4 == 3 {
                    limit + 5_000
                } else {
                    limit / 2
                };
                self.seed_alert(Scope::Project(pi), threshold);
            }
            let g = &mut self.projects[pi].guard;
            g.spend_limit = limit;
            g.models = match pi % 4 {
                1 => Some(policy("allow_list", &["gpt-4.1-mini", "gpt-5-mini"])),
                2 => Some(policy("deny_list", &["gpt-image-1", "whisper-1"])),
                _ => None,
            };
            if pi % 3 == 2 {
                g.tools.set(HostedTool::ImageGeneration, false);
                g.tools.set(HostedTool::Mcp, false);
            }
            g.retention = match pi % 5 {
                3 => "zero_data_retention",
                4 => "none",
                _ => "organization_default",
            }
            .into();
            if pi % 4 == 3 {
                g.tiers.enabled_tiers = EnabledTiers::Only(vec!["flex".into()]);
            }
        }
        // The organization's limit sits below the highest project's: that project is above it.
        if highest > 0 {
            self.guard.spend_limit = Some(highest - highest / 5);
            self.seed_alert(Scope::Org, highest / 2);
        }
    }

    fn seed_alert(&mut self, scope: Scope, cents: i64) {
        let id = self.new_id("alert_", 24);
        let seq = self.seq(&id);
        let alert = SpendAlert {
            id,
            object: format!("{}.spend_alert", scope.prefix()),
            threshold_amount: cents,
            currency: "USD".into(),
            interval: "month".into(),
            notification_channel: NotificationChannel::email(
                vec!["finance@example.com".into()],
                Some("[OpenAI spend]".into()),
            ),
        };
        self.guard_mut(scope).spend_alerts.push((alert, seq));
    }
}

fn policy(mode: &str, models: &[&str]) -> ModelPermissions {
    ModelPermissions {
        object: "project.model_permissions".into(),
        mode: mode.into(),
        model_ids: models.iter().map(|m| (*m).to_owned()).collect(),
    }
}

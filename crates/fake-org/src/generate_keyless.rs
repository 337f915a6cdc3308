//! The generated organization's keyless sign-in: providers for two issuers and rules on several
//! service accounts, so every state shows: keyless (a rule, no key), mixed with old keys unused
//! since the rule (they can go), mixed with a key still in use, and key-only (the rest).

use crate::org::Org;
use serde_json::json;

impl Org {
    pub(crate) fn seed_keyless(&mut self) {
        let (now, day) = (self.now, 86_400);
        let live: Vec<usize> = (0..self.projects.len())
            .filter(|&i| self.projects[i].project.archived_at.is_none())
            .collect();
        let Some(&first) = live.first() else { return };
        let github = self.at(now - 90 * day, |org| {
            org.create_provider(&json!({
                "name": "GitHub Actions", "type": "oidc",
                "issuer": "https://token.actions.githubusercontent.com", "audience": "https://github.com/acme"
            }))
        });
        let gitlab = self.at(now - 60 * day, |org| {
            org.create_provider(&json!({
                "name": "GitLab CI", "type": "oidc", "issuer": "https://gitlab.com", "audience": "https://gitlab.com"
            }))
        });
        let (Some(github), Some(gitlab)) = (github, gitlab) else {
            return;
        };
        // Keyless: a deploy bot that never had a key.
        let bot = self.add_service_account(first, "deploy-bot", "member", now - 80 * day);
        let project = self.projects[first].project.id.clone();
        self.at(now - 80 * day, |org| {
            org.create_rule(
                &github,
                &json!({"project_id": project, "service_account_id": bot.id, "name": "main deploys",
                    "attribute_matchers": {"repository": "acme/deploy", "ref": "refs/heads/main"}}),
            )
        });
        // Service accounts that have keys, in the order the projects list them.
        let with_keys: Vec<(usize, String)> = live
            .iter()
            .flat_map(|&pi| {
                let p = &self.projects[pi];
                p.service_accounts
                    .iter()
                    .filter(|(sa, _)| {
                        p.keys.iter().any(|k| {
                            k.key
                                .owner
                                .service_account
                                .as_ref()
                                .is_some_and(|o| o.id == sa.id)
                        })
                    })
                    .map(move |(sa, _)| (pi, sa.id.clone()))
            })
            .collect();
        // Mixed, its old keys (all older than the rule) quiet since the rule: they can go.
        let sa_keys = |org: &Org, pi: usize, sa: &str| -> Vec<(String, i64, Option<i64>)> {
            org.projects[pi]
                .keys
                .iter()
                .filter(|k| {
                    k.key
                        .owner
                        .service_account
                        .as_ref()
                        .is_some_and(|o| o.id == sa)
                })
                .map(|k| (k.key.id.clone(), k.key.created_at, k.key.last_used_at))
                .collect()
        };
        let quiet = with_keys
            .iter()
            .find(|(pi, sa)| {
                sa_keys(self, *pi, sa)
                    .iter()
                    .all(|(_, c, _)| *c <= now - 60 * day)
            })
            .cloned();
        if let Some((pi, sa)) = quiet.clone() {
            let project = self.projects[pi].project.id.clone();
            // Each last use moved back before the rule, never before the key was made.
            for (k, created, used) in sa_keys(self, pi, &sa) {
                let at = created.max(used.unwrap_or(created).min(now - 50 * day));
                if let Some(rec) = self.projects[pi].keys.iter_mut().find(|r| r.key.id == k) {
                    // Its traffic stops then too.
                    rec.key.last_used_at = Some(at);
                    rec.used_until = Some(at);
                }
            }
            self.at(now - 45 * day, |org| {
                org.create_rule(
                    &gitlab,
                    &json!({"project_id": project, "service_account_id": sa, "name": "pipelines",
                        "attribute_matchers": {"project_path": "acme/etl"}}),
                )
            });
        }
        // Mixed, a key still in use after its rule.
        let busy = with_keys
            .iter()
            .filter(|x| Some(*x) != quiet.as_ref())
            .find(|(pi, sa)| {
                let recent = |u: &Option<i64>| u.is_some_and(|u| u > now - 20 * day);
                sa_keys(self, *pi, sa).iter().any(|(_, _, u)| recent(u))
            })
            .cloned();
        if let Some((pi, sa)) = busy {
            let project = self.projects[pi].project.id.clone();
            self.at(now - 20 * day, |org| {
                org.create_rule(
                    &github,
                    &json!({"project_id": project, "service_account_id": sa,
                        "attribute_matchers": {"repository": "acme/api", "environment": "production"},
                        "permissions": {"type": "restricted", "scopes": ["api.model.request"]}}),
                )
            });
        }
    }

    /// Runs `f` with the clock at `at` (what it creates and audits is dated then); the ID of the
    /// object it made, if it made one.
    fn at(
        &mut self,
        at: i64,
        f: impl FnOnce(&mut Org) -> Result<crate::Response, crate::Response>,
    ) -> Option<String> {
        let now = std::mem::replace(&mut self.now, at);
        let made = f(self);
        self.now = now;
        let body: serde_json::Value = serde_json::from_str(&made.ok()?.body).ok()?;
        body["id"].as_str().map(str::to_owned)
    }
}

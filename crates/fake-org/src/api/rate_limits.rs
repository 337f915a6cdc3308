//! A project's rate limits per model, bounded by the organization's own.

use crate::Response;
use crate::http::{Query, invalid, limit, not_found, one};
use crate::org::Org;
use admin_api::types::*;
use serde_json::{Value, json};

/// A project's models and their limits: (model, requests/min, tokens/min, images/min,
/// audio MB/min, requests/day, batch input tokens/day). `None`: does not apply to the model.
type Limits = (
    &'static str,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);
const MODELS: &[Limits] = &[
    (
        "gpt-4.1",
        5_000,
        2_000_000,
        None,
        None,
        None,
        Some(20_000_000),
    ),
    (
        "gpt-4.1-mini",
        10_000,
        4_000_000,
        None,
        None,
        None,
        Some(40_000_000),
    ),
    (
        "gpt-5-mini",
        10_000,
        4_000_000,
        None,
        None,
        None,
        Some(40_000_000),
    ),
    (
        "text-embedding-3-small",
        10_000,
        5_000_000,
        None,
        None,
        Some(1_000_000),
        Some(50_000_000),
    ),
    ("gpt-image-1", 500, 100_000, Some(50), None, None, None),
    ("whisper-1", 500, 0, None, Some(100), None, None),
];

/// The organization's own ceiling: a project may not be set above ten times the default.
const ORG_FACTOR: i64 = 10;

/// The default limits of every model, for a new project.
pub(crate) fn default_limits(project_id: &str) -> Vec<RateLimit> {
    MODELS
        .iter()
        .map(|&(model, rpm, tpm, images, audio, rpd, batch)| RateLimit {
            object: "project.rate_limit".into(),
            id: format!(
                "rl-{model}-{}",
                &project_id[project_id.len().saturating_sub(6)..]
            ),
            model: model.into(),
            max_requests_per_1_minute: rpm,
            max_tokens_per_1_minute: tpm,
            max_images_per_1_minute: images,
            max_audio_megabytes_per_1_minute: audio,
            max_requests_per_1_day: rpd,
            batch_1_day_max_input_tokens: batch,
        })
        .collect()
}

impl Org {
    pub(crate) fn list_rate_limits(&self, pi: usize, q: &Query) -> Result<Response, Response> {
        let limit = limit(q, 100, 100)?;
        let all = &self.projects[pi].rate_limits;
        let at = |name: &str| -> Result<Option<usize>, Response> {
            match one(q, name) {
                None | Some("") => Ok(None),
                Some(id) => all
                    .iter()
                    .position(|r| r.id == id)
                    .map(Some)
                    .ok_or_else(|| {
                        invalid(
                            format!("Invalid '{name}': no object with ID '{id}'."),
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
        let data: Vec<RateLimit> = all[start..end].iter().take(limit).cloned().collect();
        let has_more = start + data.len() < end;
        Ok(Response::json(200, &Page::new(data, has_more, |r| &r.id)))
    }

    pub(crate) fn update_rate_limit(
        &mut self,
        pi: usize,
        id: &str,
        body: &Value,
    ) -> Result<Response, Response> {
        self.archived_refusal(pi, "its rate limits cannot be changed")?;
        let ri = self.projects[pi]
            .rate_limits
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| not_found("rate limit", id))?;
        let Some(fields) = body.as_object() else {
            return Err(invalid("Expected a JSON object.", None));
        };
        let current = self.projects[pi].rate_limits[ri].clone();
        let default = MODELS.iter().find(|m| m.0 == current.model).copied();
        let mut next = current.clone();
        let mut changes = serde_json::Map::new();
        for (name, value) in fields {
            let Some(n) = value.as_i64().filter(|n| *n >= 1) else {
                return Err(invalid(
                    format!("Invalid '{name}': expected a whole number of at least 1."),
                    Some(name),
                ));
            };
            let (slot, base): (&mut Option<i64>, Option<i64>) = match name.as_str() {
                "max_requests_per_1_minute" => {
                    check_limit(name, n, default.map(|d| d.1), &current.model)?;
                    next.max_requests_per_1_minute = n;
                    changes.insert(name.clone(), json!(n));
                    continue;
                }
                "max_tokens_per_1_minute" => {
                    check_limit(name, n, default.map(|d| d.2), &current.model)?;
                    next.max_tokens_per_1_minute = n;
                    changes.insert(name.clone(), json!(n));
                    continue;
                }
                "max_images_per_1_minute" => {
                    (&mut next.max_images_per_1_minute, default.and_then(|d| d.3))
                }
                "max_audio_megabytes_per_1_minute" => (
                    &mut next.max_audio_megabytes_per_1_minute,
                    default.and_then(|d| d.4),
                ),
                "max_requests_per_1_day" => {
                    (&mut next.max_requests_per_1_day, default.and_then(|d| d.5))
                }
                "batch_1_day_max_input_tokens" => (
                    &mut next.batch_1_day_max_input_tokens,
                    default.and_then(|d| d.6),
                ),
                other => {
                    return Err(invalid(
                        format!("Unrecognized request argument supplied: {other}"),
                        Some(other),
                    ));
                }
            };
            if slot.is_none() {
                return Err(invalid(
                    format!("'{name}' does not apply to model {}.", current.model),
                    Some(name),
                ));
            }
            check_limit(name, n, base, &current.model)?;
            *slot = Some(n);
            changes.insert(name.clone(), json!(n));
        }
        self.projects[pi].rate_limits[ri] = next.clone();
        self.audit_admin(
            "rate_limit.updated",
            json!({"id": id, "changes_requested": changes}),
            Some(pi),
        );
        Ok(Response::json(200, &next))
    }
}

/// A limit must stay within the organization's own for the model.
fn check_limit(name: &str, n: i64, base: Option<i64>, model: &str) -> Result<(), Response> {
    match base {
        Some(b) if b > 0 && n > b * ORG_FACTOR => Err(invalid(
            format!(
                "'{name}' of {n} exceeds the organization's limit of {} for {model}.",
                b * ORG_FACTOR
            ),
            Some(name),
        )),
        _ => Ok(()),
    }
}

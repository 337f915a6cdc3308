//! A project's rate limits: the six fields the API allows, and an edit checked before it is
//! sent (whole numbers of at least one; only what changed goes out).

use admin_api::types::{RateLimit, UpdateRateLimit};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitField {
    RequestsPerMinute,
    TokensPerMinute,
    ImagesPerMinute,
    AudioMegabytesPerMinute,
    RequestsPerDay,
    BatchInputTokensPerDay,
}

/// The largest limit accepted before sending (the API has its own ceiling per organization).
pub const MAX_LIMIT: i64 = 1_000_000_000_000;

impl LimitField {
    pub const ALL: [LimitField; 6] = [
        LimitField::RequestsPerMinute,
        LimitField::TokensPerMinute,
        LimitField::ImagesPerMinute,
        LimitField::AudioMegabytesPerMinute,
        LimitField::RequestsPerDay,
        LimitField::BatchInputTokensPerDay,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LimitField::RequestsPerMinute => "Requests/min",
            LimitField::TokensPerMinute => "Tokens/min",
            LimitField::ImagesPerMinute => "Images/min",
            LimitField::AudioMegabytesPerMinute => "Audio MB/min",
            LimitField::RequestsPerDay => "Requests/day",
            LimitField::BatchInputTokensPerDay => "Batch input tokens/day",
        }
    }

    /// The field's value, when it applies to the model.
    pub fn get(self, r: &RateLimit) -> Option<i64> {
        match self {
            LimitField::RequestsPerMinute => Some(r.max_requests_per_1_minute),
            LimitField::TokensPerMinute => Some(r.max_tokens_per_1_minute),
            LimitField::ImagesPerMinute => r.max_images_per_1_minute,
            LimitField::AudioMegabytesPerMinute => r.max_audio_megabytes_per_1_minute,
            LimitField::RequestsPerDay => r.max_requests_per_1_day,
            LimitField::BatchInputTokensPerDay => r.batch_1_day_max_input_tokens,
        }
    }

    fn set(self, u: &mut UpdateRateLimit, v: i64) {
        let slot = match self {
            LimitField::RequestsPerMinute => &mut u.max_requests_per_1_minute,
            LimitField::TokensPerMinute => &mut u.max_tokens_per_1_minute,
            LimitField::ImagesPerMinute => &mut u.max_images_per_1_minute,
            LimitField::AudioMegabytesPerMinute => &mut u.max_audio_megabytes_per_1_minute,
            LimitField::RequestsPerDay => &mut u.max_requests_per_1_day,
            LimitField::BatchInputTokensPerDay => &mut u.batch_1_day_max_input_tokens,
        };
        *slot = Some(v);
    }
}

/// Why an edit can't be sent, per field (or for the whole edit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    Field(LimitField, String),
    NothingChanged,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Field(field, why) => write!(f, "{}: {why}", field.label()),
            EditError::NothingChanged => f.write_str("Nothing changed."),
        }
    }
}

/// What was typed without its group separators (`,`, `_`, spaces).
fn digits_of(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect()
}

/// A number as typed: digits, with `,`, `_` or spaces between groups allowed.
fn parse_limit(text: &str) -> Result<i64, String> {
    let digits = digits_of(text);
    if digits.is_empty() {
        return Err("enter a number (a limit can't be removed, only changed)".into());
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("“{}” is not a whole number", text.trim()));
    }
    match digits.parse::<i64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) if n <= MAX_LIMIT => Ok(n),
        _ => Err("is too large".into()),
    }
}

/// The update to send for what was typed (`inputs`: a field and its text), with only the
/// fields that apply to the model and changed.
pub fn build_update(
    current: &RateLimit,
    inputs: &[(LimitField, String)],
) -> Result<UpdateRateLimit, EditError> {
    let mut update = UpdateRateLimit::default();
    let mut changed = false;
    for (field, text) in inputs {
        let Some(now) = field.get(current) else {
            continue;
        };
        // Left as it was (even a value the API itself set below 1): not sent, not judged.
        if digits_of(text) == now.to_string() {
            continue;
        }
        let n = parse_limit(text).map_err(|why| EditError::Field(*field, why))?;
        if n != now {
            field.set(&mut update, n);
            changed = true;
        }
    }
    if changed {
        Ok(update)
    } else {
        Err(EditError::NothingChanged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit() -> RateLimit {
        serde_json::from_value(serde_json::json!({
            "id": "rl-1", "object": "project.rate_limit", "model": "gpt-4.1",
            "max_requests_per_1_minute": 500, "max_tokens_per_1_minute": 30000,
            "batch_1_day_max_input_tokens": 90000
        }))
        .unwrap()
    }

    #[test]
    fn only_changed_fields_that_apply_are_sent() {
        use LimitField::*;
        let u = build_update(
            &limit(),
            &[
                (RequestsPerMinute, "1,000".into()),
                (TokensPerMinute, "30000".into()),
                (ImagesPerMinute, "5".into()),
            ],
        )
        .unwrap();
        assert_eq!(u.max_requests_per_1_minute, Some(1000));
        assert_eq!(
            (u.max_tokens_per_1_minute, u.max_images_per_1_minute),
            (None, None)
        );
        assert_eq!(
            serde_json::to_value(&u).unwrap(),
            serde_json::json!({"max_requests_per_1_minute": 1000})
        );
    }

    #[test]
    fn bad_input_is_refused_before_sending() {
        use LimitField::*;
        let l = limit();
        for (text, why) in [
            ("0", "at least 1"),
            ("-5", "not a whole number"),
            ("1.5", "not a whole number"),
            ("", "enter a number"),
            ("99999999999999", "too large"),
        ] {
            match build_update(&l, &[(RequestsPerMinute, text.into())]) {
                Err(EditError::Field(RequestsPerMinute, w)) => {
                    assert!(w.contains(why), "{text}: {w}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(
            build_update(&l, &[(RequestsPerMinute, "500".into())]),
            Err(EditError::NothingChanged)
        );
        // A value the API set below 1 is not judged while it is left alone.
        let mut zero = l.clone();
        zero.max_tokens_per_1_minute = 0;
        let u = build_update(
            &zero,
            &[
                (TokensPerMinute, "0".into()),
                (RequestsPerMinute, "600".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            (u.max_requests_per_1_minute, u.max_tokens_per_1_minute),
            (Some(600), None)
        );
    }
}

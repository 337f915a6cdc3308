//! A policy document read: its version first (a newer one is refused as such), then every field,
//! each threshold's range and each check ID named, all refused with the line and the reason; the
//! current policy is kept by whoever holds it until a document reads.

use super::checks::CHECKS;
use super::policy::{DAYS, Policy, VERSION};

/// Why a document was refused, and on which line (1-based) when one is to blame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "Line {l}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// The line of the first place `needle` is written in `text`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// Reads a policy document; refuses it whole, with the line and the reason.
pub fn parse(text: &str) -> Result<Policy, Refusal> {
    let refuse = |line, reason: String| Err(Refusal { line, reason });
    // The version first: a newer document is refused as such, not for its new fields.
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return refuse(Some(e.line()), format!("not valid JSON: {}", plain(&e))),
    };
    match value.get("version").map(|v| v.as_u64()) {
        None => return refuse(None, "\"version\" is missing: write \"version\": 1.".into()),
        Some(Some(v)) if v > u64::from(VERSION) => {
            return refuse(
                line_of(text, "\"version\""),
                format!(
                    "version {v} is newer than this Keyward reads ({VERSION}): update Keyward."
                ),
            );
        }
        Some(Some(v)) if v >= 1 => {}
        Some(_) => {
            return refuse(
                line_of(text, "\"version\""),
                "\"version\" must be 1.".into(),
            );
        }
    }
    let policy: Policy = match serde_json::from_str(text) {
        Ok(p) => p,
        Err(e) => return refuse(Some(e.line()), plain(&e)),
    };
    for (name, days) in [
        ("max_key_age_days", policy.max_key_age_days),
        ("unused_days", policy.unused_days),
    ] {
        if !DAYS.contains(&days) {
            return refuse(
                line_of(text, &format!("\"{name}\"")),
                format!(
                    "\"{name}\" must be from {} to {} days.",
                    DAYS.start(),
                    DAYS.end()
                ),
            );
        }
    }
    for id in policy.severity.keys().chain(policy.off.keys()) {
        if !CHECKS.iter().any(|c| c.id == id) {
            return refuse(
                line_of(text, &format!("\"{id}\"")),
                format!("there is no check \"{id}\"."),
            );
        }
    }
    if let Some((id, _)) = policy.off.iter().find(|(_, why)| why.trim().is_empty()) {
        return refuse(
            line_of(text, &format!("\"{id}\"")),
            format!("\"{id}\" is switched off without a reason: say why."),
        );
    }
    Ok(policy)
}

/// serde's message without its " at line N column M" (the line is said apart).
fn plain(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = s.split(" at line ").next().unwrap_or(&s).to_owned();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
        + "."
}

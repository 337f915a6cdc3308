//! What a provider or a rule is checked for before it is sent, each refusal said plainly.

use super::presets::for_issuer;
use admin_api::types::Verification;
use serde_json::{Map, Value};

/// Matchers a rule may hold (the emulator's limit too).
pub const MAX_MATCHERS: usize = 20;

/// An issuer: an https URL with a host, no query or fragment, no `{…}` left to fill.
pub fn issuer(text: &str) -> Result<String, String> {
    let s = text.trim();
    let Some(rest) = s.strip_prefix("https://") else {
        return Err("The issuer must be an https URL.".into());
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err("The issuer needs a host name.".into());
    }
    if s.contains(['?', '#']) {
        return Err("The issuer may not have a query or a fragment.".into());
    }
    if s.contains(['{', '}']) {
        return Err("Replace the {…} part of the issuer with yours.".into());
    }
    if s.contains(char::is_whitespace) {
        return Err("The issuer may not contain spaces.".into());
    }
    Ok(s.to_owned())
}

pub fn audience(text: &str) -> Result<String, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("The audience may not be empty.".into());
    }
    if s.contains(['{', '}']) {
        return Err("Replace the {…} part of the audience with yours.".into());
    }
    Ok(s.to_owned())
}

/// Uploaded keys: a JSON object with a `keys` list.
pub fn jwks(text: &str) -> Result<Map<String, Value>, String> {
    let v: Value =
        serde_json::from_str(text.trim()).map_err(|_| "The JWKS is not JSON.".to_owned())?;
    let obj = v.as_object().ok_or("The JWKS must be a JSON object.")?;
    if !obj.get("keys").is_some_and(Value::is_array) {
        return Err("The JWKS must have a \"keys\" list.".into());
    }
    Ok(obj.clone())
}

/// Largest JWKS file read (a few keys are a few KB).
pub const JWKS_MAX_BYTES: f64 = 64.0 * 1024.0;

/// How tokens are checked, as the form has it: uploaded keys (checked) or the issuer's discovery.
pub fn verification(uploaded: bool, jwks_text: &str) -> Result<Verification, String> {
    if uploaded {
        Ok(Verification::UploadedJwks {
            jwks: jwks(jwks_text)?,
        })
    } else {
        Ok(Verification::Discovery {
            discovery_url: None,
        })
    }
}

/// What the matchers check found worth a second look (the rule is still sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning(pub String);

/// Matchers typed as claim = value rows. Refused: none, too many, an empty or repeated claim
/// name, and on a public issuer a rule that pins no workload (any workload there could sign
/// in). Warned: a value that looks like a wildcard (matched literally).
pub fn matchers(
    rows: &[(String, String)],
    issuer: &str,
) -> Result<(Map<String, Value>, Vec<Warning>), String> {
    let rows: Vec<(&str, &str)> = rows
        .iter()
        .map(|(c, v)| (c.trim(), v.trim()))
        .filter(|(c, v)| !(c.is_empty() && v.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err("A rule needs at least one matcher: without one, any token from the issuer would sign in.".into());
    }
    if rows.len() > MAX_MATCHERS {
        return Err(format!("At most {MAX_MATCHERS} matchers."));
    }
    let mut map = Map::new();
    let mut warnings = Vec::new();
    for (claim, value) in &rows {
        if claim.is_empty() {
            return Err(format!("The value “{value}” has no claim name."));
        }
        if map.contains_key(*claim) {
            return Err(format!("“{claim}” is there twice."));
        }
        if value.is_empty() {
            return Err(format!("“{claim}” needs a value."));
        }
        if value.contains(['*', '?']) || value.ends_with('/') {
            warnings.push(Warning(format!(
                "“{claim}: {value}” looks like a pattern, but it is matched exactly as written."
            )));
        }
        let v = match *value {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            s => Value::String(s.to_owned()),
        };
        map.insert((*claim).to_owned(), v);
    }
    if let Some(p) = for_issuer(issuer).filter(|p| p.public) {
        let pinned = p.claims.iter().any(|c| c.pins && map.contains_key(c.name));
        if !pinned {
            let names: Vec<&str> = p.claims.iter().filter(|c| c.pins).map(|c| c.name).collect();
            return Err(format!(
                "Anyone can get a token from {}: match {} too, or any of its workloads could sign in.",
                p.label,
                names.join(" or ")
            ));
        }
    }
    Ok((map, warnings))
}

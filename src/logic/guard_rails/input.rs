//! Guard-rail input checked before anything is sent: alert recipients and model lists.

use std::collections::BTreeSet;

/// Recipients an alert may have (the emulator's bound too).
pub const MAX_RECIPIENTS: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Add at least one email address.")]
    NoRecipients,
    #[error("{0} is not an email address.")]
    NotAnEmail(String),
    #[error("At most {MAX_RECIPIENTS} recipients.")]
    TooManyRecipients,
    #[error(
        "An empty allow list would block every model: name at least one, or choose a deny list."
    )]
    EmptyAllowList,
    #[error("{0} is not a model ID.")]
    NotAModel(String),
}

/// Addresses typed one per line or separated by commas or spaces; duplicates dropped.
pub fn recipients(text: &str) -> Result<Vec<String>, InputError> {
    let mut out: Vec<String> = Vec::new();
    for r in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|r| !r.is_empty())
    {
        if !is_email(r) {
            return Err(InputError::NotAnEmail(r.to_owned()));
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(r)) {
            out.push(r.to_owned());
        }
    }
    match out.len() {
        0 => Err(InputError::NoRecipients),
        n if n > MAX_RECIPIENTS => Err(InputError::TooManyRecipients),
        _ => Ok(out),
    }
}

/// `local@domain.tld`: one `@`, a dot inside the domain, no spaces or control characters.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A model list as typed, and the warning for IDs the organization's rate limits don't list
/// (a typo, or a model the organization can't call): a warning, never a refusal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Models {
    pub ids: Vec<String>,
    pub unknown: Vec<String>,
}

/// Model IDs separated by commas, spaces or lines; `known` is what the rate limits list
/// (empty: nothing to compare with, no warning).
pub fn models(
    text: &str,
    allow_list: bool,
    known: &BTreeSet<String>,
) -> Result<Models, InputError> {
    let mut ids: Vec<String> = Vec::new();
    for m in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|m| !m.is_empty())
    {
        let ok = m.len() <= 128
            && m.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:/".contains(c));
        if !ok {
            return Err(InputError::NotAModel(m.to_owned()));
        }
        if !ids.iter().any(|i| i == m) {
            ids.push(m.to_owned());
        }
    }
    if allow_list && ids.is_empty() {
        return Err(InputError::EmptyAllowList);
    }
    let unknown = if known.is_empty() {
        Vec::new()
    } else {
        ids.iter()
            .filter(|m| !known.contains(*m))
            .cloned()
            .collect()
    };
    Ok(Models { ids, unknown })
}

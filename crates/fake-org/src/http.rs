//! HTTP details every resource shares, with no knowledge of any resource: how a browser resolves
//! a request path, query parsing, the API's error bodies, cursor pages.

use crate::Response;
use admin_api::path::decode;
use admin_api::types::{ErrorBody, Page};
use serde_json::Value;
use std::collections::HashMap;

/// Resolves `.` and `..` segments, and their percent-spellings in any case, as a browser's URL
/// parser does before it sends a request (WHATWG URL, path state): `/a/%2E%2E/b` is `/b`, and a
/// trailing dot segment leaves a trailing slash. Empty segments stay.
pub fn resolve_dots(path: &str) -> String {
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let last = segments.len() - 1;
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, seg) in segments.into_iter().enumerate() {
        match dots(seg) {
            0 => out.push(seg),
            n => {
                if n == 2 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
        }
    }
    format!("/{}", out.join("/"))
}

/// 1 for a single-dot segment, 2 for a double-dot one, 0 otherwise.
fn dots(seg: &str) -> u8 {
    match seg.to_ascii_lowercase().as_str() {
        "." | "%2e" => 1,
        ".." | ".%2e" | "%2e." | "%2e%2e" => 2,
        _ => 0,
    }
}

/// `target` (what follows the API base `/v1`) resolved as a browser would against that base.
/// A path that climbs out of `/v1` keeps a leading `/..`, so it routes nowhere.
pub fn resolve_under_v1(path: &str) -> String {
    let full = resolve_dots(&format!("/v1{path}"));
    match full.strip_prefix("/v1") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_owned(),
        _ => format!("/..{full}"),
    }
}

pub(crate) type Query = Vec<(String, String)>;

pub(crate) fn error(
    status: u16,
    message: impl Into<String>,
    kind: &str,
    param: Option<&str>,
    code: Option<&str>,
) -> Response {
    Response::json(status, &ErrorBody::new(message, kind, param, code))
}

pub(crate) fn invalid(message: impl Into<String>, param: Option<&str>) -> Response {
    error(400, message, "invalid_request_error", param, None)
}

pub(crate) fn not_found(what: &str, id: &str) -> Response {
    error(
        404,
        format!("No such {what}: '{id}'."),
        "invalid_request_error",
        None,
        Some("not_found"),
    )
}

/// The API's answer to a path it does not have.
pub(crate) fn invalid_url(method: &str, path: &str) -> Response {
    error(
        404,
        format!("Invalid URL ({method} /v1{path})"),
        "invalid_request_error",
        None,
        None,
    )
}

pub(crate) fn parse_query(raw: &str) -> Query {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(&k.replace('+', " ")), decode(&v.replace('+', " ")))
        })
        .collect()
}

pub(crate) fn one<'a>(q: &'a Query, name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Array params arrive as `x[]=a&x[]=b` (SDKs) or `x=a&x=b` (spec): accept both.
pub(crate) fn many(q: &Query, name: &str) -> Vec<String> {
    let bracket = format!("{name}[]");
    q.iter()
        .filter(|(k, _)| *k == bracket || k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

pub(crate) fn limit(q: &Query, default: usize, max: usize) -> Result<usize, Response> {
    match one(q, "limit") {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(invalid(
                format!("Invalid 'limit': must be an integer between 1 and {max}."),
                Some("limit"),
            )),
        },
    }
}

/// `local@domain.tld`, no spaces: what the API checks before it sends anything (alerts, invites).
pub(crate) fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

pub(crate) fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(crate) fn role_of(body: &Value, allowed: &[&str]) -> Result<String, Response> {
    match body.get("role").and_then(Value::as_str) {
        Some(r) if allowed.contains(&r) => Ok(r.to_owned()),
        _ => Err(invalid(
            format!("Invalid 'role': expected one of {}.", allowed.join(", ")),
            Some("role"),
        )),
    }
}

/// Items after the `after` cursor, ascending by sequence (`seqs` gives each ID's sequence).
pub(crate) fn page<T: Clone + serde::Serialize>(
    seqs: &HashMap<String, u64>,
    items: &[(T, u64)],
    q: &Query,
    id_of: impl Fn(&T) -> &str,
) -> Result<Response, Response> {
    let (slice, has_more) = after(seqs, items, q, 20, 100)?;
    Ok(Response::json(200, &Page::new(slice, has_more, id_of)))
}

/// The newer lists (groups, roles, assignments; the SDK's `NextCursorPage`):
/// `{object, data, has_more, next}`, `next` the ID to send as `after`.
pub(crate) fn next_page<T: Clone + serde::Serialize>(
    seqs: &HashMap<String, u64>,
    items: &[(T, u64)],
    q: &Query,
    id_of: impl Fn(&T) -> &str,
    default: usize,
    max: usize,
) -> Result<Response, Response> {
    let (slice, has_more) = after(seqs, items, q, default, max)?;
    let next = if has_more {
        slice.last().map(|t| id_of(t).to_owned())
    } else {
        None
    };
    let body =
        serde_json::json!({"object": "list", "data": slice, "has_more": has_more, "next": next});
    Ok(Response::json(200, &body))
}

fn after<T: Clone>(
    seqs: &HashMap<String, u64>,
    items: &[(T, u64)],
    q: &Query,
    default: usize,
    max: usize,
) -> Result<(Vec<T>, bool), Response> {
    let limit = limit(q, default, max)?;
    let start = match one(q, "after") {
        None | Some("") => 0,
        Some(after) => {
            let seq = *seqs.get(after).ok_or_else(|| {
                invalid(
                    format!("Invalid 'after': no object with ID '{after}'."),
                    Some("after"),
                )
            })?;
            items.partition_point(|(_, s)| *s <= seq)
        }
    };
    let slice: Vec<T> = items[start..]
        .iter()
        .take(limit)
        .map(|(t, _)| t.clone())
        .collect();
    let has_more = start + slice.len() < items.len();
    Ok((slice, has_more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_resolve_as_in_a_browser() {
        let cases = [
            ("/organization/projects/%2E%2E/users", "/organization/users"),
            (
                "/organization/projects/%2e%2E/users/u1",
                "/organization/users/u1",
            ),
            ("/organization/projects/.%2E/users", "/organization/users"),
            ("/organization/projects/%2E./users", "/organization/users"),
            ("/organization/projects/../users", "/organization/users"),
            ("/organization/projects/./p1", "/organization/projects/p1"),
            ("/organization/projects/%2E/p1", "/organization/projects/p1"),
            ("/organization/projects/p1/..", "/organization/projects/"),
            ("/organization/projects/p1/.", "/organization/projects/p1/"),
            (
                "/organization/projects/%2E%2E%2E/x",
                "/organization/projects/%2E%2E%2E/x",
            ),
            ("/organization/projects/a..b", "/organization/projects/a..b"),
        ];
        for (path, want) in cases {
            assert_eq!(resolve_under_v1(path), want, "{path}");
        }
        assert_eq!(resolve_under_v1("/organization/../../users"), "/../users");
        assert_eq!(resolve_under_v1(""), "");
    }
}

//! HTTP details every resource shares, with no knowledge of any resource: how a browser resolves
//! a request path.

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

//! A page's state in its hash query (`#/people?finding=owners&sort=-added`): one parameter read
//! or changed at a time, the others left as they are.

/// The value of `name` in the hash's query, if set.
pub fn get(hash: &str, name: &str) -> Option<String> {
    let query = hash.split_once('?')?.1;
    query.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

/// The hash with `name` set to `value` (or removed), for the page `page` (`#/people`).
pub fn set(hash: &str, page: &str, name: &str, value: Option<&str>) -> String {
    let query = hash.split_once('?').map_or("", |(_, q)| q);
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_owned)
        .collect();
    if let Some(v) = value {
        parts.push(format!("{name}={v}"));
    }
    if parts.is_empty() {
        page.to_owned()
    } else {
        format!("{page}?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_parameter_changes_and_the_others_stay() {
        let h = "#/people?finding=owners&sort=-added";
        assert_eq!(get(h, "sort").as_deref(), Some("-added"));
        assert_eq!(get(h, "group"), None);
        assert_eq!(
            set(h, "#/people", "sort", Some("name")),
            "#/people?finding=owners&sort=name"
        );
        assert_eq!(set(h, "#/people", "finding", None), "#/people?sort=-added");
        assert_eq!(set("#/people", "#/people", "sort", None), "#/people");
    }
}

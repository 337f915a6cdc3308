//! A plain table as the People & access pages show and export it: named columns, rows of text
//! with a sort key per cell, sorting by any column (the choice written `name` or `-name` in the
//! hash), and the rows shown as CSV (formulas defused) or JSON.

use super::export::cell;
use serde_json::{Map, Value};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its name in the hash, the CSV header and the JSON keys.
    pub id: &'static str,
    pub label: &'static str,
    /// Left out of the table on a narrow screen (still exported).
    pub wide_only: bool,
}

impl Column {
    pub const fn new(id: &'static str, label: &'static str) -> Self {
        Self {
            id,
            label,
            wide_only: false,
        }
    }

    pub const fn wide(id: &'static str, label: &'static str) -> Self {
        Self {
            id,
            label,
            wide_only: true,
        }
    }
}

/// How a cell sorts: numbers and times as numbers (missing ones last), text without case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Num(Option<i64>),
    Text(String),
}

impl Key {
    pub fn text(s: &str) -> Self {
        Self::Text(s.to_lowercase())
    }
}

/// One row: its ID, each column's text (what export writes) and sort key.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub cells: Vec<String>,
    pub keys: Vec<Key>,
}

/// A sort: a column and its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

impl Sort {
    /// From the hash's `sort=name` or `sort=-name`; an unknown column is none.
    pub fn parse(value: &str, columns: &[Column]) -> Option<Self> {
        let (descending, id) = match value.strip_prefix('-') {
            Some(id) => (true, id),
            None => (false, value),
        };
        let column = columns.iter().position(|c| c.id == id)?;
        Some(Self { column, descending })
    }

    pub fn to_param(self, columns: &[Column]) -> String {
        let id = columns.get(self.column).map_or("", |c| c.id);
        if self.descending {
            format!("-{id}")
        } else {
            id.to_owned()
        }
    }

    /// Pressing a column's header: ascending first, then descending, then back.
    pub fn toggled(current: Option<Self>, column: usize) -> Self {
        match current {
            Some(s) if s.column == column => Self {
                column,
                descending: !s.descending,
            },
            _ => Self {
                column,
                descending: false,
            },
        }
    }

    /// `aria-sort` for a column's header.
    pub fn aria(current: Option<Self>, column: usize) -> &'static str {
        match current {
            Some(s) if s.column == column && s.descending => "descending",
            Some(s) if s.column == column => "ascending",
            _ => "none",
        }
    }
}

/// The rows in this order (stable: ties keep the API's order). Missing numbers go last either way.
pub fn sort(rows: &mut [Row], by: Option<Sort>) {
    let Some(s) = by else { return };
    rows.sort_by(|a, b| {
        let (x, y) = (a.keys.get(s.column), b.keys.get(s.column));
        match (x, y) {
            (Some(Key::Num(None)), Some(Key::Num(Some(_)))) => Ordering::Greater,
            (Some(Key::Num(Some(_))), Some(Key::Num(None))) => Ordering::Less,
            _ if s.descending => y.cmp(&x),
            _ => x.cmp(&y),
        }
    });
}

/// RFC 4180 with a header row; formulas defused (names come from the API).
pub fn to_csv(columns: &[Column], rows: &[Row]) -> String {
    let mut out = columns.iter().map(|c| c.id).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    for r in rows {
        out.push_str(
            &r.cells
                .iter()
                .map(|c| cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// `{"<what>": [{column: text, …}], "filter": "…"}`: the rows shown and the filter that chose them.
pub fn to_json(what: &str, columns: &[Column], rows: &[Row], filter: &str) -> String {
    let list: Vec<Value> = rows
        .iter()
        .map(|r| {
            let obj: Map<String, Value> = columns
                .iter()
                .zip(&r.cells)
                .map(|(c, v)| (c.id.to_owned(), Value::String(v.clone())))
                .collect();
            Value::Object(obj)
        })
        .collect();
    let mut out = Map::new();
    out.insert(what.to_owned(), Value::Array(list));
    out.insert("filter".into(), Value::String(filter.to_owned()));
    Value::Object(out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Column; 2] = [
        Column::new("name", "Name"),
        Column::wide("used", "Last used"),
    ];

    fn row(name: &str, used: Option<i64>) -> Row {
        Row {
            id: name.into(),
            cells: vec![name.into(), used.map(|u| u.to_string()).unwrap_or_default()],
            keys: vec![Key::text(name), Key::Num(used)],
        }
    }

    #[test]
    fn sorts_by_any_column_both_ways_with_missing_last() {
        let mut rows = vec![row("b", None), row("A", Some(5)), row("c", Some(1))];
        sort(&mut rows, Sort::parse("name", &COLS));
        let ids: Vec<_> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A", "b", "c"]);
        sort(&mut rows, Sort::parse("-used", &COLS));
        let ids: Vec<_> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A", "c", "b"]);
        sort(&mut rows, Sort::parse("used", &COLS));
        let ids: Vec<_> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["c", "A", "b"]);
        assert_eq!(Sort::parse("nope", &COLS), None);
    }

    #[test]
    fn header_toggles_and_round_trips_through_the_hash() {
        let s = Sort::toggled(None, 1);
        assert_eq!(s.to_param(&COLS), "used");
        let s = Sort::toggled(Some(s), 1);
        assert_eq!(s.to_param(&COLS), "-used");
        assert_eq!(Sort::parse("-used", &COLS), Some(s));
        assert_eq!(Sort::aria(Some(s), 1), "descending");
        assert_eq!(Sort::aria(Some(s), 0), "none");
    }

    #[test]
    fn exports_what_is_shown_with_formulas_defused() {
        let rows = vec![row("=cmd()", Some(1)), row("a,b", None)];
        let csv = to_csv(&COLS, &rows);
        assert_eq!(csv, "name,used\r\n'=cmd(),1\r\n\"a,b\",\r\n");
        let json: Value = serde_json::from_str(&to_json("users", &COLS, &rows, "SCIM")).unwrap();
        assert_eq!(json["users"][1]["name"], "a,b");
        assert_eq!(json["filter"], "SCIM");
    }
}

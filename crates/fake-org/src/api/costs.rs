//! Costs, priced from the traffic that usage reports (`super::usage`): one atom per key, line
//! item and what it counts, so that the costs endpoint's groupings and the spend limit agree.

use super::usage::{Atom, KINDS, grouped, groups};
use crate::Response;
use crate::http::{Query, many};
use crate::org::Org;
use serde_json::{Value, json};

/// What `group_by` accepts on the costs endpoint.
const COST_GROUPS: &[&str] = &[
    "project_id",
    "line_item",
    "api_key_id",
    "user_id",
    "api_source",
];

impl Org {
    pub(crate) fn costs(&self, q: &Query) -> Result<Response, Response> {
        let group = groups(q, COST_GROUPS)?;
        self.paged(q, true, |s, e, width| {
            cost_results(&group, &self.cost_atoms(s, e, width, q))
        })
    }

    /// One bucket's cost atoms, one per key, line item and what it counts, in millionths of a
    /// cent: the costs endpoint groups them, the spend limit sums them.
    fn cost_atoms(&self, s: i64, e: i64, width: i64, q: &Query) -> Vec<Atom> {
        let items = many(q, "line_items");
        let mut atoms = Vec::new();
        for kind in KINDS.iter().filter(|k| k.per_key) {
            for a in self.atoms(kind, s, e, width, q) {
                for (item, cents_per_unit, metric, unit) in prices(kind.path, &a) {
                    if !items.is_empty() && !items.contains(&item) {
                        continue;
                    }
                    let quantity = a
                        .metrics
                        .iter()
                        .find(|(m, _)| *m == metric)
                        .map_or(0, |m| m.1);
                    let mut by: Vec<(&'static str, Value)> =
                        a.by.iter()
                            .filter(|(n, _)| {
                                matches!(*n, "project_id" | "api_key_id" | "user_id" | "api_source")
                            })
                            .cloned()
                            .collect();
                    if !by.iter().any(|(n, _)| *n == "api_source") {
                        by.push(("api_source", Value::String("unlabeled".into())));
                    }
                    by.push(("line_item", Value::String(item)));
                    // Millionths of a cent, summed as integers so groupings add up exactly.
                    atoms.push(Atom {
                        by,
                        metrics: vec![("micro_cents", quantity * cents_per_unit), (unit, quantity)],
                    });
                }
            }
        }
        atoms
    }

    /// What one bucket cost, in millionths of a cent (the spend limit sums these).
    pub(crate) fn cost_micro_cents(&self, s: i64, e: i64, q: &Query) -> i64 {
        let atoms = self.cost_atoms(s, e, 86_400, q);
        atoms
            .iter()
            .flat_map(|a| &a.metrics)
            .filter(|(m, _)| *m == "micro_cents")
            .map(|(_, v)| v)
            .sum()
    }
}

/// Cost results: amounts in dollars, with the quantity when grouped by line item.
fn cost_results(group: &[String], atoms: &[Atom]) -> Vec<Value> {
    grouped("organization.costs.result", COST_GROUPS, group, atoms)
        .into_iter()
        .filter_map(|g| serde_json::to_value(g).ok())
        .filter_map(|mut r| {
            let m = r.as_object_mut()?;
            let micro = m
                .remove("micro_cents")
                .and_then(|v| v.as_i64())
                .unwrap_or(0);
            let by_item = m.get("line_item").is_some_and(|v| !v.is_null());
            let unit = ["tokens", "images", "characters", "seconds", "calls"]
                .into_iter()
                .find(|u| m.contains_key(*u));
            let quantity = unit.and_then(|u| m.remove(u)).and_then(|v| v.as_i64());
            m.insert(
                "amount".into(),
                json!({"value": micro as f64 / 100_000_000.0, "currency": "usd"}),
            );
            if by_item {
                m.insert(
                    "quantity".into(),
                    quantity.map_or(Value::Null, |q| json!(q as f64)),
                );
                m.insert(
                    "quantity_unit".into(),
                    unit.map_or(Value::Null, |u| {
                        json!(match u {
                            "seconds" => "duration_seconds",
                            "calls" => "calls",
                            u => u,
                        })
                    }),
                );
            } else {
                m.insert("quantity".into(), Value::Null);
                m.insert("quantity_unit".into(), Value::Null);
            }
            Some(r)
        })
        .collect()
}

/// The line items an atom of an endpoint is billed as: (name, millionths of a cent per unit,
/// the metric counted, its unit).
fn prices(path: &str, a: &Atom) -> Vec<(String, i64, &'static str, &'static str)> {
    let model =
        a.by.iter()
            .find(|(n, _)| *n == "model")
            .and_then(|(_, v)| v.as_str())
            .unwrap_or(path)
            .to_owned();
    match path {
        "completions" => vec![
            (format!("{model}, input"), 40, "input_tokens", "tokens"),
            (format!("{model}, output"), 160, "output_tokens", "tokens"),
        ],
        "embeddings" | "moderations" => vec![(model, 2, "input_tokens", "tokens")],
        "images" => vec![(model, 4_000_000, "images", "images")],
        "audio_speeches" => vec![(model, 1_500, "characters", "characters")],
        "audio_transcriptions" => vec![(model, 10_000, "seconds", "seconds")],
        "file_search_calls" => vec![(
            "file search tool calls".into(),
            250_000,
            "num_requests",
            "calls",
        )],
        _ => vec![(
            "web search tool calls".into(),
            1_000_000,
            "num_requests",
            "calls",
        )],
    }
}

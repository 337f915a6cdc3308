//! Usage and costs, derived from each key's life. A key has traffic only in buckets between its
//! creation and the last use the organization recorded for it, and always in the bucket of that
//! last use; the amounts are a hash of the key and the bucket, so every query, page and grouping
//! of the same period agrees with every other. Costs, priced from the same traffic, are in
//! [`super::costs`].

use crate::Response;
use crate::http::{Query, hash, invalid, limit, many, one};
use crate::org::Org;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// One usage endpoint as the spec describes it.
pub(super) struct Kind {
    pub(super) path: &'static str,
    object: &'static str,
    /// What `group_by` accepts (the spec's, plus the SDK's `api_source`).
    groups: &'static [&'static str],
    /// False for the project-only endpoints (vector stores, code interpreter sessions).
    pub(super) per_key: bool,
    models: &'static [&'static str],
}

const KEYS: &[&str] = &["project_id", "user_id", "api_key_id", "model"];

pub(super) const KINDS: &[Kind] = &[
    Kind {
        path: "completions",
        object: "organization.usage.completions.result",
        groups: &[
            "project_id",
            "user_id",
            "api_key_id",
            "model",
            "batch",
            "service_tier",
            "api_source",
        ],
        per_key: true,
        models: &[
            "gpt-4.1-mini-2025-04-14",
            "gpt-4.1-2025-04-14",
            "gpt-5-mini-2025-08-07",
        ],
    },
    Kind {
        path: "embeddings",
        object: "organization.usage.embeddings.result",
        groups: KEYS,
        per_key: true,
        models: &["text-embedding-3-small", "text-embedding-3-large"],
    },
    Kind {
        path: "moderations",
        object: "organization.usage.moderations.result",
        groups: KEYS,
        per_key: true,
        models: &["omni-moderation-latest"],
    },
    Kind {
        path: "images",
        object: "organization.usage.images.result",
        groups: &[
            "project_id",
            "user_id",
            "api_key_id",
            "model",
            "size",
            "source",
        ],
        per_key: true,
        models: &["gpt-image-1", "dall-e-3"],
    },
    Kind {
        path: "audio_speeches",
        object: "organization.usage.audio_speeches.result",
        groups: KEYS,
        per_key: true,
        models: &["tts-1", "gpt-4o-mini-tts"],
    },
    Kind {
        path: "audio_transcriptions",
        object: "organization.usage.audio_transcriptions.result",
        groups: KEYS,
        per_key: true,
        models: &["whisper-1", "gpt-4o-transcribe"],
    },
    Kind {
        path: "file_search_calls",
        object: "organization.usage.file_searches.result",
        groups: &["project_id", "user_id", "api_key_id", "vector_store_id"],
        per_key: true,
        models: &[],
    },
    Kind {
        path: "web_search_calls",
        object: "organization.usage.web_searches.result",
        groups: &[
            "project_id",
            "user_id",
            "api_key_id",
            "model",
            "context_level",
            "api_source",
        ],
        per_key: true,
        models: &["gpt-4.1-mini-2025-04-14"],
    },
    Kind {
        path: "vector_stores",
        object: "organization.usage.vector_stores.result",
        groups: &["project_id"],
        per_key: false,
        models: &[],
    },
    Kind {
        path: "code_interpreter_sessions",
        object: "organization.usage.code_interpreter_sessions.result",
        groups: &["project_id"],
        per_key: false,
        models: &[],
    },
];

/// One key's (or project's) traffic on one endpoint in one bucket, before grouping.
pub(super) struct Atom {
    /// The values it can be grouped by.
    pub(super) by: Vec<(&'static str, Value)>,
    /// What it counts.
    pub(super) metrics: Vec<(&'static str, i64)>,
}

/// The bucket layout a query asks for.
struct Buckets {
    start: i64,
    end: i64,
    width: i64,
    offset: i64,
    count: i64,
    total: i64,
}

impl Buckets {
    fn each(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        (self.offset..self.offset + self.count).map(|b| {
            let s = self.start + b * self.width;
            (s, (s + self.width).min(self.end))
        })
    }
}

impl Org {
    fn buckets(&self, q: &Query, costs: bool) -> Result<Buckets, Response> {
        let start: i64 = match one(q, "start_time") {
            None => {
                return Err(invalid(
                    "Missing required parameter: 'start_time'.",
                    Some("start_time"),
                ));
            }
            Some(v) => v.parse().map_err(|_| {
                invalid(
                    "Invalid 'start_time': expected Unix seconds.",
                    Some("start_time"),
                )
            })?,
        };
        let width = match (one(q, "bucket_width").unwrap_or("1d"), costs) {
            ("1d", _) => 86_400,
            ("1h", false) => 3_600,
            ("1m", false) => 60,
            (_, true) => {
                return Err(invalid(
                    "Invalid 'bucket_width': only 1d is supported for costs.",
                    Some("bucket_width"),
                ));
            }
            _ => {
                return Err(invalid(
                    "Invalid 'bucket_width': expected 1m, 1h or 1d.",
                    Some("bucket_width"),
                ));
            }
        };
        let (default, max) = match (width, costs) {
            (_, true) => (7, 180),
            (86_400, _) => (7, 31),
            (3_600, _) => (24, 168),
            _ => (60, 1440),
        };
        let count = limit(q, default, max)? as i64;
        let end = match one(q, "end_time") {
            None => self.now,
            Some(v) => v.parse().map_err(|_| {
                invalid(
                    "Invalid 'end_time': expected Unix seconds.",
                    Some("end_time"),
                )
            })?,
        };
        let offset: i64 = match one(q, "page") {
            None | Some("") => 0,
            Some(p) => p
                .strip_prefix("page_")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| invalid("Invalid 'page' cursor.", Some("page")))?,
        };
        let total = ((end - start).max(0) + width - 1) / width;
        Ok(Buckets {
            start,
            end,
            width,
            offset,
            count: count.min((total - offset).max(0)),
            total,
        })
    }

    /// Every key's (and for project-only endpoints, every project's) traffic in `[s, e)`.
    pub(super) fn atoms(&self, kind: &Kind, s: i64, e: i64, width: i64, q: &Query) -> Vec<Atom> {
        let projects = many(q, "project_ids");
        let keys = many(q, "api_key_ids");
        let users = many(q, "user_ids");
        let models = many(q, "models");
        let bucket = (s / width) as u64;
        let mut out = Vec::new();
        for p in self
            .projects
            .iter()
            .filter(|p| projects.is_empty() || projects.contains(&p.project.id))
        {
            let pid = Value::String(p.project.id.clone());
            if !kind.per_key {
                let h = hash(&p.project.id) ^ bucket.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let metric = if kind.path == "vector_stores" {
                    ("usage_bytes", (h % 50_000_000) as i64)
                } else {
                    ("num_sessions", (h % 12) as i64)
                };
                if metric.1 > 0 && p.project.created_at < e {
                    out.push(Atom {
                        by: vec![("project_id", pid)],
                        metrics: vec![metric],
                    });
                }
                continue;
            }
            for k in p
                .keys
                .iter()
                .filter(|k| keys.is_empty() || keys.contains(&k.key.id))
            {
                let Some(until) = k.used_until else { continue };
                // No traffic before creation, after the last use, or once the key has expired.
                let expired = k.key.expires_at.is_some_and(|x| x <= s);
                if k.key.created_at >= e || until < s || expired {
                    continue;
                }
                let user = k.key.owner.user.as_ref().map(|u| u.id.clone());
                if !users.is_empty() && !user.as_ref().is_some_and(|u| users.contains(u)) {
                    continue;
                }
                let kh = hash(&k.key.id);
                let h = kh ^ hash(kind.path) ^ bucket.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let last = s <= until && until < e;
                // Which endpoints the key calls at all, and how often it is busy.
                let uses = kind.path == "completions"
                    || (kh >> (kind.path.len() % 13 + 3)).is_multiple_of(4);
                let busy = (h >> 7) % 100 < 25 + kh % 60;
                let requests = match (uses, last && kind.path == "completions", busy) {
                    (_, true, _) => 1 + (h % 300) as i64,
                    (true, false, true) => (h % 300) as i64,
                    _ => 0,
                };
                if requests == 0 {
                    continue;
                }
                let model = (!kind.models.is_empty())
                    .then(|| kind.models[(kh % kind.models.len() as u64) as usize]);
                if !models.is_empty() && !model.is_some_and(|m| models.iter().any(|x| x == m)) {
                    continue;
                }
                let mut by = vec![
                    ("project_id", pid.clone()),
                    ("user_id", user.map_or(Value::Null, Value::String)),
                    ("api_key_id", Value::String(k.key.id.clone())),
                    (
                        "model",
                        model.map_or(Value::Null, |m| Value::String(m.into())),
                    ),
                ];
                let n = requests;
                let metrics = match kind.path {
                    "completions" => {
                        let input = n * (200 + (h >> 11) as i64 % 1800);
                        let cached = input / 5;
                        by.extend([
                            ("batch", Value::Bool(false)),
                            ("service_tier", Value::String("default".into())),
                            ("api_source", Value::String("unlabeled".into())),
                        ]);
                        vec![
                            ("input_tokens", input),
                            ("output_tokens", n * (50 + (h >> 23) as i64 % 600)),
                            ("num_model_requests", n),
                            ("input_cached_tokens", cached),
                            ("input_uncached_tokens", input - cached),
                        ]
                    }
                    "embeddings" | "moderations" => vec![
                        ("input_tokens", n * (100 + (h >> 11) as i64 % 900)),
                        ("num_model_requests", n),
                    ],
                    "images" => {
                        by.extend([
                            ("size", Value::String("1024x1024".into())),
                            ("source", Value::String("image.generation".into())),
                        ]);
                        vec![
                            ("images", n * (1 + (h >> 11) as i64 % 3)),
                            ("num_model_requests", n),
                        ]
                    }
                    "audio_speeches" => vec![
                        ("characters", n * (200 + (h >> 11) as i64 % 2000)),
                        ("num_model_requests", n),
                    ],
                    "audio_transcriptions" => vec![
                        ("seconds", n * (10 + (h >> 11) as i64 % 300)),
                        ("num_model_requests", n),
                    ],
                    "file_search_calls" => {
                        by.retain(|(name, _)| *name != "model");
                        by.push((
                            "vector_store_id",
                            Value::String(format!("vs_{:012x}", kh >> 16)),
                        ));
                        vec![("num_requests", n)]
                    }
                    _ => {
                        by.extend([
                            ("context_level", Value::String("medium".into())),
                            ("api_source", Value::String("unlabeled".into())),
                        ]);
                        vec![("num_requests", n), ("num_model_requests", n)]
                    }
                };
                out.push(Atom { by, metrics });
            }
        }
        out
    }

    pub(crate) fn usage(&self, path: &str, q: &Query) -> Result<Response, Response> {
        let Some(kind) = KINDS.iter().find(|k| k.path == path) else {
            return Err(crate::http::invalid_url(
                "GET",
                &format!("/organization/usage/{path}"),
            ));
        };
        let group = groups(q, kind.groups)?;
        if kind.path == "completions" && one(q, "batch") == Some("true") {
            // Every request of this organization is synchronous: the batch-only view is empty.
            return self.paged(q, false, |_, _, _| Vec::<Value>::new());
        }
        self.paged(q, false, |s, e, width| {
            let atoms = self.atoms(kind, s, e, width, q);
            grouped(kind.object, kind.groups, &group, &atoms)
        })
    }

    /// A page of buckets, each filled by `results(start, end, width)`.
    pub(super) fn paged<T: Serialize>(
        &self,
        q: &Query,
        costs: bool,
        results: impl Fn(i64, i64, i64) -> Vec<T>,
    ) -> Result<Response, Response> {
        let b = self.buckets(q, costs)?;
        let data = b
            .each()
            .map(|(start_time, end_time)| Bucket {
                end_time,
                object: "bucket",
                results: results(start_time, end_time, b.width),
                start_time,
            })
            .collect();
        let next = b.offset + b.count;
        let has_more = next < b.total;
        Ok(Response::json(
            200,
            &Page {
                data,
                has_more,
                next_page: has_more.then(|| format!("page_{next}")),
                object: "page",
            },
        ))
    }
}

// A page and its buckets are written as structs, not built as `Value`s: at 100,000 keys a usage
// page holds hundreds of thousands of results, and building them took the emulator about a second
// of CPU on the cores the browser under test runs on. Fields in the order serde_json's `Map` keeps
// (sorted), so the bytes are as they were.
#[derive(Serialize)]
struct Page<T> {
    data: Vec<Bucket<T>>,
    has_more: bool,
    next_page: Option<String>,
    object: &'static str,
}

#[derive(Serialize)]
struct Bucket<T> {
    end_time: i64,
    object: &'static str,
    results: Vec<T>,
    start_time: i64,
}

/// The `group_by` values asked for, refused when the endpoint does not offer one.
pub(super) fn groups(q: &Query, allowed: &[&str]) -> Result<Vec<String>, Response> {
    let group = many(q, "group_by");
    match group.iter().find(|g| !allowed.contains(&g.as_str())) {
        Some(bad) => Err(invalid(
            format!(
                "Invalid value for 'group_by': '{bad}'. Supported values are: {}.",
                allowed.join(", ")
            ),
            Some("group_by"),
        )),
        None => Ok(group),
    }
}

/// One result: the fields grouped by (every other grouping field null) and the metrics summed.
pub(super) struct Group<'a> {
    object: &'a str,
    by: Vec<(&'a str, Value)>,
    metrics: Vec<(&'static str, i64)>,
}

/// Its object, metrics and fields as one JSON object, keys sorted as serde_json's `Map` keeps them
/// (the bytes the emulator sent when it built each result as a `Value`).
impl Serialize for Group<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        enum Entry<'v> {
            Text(&'v str),
            Count(i64),
            Value(&'v Value),
        }
        let mut entries = Vec::with_capacity(1 + self.metrics.len() + self.by.len());
        entries.push(("object", Entry::Text(self.object)));
        entries.extend(self.metrics.iter().map(|(k, n)| (*k, Entry::Count(*n))));
        entries.extend(self.by.iter().map(|(k, v)| (*k, Entry::Value(v))));
        entries.sort_by_key(|(k, _)| *k);
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (k, v) in &entries {
            match v {
                Entry::Text(t) => map.serialize_entry(k, t)?,
                Entry::Count(n) => map.serialize_entry(k, n)?,
                Entry::Value(v) => map.serialize_entry(k, v)?,
            }
        }
        map.end()
    }
}

/// The atoms summed per group: one result per distinct value of the fields grouped by, every
/// other grouping field null. Without grouping, one result for the bucket (none when empty).
pub(super) fn grouped<'a>(
    object: &'a str,
    fields: &[&'a str],
    group: &[String],
    atoms: &[Atom],
) -> Vec<Group<'a>> {
    let mut sums: BTreeMap<String, Group> = BTreeMap::new();
    for a in atoms {
        let by: Vec<(&str, Value)> = fields
            .iter()
            .map(|f| {
                let v = if group.iter().any(|g| g == f) {
                    a.by.iter()
                        .find(|(n, _)| n == f)
                        .map_or(Value::Null, |(_, v)| v.clone())
                } else {
                    Value::Null
                };
                (*f, v)
            })
            .collect();
        let id = serde_json::to_string(&by.iter().map(|(_, v)| v).collect::<Vec<_>>())
            .unwrap_or_default();
        let entry = sums.entry(id).or_insert_with(|| Group {
            object,
            by,
            metrics: Vec::new(),
        });
        for (name, n) in &a.metrics {
            match entry.metrics.iter_mut().find(|(m, _)| m == name) {
                Some(slot) => slot.1 += n,
                None => entry.metrics.push((name, *n)),
            }
        }
    }
    sums.into_values().collect()
}

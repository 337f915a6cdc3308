//! A usage or costs page read as it streams past: each result is handed on as soon as it is
//! parsed and then dropped. At 100,000 keys one page holds some 100,000 results (tens of
//! megabytes of JSON); parsed whole, they would take as much memory again as the text.

use crate::resources::usage_page::{UsageCursor, UsageResult};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Reads the page in `body`, handing each result to `each` with its bucket's `start_time`.
/// It accepts and refuses what parsing a whole [`UsagePage`](crate::types::UsagePage) would;
/// on an error, `each` may have seen some results already. The client reads pages as they
/// arrive (`usage_stream`); this, the page read whole, is what the tests hold that to.
#[cfg(test)]
pub(crate) fn fold_page(
    body: &str,
    each: &mut dyn FnMut(i64, UsageResult),
) -> Result<UsageCursor, serde_json::Error> {
    let mut json = serde_json::Deserializer::from_str(body);
    let cursor = Page(each, None).deserialize(&mut json)?;
    json.end()?;
    Ok(cursor)
}

/// Reads one bucket, as [`fold_page`] reads each in `data`; nothing may follow it.
pub(crate) fn fold_bucket(body: &[u8], each: Each) -> Result<(), serde_json::Error> {
    let mut json = serde_json::Deserializer::from_slice(body);
    Bucket(each).deserialize(&mut json)?;
    json.end()
}

/// Reads a page whose buckets in `data` may each stand as an empty list (`usage_stream` took
/// them out and read them apart), counting those in `holes`; a bucket still in place is read
/// as [`fold_page`] reads it.
pub(crate) fn fold_skeleton(
    body: &[u8],
    each: Each,
    holes: &mut usize,
) -> Result<UsageCursor, serde_json::Error> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let cursor = Page(each, Some(holes)).deserialize(&mut json)?;
    json.end()?;
    Ok(cursor)
}

type Each<'a> = &'a mut dyn FnMut(i64, UsageResult);
/// Where the empty lists standing for buckets are counted, when they may stand.
type Holes<'a> = Option<&'a mut usize>;

struct Page<'a>(Each<'a>, Holes<'a>);
struct Buckets<'a>(Each<'a>, Holes<'a>);
struct Bucket<'a>(Each<'a>);
/// A bucket, or the empty list standing for one.
struct BucketOrHole<'a>(Each<'a>, &'a mut usize);
/// A bucket's results once its start is known (the API sends it first).
struct Results<'a>(i64, Each<'a>);

/// The fields of one object read so far. Serde's derive refuses a field sent twice, and so does
/// this: a second `data` or `results` would be counted twice.
struct Seen {
    fields: &'static [&'static str],
    read: Vec<&'static str>,
}

impl Seen {
    fn of(fields: &'static [&'static str]) -> Self {
        Self {
            fields,
            read: Vec::new(),
        }
    }

    /// `key` as one of the object's fields, or "" for one it does not have (ignored, as serde
    /// ignores it).
    fn first<E: de::Error>(&mut self, key: String) -> Result<&'static str, E> {
        let Some(&name) = self.fields.iter().find(|f| **f == key) else {
            return Ok("");
        };
        if self.read.contains(&name) {
            return Err(E::duplicate_field(name));
        }
        self.read.push(name);
        Ok(name)
    }

    fn has<E: de::Error>(&self, name: &'static str) -> Result<(), E> {
        match self.read.contains(&name) {
            true => Ok(()),
            false => Err(E::missing_field(name)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Page<'_> {
    type Value = UsageCursor;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<UsageCursor, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Page<'_> {
    type Value = UsageCursor;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a page of usage buckets")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<UsageCursor, A::Error> {
        let mut cursor = UsageCursor::default();
        let mut seen = Seen::of(&["data", "has_more", "next_page", "object"]);
        while let Some(key) = map.next_key::<String>()? {
            match seen.first(key)? {
                "data" => map.next_value_seed(Buckets(&mut *self.0, self.1.as_deref_mut()))?,
                "has_more" => cursor.has_more = map.next_value()?,
                "next_page" => cursor.next_page = map.next_value()?,
                "object" => drop(map.next_value::<String>()?),
                _ => drop(map.next_value::<IgnoredAny>()?),
            }
        }
        seen.has("data")?;
        Ok(cursor)
    }
}

impl<'de> DeserializeSeed<'de> for Buckets<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Buckets<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of buckets")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match self.1 {
            None => while seq.next_element_seed(Bucket(&mut *self.0))?.is_some() {},
            Some(holes) => {
                while seq
                    .next_element_seed(BucketOrHole(&mut *self.0, &mut *holes))?
                    .is_some()
                {}
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for BucketOrHole<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BucketOrHole<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a bucket")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Bucket(self.0).visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        *self.1 += 1;
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Bucket<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Bucket<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a bucket")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut start = None;
        let mut seen = Seen::of(&["start_time", "end_time", "results", "object"]);
        // Results sent before the bucket's start wait for it (no API does, but JSON may).
        let mut early: Vec<UsageResult> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match (seen.first(key)?, start) {
                ("start_time", _) => start = Some(map.next_value::<i64>()?),
                ("end_time", _) => drop(map.next_value::<i64>()?),
                ("results", Some(s)) => map.next_value_seed(Results(s, &mut *self.0))?,
                ("results", None) => early = map.next_value()?,
                ("object", _) => drop(map.next_value::<String>()?),
                _ => drop(map.next_value::<IgnoredAny>()?),
            }
        }
        let start = start.ok_or_else(|| de::Error::missing_field("start_time"))?;
        seen.has("end_time")?;
        early.into_iter().for_each(|r| (self.0)(start, r));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Results<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Results<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of results")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(r) = seq.next_element::<UsageResult>()? {
            (self.1)(self.0, r);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::UsagePage;

    /// What parsing the whole page gives: each result with its bucket's start, and the cursor.
    fn whole(body: &str) -> Result<(Vec<(i64, UsageResult)>, UsageCursor), String> {
        let page: UsagePage = serde_json::from_str(body).map_err(|e| e.to_string())?;
        let cursor = UsageCursor {
            has_more: page.has_more,
            next_page: page.next_page,
        };
        let results = page
            .data
            .into_iter()
            .flat_map(|b| b.results.into_iter().map(move |r| (b.start_time, r)))
            .collect();
        Ok((results, cursor))
    }

    fn folded(body: &str) -> Result<(Vec<(i64, UsageResult)>, UsageCursor), String> {
        let mut seen = Vec::new();
        let cursor =
            fold_page(body, &mut |start, r| seen.push((start, r))).map_err(|e| e.to_string())?;
        Ok((seen, cursor))
    }

    #[test]
    fn a_folded_page_reads_as_the_whole_page_does() {
        let result = |key: &str, n: i64| {
            format!(
                r#"{{"object":"organization.usage.completions.result","input_tokens":{n},"output_tokens":2,
                "num_model_requests":{n},"project_id":"proj_1","api_key_id":"{key}","model":null,"extra_field":[1]}}"#
            )
        };
        let bodies = [
            // The API's order, two buckets, more to come.
            format!(
                r#"{{"object":"page","data":[
                {{"object":"bucket","start_time":100,"end_time":200,"results":[{},{}]}},
                {{"object":"bucket","start_time":200,"end_time":300,"results":[]}}],
                "has_more":true,"next_page":"p2"}}"#,
                result("key_a", 1),
                result("key_b", 2)
            ),
            // Results before the start, the cursor before the data, escapes in keys and values.
            format!(
                r#"{{"next_page":null,"has_more":false,"data":[{{"results":[{}],"end_time":9,"start_time":5,"x":{{}}}}],
                "obj\u0065ct":"page"}}"#,
                result(r"key_\u0063", 3)
            ),
            r#"{"data":[],"x":1,"x":2}"#.to_owned(),
            r#"{"data":[{"start_time":1,"end_time":2}]}"#.to_owned(),
        ];
        for body in &bodies {
            let got = folded(body).unwrap();
            assert_eq!(got, whole(body).unwrap(), "{body}");
        }
        assert_eq!(folded(&bodies[0]).unwrap().1.next(), Some("p2"));
        assert_eq!(
            folded(&bodies[1]).unwrap().0[0].1.api_key_id.as_deref(),
            Some("key_c")
        );
    }

    #[test]
    fn what_the_whole_page_refuses_a_folded_page_refuses() {
        for body in [
            r#"{"object":"page"}"#,
            r#"{"data":null}"#,
            r#"{"data":[{"end_time":2,"results":[]}]}"#,
            r#"{"data":[{"start_time":1,"results":[]}]}"#,
            r#"{"data":[{"start_time":"1","end_time":2}]}"#,
            r#"{"data":[{"start_time":1,"end_time":2,"results":[{"api_key_id":5}]}]}"#,
            r#"{"data":[],"has_more":null}"#,
            r#"{"data":[]} trailing"#,
            r#"{"data":[],"data":[]}"#,
            r#"{"data":[{"start_time":1,"end_time":2,"results":[],"results":[]}]}"#,
            r#"{"data":[],"object":5}"#,
            r#"{"data":[{"start_time":1,"end_time":2,"object":[]}]}"#,
            r#"{"data":[{"start_time":1,"end_time":2,"results":[{}"#,
            "<html>",
        ] {
            assert!(whole(body).is_err(), "the whole page reads {body}");
            assert!(folded(body).is_err(), "a folded page reads {body}");
        }
    }
}

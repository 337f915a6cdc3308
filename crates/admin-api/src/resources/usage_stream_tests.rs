use super::*;
use crate::resources::usage_fold::fold_page;

type Seen = Vec<(i64, UsageResult)>;

/// The page read whole, as the client read it before.
fn whole(body: &str) -> Result<(Seen, UsageCursor), String> {
    let mut seen = Vec::new();
    let cursor = fold_page(body, &mut |s, r| seen.push((s, r))).map_err(|e| e.to_string())?;
    Ok((seen, cursor))
}

/// The page fed `chunk` bytes at a time.
fn streamed(body: &str, chunk: usize) -> Result<(Seen, UsageCursor), String> {
    let mut seen = Vec::new();
    let mut page = PageStream::default();
    for part in body.as_bytes().chunks(chunk) {
        page.feed(part, &mut |s, r| seen.push((s, r)));
    }
    let cursor = page
        .finish(&mut |s, r| seen.push((s, r)))
        .map_err(|e| e.to_string())?;
    Ok((seen, cursor))
}

const CHUNKS: [usize; 5] = [1, 2, 5, 13, usize::MAX];

fn result(key: &str, n: i64) -> String {
    format!(
        r#"{{"object":"organization.usage.completions.result","input_tokens":{n},"output_tokens":2,
        "num_model_requests":{n},"project_id":"proj_1","api_key_id":"{key}","model":"m}}\"[","x":[{{}}]}}"#
    )
}

#[test]
fn a_page_fed_in_pieces_reads_as_the_whole_page_does() {
    let (a, b, c) = (
        result("key_a", 1),
        result("key_b", 2),
        result(r"key_\u0063", 3),
    );
    let bodies = [
        // The API's order, two buckets, more to come.
        format!(
            r#"{{"object":"page","data":[
            {{"object":"bucket","start_time":100,"end_time":200,"results":[{a},{b}]}},
            {{"object":"bucket","start_time":200,"end_time":300,"results":[]}}],
            "has_more":true,"next_page":"p2"}}"#
        ),
        // Results before the start, the cursor before the data, escapes in keys and values.
        format!(
            r#"{{"next_page":"a]}}{{\"[","has_more":false,"data":[{{"results":[{c}],"end_time":9,"start_time":5}}],
            "obj\u0065ct":"page"}}"#
        ),
        r#"{"data":[],"x":1,"x":2}"#.to_owned(),
        r#" { "data" : [ { "start_time" : 1 , "end_time" : 2 } ] } "#.to_owned(),
        // An escaped `data` is read whole, at the end.
        format!(r#"{{"d\u0061ta":[{{"start_time":1,"end_time":2,"results":[{a}]}}]}}"#),
        // A `data` inside another field is not the page's.
        format!(
            r#"{{"x":{{"data":[{{"y":1}}]}},"data":[{{"start_time":1,"end_time":2,"results":[{b}]}}]}}"#
        ),
        // Backslashes just before a closing quote, and brackets inside strings, within a bucket.
        r#"{"data":[{"start_time":1,"end_time":2,"results":[{"api_key_id":"k\\","model":"\\\"}]\\\\","x":"\\"}]}]}"#
            .to_owned(),
        format!(r#"{{"data":"x","y":[{{"data":[{a}]}}],"data2":[{{}}],"data":[]}}"#),
    ];
    for (i, body) in bodies.iter().enumerate() {
        let expected = whole(body);
        // The last body sends `data` twice: refused, in pieces too.
        assert_eq!(expected.is_ok(), i < 7, "{body}");
        for chunk in CHUNKS {
            match &expected {
                Ok(expected) => {
                    assert_eq!(&streamed(body, chunk).unwrap(), expected, "{chunk}: {body}")
                }
                Err(_) => assert!(streamed(body, chunk).is_err(), "{chunk}: {body}"),
            }
        }
    }
    assert_eq!(streamed(&bodies[0], 3).unwrap().0.len(), 2);
    assert_eq!(streamed(&bodies[0], 3).unwrap().1.next(), Some("p2"));
    assert_eq!(
        streamed(&bodies[1], 3).unwrap().1.next_page.as_deref(),
        Some("a]}{\"[")
    );
    let (seen, _) = streamed(&bodies[6], 1).unwrap();
    assert_eq!(seen[0].1.api_key_id.as_deref(), Some("k\\"));
    assert_eq!(seen[0].1.model.as_deref(), Some("\\\"}]\\\\"));
}

#[test]
fn what_the_whole_page_refuses_a_page_in_pieces_refuses() {
    let bucket = r#"{"start_time":1,"end_time":2}"#;
    for body in [
        r#"{"object":"page"}"#.to_owned(),
        r#"{"data":null}"#.to_owned(),
        r#"{"data":[{"end_time":2,"results":[]}]}"#.to_owned(),
        r#"{"data":[{"start_time":"1","end_time":2}]}"#.to_owned(),
        r#"{"data":[{"start_time":1,"end_time":2,"results":[{"api_key_id":5}]}]}"#.to_owned(),
        r#"{"data":[],"has_more":null}"#.to_owned(),
        format!(r#"{{"data":[{bucket}]}} trailing"#),
        format!(r#"{{"data":[{bucket}]}}{{"data":[]}}"#),
        format!(r#"{{"data":[],"data":[{bucket}]}}"#),
        format!(r#"{{"data":[{bucket}],"data":[]}}"#),
        r#"{"data":[{"start_time":1,"end_time":2,"results":[],"results":[]}]}"#.to_owned(),
        // What stands for a bucket taken out, sent as it is, or bytes that would join it.
        r#"{"data":[[]]}"#.to_owned(),
        format!(r#"{{"data":[{bucket},[]]}}"#),
        format!(r#"{{"data":[1{bucket}]}}"#),
        format!(r#"{{"data":[-{bucket}]}}"#),
        format!(r#"{{"data":[{bucket}5]}}"#),
        format!(r#"{{"data":[{bucket}{bucket}]}}"#),
        r#"{"data":[{"start_time":1,"end_time":2]}"#.to_owned(),
        format!(r#"[{{"data":[{bucket}]}}]"#),
        format!(r#"{{"data":[{bucket}]"#),
        r#"{"data":[{"start_time":1,"end_time":2,"results":[{"api_key_id":"k""#.to_owned(),
        "<html><body>{\"data\":[]}</body></html>".to_owned(),
        String::new(),
    ] {
        assert!(whole(&body).is_err(), "the whole page reads {body}");
        for chunk in CHUNKS {
            assert!(
                streamed(&body, chunk).is_err(),
                "{chunk}: in pieces, {body}"
            );
        }
    }
}

#[test]
fn a_page_cut_off_in_a_bucket_says_so() {
    let body = r#"{"data":[{"start_time":1,"end_time":2,"results":[{"api_key_id":"k""#;
    let mut page = PageStream::default();
    page.feed(body.as_bytes(), &mut |_, _| {});
    assert!(page.finish(&mut |_, _| {}).unwrap_err().is_eof());
}

#[test]
fn only_one_bucket_is_held_and_the_skeleton_keeps_none() {
    let results: Vec<String> = (0..50).map(|i| result(&format!("key_{i}"), i)).collect();
    let bucket = |start: i64| {
        format!(
            r#"{{"start_time":{start},"end_time":{},"results":[{}]}}"#,
            start + 1,
            results.join(",")
        )
    };
    let body = format!(
        r#"{{"object":"page","data":[{},{},{}],"has_more":false,"next_page":null}}"#,
        bucket(1),
        bucket(2),
        bucket(3)
    );
    let mut page = PageStream::default();
    let mut counted = 0;
    for part in body.as_bytes().chunks(100) {
        page.feed(part, &mut |_, _| counted += 1);
        assert!(page.bucket.len() <= bucket(1).len());
    }
    assert_eq!(counted, 150);
    assert!(page.finish(&mut |_, _| counted += 1).is_ok());
    assert_eq!(counted, 150);
    assert_eq!(
        String::from_utf8_lossy(page.skeleton()),
        r#"{"object":"page","data":[[],[],[]],"has_more":false,"next_page":null}"#
    );
}

/// A bucket, or the page around its buckets, longer than a part may hold stops the read with
/// an error; many buckets each within the bound, more than it together, are read.
#[test]
fn a_part_of_the_page_past_its_bound_is_refused_and_no_more_is_held() {
    let one = |start: i64, keys: usize| {
        let results: Vec<String> = (0..keys).map(|i| result(&format!("key_{i}"), 1)).collect();
        format!(
            r#"{{"start_time":{start},"end_time":{},"results":[{}]}}"#,
            start + 1,
            results.join(",")
        )
    };
    let page = |data: &[String], next: &str| {
        format!(
            r#"{{"object":"page","data":[{}],"has_more":false,"next_page":{next}}}"#,
            data.join(",")
        )
    };
    let small = one(1, 3);
    let at_most = small.len() + 10;
    let read = |body: &str| {
        let mut stream = PageStream {
            held_at_most: Bound(at_most),
            ..PageStream::default()
        };
        let mut seen = 0;
        for part in body.as_bytes().chunks(7) {
            stream.feed(part, &mut |_, _| seen += 1);
            assert!(stream.bucket.len().max(stream.skeleton.len()) <= at_most + 1);
        }
        stream
            .finish(&mut |_, _| seen += 1)
            .map(|_| seen)
            .map_err(|e| e.to_string())
    };
    // Ten buckets within the bound, ten times longer than it together.
    let many: Vec<String> = (0..10).map(|s| one(s, 3)).collect();
    assert_eq!(read(&page(&many, "null")), Ok(30));
    // One bucket longer than the bound.
    let err = read(&page(&[small.clone(), one(2, 5)], "null")).unwrap_err();
    assert!(err.contains("ran past"), "{err}");
    // The page around the buckets (here, a long cursor) longer than the bound.
    let cursor = format!("\"{}\"", "c".repeat(at_most));
    let err = read(&page(&[small], &cursor)).unwrap_err();
    assert!(err.contains("ran past"), "{err}");
}

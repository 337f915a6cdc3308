//! The search: words in a key's own text, its project's and its owner's, found a project's
//! buffer at a time in row order.

use super::tests::{NOW, ids, inventory, key, listed, project};
use super::*;
use crate::logic::inventory::Inventory;
use memchr::memmem::Finder;
use texts::{OwnerText, PartText};

/// The search's words may each be in a different part of a row: its own text (name, ID,
/// redacted value), its project's (name, ID) or its owner's (name, email, ID). Each shared text
/// is looked up once per search, and rows of another owner or project never borrow its answer.
#[test]
fn each_word_is_found_in_the_key_its_project_or_its_owner() {
    let inv = inventory();
    let rows = RowCache::default().rows(&inv, None);
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    let search = |text: &str| {
        let q = TableQuery {
            text: text.into(),
            sort: Sort::natural(SortKey::Name),
            ..TableQuery::default()
        };
        let mut found = ids(&rows, &q.select(&rows, &f, &[], NOW));
        found.sort();
        found
    };
    // A word in the key's name, one in its project's name, one in its owner's email.
    assert_eq!(search("PROD alpha ada@"), ["k1"]);
    // Project and owner IDs, and a key ID.
    assert_eq!(search("p2"), ["k5"]);
    assert_eq!(search("deploy bot"), ["k3", "k4"]);
    assert_eq!(search("k4"), ["k4"]);
    // Ada's keys are in both projects; only one of them is in Beta.
    assert_eq!(search("ada beta"), ["k5"]);
    assert_eq!(search("bob alpha"), ["k2"]);
    // A word no part holds, with others that all rows hold.
    assert!(search("sk- example zebra").is_empty());
    // More words than a mask holds (the same word again and again) still answer the same.
    let many = ["deploy"; 70].join(" ");
    assert_eq!(search(&many), ["k3", "k4"]);
    assert!(search(&format!("{many} ada")).is_empty());
}

/// A project's buffer answers, per word, exactly the rows whose own text holds it: never a
/// match across two rows, and every row after a matched one still looked at.
#[test]
fn a_projects_buffer_finds_each_rows_words_and_no_others() {
    let owner = Arc::new(OwnerText {
        number: 0,
        text: "ada".into(),
    });
    let mut part = PartText::new("Alpha", "proj_1");
    let keys = [
        ("Prod", "key_ab", "sk-…ab"),
        ("ÜBER key", "key_cd", "sk-…cd"),
        ("", "key_ef", "sk-…ef"),
        ("prod-2", "key_gh", "sk-…gh"),
    ];
    let names: Vec<u32> = keys
        .iter()
        .map(|&(n, i, r)| part.push([n, i, r], owner.clone()))
        .collect();
    assert_eq!(names, [4, "über key".len() as u32, 0, 6]);
    assert_eq!(part.row(1), "über key\u{1f}key_cd\u{1f}sk-…cd");
    let rows = |word: &str| {
        let found = part.rows_with(&Finder::new(word));
        (0..keys.len() as u32)
            .filter(|&i| found.has(i))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows("prod"), [0, 3]);
    assert_eq!(rows("key_"), [0, 1, 2, 3]);
    assert_eq!(rows("über"), [1]);
    assert_eq!(rows("gh"), [3]);
    // The end of one row and the start of the next are not one text.
    assert!(rows("abü").is_empty());
    assert!(
        rows("alpha").is_empty(),
        "the project's name is its own text"
    );
    assert!(rows("ada").is_empty(), "so is the owner's");
}

/// A one-letter word is found from each key's mask of the bytes its text holds (letters,
/// digits and common marks), any other one by reading the buffer: both answer exactly the rows
/// whose own text holds the letter, over more rows than one mask word of `Bits` holds.
#[test]
fn a_one_letter_word_finds_exactly_the_rows_that_hold_it() {
    let owner = Arc::new(OwnerText {
        number: 0,
        text: "ada".into(),
    });
    let mut part = PartText::new("Alpha", "proj_1");
    let printable = |n: usize| char::from(b' ' + (n % 95) as u8);
    for n in 0..150usize {
        let name: String = [printable(n * 7), printable(n * 13 + 5), 'é']
            .iter()
            .collect();
        part.push([&name, &format!("key_{n}"), "sk-…"], owner.clone());
    }
    for byte in b' '..=b'~' {
        let word = [byte];
        let found = part.rows_with(&Finder::new(&word));
        let holds = |at: u32| part.row(at).as_bytes().contains(&byte);
        let (got, want): (Vec<u32>, Vec<u32>) = (
            (0..160).filter(|&at| found.has(at)).collect(),
            (0..150).filter(|&at| holds(at)).collect(),
        );
        assert_eq!(got, want, "{:?}", char::from(byte));
    }
    assert!(!part.rows_with(&Finder::new("z")).is_clear());
    assert!(
        part.rows_with(&Finder::new("Z")).is_clear(),
        "texts are folded"
    );
}

/// Over many projects and owners, the row-order search (a project's buffer at a time) keeps
/// exactly the rows the row-by-row search keeps, for words in keys, projects and owners.
#[test]
fn the_row_order_search_answers_as_the_row_by_row_one() {
    let mut inv = Inventory::default();
    let names = [("p1", "Alpha"), ("p2", "Beta"), ("p3", "Gamma")];
    inv.set_projects(
        names
            .iter()
            .map(|(id, n)| project(id, n, "active"))
            .collect(),
        true,
    );
    for (p, (id, _)) in names.iter().enumerate() {
        let keys = (0..2000usize)
            .map(|n| {
                let owner = ["ada", "bob", "sa:deploy", "cyd"][(n + p) % 4];
                let name = ["prod", "bot", "zeta prod", ""][n % 7 % 4];
                key(&format!("key_{p}_{n:05}"), name, Some(n as i64 % 90), owner)
            })
            .collect();
        inv.apply(id, true, listed(keys));
    }
    let rows = RowCache::default().rows(&inv, None);
    let f = findings_of(&rows, &KeyScopes::default(), Thresholds::default(), NOW);
    let order = order::of(&rows, &[], Sort::default());
    for text in [
        "prod",
        "beta bob",
        "ada zeta",
        "deploy key_2_01",
        "cyd@ gamma bot",
        "nobody",
        "_1_ prod ada",
        "z",
        "a 9",
        "_ d",
        "b @",
    ] {
        let q = TableQuery {
            text: text.into(),
            ..TableQuery::default()
        };
        let short: Vec<u32> = order
            .chunks(1000)
            .flat_map(|piece| q.select_within(piece, &rows, &f, &[], NOW))
            .collect();
        assert_eq!(
            q.select_within(&order, &rows, &f, &[], NOW),
            short,
            "{text}"
        );
        let mut all = short.clone();
        all.sort();
        assert_eq!(q.matching(&rows, &f, &[], NOW), all, "{text}");
        // Within an earlier result (more rows than are searched one by one), not every row.
        let some: Vec<u32> = order.iter().copied().filter(|i| i % 5 != 2).collect();
        let within: Vec<u32> = short.iter().copied().filter(|i| i % 5 != 2).collect();
        assert_eq!(
            q.select_within(&some, &rows, &f, &[], NOW),
            within,
            "{text}"
        );
        assert!(!short.is_empty() || text == "nobody", "{text}");
    }
}

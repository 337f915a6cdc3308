//! What the search box looks in, lower-cased and kept in few allocations: one buffer per
//! project listing for its keys' own texts, and one text per project and per owner, shared by
//! their rows. A search then runs over a project's keys once per word, not once per row, and
//! a one-letter word (every search's first keystroke) reads a mask per key instead.

use super::bits::Bits;
use crate::logic::fold::fold;
use memchr::memmem::Finder;
use std::sync::Arc;

/// Ends a row's text in a project's buffer, so that no word matches across two rows (the
/// search splits its words at control characters).
const ROW_END: char = '\u{1e}';
/// Between the fields of one text.
pub(super) const FIELD: &str = "\u{1f}";

/// One project listing's searched texts.
#[derive(Debug, PartialEq)]
pub struct PartText {
    /// The project's name and ID.
    pub(super) project: Box<str>,
    /// Each key's name first, then its ID and redacted value, one key after another.
    text: String,
    /// Where each key's text starts in `text`, and where the last one ends.
    starts: Vec<u32>,
    /// Which bytes each key's text holds (see [`byte_bit`]): a one-letter word, which nearly
    /// every key holds, is then found without a search stopping at each key.
    masks: Vec<u64>,
    /// Each key's owner: read here, a search in row order never follows a pointer to a row.
    owners: Vec<Arc<OwnerText>>,
    /// The owners of these keys, each once, by number: most words are in none of them, and
    /// then their keys' owners need not be looked at one by one.
    distinct: Vec<Arc<OwnerText>>,
}

impl PartText {
    pub(super) fn new(project_name: &str, project_id: &str) -> Self {
        Self {
            project: fold(&[project_name, project_id].join(FIELD)).into(),
            text: String::new(),
            starts: vec![0],
            masks: Vec::new(),
            owners: Vec::new(),
            distinct: Vec::new(),
        }
    }

    /// Adds a key's text and owner; returns the length of its lower-cased name, its text's
    /// first part.
    pub(super) fn push(&mut self, [name, id, redacted]: [&str; 3], owner: Arc<OwnerText>) -> u32 {
        if let Err(at) = self
            .distinct
            .binary_search_by_key(&owner.number, |o| o.number)
        {
            self.distinct.insert(at, owner.clone());
        }
        self.owners.push(owner);
        let start = self.text.len();
        let name = fold(name);
        self.text.push_str(&name);
        self.text.push_str(FIELD);
        self.text.push_str(&fold(&[id, redacted].join(FIELD)));
        let bits = self.text.as_bytes()[start..]
            .iter()
            .filter_map(|&b| byte_bit(b));
        self.masks.push(bits.fold(0, |mask, bit| mask | 1 << bit));
        self.text.push(ROW_END);
        self.starts.push(self.text.len() as u32);
        name.len() as u32
    }

    /// The buffer made, its spare capacity given back.
    pub(super) fn done(mut self) -> Self {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.masks.shrink_to_fit();
        self.owners.shrink_to_fit();
        self.distinct.shrink_to_fit();
        self
    }

    /// How many keys.
    pub(super) fn len(&self) -> usize {
        self.owners.len()
    }

    /// Key `at`'s owner.
    pub(super) fn owner(&self, at: u32) -> &Arc<OwnerText> {
        &self.owners[at as usize]
    }

    /// Each key's owner, in key order.
    pub(super) fn owners(&self) -> &[Arc<OwnerText>] {
        &self.owners
    }

    /// The keys' owners, each once.
    pub(super) fn distinct_owners(&self) -> &[Arc<OwnerText>] {
        &self.distinct
    }

    /// Key `at`'s text (without the row's end).
    pub(super) fn row(&self, at: u32) -> &str {
        let (start, end) = (self.starts[at as usize], self.starts[at as usize + 1]);
        &self.text[start as usize..end as usize - ROW_END.len_utf8()]
    }

    /// The keys whose own text holds `word`: one pass over the buffer, each match's row found
    /// by walking forward, and the rest of a matched row skipped. A word of one letter, digit
    /// or mark is answered from the keys' masks, without reading the buffer.
    pub(super) fn rows_with(&self, word: &Finder<'_>) -> Bits {
        if let &[b] = word.needle()
            && let Some(bit) = byte_bit(b)
        {
            return Bits::from_fn(self.len(), |at| self.masks[at] & 1 << bit != 0);
        }
        let rows = self.len();
        let mut found = Bits::new(rows);
        let bytes = self.text.as_bytes();
        let (mut from, mut row) = (0usize, 0usize);
        while let Some(hit) = word.find(&bytes[from..]) {
            let at = from + hit;
            while self.starts[row + 1] as usize <= at {
                row += 1;
            }
            found.set(row as u32);
            from = self.starts[row + 1] as usize;
            if row + 1 == rows {
                break;
            }
        }
        found
    }
}

/// Marks as common in names, IDs and emails as letters and digits, one bit each after them.
const MARKS: &[u8] = b"-_.@ :/+";

/// The bit of `byte` in a key's mask of the bytes its text holds: one of its own for each
/// lower-case letter, digit and mark of [`MARKS`]; none for the rest (they are searched for).
fn byte_bit(byte: u8) -> Option<u32> {
    match byte {
        b'a'..=b'z' => Some(u32::from(byte - b'a')),
        b'0'..=b'9' => Some(26 + u32::from(byte - b'0')),
        _ => (MARKS.iter().position(|&m| m == byte)).map(|n| 36 + n as u32),
    }
}

/// One owner's searched text (name, email and ID), with its number among the owners seen.
#[derive(Debug, PartialEq)]
pub struct OwnerText {
    pub(super) number: u32,
    pub(super) text: Box<str>,
}

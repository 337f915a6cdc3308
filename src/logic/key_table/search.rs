//! The search box's words, looked for in a row's own text, its project's and its owner's (see
//! `texts`). Shared texts are searched once per search, not once per row. Rows taken in row
//! order are searched a project's buffer at a time, and then a row is not even read: a list of
//! rows holds each project's rows together and in order (see `RowCache::rows`).

use super::bits::Bits;
use super::rows::KeyRow;
use super::texts::{OwnerText, PartText};
use crate::logic::fold::fold;
use memchr::memmem::Finder;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Past this many words, shared texts' answers are not kept (a word is one bit of a mask).
const MASKED: usize = 64;

pub(super) struct Needle {
    words: Vec<Finder<'static>>,
    /// In row order, the project whose rows are being searched.
    current: Option<Current>,
    /// Out of row order, the projects seen (by address) and the words each one's text holds.
    projects: FxHashMap<usize, u64>,
    /// Per owner number, the words the owner's text holds, once looked for.
    owners: Vec<Option<u64>>,
}

/// A project's rows in a list taken in row order.
struct Current {
    part: Arc<PartText>,
    /// The list's index of the project's first row.
    first: usize,
    /// The project's rows that hold every word, in their own, the project's or the owner's text.
    kept: Bits,
}

impl Needle {
    /// The words of `text`, folded as the rows' texts are, split at spaces and control
    /// characters (which end the texts' fields and rows).
    pub(super) fn new(text: &str) -> Self {
        Self {
            words: fold(text)
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .map(|w| Finder::new(w).into_owned())
                .collect(),
            current: None,
            projects: FxHashMap::default(),
            owners: Vec::new(),
        }
    }

    /// True when nothing is searched for.
    pub(super) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when every word is in the text of `rows[i]`, its project's or its owner's, for
    /// rows asked about in row order (skipping any).
    pub(super) fn keep_in_order(&mut self, rows: &[Arc<KeyRow>], i: usize) -> bool {
        if self.words.is_empty() {
            return true;
        }
        if self.words.len() > MASKED {
            return self.keep(&rows[i]);
        }
        let inside = |c: &Current| i >= c.first && i - c.first < c.part.len();
        if !self.current.as_ref().is_some_and(inside) {
            let row = &rows[i];
            self.current = Some(Current {
                first: i - row.at as usize,
                kept: self.kept_of(&row.part),
                part: row.part.clone(),
            });
        }
        let Some(c) = &self.current else {
            return false;
        };
        let at = (i - c.first) as u32;
        debug_assert!(Arc::ptr_eq(&rows[i].part, &c.part) && rows[i].at == at);
        c.kept.has(at)
    }

    /// Sets in `kept` every row of `rows` that `asked` names and that holds every word, a
    /// project's rows at a time: rows taken in row order lie together by project, so only the
    /// rows found are visited, not every row.
    pub(super) fn keep_all_in_order(
        &mut self,
        rows: &[Arc<KeyRow>],
        asked: impl Fn(u32) -> bool,
        kept: &mut Bits,
    ) {
        let mut i = 0;
        while i < rows.len() {
            let Some((first, end)) = span(rows, i).filter(|_| self.words.len() <= MASKED) else {
                if asked(i as u32) && self.keep(&rows[i]) {
                    kept.set(i as u32);
                }
                i += 1;
                continue;
            };
            let part = &rows[i].part;
            debug_assert!((i..end).all(|r| Arc::ptr_eq(&rows[r].part, part)));
            let found = self.kept_of(part);
            (found.ones().map(|at| first + at as usize))
                .filter(|&r| r >= i && r < end && asked(r as u32))
                .for_each(|r| kept.set(r as u32));
            i = end;
        }
    }

    /// The rows of `part` that hold every word, found 64 rows at a time: per word, the rows
    /// whose own text holds it (one pass over the buffer), and those whose owner's does. Rows
    /// are looked at one by one only for a word that one of the project's owners holds.
    fn kept_of(&mut self, part: &PartText) -> Bits {
        let project = mask_of(&self.words, &part.project);
        let mut kept = Bits::all(part.len());
        for (n, word) in self.words.iter().enumerate() {
            let bit = 1 << n;
            if project & bit != 0 {
                continue;
            }
            let mut with = part.rows_with(word);
            let masks = &mut self.owners;
            let words = &self.words;
            let mut owner_has = |o: &OwnerText| owner_mask(masks, words, o) & bit != 0;
            if part.distinct_owners().iter().any(|o| owner_has(o)) {
                (part.owners().iter().enumerate())
                    .filter(|(_, o)| owner_has(o))
                    .for_each(|(at, _)| with.set(at as u32));
            }
            kept.keep_common(&with);
            if kept.is_clear() {
                break;
            }
        }
        kept
    }

    /// True when every word is in the row's own text, its project's or its owner's.
    pub(super) fn keep(&mut self, row: &KeyRow) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let text = row.part.row(row.at);
        if self.words.len() > MASKED {
            let texts = [text, &row.part.project, &row.part.owner(row.at).text];
            return self
                .words
                .iter()
                .all(|w| texts.iter().any(|t| w.find(t.as_bytes()).is_some()));
        }
        let words = &self.words;
        let project = *self
            .projects
            .entry(Arc::as_ptr(&row.part) as usize)
            .or_insert_with(|| mask_of(words, &row.part.project));
        // Each word in the project's text, the key's own or its owner's, looked at in that order.
        let mut owner = None;
        for (n, w) in words.iter().enumerate() {
            if project & 1 << n != 0 || w.find(text.as_bytes()).is_some() {
                continue;
            }
            let owner_words = *owner
                .get_or_insert_with(|| owner_mask(&mut self.owners, words, row.part.owner(row.at)));
            if owner_words & 1 << n == 0 {
                return false;
            }
        }
        true
    }
}

/// Where the project of `rows[i]` lies in `rows` (`first..end`), when its rows from `i` on lie
/// there whole: its last row there is its own, at its own place.
fn span(rows: &[Arc<KeyRow>], i: usize) -> Option<(usize, usize)> {
    let first = i.checked_sub(rows[i].at as usize)?;
    let end = (first + rows[i].part.len()).min(rows.len());
    let last = &rows[end.checked_sub(1).filter(|&e| e >= i)?];
    (Arc::ptr_eq(&last.part, &rows[i].part) && last.at as usize == end - 1 - first)
        .then_some((first, end))
}

/// The words `owner`'s text holds, looked for once per owner.
fn owner_mask(masks: &mut Vec<Option<u64>>, words: &[Finder<'static>], owner: &OwnerText) -> u64 {
    let number = owner.number as usize;
    if masks.len() <= number {
        masks.resize(number + 1, None);
    }
    *masks[number].get_or_insert_with(|| mask_of(words, &owner.text))
}

/// Which of `words` `text` holds, one bit each.
fn mask_of(words: &[Finder<'static>], text: &str) -> u64 {
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.find(text.as_bytes()).is_some())
        .fold(0, |mask, (n, _)| mask | 1 << n)
}

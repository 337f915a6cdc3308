//! A usage or costs page folded as its bytes arrive, holding one bucket's bytes at a time, never
//! the page: at 100,000 keys a 7-day page is some 20 MB of JSON, and a wasm memory keeps what it
//! once held. Each bucket of the top-level `data` is read (as `usage_fold` reads it) when its
//! closing brace arrives; the rest of the page, the cursor and any unknown field, is kept as a
//! skeleton with an empty list where each bucket was, and read at the end. A page is accepted
//! only if the skeleton and every bucket are, so this accepts what reading it whole would.

use crate::engine::transport::HELD_AT_MOST;
use crate::resources::usage_fold::{fold_bucket, fold_skeleton};
use crate::resources::usage_page::{UsageCursor, UsageResult};
use serde::de::Error as _;

/// What stands in the skeleton where a bucket was: no bucket is an empty list, and no byte
/// around it can join it into another valid token.
const HOLE: &[u8] = b"[]";

/// How many bytes one bucket, or the page around its buckets, may hold: no more than an answer
/// read whole ([`HELD_AT_MOST`]; less in tests). The transport bounds the page itself (512 MB),
/// and a single bucket that large would fill the worker's memory.
struct Bound(usize);

impl Default for Bound {
    fn default() -> Self {
        Bound(HELD_AT_MOST)
    }
}

/// One page's bytes, fed as they arrive. Only the bytes' structure is followed here (strings,
/// nesting, the top-level keys); serde reads everything.
#[derive(Default)]
pub struct PageStream {
    skeleton: Vec<u8>,
    /// The bucket being taken out, from its opening brace.
    bucket: Vec<u8>,
    taking: bool,
    taken: usize,
    error: Option<serde_json::Error>,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The page is an object: its own keys are at depth 1.
    object: bool,
    /// At depth 1, the next string is a key.
    want_key: bool,
    reading_key: bool,
    /// The last key at depth 1, as sent (an escaped `data` is left in the skeleton, read whole).
    key: Vec<u8>,
    /// After `"data":`, until its value starts.
    data_next: bool,
    /// Inside the top-level `data` list: its buckets are at depth 2.
    in_data: bool,
    held_at_most: Bound,
    /// A part ran past `held_at_most`: reading the page again would end the same way.
    overflowed: bool,
}

impl PageStream {
    /// Takes the next bytes; each bucket completed is read and handed to `each`, result by
    /// result. After an error the rest is ignored ([`PageStream::finish`] returns it).
    pub fn feed(&mut self, bytes: &[u8], each: &mut dyn FnMut(i64, UsageResult)) {
        let mut rest = bytes;
        while let Some(&b) = rest.first() {
            if self.error.is_some() {
                return;
            }
            if self.taking {
                rest = &rest[self.take(rest, each)..];
            } else {
                self.keep(b);
                rest = &rest[1..];
            }
            let Bound(at_most) = self.held_at_most;
            if self.bucket.len().max(self.skeleton.len()) > at_most {
                self.overflowed = true;
                self.error = Some(serde_json::Error::custom(format!(
                    "a part of the page ran past {} MB, more than any answer of the API holds",
                    at_most >> 20
                )));
            }
        }
    }

    /// Reads the skeleton once every byte is in: the page's cursor, or why it can't be read.
    pub fn finish(
        &mut self,
        each: &mut dyn FnMut(i64, UsageResult),
    ) -> Result<UsageCursor, serde_json::Error> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.taking {
            // Cut off inside a bucket: reading what came says how.
            fold_bucket(&self.bucket, each)?;
            return Err(serde_json::Error::custom("the page ends inside a bucket"));
        }
        let mut holes = 0;
        let cursor = fold_skeleton(&self.skeleton, each, &mut holes)?;
        if holes != self.taken {
            return Err(serde_json::Error::custom("an empty list among the buckets"));
        }
        Ok(cursor)
    }

    /// True when a part of the page ran past what a part may hold.
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The page without the buckets taken out: what is said of a page that can't be read
    /// (an HTML page, say, is all skeleton).
    pub fn skeleton(&self) -> &[u8] {
        &self.skeleton
    }

    /// The bytes of a bucket being taken out, up to its closing brace (then it is read) and no
    /// further than one byte past the bound on a part; returns how many it took. Copied once per
    /// run and a string skipped to its next quote or backslash: byte by byte, following a
    /// 20 MB page cost the usage worker as much as reading it.
    fn take(&mut self, bytes: &[u8], each: &mut dyn FnMut(i64, UsageResult)) -> usize {
        let Bound(at_most) = self.held_at_most;
        let room = (at_most + 1).saturating_sub(self.bucket.len()).max(1);
        let bytes = &bytes[..bytes.len().min(room)];
        let mut i = 0;
        let mut closed = false;
        while i < bytes.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                } else if let Some(at) = memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                    i += at;
                    self.string_byte(bytes[i]);
                    i += 1;
                } else {
                    i = bytes.len();
                }
                continue;
            }
            let b = bytes[i];
            i += 1;
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 2 {
                        closed = true;
                        break;
                    }
                }
                _ => {}
            }
        }
        self.bucket.extend_from_slice(&bytes[..i]);
        if closed {
            self.taking = false;
            self.taken += 1;
            if let Err(e) = fold_bucket(&self.bucket, each) {
                self.error = Some(e);
            }
            self.bucket.clear();
        }
        i
    }

    /// A byte of the skeleton, or the opening brace of a bucket to take out.
    fn keep(&mut self, b: u8) {
        if self.in_string {
            self.skeleton.push(b);
            if !self.string_byte(b) && self.reading_key {
                self.key.push(b);
            }
            return;
        }
        if b == b'{' && self.in_data && self.depth == 2 {
            self.taking = true;
            self.depth = 3;
            self.bucket.push(b);
            self.skeleton.extend_from_slice(HOLE);
            return;
        }
        self.skeleton.push(b);
        let top = self.object && self.depth == 1;
        match b {
            b'"' => {
                self.in_string = true;
                self.reading_key = top && self.want_key;
                if self.reading_key {
                    self.want_key = false;
                    self.key.clear();
                }
                self.data_next &= !top;
            }
            b':' if top => self.data_next = self.key == b"data",
            b',' if top => {
                self.want_key = true;
                self.data_next = false;
            }
            b'{' | b'[' => {
                if self.depth == 0 {
                    self.object = b == b'{';
                    self.want_key = self.object;
                }
                if top {
                    self.in_data = self.data_next && b == b'[';
                }
                self.data_next = false;
                self.depth += 1;
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                self.in_data &= self.depth != 1;
            }
            b' ' | b'\n' | b'\r' | b'\t' => {}
            _ => self.data_next &= !top,
        }
    }

    /// Follows a string's byte: true for its closing quote or an escape's backslash.
    fn string_byte(&mut self, b: u8) -> bool {
        if self.escaped {
            self.escaped = false;
            return false;
        }
        match b {
            b'\\' => {
                self.escaped = true;
                // An escaped key is never taken for `data`: left whole in the skeleton.
                if self.reading_key {
                    self.key.push(b);
                }
                true
            }
            b'"' => {
                self.in_string = false;
                self.reading_key = false;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
#[path = "usage_stream_tests.rs"]
mod tests;

//! The keys ticked in a table: one bit per row of the list they were ticked in, so "select all"
//! at 100,000 keys sets bits instead of hashing and copying 100,000 IDs. IDs appear only at the
//! edges: a link's selection, and a ticked key that the list no longer holds.

use super::Rows;
use super::bits::Bits;
use super::rows::KeyRow;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// Key IDs, as a link names them. Hashed with Fx: SipHash's resistance to chosen keys buys
/// nothing for the organization's own IDs.
pub type LinkedIds = FxHashSet<String>;

/// Ticked keys. Rows are named by their place in the list the selection is over; a caller
/// holding a newer list moves the selection onto it first (`rebase`, `over`).
#[derive(Clone, Default)]
pub struct Selection {
    /// The list the bits are over.
    rows: Rows,
    bits: Bits,
    /// How many bits are set.
    count: usize,
    /// Ticked keys that `rows` does not hold (revoked since, say), by ID: ticked again on a list
    /// that holds them.
    elsewhere: FxHashSet<String>,
}

impl Selection {
    pub fn len(&self) -> usize {
        self.count + self.elsewhere.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The list of rows it is over.
    pub fn list(&self) -> &Rows {
        &self.rows
    }

    /// Whether row `i` of the list is ticked.
    pub fn has(&self, i: u32) -> bool {
        self.bits.has(i)
    }

    /// Ticks or unticks row `i` of the list; rows past its end are ignored.
    pub fn put(&mut self, i: u32, on: bool) {
        if (i as usize) < self.rows.len() && self.bits.put(i, on) {
            if on {
                self.count += 1;
            } else {
                self.count -= 1;
            }
        }
    }

    /// Whether `row` is ticked; `at` is its expected place in the list.
    pub fn has_row(&self, at: u32, row: &Arc<KeyRow>) -> bool {
        match self.find(at, row) {
            Some(i) => self.has(i),
            None => self.elsewhere.contains(&row.key.id),
        }
    }

    /// Ticks or unticks `row`; `at` is its expected place in the list.
    pub fn put_row(&mut self, at: u32, row: &Arc<KeyRow>, on: bool) {
        match self.find(at, row) {
            Some(i) => self.put(i, on),
            None if on => {
                self.elsewhere.insert(row.key.id.clone());
            }
            None => {
                self.elsewhere.remove(&row.key.id);
            }
        }
    }

    /// `row`'s place in the list: `at` when it is there, else searched for (the list changed
    /// after the caller read it), by address or by key ID. None when the list lacks the key.
    fn find(&self, at: u32, row: &Arc<KeyRow>) -> Option<u32> {
        if self
            .rows
            .get(at as usize)
            .is_some_and(|r| Arc::ptr_eq(r, row))
        {
            return Some(at);
        }
        let list = self.rows.iter();
        list.clone()
            .position(|r| Arc::ptr_eq(r, row))
            .or_else(|| list.clone().position(|r| r.key.id == row.key.id))
            .map(|i| i as u32)
    }

    /// Unticks everything, and lets go of the list (a stale one would stay in memory).
    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// The ticked rows of the list, in row order.
    pub fn rows(&self) -> impl Iterator<Item = &Arc<KeyRow>> {
        self.bits.ones().filter_map(|i| self.rows.get(i as usize))
    }

    /// Every ticked key's ID, the list's and the others', unordered.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rows()
            .map(|r| r.key.id.as_str())
            .chain(self.elsewhere.iter().map(String::as_str))
    }

    /// This selection over `rows`.
    pub fn over(&self, rows: &Rows) -> Selection {
        let mut s = self.clone();
        s.rebase(rows);
        s
    }

    /// Moves the ticks onto `rows`, a newer list. A row both lists share is found by address,
    /// with no ID hashed; a key rebuilt since by its ID; a key `rows` lacks is kept by ID.
    pub fn rebase(&mut self, rows: &Rows) {
        if Arc::ptr_eq(&self.rows, rows) {
            return;
        }
        let old = std::mem::replace(
            self,
            Selection {
                rows: rows.clone(),
                bits: Bits::new(rows.len()),
                ..Selection::default()
            },
        );
        if old.is_empty() {
            return;
        }
        // `old` keeps its rows alive, so no new row can sit at one of their addresses.
        let mut by_address: FxHashMap<*const KeyRow, bool> =
            old.rows().map(|r| (Arc::as_ptr(r), false)).collect();
        for (i, r) in rows.iter().enumerate() {
            if let Some(found) = by_address.get_mut(&Arc::as_ptr(r))
                && !*found
            {
                *found = true;
                self.put(i as u32, true);
            }
        }
        let mut wanted: FxHashSet<&str> = old
            .rows()
            .filter(|r| by_address.get(&Arc::as_ptr(r)) == Some(&false))
            .map(|r| r.key.id.as_str())
            .chain(old.elsewhere.iter().map(String::as_str))
            .collect();
        for (i, r) in rows.iter().enumerate() {
            if wanted.is_empty() {
                break;
            }
            if !self.has(i as u32) && wanted.remove(r.key.id.as_str()) {
                self.put(i as u32, true);
            }
        }
        self.elsewhere = wanted.into_iter().map(str::to_owned).collect();
    }
}

/// A selection of IDs alone, over no list (a link's, say).
impl FromIterator<String> for Selection {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Self {
        Selection {
            elsewhere: ids.into_iter().collect(),
            ..Selection::default()
        }
    }
}

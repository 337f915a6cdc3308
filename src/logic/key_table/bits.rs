//! One bit per row: the filters' scratch sets and the selection.

#[derive(Clone, Default, Debug, PartialEq)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(rows: usize) -> Self {
        Bits(vec![0; rows.div_ceil(64)])
    }
    /// Sets or clears row `i`; true when that changed it. Rows past the end are ignored.
    // Inlined, as `set` and `has` are: a filter calls them once per row of 100,000, and the
    // size-optimised build would otherwise make each a call (the slower still before the
    // browser's optimising compiler takes over, as on the first keystroke).
    #[inline(always)]
    pub(super) fn put(&mut self, i: u32, on: bool) -> bool {
        let Some(w) = self.0.get_mut(i as usize / 64) else {
            return false;
        };
        let bit = 1 << (i % 64);
        let was = *w & bit != 0;
        if on {
            *w |= bit;
        } else {
            *w &= !bit;
        }
        was != on
    }
    /// The rows `i` of `0..rows` for which `has(i)`, 64 at a time.
    pub(super) fn from_fn(rows: usize, has: impl Fn(usize) -> bool) -> Self {
        let word = |n: usize| {
            let bits = n * 64..(n * 64 + 64).min(rows);
            bits.rev().fold(0u64, |w, i| w << 1 | u64::from(has(i)))
        };
        Bits((0..rows.div_ceil(64)).map(word).collect())
    }
    /// Every one of `rows` set.
    pub(super) fn all(rows: usize) -> Self {
        let mut words = vec![u64::MAX; rows.div_ceil(64)];
        if let Some(last) = words.last_mut().filter(|_| !rows.is_multiple_of(64)) {
            *last = (1 << (rows % 64)) - 1;
        }
        Bits(words)
    }
    /// Keeps only the rows `other` has too, 64 at a time.
    pub(super) fn keep_common(&mut self, other: &Bits) {
        for (w, o) in self
            .0
            .iter_mut()
            .zip(other.0.iter().chain(std::iter::repeat(&0)))
        {
            *w &= o;
        }
    }
    /// True when no row is set.
    pub(super) fn is_clear(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
    #[inline(always)]
    pub(super) fn set(&mut self, i: u32) {
        self.put(i, true);
    }
    #[inline(always)]
    pub(super) fn has(&self, i: u32) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    /// The rows set, in row order.
    pub(super) fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(n, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros();
                    w &= w - 1;
                    n as u32 * 64 + bit
                })
            })
        })
    }
}

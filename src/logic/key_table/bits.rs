//! One bit per row: the filters' scratch sets and the selection.

#[derive(Clone, Default, Debug, PartialEq)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(rows: usize) -> Self {
        Bits(vec![0; rows.div_ceil(64)])
    }
    /// Sets or clears row `i`; true when that changed it. Rows past the end are ignored.
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
    pub(super) fn set(&mut self, i: u32) {
        self.put(i, true);
    }
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

//! The map from a pivot (a simplex index) to the column that has it.

use alloc::vec::Vec;

/// Open-addressing hash map from pivot index to (column, coefficient).
pub(crate) struct PivotMap {
    keys: Vec<u64>,
    vals: Vec<(usize, u32)>,
    shift: u32,
    len: usize,
}

const EMPTY: u64 = u64::MAX;

impl PivotMap {
    pub(crate) fn with_capacity(cap: usize) -> Self {
        let size = (cap.max(8) * 2).next_power_of_two();
        Self {
            keys: alloc::vec![EMPTY; size],
            vals: alloc::vec![(0, 0); size],
            shift: 64 - size.trailing_zeros(),
            len: 0,
        }
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<(usize, u32)> {
        let mask = self.keys.len() - 1;
        let mut s = self.slot(key);
        loop {
            let k = self.keys[s];
            if k == key {
                return Some(self.vals[s]);
            }
            if k == EMPTY {
                return None;
            }
            s = (s + 1) & mask;
        }
    }

    #[inline]
    pub(crate) fn contains(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn insert(&mut self, key: u64, val: (usize, u32)) {
        if 2 * (self.len + 1) > self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut s = self.slot(key);
        while self.keys[s] != EMPTY && self.keys[s] != key {
            s = (s + 1) & mask;
        }
        if self.keys[s] == EMPTY {
            self.len += 1;
        }
        self.keys[s] = key;
        self.vals[s] = val;
    }

    fn grow(&mut self) {
        let old_keys = core::mem::take(&mut self.keys);
        let old_vals = core::mem::take(&mut self.vals);
        let size = old_keys.len() * 2;
        self.keys = alloc::vec![EMPTY; size];
        self.vals = alloc::vec![(0, 0); size];
        self.shift = 64 - size.trailing_zeros();
        self.len = 0;
        for (k, v) in old_keys.into_iter().zip(old_vals) {
            if k != EMPTY {
                self.insert(k, v);
            }
        }
    }
}

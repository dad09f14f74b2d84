//! The working coboundary column of the reduction, and its entries.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::persistence::field::Field;
use crate::scalar::Scalar;

/// One entry of a coboundary column: a simplex with its diameter and a
/// coefficient in `Z/p`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<T> {
    pub(crate) diam: T,
    pub(crate) index: u64,
    pub(crate) coef: u32,
}

impl<T: Scalar> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T: Scalar> Eq for Entry<T> {}
impl<T: Scalar> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Scalar> Ord for Entry<T> {
    /// The greatest entry is the pivot: the smallest diameter, then the
    /// largest index (the earliest simplex of the filtration).
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match other.diam.partial_cmp(&self.diam) {
            Some(Ordering::Equal) | None => self.index.cmp(&other.index),
            Some(o) => o,
        }
    }
}

/// A working coboundary column: entries whose coefficients are summed
/// lazily when the pivot is read.
///
/// Most entries of a column never become its pivot, so only the entries at
/// or before `bound` (in pivot order) are kept in a heap; the others wait,
/// unsorted, in `rest`, and move to the heap a slice at a time when the
/// heap runs empty. This keeps the heap small (few cache misses) while
/// pushes of late entries cost an append.
pub(crate) struct Column<T> {
    pub(crate) heap: BinaryHeap<Entry<T>>,
    pub(crate) rest: Vec<Entry<T>>,
    bound: Option<Entry<T>>,
    refills: u32,
}

impl<T: Scalar> Column<T> {
    pub(crate) fn new() -> Self {
        Self {
            heap: BinaryHeap::new(),
            rest: Vec::new(),
            bound: None,
            refills: 0,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.heap.clear();
        self.rest.clear();
        self.bound = None;
        self.refills = 0;
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, e: Entry<T>) {
        match self.bound {
            Some(b) if e >= b => self.heap.push(e),
            _ => self.rest.push(e),
        }
    }

    /// Moves the next slice of `rest` (the entries closest to the pivot)
    /// into the empty heap. Slices double in size, so a column is refilled
    /// `O(log)` times.
    fn refill(&mut self) {
        let len = self.rest.len();
        // start with a small slice, double it at each refill of the column
        let k = ((len / 256).max(64) << self.refills.min(24)).min(len);
        self.refills += 1;
        let (_, nth, _) = self.rest.select_nth_unstable(len - k);
        let bound = *nth;
        self.bound = Some(bound);
        let mut moved = core::mem::take(&mut self.heap).into_vec();
        moved.clear();
        self.rest.retain(|&e| {
            if e >= bound {
                moved.push(e);
                false
            } else {
                true
            }
        });
        self.heap = BinaryHeap::from(moved);
    }

    #[inline]
    fn peek(&mut self) -> Option<&Entry<T>> {
        if self.heap.is_empty() && !self.rest.is_empty() {
            self.refill();
        }
        self.heap.peek()
    }

    fn pop_pivot(&mut self, field: &Field) -> Option<Entry<T>> {
        let mut pivot: Option<Entry<T>> = None;
        while let Some(&top) = self.peek() {
            match pivot {
                None => pivot = self.heap.pop(),
                Some(ref mut p) if p.index == top.index => {
                    p.coef = field.add(p.coef, top.coef);
                    self.heap.pop();
                    if p.coef == 0 {
                        pivot = None;
                    }
                }
                Some(_) => break,
            }
        }
        pivot
    }

    pub(crate) fn get_pivot(&mut self, field: &Field) -> Option<Entry<T>> {
        let p = self.pop_pivot(field)?;
        self.heap.push(p);
        Some(p)
    }
}

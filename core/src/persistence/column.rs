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
///
/// A column that adds many coboundaries (the one that kills a long-lived
/// class adds thousands of them, and most of their entries lie far past the
/// final pivot) would grow as the sum of their lengths. So the column keeps
/// at most `cap` entries in `rest`: past that it forgets its latest entries
/// and remembers the earliest entry it forgot (`limit`); every later push
/// after `limit` is dropped too, and entries that cancel are dropped
/// together since they share the same key. When everything up to `limit`
/// has cancelled, [`Column::get_pivot`] reports the column as exhausted,
/// and the reduction pushes the coboundary of its reduction column again,
/// keeping only the entries after the old limit (`floor`, all of which
/// before it are known to sum to zero).
pub(crate) struct Column<T> {
    pub(crate) heap: BinaryHeap<Entry<T>>,
    pub(crate) rest: Vec<Entry<T>>,
    bound: Option<Entry<T>>,
    /// Entries after `limit` are not kept.
    limit: Option<Entry<T>>,
    /// Entries at or before `floor` are not kept (they sum to zero).
    floor: Option<Entry<T>>,
    cap: usize,
    refills: u32,
}

/// What [`Column::get_pivot`] found.
pub(crate) enum Pivot<T> {
    /// The pivot of the column.
    Entry(Entry<T>),
    /// The column is zero.
    Zero,
    /// Every entry kept has cancelled, but entries past the limit were
    /// forgotten: the column must be pushed again from its reduction column.
    Exhausted,
}

impl<T: Scalar> Column<T> {
    /// A column that keeps at most about `cap` entries in `rest`.
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            heap: BinaryHeap::new(),
            rest: Vec::new(),
            bound: None,
            limit: None,
            floor: None,
            cap: cap.max(2),
            refills: 0,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.heap.clear();
        self.rest.clear();
        self.bound = None;
        self.limit = None;
        self.floor = None;
        self.refills = 0;
    }

    /// The diameters `[lo, hi]` of the entries the column may keep (`hi`
    /// at most `threshold`): a quick test before [`Column::push`], which
    /// checks the exact order.
    #[inline(always)]
    pub(crate) fn diameters(&self, threshold: T) -> (T, T) {
        let lo = self.floor.map_or(T::neg_infinity(), |f| f.diam);
        let hi = self.limit.map_or(threshold, |l| l.diam.min(threshold));
        (lo, hi)
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, e: Entry<T>) {
        if let Some(l) = self.limit {
            if e < l {
                return;
            }
        }
        if let Some(f) = self.floor {
            if e >= f {
                return;
            }
        }
        match self.bound {
            Some(b) if e >= b => self.heap.push(e),
            _ => {
                self.rest.push(e);
                if self.rest.len() > self.cap {
                    self.truncate();
                }
            }
        }
    }

    /// Appends entries (the first coboundary of a column).
    pub(crate) fn extend(&mut self, entries: &mut Vec<Entry<T>>) {
        if self.limit.is_none() && self.floor.is_none() && self.bound.is_none() {
            self.rest.append(entries);
            if self.rest.len() > self.cap {
                self.truncate();
            }
        } else {
            for e in entries.drain(..) {
                self.push(e);
            }
        }
    }

    /// Keeps the earliest half of `rest` (with every entry equal to the
    /// last one kept) and forgets the others.
    #[cold]
    fn truncate(&mut self) {
        let k = self.cap / 2;
        // greatest first: the earliest entries of the filtration
        let (_, nth, _) = self.rest.select_nth_unstable_by(k, |a, b| b.cmp(a));
        let limit = *nth;
        self.rest.retain(|&e| e >= limit);
        self.limit = Some(limit);
    }

    /// Starts pushing the column again after [`Pivot::Exhausted`]: what was
    /// the limit becomes the floor.
    pub(crate) fn restart(&mut self) {
        debug_assert!(self.heap.is_empty() && self.rest.is_empty());
        self.floor = self.limit.take().or(self.floor);
        self.bound = None;
        self.refills = 0;
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

    pub(crate) fn get_pivot(&mut self, field: &Field) -> Pivot<T> {
        match self.pop_pivot(field) {
            Some(p) => {
                self.heap.push(p);
                Pivot::Entry(p)
            }
            None if self.limit.is_some() => Pivot::Exhausted,
            None => Pivot::Zero,
        }
    }
}

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
    #[inline(always)]
    fn cmp(&self, other: &Self) -> Ordering {
        // diameters are never negative nor NaN: their keys order them
        let mine = (u128::from(other.diam.order_key()) << 64) | u128::from(self.index);
        let theirs = (u128::from(self.diam.order_key()) << 64) | u128::from(other.index);
        mine.cmp(&theirs)
    }
}

/// A working coboundary column: entries whose coefficients are summed
/// lazily when the pivot is read.
///
/// Most entries of a column never become its pivot, so only the earliest
/// entries (in pivot order) are kept sorted, in a short run read from its
/// end; the others wait, unsorted, in levels of entries further and further
/// away: a push is an append to its level (found by binary search), and
/// when the run is used up it takes the nearest level, split until it holds
/// at most [`RUN_BATCH`] entries, and sorts it. A large level (over
/// [`SPLIT_BY_DIAMETER`] batches) is cut by the range of its diameters into
/// up to [`WAYS`] equal parts of about half a batch each (the entries' keys
/// are the diameters' bits, so one pass puts each in its part); a smaller
/// one, or one whose entries all have one diameter, is cut in halves in
/// pivot order. Entries pushed into the run's range meanwhile
/// wait in a small heap; past twice the batch, its later half, with the
/// run's entries in that range, spills to a new level. So an entry moves a
/// few times, in sequential passes, and the run stays in cache.
///
/// A column that adds many coboundaries (the one that kills a long-lived
/// class adds thousands of them, and most of their entries lie far past the
/// final pivot) would grow as the sum of their lengths. So the column keeps
/// at most `cap` entries: past that it forgets its latest entries and
/// remembers the earliest entry it forgot (`limit`); every later push after
/// `limit` is dropped too, and entries that cancel are dropped together
/// since they share the same key. When everything up to `limit` has
/// cancelled, [`Column::get_pivot`] reports the column as exhausted, and
/// the reduction pushes the coboundary of its reduction column again,
/// keeping only the entries after the old limit (`floor`, all of which
/// before it are known to sum to zero).
pub(crate) struct Column<T> {
    /// The nearest entries, sorted: the pivot last.
    run: Vec<Entry<T>>,
    /// Entries pushed within the run's range since it was sorted.
    fresh: BinaryHeap<Entry<T>>,
    /// The latest entry the run takes (`None`: the run takes nothing).
    run_bound: Option<Entry<T>>,
    /// `levels[0]` holds every entry after `bounds[0]`; `levels[i]`, for
    /// `i ≥ 1`, the entries at or before `bounds[i - 1]` and after
    /// `bounds[i]` (or after `run_bound` for the last level). `bounds` has
    /// one entry less than `levels`, in increasing pivot order.
    levels: Vec<Vec<Entry<T>>>,
    bounds: Vec<Entry<T>>,
    /// Entries in the levels.
    len: usize,
    /// Entries after `limit` are not kept.
    limit: Option<Entry<T>>,
    /// Entries at or before `floor` are not kept (they sum to zero).
    floor: Option<Entry<T>>,
    /// Whether `limit` is the latest entry of a diameter given to
    /// [`Column::set_limit`] (not one the column chose when it forgot).
    limit_set: bool,
    cap: usize,
    /// Most entries moved into the run at a time: [`RUN_BATCH`], less for
    /// a small `cap`.
    batch: usize,
    /// Emptied levels, kept for their allocations.
    spare: Vec<Vec<Entry<T>>>,
}

/// Most entries moved into the run at a time.
const RUN_BATCH: usize = 1024;

/// Most levels one split by diameter makes.
const WAYS: usize = 256;

/// Levels of more than this many batches are split by diameter, smaller
/// ones in halves.
const SPLIT_BY_DIAMETER: usize = 16;

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
    /// A column that keeps at most about `cap` entries.
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            run: Vec::new(),
            fresh: BinaryHeap::new(),
            run_bound: None,
            levels: alloc::vec![Vec::new()],
            bounds: Vec::new(),
            len: 0,
            limit: None,
            floor: None,
            limit_set: false,
            cap: cap.max(4),
            batch: RUN_BATCH.min(cap / 8).max(2),
            spare: Vec::new(),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.run.clear();
        self.fresh.clear();
        self.run_bound = None;
        self.clear_levels();
        self.limit = None;
        self.floor = None;
        self.limit_set = false;
    }

    fn clear_levels(&mut self) {
        while self.levels.len() > 1 {
            let l = self.levels.pop().unwrap_or_default();
            self.recycle(l);
        }
        self.levels[0].clear();
        self.bounds.clear();
        self.len = 0;
    }

    /// Keeps an emptied level for its allocation, at most a few batches of
    /// it (a level that grew large lends its room to no small one).
    fn recycle(&mut self, mut level: Vec<Entry<T>>) {
        level.clear();
        level.shrink_to(4 * self.batch);
        self.spare.push(level);
    }

    /// Whether nothing is kept (the column is zero, or exhausted).
    pub(crate) fn is_empty(&self) -> bool {
        self.run.is_empty() && self.fresh.is_empty() && self.len == 0
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
        if let Some(b) = self.run_bound {
            if e >= b {
                self.fresh.push(e);
                if self.fresh.len() > 2 * self.batch {
                    self.spill();
                }
                return;
            }
        }
        // most entries are far: the farthest level first
        let i = match self.bounds.first() {
            Some(&b) if e >= b => self.bounds.partition_point(|b| e >= *b),
            _ => 0,
        };
        self.levels[i].push(e);
        self.len += 1;
        if self.len > self.cap {
            self.truncate();
        }
    }

    /// Appends entries (the first coboundary of a column).
    pub(crate) fn extend(&mut self, entries: &mut Vec<Entry<T>>) {
        for e in entries.drain(..) {
            self.push(e);
        }
    }

    /// Splits the level `i` in two halves by pivot order: the later half
    /// stays at `i`, the earlier one becomes level `i + 1`. Returns `false`
    /// when the later half is empty (all entries are equal).
    fn split(&mut self, i: usize) -> bool {
        let level = &mut self.levels[i];
        let mid = level.len() / 2;
        // greatest first: the earliest entries of the filtration
        let (_, nth, _) = level.select_nth_unstable_by(mid, |a, b| b.cmp(a));
        let m = *nth;
        let mut near = self.spare.pop().unwrap_or_default();
        near.extend_from_slice(&level[..=mid]);
        // entries equal to m stay with m
        let mut k = mid + 1;
        for j in mid + 1..level.len() {
            let e = level[j];
            if e >= m {
                near.push(e);
            } else {
                level[k - mid - 1] = e;
                k += 1;
            }
        }
        let far = k - mid - 1;
        level.truncate(far);
        self.levels.insert(i + 1, near);
        self.bounds.insert(i, m);
        far > 0
    }

    /// Splits the level `i` by diameter into levels of equal ranges of
    /// diameter keys, about half a batch each (at most [`WAYS`]). Returns
    /// `false`, and changes nothing, when all its entries have the same
    /// diameter.
    fn split_by_diameter(&mut self, i: usize) -> bool {
        let level = &self.levels[i];
        let (mut lo, mut hi) = (u64::MAX, 0u64);
        for e in level {
            let k = e.diam.order_key();
            lo = lo.min(k);
            hi = hi.max(k);
        }
        if lo >= hi {
            return false;
        }
        let ways = (2 * level.len() / self.batch)
            .clamp(2, WAYS)
            .next_power_of_two();
        let span = hi - lo;
        let shift = (u64::BITS - span.leading_zeros()).saturating_sub(ways.trailing_zeros());
        let count = (span >> shift) as usize + 1;
        let mut parts: Vec<Vec<Entry<T>>> = (0..count)
            .map(|_| self.spare.pop().unwrap_or_default())
            .collect();
        let mut least = alloc::vec![T::infinity(); count];
        let level = self.levels.remove(i);
        for &e in &level {
            let b = ((e.diam.order_key() - lo) >> shift) as usize;
            parts[b].push(e);
            least[b] = least[b].min(e.diam);
        }
        self.recycle(level);
        // the parts from the latest diameters to the earliest; between two,
        // the earliest entry of the least diameter of the later one
        let mut kept = Vec::with_capacity(count);
        let mut bounds = Vec::with_capacity(count);
        for (part, least) in parts.into_iter().zip(least).rev() {
            if part.is_empty() {
                self.recycle(part);
                continue;
            }
            kept.push(part);
            bounds.push(Entry {
                diam: least,
                index: u64::MAX,
                coef: 0,
            });
        }
        // the earliest part needs no bound of its own: the level's is kept
        bounds.pop();
        self.levels.splice(i..i, kept);
        self.bounds.splice(i..i, bounds);
        true
    }

    /// Moves the later half of the fresh entries, and the entries of the
    /// run in that range, to a new nearest level, so that the run and the
    /// fresh entries hold only the entries close to the pivot.
    #[cold]
    fn spill(&mut self) {
        let Some(old) = self.run_bound else {
            return;
        };
        let mut fresh = core::mem::take(&mut self.fresh).into_vec();
        // greatest first: the earliest entries of the filtration
        let mid = fresh.len() / 2;
        let (_, nth, _) = fresh.select_nth_unstable_by(mid, |a, b| b.cmp(a));
        let m = *nth;
        let mut far = self.spare.pop().unwrap_or_default();
        far.extend(fresh.iter().filter(|e| **e < m));
        fresh.retain(|e| *e >= m);
        let cut = self.run.partition_point(|e| *e < m);
        far.extend(self.run.drain(..cut));
        self.fresh = BinaryHeap::from(fresh);
        if far.is_empty() {
            self.recycle(far);
            return;
        }
        self.len += far.len();
        self.levels.push(far);
        self.bounds.push(old);
        self.run_bound = Some(m);
        if self.len > self.cap {
            self.truncate();
        }
    }

    /// Forgets the latest entries, about half of them.
    #[cold]
    fn truncate(&mut self) {
        while self.len > self.cap / 2 {
            if self.levels.len() == 1 {
                if self.levels[0].len() < 2 {
                    return;
                }
                if !self.split(0) {
                    // all entries are equal: nothing to forget
                    let l = self.levels.remove(0);
                    self.recycle(l);
                    self.bounds.remove(0);
                    return;
                }
            }
            // forget level 0, the entries after bounds[0]
            let mut far = self.levels.remove(0);
            let b = self.bounds.remove(0);
            if !far.is_empty() {
                self.len -= far.len();
                far.clear();
                self.limit = Some(b);
                self.limit_set = false;
            }
            self.recycle(far);
        }
    }

    /// Starts pushing the column again after [`Pivot::Exhausted`]: what was
    /// the limit becomes the floor, and nothing after it is kept until
    /// [`Column::set_limit`]. Returns whether the floor is the latest entry
    /// of the diameter last given to [`Column::set_limit`] (every entry of
    /// that diameter or less has cancelled).
    pub(crate) fn restart(&mut self) -> bool {
        debug_assert!(self.is_empty());
        let at_diameter = self.limit_set;
        self.limit_set = false;
        self.floor = self.limit.take().or(self.floor);
        self.run_bound = None;
        self.clear_levels();
        at_diameter
    }

    /// Keeps only the entries of diameter at most `diam` from now on.
    pub(crate) fn set_limit(&mut self, diam: T) {
        // the latest entry of that diameter: the smallest index
        let l = Entry {
            diam,
            index: 0,
            coef: 0,
        };
        self.limit_set = self.limit.map_or(true, |old| l <= old);
        self.limit = Some(self.limit.map_or(l, |old| old.min(l)));
    }

    /// How many entries a push of the whole window should bring: half the
    /// cap, so that the pushes that follow fit.
    pub(crate) fn target(&self) -> usize {
        self.cap / 2
    }

    /// Moves the nearest level into the empty run, after splitting it to
    /// at most `batch` entries.
    fn refill(&mut self) {
        let mut splittable = true;
        loop {
            let top = self.levels.len() - 1;
            let n = self.levels[top].len();
            if n == 0 {
                if top == 0 {
                    return;
                }
                let l = self.levels.pop().unwrap_or_default();
                self.recycle(l);
                self.bounds.pop();
                continue;
            }
            if n > self.batch && splittable {
                let by_diameter = n > SPLIT_BY_DIAMETER * self.batch && self.split_by_diameter(top);
                if !by_diameter && !self.split(top) {
                    // all entries are equal: take the level whole
                    let l = self.levels.remove(top);
                    self.recycle(l);
                    self.bounds.remove(top);
                    splittable = false;
                }
                continue;
            }
            let (level, bound) = if top == 0 {
                let level = core::mem::take(&mut self.levels[0]);
                let last = level.iter().copied().min();
                (level, last)
            } else {
                (self.levels.pop().unwrap_or_default(), self.bounds.pop())
            };
            self.len -= level.len();
            // the run now takes everything up to the bound of the level
            self.run_bound = bound;
            self.run.extend_from_slice(&level);
            self.run.sort_unstable();
            let mut level = level;
            level.clear();
            if top == 0 {
                self.levels[0] = level;
            } else {
                self.recycle(level);
            }
            return;
        }
    }

    /// The greatest entry kept, taken out.
    #[inline]
    fn pop(&mut self) -> Option<Entry<T>> {
        if self.run.is_empty() && self.fresh.is_empty() && self.len > 0 {
            self.refill();
        }
        match (self.run.last(), self.fresh.peek()) {
            (Some(r), Some(f)) if f > r => self.fresh.pop(),
            (Some(_), _) => self.run.pop(),
            (None, _) => self.fresh.pop(),
        }
    }

    /// Puts back the entry [`Column::pop`] gave, or one equal to it.
    #[inline]
    fn unpop(&mut self, e: Entry<T>) {
        self.run.push(e);
    }

    fn pop_pivot(&mut self, field: &Field) -> Option<Entry<T>> {
        let mut pivot: Option<Entry<T>> = None;
        while let Some(top) = self.pop() {
            match pivot {
                None => pivot = Some(top),
                Some(ref mut p) if p.index == top.index => {
                    p.coef = field.add(p.coef, top.coef);
                    if p.coef == 0 {
                        pivot = None;
                    }
                }
                Some(_) => {
                    self.unpop(top);
                    break;
                }
            }
        }
        pivot
    }

    pub(crate) fn get_pivot(&mut self, field: &Field) -> Pivot<T> {
        match self.pop_pivot(field) {
            Some(p) => {
                self.unpop(p);
                Pivot::Entry(p)
            }
            None if self.limit.is_some() => Pivot::Exhausted,
            None => Pivot::Zero,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;
    use alloc::collections::BTreeMap;
    use core::cmp::Reverse;

    /// Pivot after pivot, a column that keeps everything gives the earliest
    /// entry whose coefficients do not sum to zero, as a map of the sums
    /// does: entries pushed as a reduction pushes them (a coboundary, then
    /// each addition cancelling the pivot and bringing later entries), many
    /// thousands of them so that the levels split, with diameters drawn
    /// from a few values (ties that a split by diameter cannot separate)
    /// or from many, and repeated indices that cancel, in `Z/3`.
    #[test]
    fn pivots_follow_the_summed_entries() {
        let field = Field::new(3);
        let mut rng = SplitMix64::new(11);
        for (values, indices) in [(8u64, 20_000u64), (1 << 20, 50_000), (3, 20_000)] {
            let mut col: Column<f32> = Column::new(1 << 24);
            // (diameter bits, Reverse(index)) → sum: the first nonzero is the pivot
            let mut sums: BTreeMap<(u32, Reverse<u64>), u32> = BTreeMap::new();
            let push = |col: &mut Column<f32>, sums: &mut BTreeMap<_, u32>, e: Entry<f32>| {
                col.push(e);
                let key = (e.diam.to_bits(), Reverse(e.index));
                let s = field.add(sums.get(&key).copied().unwrap_or(0), e.coef);
                if s == 0 {
                    sums.remove(&key);
                } else {
                    sums.insert(key, s);
                }
            };
            // a simplex's diameter is a function of its index
            let draw = |rng: &mut SplitMix64| {
                let index = rng.below(indices);
                let diam = SplitMix64::new(index).below(values) as f32;
                Entry {
                    diam,
                    index,
                    coef: 1 + rng.below(2) as u32,
                }
            };
            for _ in 0..20_000 {
                let e = draw(&mut rng);
                push(&mut col, &mut sums, e);
            }
            let mut pivots = 0;
            loop {
                let expected = sums.first_key_value().map(|(&k, &s)| (k, s));
                let found = match col.get_pivot(&field) {
                    Pivot::Entry(p) => Some(((p.diam.to_bits(), Reverse(p.index)), p.coef)),
                    Pivot::Zero => None,
                    Pivot::Exhausted => panic!("a column under its cap never forgets"),
                };
                assert_eq!(found, expected, "pivot {pivots}");
                let Some(((bits, Reverse(index)), coef)) = expected else {
                    break;
                };
                pivots += 1;
                // cancel the pivot, and push entries after it
                let diam = f32::from_bits(bits);
                let cancel = Entry {
                    diam,
                    index,
                    coef: field.neg(coef),
                };
                push(&mut col, &mut sums, cancel);
                let later = if pivots < 3000 { rng.below(80) } else { 0 };
                for _ in 0..later {
                    let e = draw(&mut rng);
                    if e < cancel {
                        push(&mut col, &mut sums, e);
                    }
                }
            }
            assert!(pivots > 2000, "{pivots} pivots");
        }
    }
}

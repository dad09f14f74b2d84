//! The tree's queries under the L∞ distance, with removal: what the
//! bottleneck distance's Hopcroft–Karp search needs, where every point must
//! be reached at most once per phase. Points found can be removed one by
//! one or all at once inside a ball, and the whole tree made alive again in
//! linear time ([`KdTree::restore`]).
//!
//! Every comparison is made on the same rounded differences `|p - q|` that
//! [`linf`] uses, and pruning relies only on the monotonicity of rounded
//! subtraction, so "within `r`" here means exactly `linf(p, q) <= r`.

use alloc::vec::Vec;

use super::KdTree;
use crate::scalar::Scalar;

/// `|v|`, written out so that the comparisons below see the same values.
#[inline(always)]
fn abs<T: Scalar>(v: T) -> T {
    if v < T::zero() {
        -v
    } else {
        v
    }
}

/// The L∞ distance `max_k |p_k - q_k|`, as every part of the bottleneck
/// code computes it.
#[inline]
pub(crate) fn linf<T: Scalar>(p: &[T], q: &[T]) -> T {
    let mut d = T::zero();
    for (&a, &b) in p.iter().zip(q) {
        let v = abs(a - b);
        if v > d {
            d = v;
        }
    }
    d
}

impl<T: Scalar> KdTree<T> {
    /// Rebuilds the tree in place (keeping the allocations) over the rows
    /// `(id, coordinates)`, each of `dim` finite values; removal starts
    /// over with [`KdTree::restore`].
    pub(crate) fn rebuild<P: AsRef<[T]>>(
        &mut self,
        dim: usize,
        rows: impl IntoIterator<Item = (usize, P)>,
    ) {
        self.dim = dim;
        self.coords.clear();
        self.ids.clear();
        for (id, p) in rows {
            self.ids.push(id);
            self.coords.extend_from_slice(&p.as_ref()[..dim]);
        }
        self.assemble();
    }

    #[inline(always)]
    fn bounds(&self, mid: usize) -> (&[T], &[T]) {
        (
            &self.lo[mid * self.dim..][..self.dim],
            &self.hi[mid * self.dim..][..self.dim],
        )
    }

    /// Whether some point of node `mid`'s box may lie within `r` of `q`.
    /// Never false for a box that holds such a point.
    #[inline]
    fn may_reach(&self, mid: usize, q: &[T], r: T) -> bool {
        let (lo, hi) = self.bounds(mid);
        for k in 0..self.dim {
            if q[k] - hi[k] > r || lo[k] - q[k] > r {
                return false;
            }
        }
        true
    }

    /// Whether every point of node `mid`'s box lies within `r` of `q`.
    #[inline]
    fn inside(&self, mid: usize, q: &[T], r: T) -> bool {
        let (lo, hi) = self.bounds(mid);
        (0..self.dim).all(|k| q[k] - lo[k] <= r && hi[k] - q[k] <= r)
    }

    /// A lower bound of the L∞ distance from `q` to any point of node
    /// `mid`'s box.
    #[inline]
    fn box_linf(&self, mid: usize, q: &[T]) -> T {
        let (lo, hi) = self.bounds(mid);
        let mut d = T::zero();
        for k in 0..self.dim {
            let v = if q[k] < lo[k] {
                lo[k] - q[k]
            } else if q[k] > hi[k] {
                q[k] - hi[k]
            } else {
                T::zero()
            };
            if v > d {
                d = v;
            }
        }
        d
    }

    /// Makes every point alive again (`O(n)`; the first call after a build
    /// sets up the removal state).
    pub(crate) fn restore(&mut self) {
        let n = self.ids.len();
        if self.size.len() != n {
            self.size.clear();
            self.size.resize(n, 0);
            let mut stack = alloc::vec![(0usize, n)];
            while let Some((a, b)) = stack.pop() {
                if a < b {
                    let mid = (a + b) / 2;
                    self.size[mid] = (b - a) as u32;
                    if !self.is_leaf(mid) {
                        stack.push((a, mid));
                        stack.push((mid + 1, b));
                    }
                }
            }
        }
        self.count.clone_from(&self.size);
        self.alive.clear();
        self.alive.resize(n, true);
    }

    /// Some alive point within `r` of `q` (its position), if there is one.
    /// Needs [`KdTree::restore`] after the build.
    pub(crate) fn find_any(&self, q: &[T], r: T) -> Option<usize> {
        self.find_rec(0, self.len(), q, r)
    }

    fn find_rec(&self, lo: usize, hi: usize, q: &[T], r: T) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        let mid = (lo + hi) / 2;
        if self.count[mid] == 0 || !self.may_reach(mid, q, r) {
            return None;
        }
        if self.is_leaf(mid) {
            return (lo..hi).find(|&pos| self.alive[pos] && linf(self.point(pos), q) <= r);
        }
        if self.alive[mid] && linf(self.point(mid), q) <= r {
            return Some(mid);
        }
        self.find_rec(lo, mid, q, r)
            .or_else(|| self.find_rec(mid + 1, hi, q, r))
    }

    /// Removes the point at `pos` (which must be alive).
    pub(crate) fn remove(&mut self, pos: usize) {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            self.count[mid] -= 1;
            if pos == mid || self.is_leaf(mid) {
                break;
            }
            if pos < mid {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        self.alive[pos] = false;
    }

    /// Removes every alive point within `r` of `q`, calling `taken` with
    /// the id of each.
    pub(crate) fn take_all(&mut self, q: &[T], r: T, mut taken: impl FnMut(usize)) {
        self.take_rec(0, self.len(), q, r, &mut taken);
    }

    fn take_rec(
        &mut self,
        lo: usize,
        hi: usize,
        q: &[T],
        r: T,
        out: &mut impl FnMut(usize),
    ) -> u32 {
        if lo >= hi {
            return 0;
        }
        let mid = (lo + hi) / 2;
        if self.count[mid] == 0 || !self.may_reach(mid, q, r) {
            return 0;
        }
        if self.inside(mid, q, r) {
            let taken = self.count[mid];
            for pos in lo..hi {
                if self.alive[pos] {
                    self.alive[pos] = false;
                    out(self.ids[pos]);
                }
                self.count[pos] = 0;
            }
            return taken;
        }
        let mut taken = 0;
        if self.is_leaf(mid) {
            for pos in lo..hi {
                if self.alive[pos] && linf(self.point(pos), q) <= r {
                    self.alive[pos] = false;
                    out(self.ids[pos]);
                    taken += 1;
                }
            }
        } else {
            if self.alive[mid] && linf(self.point(mid), q) <= r {
                self.alive[mid] = false;
                out(self.ids[mid]);
                taken += 1;
            }
            taken += self.take_rec(lo, mid, q, r, out);
            taken += self.take_rec(mid + 1, hi, q, r, out);
        }
        self.count[mid] -= taken;
        taken
    }

    /// The L∞ distance from `q` to the nearest point (alive or not); `+inf`
    /// for an empty tree.
    pub(crate) fn nearest_linf(&self, q: &[T]) -> T {
        let mut best = T::infinity();
        self.nearest_rec(0, self.len(), q, &mut best);
        best
    }

    fn nearest_rec(&self, lo: usize, hi: usize, q: &[T], best: &mut T) {
        if lo >= hi {
            return;
        }
        let mid = (lo + hi) / 2;
        if self.box_linf(mid, q) >= *best {
            return;
        }
        if self.is_leaf(mid) {
            for pos in lo..hi {
                let d = linf(self.point(pos), q);
                if d < *best {
                    *best = d;
                }
            }
            return;
        }
        let d = linf(self.point(mid), q);
        if d < *best {
            *best = d;
        }
        if self.lower_side(mid, q) {
            self.nearest_rec(lo, mid, q, best);
            self.nearest_rec(mid + 1, hi, q, best);
        } else {
            self.nearest_rec(mid + 1, hi, q, best);
            self.nearest_rec(lo, mid, q, best);
        }
    }

    /// Appends the L∞ distances `d` from `q` to every point with
    /// `lo < d <= hi` (alive or not), stopping once `out` holds more than
    /// `cap` values. Returns false when it stopped early.
    pub(crate) fn linf_between(&self, q: &[T], lo: T, hi: T, cap: usize, out: &mut Vec<T>) -> bool {
        self.between_rec(0, self.len(), q, (lo, hi), cap, out)
    }

    fn between_rec(
        &self,
        a: usize,
        b: usize,
        q: &[T],
        (lo, hi): (T, T),
        cap: usize,
        out: &mut Vec<T>,
    ) -> bool {
        if a >= b {
            return true;
        }
        let mid = (a + b) / 2;
        if !self.may_reach(mid, q, hi) || self.inside(mid, q, lo) {
            return true;
        }
        let offer = |pos: usize, out: &mut Vec<T>| {
            let d = linf(self.point(pos), q);
            if d > lo && d <= hi {
                out.push(d);
                return out.len() <= cap;
            }
            true
        };
        if self.is_leaf(mid) {
            return (a..b).all(|pos| offer(pos, out));
        }
        offer(mid, out)
            && self.between_rec(a, mid, q, (lo, hi), cap, out)
            && self.between_rec(mid + 1, b, q, (lo, hi), cap, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn grid_points() -> Vec<[f64; 2]> {
        let mut v = Vec::new();
        for i in 0..13 {
            for j in 0..11 {
                v.push([
                    f64::from(i) * 0.37 - 1.0,
                    f64::from((j * 7 + i * 3) % 11) * 0.29,
                ]);
            }
        }
        v
    }

    fn tree(pts: &[[f64; 2]]) -> KdTree<f64> {
        let mut t = KdTree::default();
        t.rebuild(2, pts.iter().enumerate());
        t.restore();
        t
    }

    #[test]
    fn queries_agree_with_a_scan() {
        let pts = grid_points();
        let mut t = tree(&pts);
        for q in [[0.3, 1.1], [-1.0, 0.0], [5.0, -3.0]] {
            for r in [0.0, 0.2, 0.37, 0.5, 1.3, 10.0] {
                t.restore();
                let mut got = Vec::new();
                t.take_all(&q, r, |id| got.push(id));
                got.sort_unstable();
                let want: Vec<usize> = (0..pts.len()).filter(|&i| linf(&pts[i], &q) <= r).collect();
                assert_eq!(got, want);
                assert!(t.find_any(&q, r).is_none());
                let mut d = Vec::new();
                assert!(t.linf_between(&q, r * 0.5, r, usize::MAX, &mut d));
                let mut want_d: Vec<f64> = pts
                    .iter()
                    .map(|p| linf(p, &q))
                    .filter(|&x| x > r * 0.5 && x <= r)
                    .collect();
                d.sort_by(f64::total_cmp);
                want_d.sort_by(f64::total_cmp);
                assert_eq!(d, want_d);
                let capped = t.linf_between(&q, r * 0.5, r, 3, &mut Vec::new());
                assert_eq!(capped, want_d.len() <= 3);
            }
            let nearest = pts
                .iter()
                .map(|p| linf(p, &q))
                .fold(f64::INFINITY, f64::min);
            assert_eq!(t.nearest_linf(&q), nearest);
        }
    }

    #[test]
    fn removal_one_by_one_empties_the_ball() {
        let pts = grid_points();
        let mut t = tree(&pts);
        for (q, r) in [([1.0, 1.0], 0.8), ([0.0, 0.5], 2.0), ([9.0, 9.0], 1.0)] {
            t.restore();
            let mut seen = vec![false; pts.len()];
            while let Some(pos) = t.find_any(&q, r) {
                let id = t.id(pos);
                assert!(!seen[id] && linf(&pts[id], &q) <= r);
                seen[id] = true;
                t.remove(pos);
            }
            let expected = pts.iter().filter(|p| linf(p.as_slice(), &q) <= r).count();
            assert_eq!(seen.iter().filter(|&&s| s).count(), expected);
            // what is left is found by a ball around everything
            let mut rest = Vec::new();
            t.take_all(&q, 100.0, |id| rest.push(id));
            assert_eq!(rest.len() + expected, pts.len());
        }
        let mut empty = KdTree::<f64>::default();
        empty.rebuild(2, core::iter::empty::<(usize, [f64; 2])>());
        empty.restore();
        assert_eq!(empty.nearest_linf(&[1.0, 1.0]), f64::INFINITY);
        assert!(empty.find_any(&[1.0, 1.0], 5.0).is_none());
    }
}

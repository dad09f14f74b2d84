//! A static 2-d tree over plane points under the L∞ distance, with removal.
//!
//! Built once (an implicit balanced tree: the node of the index range
//! `[lo, hi)` is stored at its middle position), then used for neighbour
//! queries inside an L∞ ball where found points can be removed and the whole
//! tree restored in linear time — what a Hopcroft–Karp search needs, where
//! every point must be reached at most once per phase.
//!
//! Every comparison is done on the same rounded differences `|p - q|` that
//! the distance uses, and pruning relies only on the monotonicity of rounded
//! subtraction, so "within `r`" here means exactly `linf(p, q) <= r`.

use alloc::vec::Vec;

/// A point of the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pt {
    pub x: f64,
    pub y: f64,
}

#[inline]
fn abs(v: f64) -> f64 {
    if v < 0.0 {
        -v
    } else {
        v
    }
}

/// The L∞ distance, as every part of the distance code computes it.
#[inline]
pub(crate) fn linf(p: Pt, q: Pt) -> f64 {
    let dx = abs(p.x - q.x);
    let dy = abs(p.y - q.y);
    if dx >= dy {
        dx
    } else {
        dy
    }
}

/// Axis-aligned bounding box.
#[derive(Debug, Clone, Copy)]
struct BBox {
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
}

impl BBox {
    fn of(p: Pt) -> Self {
        Self {
            min_x: p.x,
            max_x: p.x,
            min_y: p.y,
            max_y: p.y,
        }
    }

    fn grow(&mut self, o: &BBox) {
        if o.min_x < self.min_x {
            self.min_x = o.min_x;
        }
        if o.max_x > self.max_x {
            self.max_x = o.max_x;
        }
        if o.min_y < self.min_y {
            self.min_y = o.min_y;
        }
        if o.max_y > self.max_y {
            self.max_y = o.max_y;
        }
    }

    /// Whether some point of the box may lie within `r` of `q`. Never false
    /// for a box that holds such a point.
    #[inline]
    fn may_reach(&self, q: Pt, r: f64) -> bool {
        !(q.x - self.max_x > r
            || self.min_x - q.x > r
            || q.y - self.max_y > r
            || self.min_y - q.y > r)
    }

    /// Whether every point of the box lies within `r` of `q`.
    #[inline]
    fn inside(&self, q: Pt, r: f64) -> bool {
        q.x - self.min_x <= r
            && self.max_x - q.x <= r
            && q.y - self.min_y <= r
            && self.max_y - q.y <= r
    }

    /// A lower bound of the distance from `q` to any point of the box.
    #[inline]
    fn min_dist(&self, q: Pt) -> f64 {
        let dx = if q.x < self.min_x {
            self.min_x - q.x
        } else if q.x > self.max_x {
            q.x - self.max_x
        } else {
            0.0
        };
        let dy = if q.y < self.min_y {
            self.min_y - q.y
        } else if q.y > self.max_y {
            q.y - self.max_y
        } else {
            0.0
        };
        if dx >= dy {
            dx
        } else {
            dy
        }
    }
}

/// The tree. Positions are indices into the permuted point array; `id(pos)`
/// gives back the caller's identifier of the point.
#[derive(Debug, Clone, Default)]
pub(crate) struct KdTree {
    pts: Vec<Pt>,
    ids: Vec<u32>,
    boxes: Vec<BBox>,
    base_count: Vec<u32>,
    count: Vec<u32>,
    alive: Vec<bool>,
}

impl KdTree {
    /// Builds the tree over the points `(pts[id], id)` for the given ids.
    pub fn build(pts: &[Pt], ids: impl Iterator<Item = u32>) -> Self {
        let mut t = KdTree::default();
        t.rebuild(pts, ids);
        t
    }

    /// Rebuilds in place (keeping the allocations).
    pub fn rebuild(&mut self, pts: &[Pt], ids: impl Iterator<Item = u32>) {
        self.ids.clear();
        self.ids.extend(ids);
        let mut items: Vec<(Pt, u32)> = self.ids.iter().map(|&i| (pts[i as usize], i)).collect();
        let n = items.len();
        self.boxes.clear();
        self.boxes.resize(
            n,
            BBox {
                min_x: 0.0,
                max_x: 0.0,
                min_y: 0.0,
                max_y: 0.0,
            },
        );
        self.base_count.clear();
        self.base_count.resize(n, 0);
        build_rec(
            &mut items,
            0,
            n,
            true,
            &mut self.boxes,
            &mut self.base_count,
        );
        self.pts.clear();
        self.pts.extend(items.iter().map(|it| it.0));
        self.ids.clear();
        self.ids.extend(items.iter().map(|it| it.1));
        self.count.clone_from(&self.base_count);
        self.alive.clear();
        self.alive.resize(n, true);
    }

    /// Makes every point alive again.
    pub fn restore(&mut self) {
        self.count.copy_from_slice(&self.base_count);
        self.alive.fill(true);
    }

    /// The caller's identifier of the point at `pos`.
    #[inline]
    pub fn id(&self, pos: usize) -> u32 {
        self.ids[pos]
    }

    /// Some alive point within `r` of `q` (its position), if there is one.
    pub fn find_any(&self, q: Pt, r: f64) -> Option<usize> {
        self.find_rec(0, self.pts.len(), q, r)
    }

    fn find_rec(&self, lo: usize, hi: usize, q: Pt, r: f64) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        let mid = (lo + hi) / 2;
        if self.count[mid] == 0 || !self.boxes[mid].may_reach(q, r) {
            return None;
        }
        if self.alive[mid] && linf(self.pts[mid], q) <= r {
            return Some(mid);
        }
        self.find_rec(lo, mid, q, r)
            .or_else(|| self.find_rec(mid + 1, hi, q, r))
    }

    /// Removes the point at `pos` (which must be alive).
    pub fn remove(&mut self, pos: usize) {
        let (mut lo, mut hi) = (0, self.pts.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            self.count[mid] -= 1;
            if pos == mid {
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

    /// Removes every alive point within `r` of `q`, appending their ids to `out`.
    pub fn take_all(&mut self, q: Pt, r: f64, out: &mut Vec<u32>) {
        let n = self.pts.len();
        self.take_rec(0, n, q, r, out);
    }

    fn take_rec(&mut self, lo: usize, hi: usize, q: Pt, r: f64, out: &mut Vec<u32>) -> u32 {
        if lo >= hi {
            return 0;
        }
        let mid = (lo + hi) / 2;
        if self.count[mid] == 0 || !self.boxes[mid].may_reach(q, r) {
            return 0;
        }
        if self.boxes[mid].inside(q, r) {
            let taken = self.count[mid];
            for pos in lo..hi {
                if self.alive[pos] {
                    self.alive[pos] = false;
                    out.push(self.ids[pos]);
                }
                self.count[pos] = 0;
            }
            return taken;
        }
        let mut taken = 0;
        if self.alive[mid] && linf(self.pts[mid], q) <= r {
            self.alive[mid] = false;
            out.push(self.ids[mid]);
            taken += 1;
        }
        taken += self.take_rec(lo, mid, q, r, out);
        taken += self.take_rec(mid + 1, hi, q, r, out);
        self.count[mid] -= taken;
        taken
    }

    /// Distance from `q` to the nearest point (alive or not); `+inf` for an
    /// empty tree.
    pub fn nearest(&self, q: Pt) -> f64 {
        let mut best = f64::INFINITY;
        self.nearest_rec(0, self.pts.len(), q, &mut best);
        best
    }

    fn nearest_rec(&self, lo: usize, hi: usize, q: Pt, best: &mut f64) {
        if lo >= hi {
            return;
        }
        let mid = (lo + hi) / 2;
        if self.boxes[mid].min_dist(q) >= *best {
            return;
        }
        let d = linf(self.pts[mid], q);
        if d < *best {
            *best = d;
        }
        // Visit the nearer half first.
        let left = (lo < mid).then(|| self.boxes[(lo + mid) / 2].min_dist(q));
        let right = (mid + 1 < hi).then(|| self.boxes[(mid + 1 + hi) / 2].min_dist(q));
        if left.unwrap_or(f64::INFINITY) <= right.unwrap_or(f64::INFINITY) {
            self.nearest_rec(lo, mid, q, best);
            self.nearest_rec(mid + 1, hi, q, best);
        } else {
            self.nearest_rec(mid + 1, hi, q, best);
            self.nearest_rec(lo, mid, q, best);
        }
    }

    /// Appends the distances `d` from `q` to every point with `lo < d <= hi`
    /// (alive or not), stopping once `out` holds more than `cap` values.
    /// Returns false when it stopped early.
    pub fn distances_between(
        &self,
        q: Pt,
        lo: f64,
        hi: f64,
        cap: usize,
        out: &mut Vec<f64>,
    ) -> bool {
        self.between_rec(0, self.pts.len(), q, lo, hi, cap, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn between_rec(
        &self,
        a: usize,
        b: usize,
        q: Pt,
        lo: f64,
        hi: f64,
        cap: usize,
        out: &mut Vec<f64>,
    ) -> bool {
        if a >= b {
            return true;
        }
        let mid = (a + b) / 2;
        let bx = &self.boxes[mid];
        if !bx.may_reach(q, hi) || bx.inside(q, lo) {
            return true;
        }
        let d = linf(self.pts[mid], q);
        if d > lo && d <= hi {
            out.push(d);
            if out.len() > cap {
                return false;
            }
        }
        self.between_rec(a, mid, q, lo, hi, cap, out)
            && self.between_rec(mid + 1, b, q, lo, hi, cap, out)
    }
}

fn build_rec(
    items: &mut [(Pt, u32)],
    lo: usize,
    hi: usize,
    by_x: bool,
    boxes: &mut [BBox],
    counts: &mut [u32],
) {
    if lo >= hi {
        return;
    }
    let mid = (lo + hi) / 2;
    let key = |p: &(Pt, u32)| if by_x { p.0.x } else { p.0.y };
    items[lo..hi].select_nth_unstable_by(mid - lo, |a, b| key(a).total_cmp(&key(b)));
    build_rec(items, lo, mid, !by_x, boxes, counts);
    build_rec(items, mid + 1, hi, !by_x, boxes, counts);
    let mut bx = BBox::of(items[mid].0);
    if lo < mid {
        let c = boxes[(lo + mid) / 2];
        bx.grow(&c);
    }
    if mid + 1 < hi {
        let c = boxes[(mid + 1 + hi) / 2];
        bx.grow(&c);
    }
    boxes[mid] = bx;
    counts[mid] = (hi - lo) as u32;
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn grid_points() -> Vec<Pt> {
        let mut v = Vec::new();
        for i in 0..13 {
            for j in 0..11 {
                v.push(Pt {
                    x: f64::from(i) * 0.37 - 1.0,
                    y: f64::from((j * 7 + i * 3) % 11) * 0.29,
                });
            }
        }
        v
    }

    #[test]
    fn queries_agree_with_a_scan() {
        let pts = grid_points();
        let mut t = KdTree::build(&pts, 0..pts.len() as u32);
        let q = Pt { x: 0.3, y: 1.1 };
        for r in [0.0, 0.2, 0.5, 1.3, 10.0] {
            t.restore();
            let mut got = Vec::new();
            t.take_all(q, r, &mut got);
            got.sort_unstable();
            let want: Vec<u32> = (0..pts.len() as u32)
                .filter(|&i| linf(pts[i as usize], q) <= r)
                .collect();
            assert_eq!(got, want);
            assert!(t.find_any(q, r).is_none());
            let mut d = Vec::new();
            assert!(t.distances_between(q, r * 0.5, r, usize::MAX, &mut d));
            let mut want_d: Vec<f64> = pts
                .iter()
                .map(|&p| linf(p, q))
                .filter(|&x| x > r * 0.5 && x <= r)
                .collect();
            d.sort_by(f64::total_cmp);
            want_d.sort_by(f64::total_cmp);
            assert_eq!(d, want_d);
        }
        let nearest = pts
            .iter()
            .map(|&p| linf(p, q))
            .fold(f64::INFINITY, f64::min);
        assert_eq!(t.nearest(q), nearest);
    }

    #[test]
    fn removal_one_by_one_empties_the_ball() {
        let pts = grid_points();
        let mut t = KdTree::build(&pts, 0..pts.len() as u32);
        let q = Pt { x: 1.0, y: 1.0 };
        let mut seen = vec![false; pts.len()];
        while let Some(pos) = t.find_any(q, 0.8) {
            let id = t.id(pos) as usize;
            assert!(!seen[id] && linf(pts[id], q) <= 0.8);
            seen[id] = true;
            t.remove(pos);
        }
        let expected = pts.iter().filter(|&&p| linf(p, q) <= 0.8).count();
        assert_eq!(seen.iter().filter(|&&s| s).count(), expected);
        assert_eq!(
            KdTree::build(&pts, core::iter::empty()).nearest(q),
            f64::INFINITY
        );
    }
}

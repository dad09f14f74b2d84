//! A static k-d tree over the points of a [`PointCloud`] (or any rows of
//! coordinates), in any dimension and for either [`Scalar`]: the one
//! spatial index of the crate. Borůvka's minimum spanning tree searches it
//! under the Euclidean distance ([`KdTree::box_sq_dist`]); the bottleneck
//! distance searches it under L∞ with removal of the points it visits (the
//! queries of [`linf`], with [`KdTree::restore`]).
//!
//! The tree is implicit and balanced: the node of the position range
//! `[lo, hi)` is stored at its middle position `(lo + hi) / 2`: its
//! bounding box and, unless it is a leaf (at most [`LEAF_SIZE`] points),
//! the coordinate it splits on (the widest side of the box); the point at
//! the middle position is the split point, the lower subtree is
//! `[lo, mid)`, the upper one `[mid + 1, hi)`. Points are copied in tree order, so that a
//! subtree is a contiguous slice of coordinates.
//!
//! Bounds are exact: [`KdTree::box_sq_dist`] is never above the squared
//! Euclidean distance that [`squared_euclidean`] computes from the query to
//! any point of the box, bit for bit (see its docs), so a search that prunes
//! with it finds the same nearest point as a scan.

use alloc::vec::Vec;

use crate::persistence::metric::squared_euclidean;
use crate::persistence::points::PointCloud;
use crate::scalar::Scalar;

mod linf;

/// Ranges of at most this many points are leaves.
pub(crate) const LEAF_SIZE: usize = 12;
const LEAF_NODE: u32 = u32::MAX;

/// The tree. Positions index the points in tree order; [`KdTree::id`] gives
/// back the point's index in the cloud (or the identifier its row was given).
#[derive(Debug, Clone, Default)]
pub(crate) struct KdTree<T> {
    dim: usize,
    coords: Vec<T>,
    ids: Vec<usize>,
    lo: Vec<T>,
    hi: Vec<T>,
    split: Vec<u32>,
    /// Removal (empty until [`KdTree::restore`]): per node the number of
    /// its subtree's live points, and its subtree's size.
    count: Vec<u32>,
    size: Vec<u32>,
    /// Removal: per position, whether the point is alive.
    alive: Vec<bool>,
}

impl<T: Scalar> KdTree<T> {
    /// Builds the tree over every point of the cloud (`O(n·d·log n)` time,
    /// on coordinates moved in place so that every pass is sequential).
    pub(crate) fn build(cloud: &PointCloud<'_, T>) -> Self {
        let mut tree = Self {
            dim: cloud.dim(),
            coords: cloud.as_slice().to_vec(),
            ids: (0..cloud.n_points()).collect(),
            ..Self::default()
        };
        tree.assemble();
        tree
    }

    /// Builds the tree in place over `coords` (rows of `dim` values) and
    /// `ids` (one per row), keeping the allocations.
    ///
    /// Top-down, each node splits on the widest side of its cell (the
    /// root's box, cut by the splits above), selecting on a permutation of
    /// the rows with the standard library's selection (pattern-defeating,
    /// so many equal coordinates cost no more than distinct ones); the rows
    /// are then moved into tree order at once, and, bottom-up, each node
    /// gets the exact bounding box of its subtree (a leaf's by a scan, an
    /// inner node's from its split point and its children's boxes).
    fn assemble(&mut self) {
        let (n, dim) = (self.ids.len(), self.dim);
        let Self {
            coords,
            ids,
            lo,
            hi,
            split,
            ..
        } = self;
        lo.clear();
        lo.resize(n * dim, T::zero());
        hi.clear();
        hi.resize(n * dim, T::zero());
        split.clear();
        split.resize(n, LEAF_NODE);
        self.count.clear();
        self.size.clear();
        self.alive.clear();
        if n == 0 {
            return;
        }
        // the box of the rows `rows` into node `mid`'s bounds
        let scan = |coords: &[T], lo: &mut [T], hi: &mut [T], rows: &[usize], mid: usize| {
            let (blo, bhi) = (&mut lo[mid * dim..][..dim], &mut hi[mid * dim..][..dim]);
            blo.copy_from_slice(&coords[rows[0] * dim..][..dim]);
            bhi.copy_from_slice(&coords[rows[0] * dim..][..dim]);
            for &r in &rows[1..] {
                let p = &coords[r * dim..][..dim];
                for k in 0..dim {
                    if p[k] < blo[k] {
                        blo[k] = p[k];
                    }
                    if p[k] > bhi[k] {
                        bhi[k] = p[k];
                    }
                }
            }
        };
        let mut perm: Vec<usize> = (0..n).collect();
        // the cells, in the bounds until the boxes replace them
        scan(coords, lo, hi, &perm, n / 2);
        let mut inner = Vec::new();
        let mut stack = alloc::vec![(0usize, n)];
        while let Some((a, b)) = stack.pop() {
            let mid = (a + b) / 2;
            if b - a <= LEAF_SIZE {
                scan(coords, lo, hi, &perm[a..b], mid);
                continue;
            }
            let mut axis = 0;
            for k in 1..dim {
                let (l, h) = (&lo[mid * dim..][..dim], &hi[mid * dim..][..dim]);
                if h[k] - l[k] > h[axis] - l[axis] {
                    axis = k;
                }
            }
            split[mid] = axis as u32;
            let key = |r: &usize| coords[r * dim + axis];
            perm[a..b].select_nth_unstable_by(mid - a, |x, y| key(x).total_cmp(&key(y)));
            let cut = key(&perm[mid]);
            for (c, d, upper) in [(a, mid, false), (mid + 1, b, true)] {
                if c < d {
                    let child = (c + d) / 2;
                    lo.copy_within(mid * dim..(mid + 1) * dim, child * dim);
                    hi.copy_within(mid * dim..(mid + 1) * dim, child * dim);
                    if upper {
                        lo[child * dim + axis] = cut;
                    } else {
                        hi[child * dim + axis] = cut;
                    }
                    stack.push((c, d));
                }
            }
            inner.push((a, b));
        }
        // the rows in tree order
        let source = core::mem::take(coords);
        coords.reserve(n * dim);
        for &r in &perm {
            coords.extend_from_slice(&source[r * dim..][..dim]);
        }
        for r in perm.iter_mut() {
            *r = ids[*r];
        }
        ids.copy_from_slice(&perm);
        // children before parents: the exact boxes
        for &(a, b) in inner.iter().rev() {
            let mid = (a + b) / 2;
            let at = mid * dim..(mid + 1) * dim;
            lo[at.clone()].copy_from_slice(&coords[at.clone()]);
            hi[at.clone()].copy_from_slice(&coords[at]);
            for (c, d) in [(a, mid), (mid + 1, b)] {
                if c < d {
                    let child = (c + d) / 2;
                    for k in 0..dim {
                        let (l, h) = (lo[child * dim + k], hi[child * dim + k]);
                        if l < lo[mid * dim + k] {
                            lo[mid * dim + k] = l;
                        }
                        if h > hi[mid * dim + k] {
                            hi[mid * dim + k] = h;
                        }
                    }
                }
            }
        }
    }

    /// Whether the node of `[lo, hi)` (stored at `mid`) is a leaf, whose
    /// points are scanned rather than split.
    #[inline]
    pub(crate) fn is_leaf(&self, mid: usize) -> bool {
        self.split[mid] == LEAF_NODE
    }

    /// Number of points.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The cloud's index of the point at `pos`.
    #[inline]
    pub(crate) fn id(&self, pos: usize) -> usize {
        self.ids[pos]
    }

    /// The coordinates of the point at `pos`.
    #[inline]
    pub(crate) fn point(&self, pos: usize) -> &[T] {
        &self.coords[pos * self.dim..][..self.dim]
    }

    /// Whether `q` lies on the lower side of the split of node `mid` (its
    /// lower subtree `[lo, mid)` is the nearer one).
    #[inline]
    pub(crate) fn lower_side(&self, mid: usize, q: &[T]) -> bool {
        let axis = self.split[mid] as usize;
        q[axis] <= self.point(mid)[axis]
    }

    /// A lower bound of `squared_euclidean(p, q)` over the points `p` of the
    /// subtree of node `mid`: the squared distance from `q` to its clamp
    /// into the box, computed with the same kernel. Rounded subtraction,
    /// squaring and summation in a fixed order are monotone, and each
    /// clamped coordinate is between `q`'s and `p`'s, so the bound never
    /// exceeds the distance the kernel computes for any `p` in the box.
    /// `scratch` must hold `dim` values.
    #[inline]
    pub(crate) fn box_sq_dist(&self, mid: usize, q: &[T], scratch: &mut [T]) -> T {
        let lo = &self.lo[mid * self.dim..][..self.dim];
        let hi = &self.hi[mid * self.dim..][..self.dim];
        for k in 0..self.dim {
            scratch[k] = q[k].max(lo[k]).min(hi[k]);
        }
        squared_euclidean(scratch, q)
    }
}

impl<T: Scalar> KdTree<T> {
    /// Appends to `out` the positions of the points within Euclidean
    /// distance `r` of `q` (`q` itself included when it is a point of the
    /// tree). A subtree is skipped only when the square root of its
    /// [`KdTree::box_sq_dist`] bound is above `r`; the bound is exact and
    /// the square root monotone, so no point with `squared_euclidean(p,
    /// q).sqrt() <= r` is missed. The caller tests the points it gets with
    /// the distance it needs (the list may hold a few points just outside).
    pub(crate) fn within_radius(&self, q: &[T], r: T, out: &mut Vec<usize>) {
        let mut scratch = alloc::vec![T::zero(); self.dim];
        let mut stack = alloc::vec![(0usize, self.len())];
        while let Some((a, b)) = stack.pop() {
            if a >= b {
                continue;
            }
            let mid = (a + b) / 2;
            if self.box_sq_dist(mid, q, &mut scratch).sqrt() > r {
                continue;
            }
            if self.is_leaf(mid) {
                out.extend(a..b);
                continue;
            }
            out.push(mid);
            stack.push((a, mid));
            stack.push((mid + 1, b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    /// Walks every node and checks the box contains its subtree and that the
    /// bound is below every distance.
    #[test]
    fn boxes_hold_their_subtrees_and_bound_exactly() {
        let mut rng = SplitMix64::new(3);
        for dim in [1, 2, 3, 9] {
            let coords: Vec<f32> = (0..97 * dim).map(|_| rng.next_f64() as f32).collect();
            let cloud = PointCloud::new(&coords, dim).unwrap();
            let t = KdTree::build(&cloud);
            let mut seen: Vec<usize> = (0..t.len()).map(|p| t.id(p)).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..97).collect::<Vec<_>>());
            let q: Vec<f32> = (0..dim).map(|_| rng.next_f64() as f32 * 1.2).collect();
            let mut scratch = alloc::vec![0.0; dim];
            let mut stack = alloc::vec![(0, t.len())];
            while let Some((a, b)) = stack.pop() {
                if a >= b {
                    continue;
                }
                let mid = (a + b) / 2;
                let bound = t.box_sq_dist(mid, &q, &mut scratch);
                for p in a..b {
                    assert_eq!(t.point(p), cloud.point(t.id(p)));
                    assert!(bound <= squared_euclidean(t.point(p), &q));
                    assert_eq!(t.box_sq_dist(mid, t.point(p), &mut scratch), 0.0);
                }
                if t.is_leaf(mid) {
                    assert!(b - a <= LEAF_SIZE);
                    continue;
                }
                stack.push((a, mid));
                stack.push((mid + 1, b));
            }
        }
    }

    #[test]
    fn radius_queries_find_every_point_within_r() {
        let mut rng = SplitMix64::new(8);
        for dim in [1, 3, 5] {
            let coords: Vec<f64> = (0..200 * dim).map(|_| rng.next_f64()).collect();
            let cloud = PointCloud::new(&coords, dim).unwrap();
            let t = KdTree::build(&cloud);
            for r in [0.0, 0.1, 0.3] {
                let q = cloud.point(17);
                let mut found = Vec::new();
                t.within_radius(q, r, &mut found);
                let mut got: Vec<usize> = found
                    .iter()
                    .map(|&p| t.id(p))
                    .filter(|&j| squared_euclidean(cloud.point(j), q).sqrt() <= r)
                    .collect();
                got.sort_unstable();
                let want: Vec<usize> = (0..200)
                    .filter(|&j| squared_euclidean(cloud.point(j), q).sqrt() <= r)
                    .collect();
                assert_eq!(got, want, "dim {dim}, r {r}");
            }
        }
    }
}

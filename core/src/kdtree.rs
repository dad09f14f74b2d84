//! A static k-d tree over the points of a [`PointCloud`], in any dimension
//! and for either [`Scalar`].
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

/// Ranges of at most this many points are leaves.
pub(crate) const LEAF_SIZE: usize = 12;
const LEAF_NODE: u32 = u32::MAX;

/// Moves the rows of `[range.0, range.1)` so that row `k` holds the row of
/// rank `k` by coordinate `axis`, the smaller ones before it and the larger
/// ones after (quickselect with a three-way partition, so that many equal
/// coordinates cost no more than distinct ones).
fn select_rows<T: Scalar>(
    coords: &mut [T],
    ids: &mut [usize],
    dim: usize,
    axis: usize,
    range: (usize, usize),
    k: usize,
) {
    let key = |c: &[T], i: usize| c[i * dim + axis];
    let swap = |c: &mut [T], ids: &mut [usize], i: usize, j: usize| {
        if i != j {
            for t in 0..dim {
                c.swap(i * dim + t, j * dim + t);
            }
            ids.swap(i, j);
        }
    };
    let (mut lo, mut hi) = range;
    while hi - lo > 1 {
        let (x, y, z) = (
            key(coords, lo),
            key(coords, (lo + hi) / 2),
            key(coords, hi - 1),
        );
        let pivot = x.max(y).min(x.min(y).max(z));
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            let v = key(coords, i);
            if v < pivot {
                swap(coords, ids, lt, i);
                lt += 1;
                i += 1;
            } else if v > pivot {
                gt -= 1;
                swap(coords, ids, i, gt);
            } else {
                i += 1;
            }
        }
        if k < lt {
            hi = lt;
        } else if k >= gt {
            lo = gt;
        } else {
            return;
        }
    }
}

/// The tree. Positions index the points in tree order; [`KdTree::id`] gives
/// back the point's index in the cloud.
#[derive(Debug, Clone)]
pub(crate) struct KdTree<T> {
    dim: usize,
    coords: Vec<T>,
    ids: Vec<usize>,
    lo: Vec<T>,
    hi: Vec<T>,
    split: Vec<u32>,
}

impl<T: Scalar> KdTree<T> {
    /// Builds the tree over every point of the cloud (`O(n·d·log n)` time,
    /// on coordinates moved in place so that every pass is sequential).
    pub(crate) fn build(cloud: &PointCloud<'_, T>) -> Self {
        let (n, dim) = (cloud.n_points(), cloud.dim());
        let mut coords = cloud.as_slice().to_vec();
        let mut ids: Vec<usize> = (0..n).collect();
        let mut lo = alloc::vec![T::zero(); n * dim];
        let mut hi = alloc::vec![T::zero(); n * dim];
        let mut split = alloc::vec![LEAF_NODE; n];
        let mut stack = alloc::vec![(0usize, n)];
        while let Some((a, b)) = stack.pop() {
            if a >= b {
                continue;
            }
            let mid = (a + b) / 2;
            let (blo, bhi) = (&mut lo[mid * dim..][..dim], &mut hi[mid * dim..][..dim]);
            blo.copy_from_slice(&coords[a * dim..][..dim]);
            bhi.copy_from_slice(&coords[a * dim..][..dim]);
            for p in coords[a * dim..b * dim].chunks_exact(dim) {
                for k in 0..dim {
                    blo[k] = blo[k].min(p[k]);
                    bhi[k] = bhi[k].max(p[k]);
                }
            }
            if b - a <= LEAF_SIZE {
                continue;
            }
            let mut axis = 0;
            for k in 1..dim {
                if bhi[k] - blo[k] > bhi[axis] - blo[axis] {
                    axis = k;
                }
            }
            split[mid] = axis as u32;
            select_rows(&mut coords, &mut ids, dim, axis, (a, b), mid);
            stack.push((a, mid));
            stack.push((mid + 1, b));
        }
        Self {
            dim,
            coords,
            ids,
            lo,
            hi,
            split,
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

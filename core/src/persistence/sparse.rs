//! Sparse filtrations: the clique filtration of an explicit edge list,
//! stored as sorted neighbour lists, never as an `n × n` matrix.
//!
//! [`SparseDistances`] is the checked input: `n` vertices and weighted
//! edges (from the caller, from the `sparse` file format, or the pairs of a
//! point cloud within a threshold, found with a k-d tree in low dimension).
//! [`Sparse`] is the filtration the reduction reads: simplices are numbered
//! in the combinatorial number system as in the dense filtration, degree 0
//! comes from Kruskal's algorithm on the sorted edges, and the cofacets of a
//! simplex are the common neighbours of its vertices (the neighbour lists
//! are intersected from the top, so cofacets come by decreasing index, as
//! in Ripser's sparse mode). The pairs and their edges equal those of the
//! dense filtration of the same weights, ties included.

use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::error::{Error, Result};
use crate::kdtree::KdTree;
use crate::persistence::distance::{
    check_weight, cosine_norms, distance_to, lower_index, DistanceMatrix,
};
use crate::persistence::filtration::{Binomial, Filtration, MAX_VERTICES};
use crate::persistence::metric::Metric;
use crate::persistence::points::PointCloud;
use crate::persistence::reduction::sort_forest;
use crate::scalar::Scalar;

/// The weighted edges of a graph on `n` vertices, checked and stored as
/// sorted neighbour lists: the input of the sparse Rips computation
/// ([`crate::Rips::persistence_from_sparse`]). Memory is `O(n + edges)`.
///
/// The rules of [`SparseDistances::new`]: vertices are `0..n`; a weight is a
/// non-negative number, `+inf` meaning no edge (as in a [`DistanceMatrix`]);
/// a loop `(i, i, 0)` is allowed and ignored; an edge given several times
/// (in either direction) keeps its smallest weight.
///
/// ```
/// use toporeg::SparseDistances;
/// // a 4-cycle, one side given twice
/// let g = SparseDistances::new(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0), (1, 0, 0.5)])?;
/// assert_eq!((g.n_points(), g.n_edges()), (4, 4));
/// assert_eq!(g.get(0, 1), Some(0.5));
/// assert_eq!(g.get(0, 2), None);
/// assert_eq!(g.neighbors(0), (&[1, 3][..], &[0.5, 1.0][..]));
/// assert!(SparseDistances::new(3, [(0, 3, 1.0)]).is_err()); // no vertex 3
/// assert!(SparseDistances::new(3, [(0, 1, -1.0)]).is_err());
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SparseDistances<T> {
    n: usize,
    offsets: Vec<usize>,
    neighbors: Vec<usize>,
    weights: Vec<T>,
}

impl<T: Scalar> SparseDistances<T> {
    /// The graph of the edges `(i, j, weight)` on the vertices `0..n`, with
    /// the rules of the type's docs.
    ///
    /// # Errors
    /// [`Error::Empty`] for `n == 0`, [`Error::ShapeMismatch`] for a vertex
    /// index `>= n`, [`Error::InvalidParameter`] for a loop `(i, i, w)` with
    /// `w ≠ 0`, [`Error::NonFinite`] (index: the position in the edge list)
    /// for a NaN weight, [`Error::NegativeDistance`] for a negative one.
    pub fn new<I>(n: usize, edges: I) -> Result<Self>
    where
        I: IntoIterator<Item = (usize, usize, T)>,
    {
        if n == 0 {
            return Err(Error::Empty { what: "edge list" });
        }
        let mut list: Vec<(usize, usize, T)> = Vec::new();
        for (pos, (i, j, w)) in edges.into_iter().enumerate() {
            if i >= n || j >= n {
                return Err(Error::ShapeMismatch {
                    what: "edge vertex index (number of points)",
                    expected: n,
                    found: i.max(j),
                });
            }
            check_weight("edge list", w, i, j, pos)?;
            if i == j {
                if w != T::zero() {
                    return Err(Error::InvalidParameter {
                        name: "edges",
                        reason: alloc::string::String::from("a loop (i, i) must have weight 0"),
                    });
                }
                continue;
            }
            if w.is_finite() {
                list.push((i.max(j), i.min(j), w));
            }
        }
        // the smallest weight of each edge first, then drop the repeats
        list.sort_unstable_by(|x, y| {
            (x.0, x.1)
                .cmp(&(y.0, y.1))
                .then(x.2.partial_cmp(&y.2).unwrap_or(Ordering::Equal))
        });
        list.dedup_by(|later, first| (later.0, later.1) == (first.0, first.1));
        Ok(Self::from_unique(n, &list))
    }

    /// The neighbour lists of distinct edges `(i, j, w)`, `i > j`, finite
    /// non-negative weights.
    fn from_unique(n: usize, list: &[(usize, usize, T)]) -> Self {
        let mut offsets = alloc::vec![0usize; n + 1];
        for &(i, j, _) in list {
            offsets[i + 1] += 1;
            offsets[j + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut fill = offsets.clone();
        let mut neighbors = alloc::vec![0usize; offsets[n]];
        let mut weights = alloc::vec![T::zero(); offsets[n]];
        for &(i, j, w) in list {
            for (a, b) in [(i, j), (j, i)] {
                neighbors[fill[a]] = b;
                weights[fill[a]] = w;
                fill[a] += 1;
            }
        }
        let mut scratch: Vec<(usize, T)> = Vec::new();
        for v in 0..n {
            let (lo, hi) = (offsets[v], offsets[v + 1]);
            if neighbors[lo..hi].windows(2).all(|p| p[0] < p[1]) {
                continue;
            }
            scratch.clear();
            scratch.extend(
                neighbors[lo..hi]
                    .iter()
                    .copied()
                    .zip(weights[lo..hi].iter().copied()),
            );
            scratch.sort_unstable_by_key(|e| e.0);
            for (k, &(u, w)) in scratch.iter().enumerate() {
                neighbors[lo + k] = u;
                weights[lo + k] = w;
            }
        }
        Self {
            n,
            offsets,
            neighbors,
            weights,
        }
    }

    /// The pairs of points of `cloud` at distance at most `threshold` under
    /// `metric`, with the distances of [`Metric::distance`] bit for bit (the
    /// values the dense computation reads). Under the Euclidean metric in
    /// dimension ≤ 10 the pairs come from radius queries on a k-d tree;
    /// otherwise from a scan of all pairs, row by row, keeping only the
    /// pairs within the threshold (`O(n²)` time, memory only for the edges
    /// kept; in chunks of rows on rayon's threads with the `parallel`
    /// feature, the same edges).
    ///
    /// ```
    /// use toporeg::{Metric, PointCloud, SparseDistances};
    /// let pts = [0.0, 1.0, 3.0, 7.0];
    /// let g = SparseDistances::from_points(&PointCloud::new(&pts, 1)?, Metric::Euclidean, 2.0)?;
    /// assert_eq!(g.n_edges(), 2); // {0, 1} and {1, 2}
    /// assert_eq!(g.get(2, 1), Some(2.0));
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a NaN or negative threshold,
    /// [`Error::ZeroVector`] for the cosine metric.
    pub fn from_points(cloud: &PointCloud<'_, T>, metric: Metric, threshold: f64) -> Result<Self> {
        if threshold.is_nan() || threshold < 0.0 {
            return Err(Error::InvalidParameter {
                name: "threshold",
                reason: alloc::format!("{threshold} is not a non-negative number"),
            });
        }
        metric.check_cloud(cloud)?;
        let threshold = T::of(threshold);
        // no limit on the edges: the search cannot give up
        Self::within(cloud, metric, threshold, None).map_err(|_| Error::IndexOverflow {
            points: cloud.n_points(),
            dim: 1,
        })
    }

    /// [`SparseDistances::from_points`] for a checked cloud and threshold.
    /// With `max_edges`, gives up with `Err(edges found)` as soon as more
    /// edges than that are found.
    pub(crate) fn within(
        cloud: &PointCloud<'_, T>,
        metric: Metric,
        threshold: T,
        max_edges: Option<usize>,
    ) -> core::result::Result<Self, usize> {
        let n = cloud.n_points();
        let norms = cosine_norms(cloud, metric);
        let max_edges = max_edges.unwrap_or(usize::MAX);
        let mut list: Vec<(usize, usize, T)> = Vec::new();
        // keeps the edge (i, j), i > j, of length d if it is within the
        // threshold
        let push = |i: usize, j: usize, d: T, list: &mut Vec<(usize, usize, T)>| {
            if d <= threshold {
                list.push((i, j, d));
                if list.len() > max_edges {
                    return Err(list.len());
                }
            }
            Ok(())
        };
        if metric == Metric::Euclidean && cloud.dim() <= 10 {
            // the tree's copies of the points (the same values, in tree
            // order: fewer cache misses), the larger index first as in the
            // matrix
            let tree = KdTree::build(cloud);
            let mut found = Vec::new();
            for pos in 0..tree.len() {
                let (i, x) = (tree.id(pos), tree.point(pos));
                found.clear();
                tree.within_radius(x, threshold, &mut found);
                for &p in &found {
                    let j = tree.id(p);
                    if j < i {
                        push(i, j, metric.distance_unchecked(x, tree.point(p)), &mut list)?;
                    }
                }
            }
            list.sort_unstable_by_key(|e| (e.0, e.1));
        } else {
            // row by row, the value the dense matrix holds at (i, j)
            let rows = |range: core::ops::Range<usize>,
                        list: &mut Vec<(usize, usize, T)>|
             -> core::result::Result<(), usize> {
                for i in range {
                    let x = cloud.point(i);
                    for j in 0..i {
                        let d = distance_to(cloud, metric, norms.as_deref(), i, x, j);
                        push(i, j, d, list)?;
                    }
                }
                Ok(())
            };
            #[cfg(feature = "parallel")]
            if rayon::current_num_threads() > 1 && n > 1 {
                use rayon::prelude::*;
                // chunks of about equal work (row i holds i pairs), joined
                // in row order: the same list as one thread
                let chunks = 8 * rayon::current_num_threads();
                let bounds: Vec<usize> = (0..=chunks)
                    .map(|c| {
                        let f = c as f64 / chunks as f64;
                        ((libm::sqrt(f) * n as f64) as usize).clamp(1, n)
                    })
                    .collect();
                let parts: Vec<_> = bounds
                    .par_windows(2)
                    .map(|w| {
                        let mut part = Vec::new();
                        rows(w[0]..w[1], &mut part).map(|()| part)
                    })
                    .collect();
                for part in parts {
                    list.extend(part?);
                    if list.len() > max_edges {
                        return Err(list.len());
                    }
                }
                return Ok(Self::from_unique(n, &list));
            }
            rows(1..n, &mut list)?;
        }
        Ok(Self::from_unique(n, &list))
    }

    /// Number of vertices.
    pub fn n_points(&self) -> usize {
        self.n
    }

    /// Number of edges (each once).
    pub fn n_edges(&self) -> usize {
        self.neighbors.len() / 2
    }

    /// The neighbours of `v` in increasing order, and the weights of the
    /// edges to them (empty slices for `v >= n`).
    pub fn neighbors(&self, v: usize) -> (&[usize], &[T]) {
        if v >= self.n {
            return (&[], &[]);
        }
        let (lo, hi) = (self.offsets[v], self.offsets[v + 1]);
        (&self.neighbors[lo..hi], &self.weights[lo..hi])
    }

    /// The weight of the edge `{i, j}`, if it is one (`Some(0)` for `i ==
    /// j < n`).
    pub fn get(&self, i: usize, j: usize) -> Option<T> {
        if i == j {
            return (i < self.n).then(T::zero);
        }
        let (nb, w) = self.neighbors(i);
        nb.binary_search(&j).ok().map(|k| w[k])
    }

    /// Every edge once, as `(i, j, weight)` with `i < j`, by increasing `i`
    /// then `j`.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, T)> + '_ {
        (0..self.n).flat_map(move |i| {
            let (nb, w) = self.neighbors(i);
            nb.iter()
                .zip(w)
                .filter(move |(&j, _)| j > i)
                .map(move |(&j, &w)| (i, j, w))
        })
    }

    /// The same weights as a [`DistanceMatrix`] (`+inf` where there is no
    /// edge): `O(n²)` memory.
    pub fn to_matrix(&self) -> DistanceMatrix<T> {
        let n = self.n;
        let mut values = alloc::vec![T::infinity(); n * (n - 1) / 2];
        for (i, j, w) in self.edges() {
            values[lower_index(i, j)] = w;
        }
        DistanceMatrix::from_values_unchecked(n, values)
    }

    /// Number of edges of weight at most `threshold`, and the degree of
    /// every vertex counting only those.
    pub(crate) fn degrees_within(&self, threshold: T) -> (usize, Vec<usize>) {
        let degrees: Vec<usize> = (0..self.n)
            .map(|v| {
                self.neighbors(v)
                    .1
                    .iter()
                    .filter(|&&w| w <= threshold)
                    .count()
            })
            .collect();
        let edges = degrees.iter().sum::<usize>() / 2;
        (edges, degrees)
    }

    /// The smallest and largest weight of the edges (`None` without edges).
    pub(crate) fn range(&self) -> Option<[T; 2]> {
        let mut it = self.weights.iter().copied();
        let first = it.next()?;
        Some(it.fold([first, first], |[lo, hi], w| [lo.min(w), hi.max(w)]))
    }
}

/// The sparse filtration of a [`SparseDistances`] under a threshold.
pub(crate) struct Sparse<'a, T> {
    pub(crate) g: &'a SparseDistances<T>,
    pub(crate) threshold: T,
    pub(crate) binom: Binomial,
}

impl<T: Scalar> Sparse<'_, T> {
    /// Calls `f(diameter, index, negative_sign, v)` for every cofacet `σ ∪
    /// {v}` with `v > lowest` of the simplex (`diam`, `idx`, `verts` in
    /// decreasing order), by decreasing `v`, until `f` returns `false`: the
    /// common neighbours of the vertices, found by walking the shortest
    /// neighbour list down and the others along with it.
    #[inline]
    fn merge<F>(&self, diam: T, idx: u64, verts: &[usize], lowest: Option<usize>, mut f: F)
    where
        F: FnMut(T, u64, bool, usize) -> bool,
    {
        let g = self.g;
        let k = verts.len();
        let mut cur = [0usize; MAX_VERTICES];
        let mut driver = 0;
        for (p, &v) in verts.iter().enumerate() {
            cur[p] = g.offsets[v + 1];
            if g.offsets[v + 1] - g.offsets[v]
                < g.offsets[verts[driver] + 1] - g.offsets[verts[driver]]
            {
                driver = p;
            }
        }
        let (dlo, dhi) = (g.offsets[verts[driver]], g.offsets[verts[driver] + 1]);
        let mut idx_below = idx;
        let mut idx_above = 0u64;
        let mut next = 0usize;
        'candidates: for pos in (dlo..dhi).rev() {
            let v = g.neighbors[pos];
            if lowest.is_some_and(|l| v <= l) {
                return;
            }
            let mut cd = diam.max(g.weights[pos]);
            for (p, &u) in verts.iter().enumerate() {
                if p == driver {
                    continue;
                }
                let lo = g.offsets[u];
                while cur[p] > lo && g.neighbors[cur[p] - 1] > v {
                    cur[p] -= 1;
                }
                if cur[p] == lo {
                    // no neighbour of u at or below v: no more cofacets
                    return;
                }
                if g.neighbors[cur[p] - 1] != v {
                    continue 'candidates;
                }
                cd = cd.max(g.weights[cur[p] - 1]);
            }
            while next < k && verts[next] > v {
                let kk = k - next;
                idx_below -= self.binom.get(verts[next], kk);
                idx_above += self.binom.get(verts[next], kk + 1);
                next += 1;
            }
            let below = k - next;
            let cidx = idx_above + self.binom.get(v, below + 1) + idx_below;
            if !f(cd, cidx, below & 1 == 1, v) {
                return;
            }
        }
    }
}

impl<T: Scalar> Filtration<T> for Sparse<'_, T> {
    #[inline]
    fn n(&self) -> usize {
        self.g.n
    }

    #[inline]
    fn threshold(&self) -> T {
        self.threshold
    }

    #[inline]
    fn binom(&self) -> &Binomial {
        &self.binom
    }

    #[inline]
    fn d(&self, a: usize, b: usize) -> T {
        self.g.get(a, b).unwrap_or(T::infinity())
    }

    /// Kruskal's algorithm with union-find on the edges under the
    /// threshold, sorted by weight then larger edge index first: the unique
    /// minimum spanning forest of that strict order, which is the one dense
    /// Prim finds.
    fn spanning_forest(&self) -> (Vec<(T, usize, usize)>, usize) {
        let n = self.g.n;
        let mut edges: Vec<(T, usize, usize)> = Vec::new();
        self.for_each_edge(|w, a, b, _| edges.push((w, b, a)));
        sort_forest(&mut edges);
        let mut parent: Vec<usize> = (0..n).collect();
        let find = |parent: &mut Vec<usize>, mut x: usize| {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        };
        let mut forest = Vec::with_capacity(n.saturating_sub(1));
        for (w, a, b) in edges {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
                forest.push((w, a, b));
                if forest.len() + 1 == n {
                    break;
                }
            }
        }
        let components = n - forest.len();
        (forest, components)
    }

    #[inline]
    fn edge_id_bound(&self) -> usize {
        self.g.neighbors.len()
    }

    #[inline]
    fn edge_id(&self, a: usize, b: usize) -> usize {
        let (lo, hi) = (self.g.offsets[a], self.g.offsets[a + 1]);
        lo + self.g.neighbors[lo..hi].partition_point(|&u| u < b)
    }

    fn for_each_edge<F: FnMut(T, usize, usize, usize)>(&self, mut f: F) {
        let g = self.g;
        for a in 0..g.n {
            for pos in g.offsets[a]..g.offsets[a + 1] {
                let b = g.neighbors[pos];
                if b >= a {
                    break;
                }
                if g.weights[pos] <= self.threshold {
                    f(g.weights[pos], a, b, pos);
                }
            }
        }
    }

    #[inline]
    fn edge_zero_pivot_vertex(&self, diam: T, a: usize, b: usize) -> Option<usize> {
        let g = self.g;
        let (alo, mut ia) = (g.offsets[a], g.offsets[a + 1]);
        let (blo, mut ib) = (g.offsets[b], g.offsets[b + 1]);
        while ia > alo && ib > blo {
            let (u, v) = (g.neighbors[ia - 1], g.neighbors[ib - 1]);
            match u.cmp(&v) {
                Ordering::Greater => ia -= 1,
                Ordering::Less => ib -= 1,
                Ordering::Equal => {
                    if g.weights[ia - 1] <= diam && g.weights[ib - 1] <= diam {
                        return Some(u);
                    }
                    ia -= 1;
                    ib -= 1;
                }
            }
        }
        None
    }

    #[inline]
    fn edge_cofacets_between<F: FnMut(T, u64, bool)>(
        &self,
        diam: T,
        a: usize,
        b: usize,
        lo: T,
        hi: T,
        mut f: F,
    ) {
        if diam > hi {
            return;
        }
        let idx = self.binom.get(a, 2) + b as u64;
        self.merge(diam, idx, &[a, b], None, |cd, cidx, neg, _| {
            if cd >= lo && cd <= hi {
                f(cd, cidx, neg);
            }
            true
        });
    }

    #[inline]
    fn cofacets<F: FnMut(T, u64, bool) -> bool>(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        mut f: F,
    ) {
        self.merge(diam, idx, verts, None, |cd, cidx, neg, _| f(cd, cidx, neg));
    }

    #[inline]
    fn cofacets_above<F: FnMut(T, u64, usize)>(
        &self,
        diam: T,
        idx: u64,
        verts: &[usize],
        mut f: F,
    ) {
        self.merge(diam, idx, verts, Some(verts[0]), |cd, cidx, _, v| {
            f(cd, cidx, v);
            true
        });
    }
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    /// The row scan split across threads keeps the edges of one thread,
    /// in the same order and the same bits (points in 12 dimensions, off
    /// the k-d tree; cosine distances; integer points with ties).
    #[test]
    fn parallel_row_scan_equals_one_thread() -> crate::Result<()> {
        let pool = crate::testing::thread_pool;
        let (one, two, three) = (pool(1), pool(2), pool(3));
        let mut rng = SplitMix64::new(21);
        let random = rng.cloud(700, 12);
        let ties: Vec<f64> = random.iter().map(|x| libm::floor(x * 3.0)).collect();
        for (coords, metric, threshold) in [
            (&random, Metric::Euclidean, 1.2),
            (&random, Metric::Cosine, 0.1),
            (&ties, Metric::Euclidean, 2.0),
        ] {
            let pc = PointCloud::new(coords, 12)?;
            let edges = |pool: &rayon::ThreadPool| {
                pool.install(|| SparseDistances::within(&pc, metric, threshold, None))
                    .map(|g| {
                        g.edges()
                            .map(|(i, j, w)| (i, j, w.to_bits()))
                            .collect::<Vec<_>>()
                    })
            };
            let serial = edges(&one);
            assert!(
                matches!(&serial, Ok(e) if e.len() > 100),
                "{metric:?}: {:?} edges",
                serial.as_ref().map(Vec::len)
            );
            assert_eq!(edges(&two), serial, "{metric:?}");
            assert_eq!(edges(&three), serial, "{metric:?}");
            // a cap below the edges found stops the scan on any thread
            let capped =
                three.install(|| SparseDistances::within(&pc, metric, threshold, Some(10)));
            assert!(matches!(capped, Err(found) if found > 10));
        }
        Ok(())
    }
}

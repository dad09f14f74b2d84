//! Vietoris–Rips persistence with generators.
//!
//! [`persistence`] (point clouds) and [`persistence_from_distances`] (any
//! symmetric non-negative weights) compute the persistence pairs of degrees
//! `0..=max_dim`, each with the edges whose lengths are its birth and death
//! values. The diagrams equal Ripser's: zero-persistence pairs are not
//! reported, essential classes die at `+inf`, H0 classes are born at 0.
//!
//! - H0 comes from a minimum spanning forest. On point clouds with
//!   [`h0_persistence`] or `max_dim = 0` the distance matrix is never
//!   stored, and the algorithm is chosen automatically: under the Euclidean
//!   metric in low dimension with enough points (dimension ≤ 2 from 512
//!   points, ≤ 4 from 1 536, ≤ 6 from 4 096, ≤ 8 from 8 192), Borůvka's
//!   algorithm over a k-d tree, `O(n log n)`-ish (a million points of R³ in
//!   seconds); otherwise, and for the other metrics, Prim's algorithm on
//!   the complete graph, `O(n²)` time and `O(n)` extra memory, which is
//!   faster on small or high-dimensional clouds. Both give the same
//!   diagram, with death edges as long as their deaths; without a
//!   threshold, even the same edges (both break ties between equal squared
//!   lengths by the edge index).
//! - H1 and above come from persistent cohomology with Ripser's techniques
//!   (see the `reduction` module).
//! - With a threshold, a large point cloud (from [`SPARSE_FROM_POINTS`]
//!   points, or when the distance matrix alone would exceed the memory
//!   budget) never stores the distance matrix: the pairs within the
//!   threshold come from radius queries on a k-d tree (Euclidean metric,
//!   dimension ≤ 10) or a scan of all pairs that keeps only those, and
//!   their sparse filtration is reduced (H0 by Kruskal's algorithm). An
//!   explicit edge list goes the same way ([`persistence_from_sparse`]).
//!   The pairs and their edges are those of the dense computation.
//! - Without a threshold the filtration is truncated at the enclosing radius
//!   (past it the complex is a cone), which does not change the diagrams.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::persistence::budget::Estimate;
use crate::persistence::distance::{cosine_norms, lower_index, DistanceMatrix, FullMatrix};
use crate::persistence::filtration::{Binomial, Dense, MAX_VERTICES};
use crate::persistence::metric::{chebyshev, dot, manhattan, squared_euclidean, Metric};
use crate::persistence::mst::{euclidean_forest, prefers_boruvka};
use crate::persistence::pairs::PersistencePair;
use crate::persistence::points::PointCloud;
use crate::persistence::reduction::{h0_pairs, spanning_forest, Reducer};
use crate::persistence::sparse::{Sparse, SparseDistances};
use crate::scalar::Scalar;

/// Largest supported homology degree.
pub const MAX_DIM: usize = MAX_VERTICES - 2;

/// From this many points, [`Rips::persistence`] with a threshold (and a
/// degree ≥ 1) finds the pairs within the threshold with a spatial index
/// and reduces their sparse filtration, instead of storing the `n × n`
/// distance matrix (64 MiB of `f32` at this size); smaller clouds take
/// the sparse path too when the matrix alone would exceed the memory
/// budget. When the pairs within the threshold turn out so many that their
/// neighbour lists would take more memory than the matrix (a threshold near
/// the diameter of the cloud), the search stops and the matrix is used
/// after all, if it fits the budget. Both paths give the same pairs with
/// the same edges.
pub const SPARSE_FROM_POINTS: usize = 4096;

/// Parameters of a Vietoris–Rips computation, checked by [`RipsParams::check`].
///
/// ```
/// use toporeg::RipsParams;
/// let rips = RipsParams::new().max_dim(2).threshold(1.5).modulus(3).check()?;
/// assert_eq!(rips.max_dim(), 2);
/// assert!(RipsParams::new().modulus(4).check().is_err());
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RipsParams {
    max_dim: usize,
    threshold: Option<f64>,
    modulus: u32,
    max_memory: Option<u64>,
}

impl Default for RipsParams {
    fn default() -> Self {
        Self {
            max_dim: 1,
            threshold: None,
            modulus: 2,
            max_memory: None,
        }
    }
}

impl RipsParams {
    /// Degrees 0 and 1, no threshold, coefficients in Z/2.
    pub fn new() -> Self {
        Self::default()
    }

    /// Largest homology degree computed (default 1, at most [`MAX_DIM`]).
    pub fn max_dim(mut self, max_dim: usize) -> Self {
        self.max_dim = max_dim;
        self
    }

    /// Simplices with a diameter above `threshold` never enter (default: no
    /// threshold; `+inf` means the same). On large point clouds (see
    /// [`SPARSE_FROM_POINTS`]) a threshold also means the distance matrix
    /// is never stored: only the pairs within it are found and kept.
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = Some(threshold);
        self
    }

    /// Coefficients in `Z/p` for a prime `p < 2^16` (default 2).
    pub fn modulus(mut self, p: u32) -> Self {
        self.modulus = p;
        self
    }

    /// A memory budget in bytes for the reductions of degree 1 and above
    /// (default: none). Before one starts, the memory it needs is estimated
    /// from the number of points, the degree and the number of edges under
    /// the threshold (the distance matrix, the simplices of each degree and
    /// the pivots of the top one; the reduction matrix comes on top, so the
    /// estimate is a floor); above the budget the computation stops with
    /// [`Error::TooLarge`] instead of being killed by the operating system.
    /// The core cannot know the machine: the `toporeg` command line sets a
    /// fraction of the machine's memory. Degree 0 alone needs `O(n)` memory
    /// and is never refused.
    ///
    /// ```
    /// use toporeg::{persistence, Error, Metric, PointCloud, RipsParams};
    /// let pts: Vec<f64> = (0..200).map(|i| f64::from(i).sin()).collect();
    /// let cloud = PointCloud::new(&pts, 2)?;
    /// let tight = RipsParams::new().max_dim(2).max_memory(1 << 16);
    /// assert!(matches!(
    ///     persistence(&cloud, Metric::Euclidean, &tight),
    ///     Err(Error::TooLarge { points: 100, dim: 2, .. })
    /// ));
    /// let roomy = RipsParams::new().max_dim(2).max_memory(1 << 30);
    /// assert!(persistence(&cloud, Metric::Euclidean, &roomy).is_ok());
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn max_memory(mut self, bytes: u64) -> Self {
        self.max_memory = Some(bytes);
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `max_dim > MAX_DIM`, a NaN or negative
    /// threshold, a modulus that is not a prime below 2^16, or a zero memory
    /// budget.
    pub fn check(self) -> Result<Rips> {
        if self.max_dim > MAX_DIM {
            return Err(Error::InvalidParameter {
                name: "max_dim",
                reason: alloc::format!("{} is above the largest supported {MAX_DIM}", self.max_dim),
            });
        }
        if let Some(t) = self.threshold {
            if t.is_nan() || t < 0.0 {
                return Err(Error::InvalidParameter {
                    name: "threshold",
                    reason: alloc::format!("{t} is not a non-negative number"),
                });
            }
        }
        let p = self.modulus;
        let prime = p >= 2 && (2..).take_while(|d| d * d <= p).all(|d| p % d != 0);
        if !prime || p >= 1 << 16 {
            return Err(Error::InvalidParameter {
                name: "modulus",
                reason: alloc::format!("{p} is not a prime below 65536"),
            });
        }
        if self.max_memory == Some(0) {
            return Err(Error::InvalidParameter {
                name: "max_memory",
                reason: alloc::string::String::from("a budget of 0 bytes allows nothing"),
            });
        }
        Ok(Rips {
            max_dim: self.max_dim,
            threshold: self.threshold.filter(|t| t.is_finite()),
            modulus: p,
            max_memory: self.max_memory,
        })
    }
}

/// Checked Vietoris–Rips parameters: the computation itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Rips {
    max_dim: usize,
    threshold: Option<f64>,
    modulus: u32,
    max_memory: Option<u64>,
}

impl Rips {
    /// Largest homology degree computed.
    pub fn max_dim(&self) -> usize {
        self.max_dim
    }

    /// The threshold, if any.
    pub fn threshold(&self) -> Option<f64> {
        self.threshold
    }

    /// The coefficient field's prime.
    pub fn modulus(&self) -> u32 {
        self.modulus
    }

    /// The memory budget in bytes, if any (see [`RipsParams::max_memory`]).
    pub fn max_memory(&self) -> Option<u64> {
        self.max_memory
    }

    /// Persistence of the Rips filtration of a point cloud.
    ///
    /// # Errors
    /// [`Error::ZeroVector`] (cosine metric), [`Error::IndexOverflow`] when
    /// the simplices of `n` points up to degree `max_dim + 1` cannot be
    /// numbered in 64 bits, [`Error::TooLarge`] when a reduction of degree
    /// ≥ 1 would need more than the memory budget.
    pub fn persistence<T: Scalar>(
        &self,
        cloud: &PointCloud<'_, T>,
        metric: Metric,
    ) -> Result<Persistence<T>> {
        metric.check_cloud(cloud)?;
        let n = cloud.n_points();
        let top = self.max_dim.min(n - 1);
        if top == 0 {
            let threshold = self.threshold.map_or(T::infinity(), T::of);
            let pairs = h0_of_cloud(cloud, metric, threshold);
            return Ok(self.finish(n, Some(metric), threshold, None, alloc::vec![pairs]));
        }
        if let Some(t) = self.threshold {
            if self.prefers_sparse::<T>(n, top) {
                if let Some(pers) = self.persistence_within(cloud, metric, T::of(t), top)? {
                    return Ok(pers);
                }
            }
        }
        let binom = Binomial::new(n, top + 2)?;
        Estimate::matrix::<T>(n, top).check(self.max_memory, n, top)?;
        let full = FullMatrix::from_points(cloud, metric).map_err(|_| Error::IndexOverflow {
            points: n,
            dim: top + 1,
        })?;
        self.reduce(Some(metric), &full, top, binom)
    }

    /// Whether a thresholded point cloud of `n` points goes through the
    /// sparse filtration of its pairs within the threshold rather than the
    /// full distance matrix: from [`SPARSE_FROM_POINTS`] points, or when
    /// the matrix alone would exceed the memory budget.
    fn prefers_sparse<T: Scalar>(&self, n: usize, top: usize) -> bool {
        n >= SPARSE_FROM_POINTS
            || self
                .max_memory
                .is_some_and(|b| Estimate::matrix::<T>(n, top).bytes > b as f64)
    }

    /// The thresholded point cloud through the sparse filtration of its
    /// pairs within the threshold, the memory budget checked as the edges
    /// are found and again once they are counted. `None` when the pairs
    /// within the threshold are so many that their neighbour lists would
    /// outgrow the distance matrix (a threshold near the diameter) and the
    /// matrix fits the budget: the dense path is then the smaller one.
    fn persistence_within<T: Scalar>(
        &self,
        cloud: &PointCloud<'_, T>,
        metric: Metric,
        threshold: T,
        top: usize,
    ) -> Result<Option<Persistence<T>>> {
        let n = cloud.n_points();
        let edge_bytes = Estimate::sparse_edge_bytes::<T>();
        let matrix_bytes = Estimate::matrix::<T>(n, top).bytes;
        let budget_edges = self.max_memory.map(|b| (b as f64 / edge_bytes) as usize);
        let matrix_edges = (matrix_bytes / edge_bytes) as usize;
        let dense_fits = !matches!(self.max_memory, Some(b) if matrix_bytes > b as f64);
        let cap = match budget_edges {
            Some(b) if dense_fits => b.min(matrix_edges),
            Some(b) => b,
            None => matrix_edges,
        };
        match SparseDistances::within(cloud, metric, threshold, Some(cap)) {
            Ok(g) => self.reduce_sparse(Some(metric), &g, top).map(Some),
            Err(_) if dense_fits => Ok(None),
            Err(edges) => Err(Error::TooLarge {
                points: n,
                dim: top,
                simplices: Estimate::new::<T>(n, top, edges as f64).simplices,
                bytes: edges as f64 * edge_bytes,
                budget: self.max_memory.unwrap_or(0),
            }),
        }
    }

    /// Persistence of the clique filtration of a sparse graph (vertices at
    /// 0, simplices at their largest edge weight, only the given edges of
    /// weight at most the threshold), computed on its neighbour lists
    /// without an `n × n` matrix. The pairs and their edges are those of
    /// [`Rips::persistence_from_distances`] on
    /// [`SparseDistances::to_matrix`]. [`Persistence::threshold`] is the
    /// threshold or, without one, the largest weight; the value range is
    /// that of the edges.
    ///
    /// ```
    /// use toporeg::{RipsParams, SparseDistances};
    /// // a 4-cycle with unit sides and diagonals of length 2
    /// let g = SparseDistances::new(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0), (0, 2, 2.0), (1, 3, 2.0)])?;
    /// let pers = RipsParams::new().check()?.persistence_from_sparse(&g)?;
    /// assert_eq!(pers.diagram(1).points(), &[[1.0, 2.0]]);
    /// // without the diagonals the cycle never dies
    /// let cycle = SparseDistances::new(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)])?;
    /// let pers = RipsParams::new().check()?.persistence_from_sparse(&cycle)?;
    /// assert_eq!(pers.diagram(1).points(), &[[1.0, f64::INFINITY]]);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::IndexOverflow`] as for [`Rips::persistence`],
    /// [`Error::TooLarge`] when the reduction of degree ≥ 1 would need more
    /// than the memory budget (estimated from the edges and the degrees of
    /// the vertices).
    pub fn persistence_from_sparse<T: Scalar>(
        &self,
        g: &SparseDistances<T>,
    ) -> Result<Persistence<T>> {
        let top = self.max_dim.min(g.n_points() - 1);
        self.reduce_sparse(None, g, top)
    }

    /// The reduction of the sparse filtration of `g` under the threshold.
    fn reduce_sparse<T: Scalar>(
        &self,
        metric: Option<Metric>,
        g: &SparseDistances<T>,
        top: usize,
    ) -> Result<Persistence<T>> {
        let n = g.n_points();
        let threshold = self.threshold.map_or(T::infinity(), T::of);
        let binom = Binomial::new(n, top + 2)?;
        if top > 0 && self.max_memory.is_some() {
            let (edges, degrees) = g.degrees_within(threshold);
            Estimate::sparse::<T>(top, edges, &degrees).check(self.max_memory, n, top)?;
        }
        let range = g.range();
        let f = Sparse {
            g,
            threshold,
            binom,
        };
        let pairs = Reducer::new(f, self.modulus).run(top);
        let reported = if threshold.is_finite() {
            threshold
        } else {
            range.map_or(T::zero(), |r| r[1])
        };
        Ok(self.finish(n, metric, reported, range, pairs))
    }

    /// Persistence of the clique filtration of a weight matrix (vertices at
    /// 0, simplices at their largest edge weight, `+inf` edges never enter).
    ///
    /// # Errors
    /// [`Error::IndexOverflow`] and [`Error::TooLarge`] as for
    /// [`Rips::persistence`].
    pub fn persistence_from_distances<T: Scalar>(
        &self,
        dm: &DistanceMatrix<T>,
    ) -> Result<Persistence<T>> {
        let n = dm.n_points();
        let top = self.max_dim.min(n - 1);
        if top == 0 {
            let threshold = self.threshold.map_or(T::infinity(), T::of);
            let values = dm.values();
            let (forest, components) = spanning_forest(
                n,
                threshold.min(T::max_value()),
                |i, j| values[lower_index(i, j)],
                |d| d,
            );
            let pairs = h0_pairs(&forest, components);
            return Ok(self.finish(n, None, threshold, None, alloc::vec![pairs]));
        }
        let binom = Binomial::new(n, top + 2)?;
        Estimate::matrix::<T>(n, top).check(self.max_memory, n, top)?;
        self.reduce(None, &dm.to_full(), top, binom)
    }

    /// The cohomology reduction on a full matrix, truncated at the
    /// threshold or, without one, at the enclosing radius (past which the
    /// complex is a cone; the diagrams do not change), after checking the
    /// memory budget with the edges under the threshold counted.
    fn reduce<T: Scalar>(
        &self,
        metric: Option<Metric>,
        full: &FullMatrix<T>,
        top: usize,
        binom: Binomial,
    ) -> Result<Persistence<T>> {
        let extent = full.extent();
        let mut threshold = self
            .threshold
            .map_or(T::infinity(), T::of)
            .min(extent.enclosing_radius);
        if threshold.is_infinite() {
            threshold = extent.range.map_or(T::zero(), |r| r[1]);
        }
        if self.max_memory.is_some() {
            let n = full.n();
            let values = full.values();
            let edges: usize = (1..n)
                .map(|i| {
                    values[i * n..i * n + i]
                        .iter()
                        .filter(|&&d| d <= threshold)
                        .count()
                })
                .sum();
            Estimate::new::<T>(n, top, edges as f64).check(self.max_memory, n, top)?;
        }
        let f = Dense::new(full.n(), full.values(), threshold, binom);
        let pairs = Reducer::new(f, self.modulus).run(top);
        Ok(self.finish(full.n(), metric, threshold, extent.range, pairs))
    }

    fn finish<T: Scalar>(
        &self,
        n: usize,
        metric: Option<Metric>,
        threshold: T,
        value_range: Option<[T; 2]>,
        mut pairs: Vec<Vec<PersistencePair<T>>>,
    ) -> Persistence<T> {
        pairs.resize(self.max_dim + 1, Vec::new());
        Persistence {
            pairs,
            n_points: n,
            metric,
            threshold,
            value_range,
        }
    }
}

/// H0 pairs of a point cloud by Prim's algorithm on distances computed on
/// the fly: squared Euclidean distances are compared (one square root per
/// forest edge), cosine distances use the norms computed once. The values
/// are those of [`Metric::distance`], bit for bit.
fn h0_of_cloud<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    threshold: T,
) -> Vec<PersistencePair<T>> {
    let (forest, components) = if let Some(norms) = cosine_norms(cloud, metric) {
        forest_of(
            cloud,
            threshold,
            |i, j, x, y| Metric::cosine_of(dot(x, y), norms[i], norms[j]),
            |d| d,
        )
    } else {
        // one instance per metric, so that the kernel is inlined
        match metric {
            Metric::Euclidean if prefers_boruvka(cloud.n_points(), cloud.dim()) => {
                euclidean_forest(cloud, threshold)
            }
            Metric::Euclidean if threshold.is_infinite() => forest_of(
                cloud,
                threshold,
                |_, _, x, y| squared_euclidean(x, y),
                |p| p.sqrt(),
            ),
            Metric::Euclidean => forest_of(
                cloud,
                threshold,
                |_, _, x, y| squared_euclidean(x, y).sqrt(),
                |d| d,
            ),
            Metric::Manhattan => forest_of(cloud, threshold, |_, _, x, y| manhattan(x, y), |d| d),
            _ => forest_of(cloud, threshold, |_, _, x, y| chebyshev(x, y), |d| d),
        }
    };
    h0_pairs(&forest, components)
}

/// [`spanning_forest`] of the points with the weights `w(i, j, point i,
/// point j)`, mapped by `finish`.
#[inline(always)]
fn forest_of<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    threshold: T,
    w: impl Fn(usize, usize, &[T], &[T]) -> T,
    finish: impl Fn(T) -> T,
) -> (Vec<(T, usize, usize)>, usize) {
    spanning_forest(
        cloud.n_points(),
        threshold,
        |i, j| w(i, j, cloud.point(i), cloud.point(j)),
        finish,
    )
}

/// Persistence of the Rips filtration of a point cloud (see [`Rips::persistence`]).
///
/// ```
/// use toporeg::{persistence, Metric, PointCloud, RipsParams};
/// // the four corners of a unit square: one H1 class born at 1, dying at √2
/// let square = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
/// let cloud = PointCloud::new(&square, 2)?;
/// let pers = persistence(&cloud, Metric::Euclidean, &RipsParams::new())?;
/// assert_eq!(pers.pairs(0).len(), 4); // three deaths at 1, one essential class
/// let h1 = pers.pairs(1);
/// assert_eq!(h1.len(), 1);
/// assert_eq!((h1[0].birth, h1[0].death), (1.0, 2f64.sqrt()));
/// // born with a side, killed by a diagonal
/// assert!(matches!(h1[0].death_edge, Some([0, 2]) | Some([1, 3])));
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// Invalid parameters (see [`RipsParams::check`]) and those of
/// [`Rips::persistence`].
pub fn persistence<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    params: &RipsParams,
) -> Result<Persistence<T>> {
    params.check()?.persistence(cloud, metric)
}

/// Persistence of the clique filtration of a weight matrix (see
/// [`Rips::persistence_from_distances`]).
///
/// ```
/// use toporeg::{persistence_from_distances, DistanceMatrix, RipsParams};
/// // a 4-cycle with unit sides and diagonals of length 2
/// let dm = DistanceMatrix::from_lower(vec![1.0, 2.0, 1.0, 1.0, 2.0, 1.0])?;
/// let pers = persistence_from_distances(&dm, &RipsParams::new())?;
/// assert_eq!(pers.diagram(1).points(), &[[1.0, 2.0]]);
/// // no metric: gradients go back to the entries (`pullback_distances`)
/// assert_eq!(pers.metric(), None);
/// assert_eq!((pers.threshold(), pers.value_range()), (2.0, Some([1.0, 2.0])));
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// As [`persistence`].
pub fn persistence_from_distances<T: Scalar>(
    dm: &DistanceMatrix<T>,
    params: &RipsParams,
) -> Result<Persistence<T>> {
    params.check()?.persistence_from_distances(dm)
}

/// Persistence of the clique filtration of a sparse graph (see
/// [`Rips::persistence_from_sparse`]).
///
/// ```
/// use toporeg::{persistence_from_sparse, RipsParams, SparseDistances};
/// let g = SparseDistances::new(3, [(0, 1, 1.0), (1, 2, 2.0)])?;
/// let pers = persistence_from_sparse(&g, &RipsParams::new().max_dim(0))?;
/// let deaths: Vec<f64> = pers.pairs(0).iter().map(|p| p.death).collect();
/// assert_eq!(deaths, vec![1.0, 2.0, f64::INFINITY]);
/// assert_eq!(pers.pairs(0)[1].death_edge, Some([1, 2]));
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// Invalid parameters (see [`RipsParams::check`]) and those of
/// [`Rips::persistence_from_sparse`].
pub fn persistence_from_sparse<T: Scalar>(
    g: &SparseDistances<T>,
    params: &RipsParams,
) -> Result<Persistence<T>> {
    params.check()?.persistence_from_sparse(g)
}

/// H0 persistence of a point cloud: the fast path for losses on batches and
/// for big clouds. The distance matrix is never stored: the minimum
/// spanning tree comes from Prim's algorithm with the distances computed on
/// the fly (`O(n²)` time, `O(n)` extra memory) or, for the Euclidean metric
/// in low dimension and large enough clouds, from Borůvka's algorithm over a
/// k-d tree (`O(n log n)`-ish time, `O(n)` memory); see the module docs of
/// `rips` for the rule. Both give the same pairs.
///
/// ```
/// use toporeg::{h0_persistence, Metric, PointCloud};
/// let pts = [0.0, 1.0, 3.0, 7.0];
/// let pers = h0_persistence(&PointCloud::new(&pts, 1)?, Metric::Euclidean)?;
/// let deaths: Vec<f64> = pers.pairs(0).iter().map(|p| p.death).collect();
/// assert_eq!(deaths, vec![1.0, 2.0, 4.0, f64::INFINITY]);
/// assert_eq!(pers.pairs(0)[2].death_edge, Some([2, 3]));
/// # Ok::<(), toporeg::Error>(())
/// ```
///
/// # Errors
/// [`Error::ZeroVector`] for the cosine metric.
pub fn h0_persistence<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
) -> Result<Persistence<T>> {
    RipsParams::new()
        .max_dim(0)
        .check()?
        .persistence(cloud, metric)
}

/// The persistence pairs of degrees `0..=max_dim`, with their generators.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "T: Scalar"))]
pub struct Persistence<T> {
    pairs: Vec<Vec<PersistencePair<T>>>,
    n_points: usize,
    metric: Option<Metric>,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    threshold: T,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::option_pair")
    )]
    value_range: Option<[T; 2]>,
}

impl<T: Scalar> Persistence<T> {
    /// The pairs of degree `dim` (empty above `max_dim`). H0 pairs come by
    /// increasing death, then the essential classes; higher degrees in
    /// Ripser's order (decreasing birth).
    pub fn pairs(&self, dim: usize) -> &[PersistencePair<T>] {
        self.pairs.get(dim).map_or(&[], Vec::as_slice)
    }

    /// Largest degree computed.
    pub fn max_dim(&self) -> usize {
        self.pairs.len() - 1
    }

    /// Number of points (vertices) of the filtration.
    pub fn n_points(&self) -> usize {
        self.n_points
    }

    /// The metric between the points, or `None` when the input was a
    /// distance matrix. [`Persistence::pullback`] refuses any other.
    pub fn metric(&self) -> Option<Metric> {
        self.metric
    }

    /// The largest filtration value the computation considered: the
    /// threshold of [`RipsParams::threshold`] or, without one, the enclosing
    /// radius (past which the complex is a cone, so the diagrams are those
    /// of the full filtration). The degree-0 spanning-tree pass needs no
    /// truncation: there it is the given threshold, else `+inf`.
    ///
    /// ```
    /// use toporeg::{persistence, Metric, PointCloud, RipsParams};
    /// let square = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    /// let cloud = PointCloud::new(&square, 2)?;
    /// let pers = persistence(&cloud, Metric::Euclidean, &RipsParams::new())?;
    /// assert_eq!(pers.threshold(), 2f64.sqrt()); // the enclosing radius
    /// assert_eq!(pers.value_range(), Some([1.0, 2f64.sqrt()]));
    /// assert_eq!(pers.metric(), Some(Metric::Euclidean));
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn threshold(&self) -> T {
        self.threshold
    }

    /// The smallest and largest finite pairwise distance of the input
    /// (Ripser's "value range"), when the computation went through the full
    /// distance matrix (degree 1 and above); for a sparse filtration, those
    /// of its edges (for a thresholded cloud, the pairs within the
    /// threshold). `None` for the degree-0 spanning-tree pass of a cloud,
    /// which never stores the distances, and for inputs without finite
    /// distances.
    pub fn value_range(&self) -> Option<[T; 2]> {
        self.value_range
    }
}

//! Distance matrices in compressed lower-triangular storage.
//!
//! The entry of the pair `i > j` lives at `i·(i−1)/2 + j` (Ripser's layout,
//! which is also the index of the edge `{i, j}` in the combinatorial number
//! system). The diagonal is zero and not stored.
//!
//! Any symmetric, non-negative edge weights are accepted, not only metrics:
//! the Vietoris–Rips reduction only assumes a clique filtration (vertices at
//! 0, a simplex at the largest weight among its edges). A `+inf` weight marks
//! a missing edge, which never enters the filtration.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::persistence::metric::{dot, Metric};
use crate::persistence::points::PointCloud;
use crate::persistence::sparse::SparseDistances;
use crate::scalar::Scalar;

/// A symmetric matrix of non-negative edge weights with zero diagonal, stored
/// as its strict lower triangle.
///
/// ```
/// use toporeg::{DistanceMatrix, Metric, PointCloud};
/// let pts = [0.0, 0.0, 3.0, 4.0, 6.0, 8.0];
/// let dm = DistanceMatrix::from_points(&PointCloud::new(&pts, 2)?, Metric::Euclidean)?;
/// assert_eq!(dm.n_points(), 3);
/// assert_eq!(dm.get(2, 0), 10.0);
/// assert_eq!(dm.values(), &[5.0, 10.0, 5.0]);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceMatrix<T> {
    n: usize,
    values: Vec<T>,
}

/// Position of the pair `{i, j}`, `i != j`, in the compressed lower triangle.
#[inline]
pub fn lower_index(i: usize, j: usize) -> usize {
    let (hi, lo) = if i > j { (i, j) } else { (j, i) };
    hi * (hi - 1) / 2 + lo
}

fn check_value<T: Scalar>(v: T, i: usize, j: usize, flat: usize) -> Result<()> {
    check_weight("distance matrix", v, i, j, flat)
}

/// [`Error::NonFinite`] (for `what`, at `flat`) for a NaN weight,
/// [`Error::NegativeDistance`] for a negative one; `+inf` passes.
pub(crate) fn check_weight<T: Scalar>(
    what: &'static str,
    v: T,
    i: usize,
    j: usize,
    flat: usize,
) -> Result<()> {
    if v.is_nan() {
        return Err(Error::NonFinite {
            what,
            index: flat,
            value: v.as_f64(),
        });
    }
    if v < T::zero() {
        return Err(Error::NegativeDistance {
            i,
            j,
            value: v.as_f64(),
        });
    }
    Ok(())
}

impl<T: Scalar> DistanceMatrix<T> {
    /// From the strict lower triangle, row by row: `d(1,0), d(2,0), d(2,1),
    /// d(3,0), …` (Ripser's `lower-distance` format). The number of points is
    /// the `n` with `n·(n−1)/2 == values.len()` (no values: one point).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the length is not a triangular number,
    /// [`Error::NonFinite`] for NaN, [`Error::NegativeDistance`] for a negative
    /// value (`+inf`, a missing edge, is allowed).
    pub fn from_lower(values: Vec<T>) -> Result<Self> {
        let len = values.len();
        // n(n-1)/2 = len  =>  n = (1 + sqrt(1 + 8 len)) / 2
        let mut n = ((1.0 + libm::sqrt(1.0 + 8.0 * len as f64)) / 2.0) as usize;
        while n * n.saturating_sub(1) / 2 > len {
            n -= 1;
        }
        while (n + 1) * n / 2 <= len {
            n += 1;
        }
        if n * (n - 1) / 2 != len {
            return Err(Error::ShapeMismatch {
                what: "lower-triangular distance matrix (a triangular number of values)",
                expected: n * (n - 1) / 2,
                found: len,
            });
        }
        for i in 1..n {
            for j in 0..i {
                let k = lower_index(i, j);
                check_value(values[k], i, j, k)?;
            }
        }
        Ok(Self { n, values })
    }

    /// From a full row-major `n × n` matrix.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `values.len() != n²`, [`Error::Empty`] for
    /// `n == 0`, [`Error::NonFinite`] for NaN, [`Error::NegativeDistance`],
    /// [`Error::AsymmetricDistance`] when `d(i,j) != d(j,i)` and
    /// [`Error::InvalidParameter`] for a non-zero diagonal entry.
    ///
    /// ```
    /// use toporeg::{DistanceMatrix, Error};
    /// let dm = DistanceMatrix::from_full(2, &[0.0, 1.5, 1.5, 0.0])?;
    /// assert_eq!(dm.get(0, 1), 1.5);
    /// assert!(matches!(
    ///     DistanceMatrix::from_full(2, &[0.0, 1.5, 1.0, 0.0]),
    ///     Err(Error::AsymmetricDistance { .. })
    /// ));
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn from_full(n: usize, values: &[T]) -> Result<Self> {
        if n == 0 {
            return Err(Error::Empty {
                what: "distance matrix",
            });
        }
        if values.len() != n * n {
            return Err(Error::ShapeMismatch {
                what: "full distance matrix (n * n values)",
                expected: n * n,
                found: values.len(),
            });
        }
        let mut lower = Vec::with_capacity(n * (n - 1) / 2);
        for i in 0..n {
            let diag = values[i * n + i];
            if diag != T::zero() {
                check_value(diag, i, i, i * n + i)?;
                return Err(Error::InvalidParameter {
                    name: "distance matrix",
                    reason: alloc::format!(
                        "diagonal entry ({i},{i}) is {} instead of 0",
                        diag.as_f64()
                    ),
                });
            }
            for j in 0..i {
                let a = values[i * n + j];
                let b = values[j * n + i];
                check_value(a, i, j, i * n + j)?;
                check_value(b, j, i, j * n + i)?;
                if a != b {
                    return Err(Error::AsymmetricDistance {
                        i,
                        j,
                        a: a.as_f64(),
                        b: b.as_f64(),
                    });
                }
                lower.push(a);
            }
        }
        Ok(Self { n, values: lower })
    }

    /// The pairwise distances of a point cloud.
    ///
    /// # Errors
    /// [`Error::ZeroVector`] for a zero point under the cosine distance.
    pub fn from_points(cloud: &PointCloud<'_, T>, metric: Metric) -> Result<Self> {
        metric.check_cloud(cloud)?;
        let n = cloud.n_points();
        let mut values = Vec::with_capacity(n * (n - 1) / 2);
        pairwise(cloud, metric, |_, _, d| values.push(d));
        Ok(Self { n, values })
    }

    /// A sparse graph on `n` vertices: the listed edges `(i, j, weight)` and
    /// `+inf` (never entering) for every other pair. A pair listed twice
    /// keeps its smaller weight; `(i, i, 0)` entries are ignored. The edges
    /// are checked by [`SparseDistances::new`] (the same rules), then
    /// written densely: `O(n²)` memory. For large sparse graphs keep the
    /// [`SparseDistances`] and compute with
    /// [`crate::Rips::persistence_from_sparse`], which never stores the
    /// matrix.
    ///
    /// # Errors
    /// [`Error::Empty`] for `n == 0`, [`Error::ShapeMismatch`] for a vertex
    /// index `>= n`, [`Error::InvalidParameter`] for a non-zero loop `(i, i,
    /// w)`, [`Error::NonFinite`] (index: the position in the edge list) and
    /// [`Error::NegativeDistance`] for bad weights.
    pub fn from_edges<I>(n: usize, edges: I) -> Result<Self>
    where
        I: IntoIterator<Item = (usize, usize, T)>,
    {
        Ok(SparseDistances::new(n, edges)?.to_matrix())
    }

    /// From checked values in the layout of [`DistanceMatrix::values`].
    pub(crate) fn from_values_unchecked(n: usize, values: Vec<T>) -> Self {
        Self { n, values }
    }

    /// Number of points (rows).
    pub fn n_points(&self) -> usize {
        self.n
    }

    /// The weight of the pair `{i, j}` (0 when `i == j`).
    ///
    /// # Panics
    /// When `i` or `j` is out of range.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> T {
        assert!(i < self.n && j < self.n, "distance index out of range");
        if i == j {
            T::zero()
        } else {
            self.values[lower_index(i, j)]
        }
    }

    /// The strict lower triangle, row by row (the layout of the module docs).
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// The smallest `r` such that some point is within `r` of every other
    /// point (Ripser's enclosing radius): past it the Rips complex is a
    /// cone. `+inf` when every point misses an edge; 0 for one point.
    pub fn enclosing_radius(&self) -> T {
        Extent::of(self.n, |i| self.row(i)).enclosing_radius
    }

    /// Row `i` of the strict lower triangle: `d(i, 0), …, d(i, i − 1)`.
    #[inline]
    fn row(&self, i: usize) -> &[T] {
        let base = lower_index(i, 0);
        &self.values[base..base + i]
    }

    /// The full row-major `n × n` matrix (the reduction reads whole rows).
    pub(crate) fn to_full(&self) -> FullMatrix<T> {
        let n = self.n;
        let mut full = FullMatrix::zeros(n);
        for i in 1..n {
            for (j, &v) in self.row(i).iter().enumerate() {
                full.set(i, j, v);
            }
        }
        full
    }
}

/// Calls `emit(i, j, d(i, j))` for every pair `j < i`, row by row, with the
/// metric's vectorised kernels ([`Metric::distance_unchecked`]; under the
/// cosine metric with the norms computed once, which gives the same bits).
/// The cloud must have passed [`Metric::check_cloud`].
#[inline]
pub(crate) fn pairwise<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    mut emit: impl FnMut(usize, usize, T),
) {
    let n = cloud.n_points();
    let norms = cosine_norms(cloud, metric);
    for i in 1..n {
        let pi = cloud.point(i);
        for j in 0..i {
            emit(i, j, distance_to(cloud, metric, norms.as_deref(), i, pi, j));
        }
    }
}

/// `d(i, j)` for the point `pi` of index `i`, with the cosine norms when
/// the metric is cosine.
#[inline(always)]
pub(crate) fn distance_to<T: Scalar>(
    cloud: &PointCloud<'_, T>,
    metric: Metric,
    norms: Option<&[T]>,
    i: usize,
    pi: &[T],
    j: usize,
) -> T {
    match norms {
        Some(norms) => Metric::cosine_of(dot(pi, cloud.point(j)), norms[i], norms[j]),
        None => metric.distance_unchecked(pi, cloud.point(j)),
    }
}

/// The norms of the points under the cosine metric (`None` for the others).
pub(crate) fn cosine_norms<T: Scalar>(cloud: &PointCloud<'_, T>, metric: Metric) -> Option<Vec<T>> {
    (metric == Metric::Cosine).then(|| cloud.iter().map(|p| dot(p, p).sqrt()).collect())
}

/// The full, symmetric, row-major `n × n` weight matrix with zero diagonal:
/// what the Vietoris–Rips reduction reads (whole rows), built by both Rips
/// entry points (from points, and from a [`DistanceMatrix`]) and by the
/// similarity measures that need every row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FullMatrix<T> {
    n: usize,
    values: Vec<T>,
}

impl<T: Scalar> FullMatrix<T> {
    fn zeros(n: usize) -> Self {
        Self {
            n,
            values: alloc::vec![T::zero(); n * n],
        }
    }

    #[inline]
    fn set(&mut self, i: usize, j: usize, v: T) {
        self.values[i * self.n + j] = v;
        self.values[j * self.n + i] = v;
    }

    /// The pairwise distances of a checked cloud ([`Metric::check_cloud`]),
    /// the same values as [`pairwise`]; with the `parallel` feature the rows
    /// are computed on rayon's threads.
    ///
    /// # Errors
    /// [`Error::IndexOverflow`] when `n²` does not fit in `usize`.
    pub(crate) fn from_points(cloud: &PointCloud<'_, T>, metric: Metric) -> Result<Self> {
        let n = cloud.n_points();
        n.checked_mul(n)
            .ok_or(Error::IndexOverflow { points: n, dim: 1 })?;
        let mut full = Self::zeros(n);
        let norms = cosine_norms(cloud, metric);
        // row i gets d(i, j) for j < i, as `pairwise` computes it, then the
        // upper triangle is mirrored from the lower one
        let fill = |(i, row): (usize, &mut [T])| {
            let pi = cloud.point(i);
            for (j, v) in row[..i].iter_mut().enumerate() {
                *v = distance_to(cloud, metric, norms.as_deref(), i, pi, j);
            }
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            full.values.par_chunks_mut(n).enumerate().for_each(fill);
        }
        #[cfg(not(feature = "parallel"))]
        full.values.chunks_mut(n).enumerate().for_each(fill);
        for i in 1..n {
            for j in 0..i {
                full.values[j * n + i] = full.values[i * n + j];
            }
        }
        Ok(full)
    }

    /// Number of rows.
    pub(crate) fn n(&self) -> usize {
        self.n
    }

    /// All entries, row-major.
    pub(crate) fn values(&self) -> &[T] {
        &self.values
    }

    /// All entries, row-major, by value.
    pub(crate) fn into_values(self) -> Vec<T> {
        self.values
    }

    /// The enclosing radius and the largest finite weight ([`Extent`]).
    pub(crate) fn extent(&self) -> Extent<T> {
        Extent::of(self.n, |i| &self.values[i * self.n..i * self.n + i])
    }
}

/// What the Rips computation needs to know about the range of the weights,
/// computed in one pass over the strict lower triangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Extent<T> {
    /// The smallest `r` such that some point is within `r` of every other
    /// point: past it the Rips complex is a cone (`+inf` when every point
    /// misses an edge, 0 for one point).
    pub(crate) enclosing_radius: T,
    /// The smallest and largest finite weight (`None` without finite
    /// weights): Ripser's "value range".
    pub(crate) range: Option<[T; 2]>,
}

impl<T: Scalar> Extent<T> {
    /// From the rows `row(i) = d(i, 0..i)` of the strict lower triangle.
    fn of<'a>(n: usize, row: impl Fn(usize) -> &'a [T]) -> Self {
        if n <= 1 {
            return Self {
                enclosing_radius: T::zero(),
                range: None,
            };
        }
        let mut row_max = alloc::vec![T::zero(); n];
        let (mut lo, mut hi) = (T::infinity(), T::neg_infinity());
        for i in 1..n {
            for (j, &v) in row(i).iter().enumerate() {
                row_max[i] = row_max[i].max(v);
                row_max[j] = row_max[j].max(v);
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        Self {
            enclosing_radius: row_max.into_iter().fold(T::infinity(), |a, b| a.min(b)),
            range: (lo <= hi).then_some([lo, hi]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// The full matrix (rows on rayon's threads with `parallel`) holds the
    /// values of the lower triangle, bit for bit, under every metric.
    #[test]
    fn full_matrix_equals_lower_triangle() {
        let mut rng = crate::rng::SplitMix64::new(9);
        let pts: Vec<f32> = (0..37 * 11).map(|_| rng.next_f64() as f32 - 0.3).collect();
        let cloud = PointCloud::new(&pts, 11).unwrap();
        for metric in [
            Metric::Euclidean,
            Metric::Manhattan,
            Metric::Cosine,
            Metric::Chebyshev,
        ] {
            let full = FullMatrix::from_points(&cloud, metric).unwrap();
            let lower = DistanceMatrix::from_points(&cloud, metric).unwrap();
            assert_eq!(full, lower.to_full(), "{metric:?}");
        }
    }

    #[test]
    fn lower_round_trip_and_errors() {
        let dm = DistanceMatrix::from_lower(vec![1.0, 2.0, 3.0]).unwrap();
        assert_eq!(dm.n_points(), 3);
        assert_eq!(dm.get(0, 2), 2.0);
        assert_eq!(dm.get(1, 2), 3.0);
        assert_eq!(dm.get(1, 1), 0.0);
        assert_eq!(
            DistanceMatrix::<f64>::from_lower(vec![])
                .unwrap()
                .n_points(),
            1
        );
        assert!(matches!(
            DistanceMatrix::from_lower(vec![1.0, 2.0]),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            DistanceMatrix::from_lower(vec![1.0, -2.0, 3.0]),
            Err(Error::NegativeDistance { i: 2, j: 0, .. })
        ));
        assert!(matches!(
            DistanceMatrix::from_lower(vec![1.0, f32::NAN, 3.0]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(DistanceMatrix::from_lower(vec![1.0, f64::INFINITY, 3.0]).is_ok());
    }

    #[test]
    fn full_matrix_checks() {
        assert!(matches!(
            DistanceMatrix::from_full(2, &[0.0, -1.0, -1.0, 0.0]),
            Err(Error::NegativeDistance { .. })
        ));
        assert!(matches!(
            DistanceMatrix::from_full(2, &[1.0, 1.0, 1.0, 0.0]),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            DistanceMatrix::from_full(2, &[0.0, 1.0, 1.0]),
            Err(Error::ShapeMismatch { .. })
        ));
        let dm =
            DistanceMatrix::from_full(3, &[0.0, 1.0, 2.0, 1.0, 0.0, 3.0, 2.0, 3.0, 0.0]).unwrap();
        assert_eq!(dm.values(), &[1.0, 2.0, 3.0]);
        assert_eq!(dm.enclosing_radius(), 2.0);
        assert_eq!(dm.to_full().values()[5], 3.0);
        assert_eq!(dm.to_full().extent().range, Some([1.0, 3.0]));
    }

    #[test]
    fn sparse_edges() {
        let dm =
            DistanceMatrix::from_edges(3, [(0, 1, 1.0_f64), (1, 0, 0.5), (2, 2, 0.0)]).unwrap();
        assert_eq!(dm.get(0, 1), 0.5);
        assert!(dm.get(0, 2).is_infinite());
        assert!(dm.enclosing_radius().is_infinite());
        assert!(DistanceMatrix::from_edges(3, [(0, 3, 1.0)]).is_err());
        assert!(DistanceMatrix::from_edges(3, [(1, 1, 1.0)]).is_err());
    }
}

//! The minimum Frobenius distance between normalised distance matrices
//! over row permutations.

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::diagrams::assignment;
use crate::error::{Error, Result};
use crate::persistence::distance::DistanceMatrix;
use crate::persistence::metric::{dot, squared_euclidean};
use crate::persistence::points::PointCloud;
use crate::representations::similarity::{distance_matrix, paired_rows};
use crate::scalar::Scalar;

/// The result of [`min_frobenius`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "T: Scalar"))]
pub struct MinFrobenius<T> {
    /// `min_P ‖A/‖A‖_F - P B/‖B‖_F‖_F`.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    pub value: T,
    /// The optimal row permutation: row `i` of `A` is matched with row
    /// `permutation[i]` of `B`, i.e. `(P B)_i = B_{permutation[i]}`.
    pub permutation: Vec<usize>,
    /// The value at the identity permutation, `‖A/‖A‖_F - B/‖B‖_F‖_F`
    /// (an upper bound of `value`).
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    pub identity_value: T,
}

/// Minimum Frobenius distance between the normalised Euclidean distance
/// matrices of `x` and `y` over row permutations (see
/// [`min_frobenius_from_matrices`]).
///
/// # Errors
/// As [`linear_cka`](crate::representations::similarity::cka::linear_cka); [`Error::Degenerate`] (naming `x` or `y`) if all
/// points of a set coincide (a zero distance matrix cannot be normalised).
pub fn min_frobenius<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
) -> Result<MinFrobenius<T>> {
    let n = paired_rows(x, y)?;
    min_frobenius_normalised(
        &distance_matrix(x)?,
        &distance_matrix(y)?,
        n,
        ["x", "y"],
        "all its points coincide",
    )
}

/// `min_P ‖A/‖A‖_F - P B/‖B‖_F‖_F` over `n × n` permutation matrices `P`
/// acting on the rows of `B`, for two `n × n` row-major matrices (normally
/// distance matrices; any finite matrices are accepted).
///
/// With `Â = A/‖A‖_F` and `B̂ = B/‖B‖_F` the squared objective is
/// `Σ_i ‖Â_i - B̂_{σ(i)}‖²`: a linear assignment problem with cost
/// `C_ij = ‖Â_i - B̂_j‖²`, solved exactly by [`assignment::solve`].
/// `O(n³)` time, `O(n²)` memory.
///
/// A row-only permutation does **not** undo a relabelling of the points: if
/// `y` lists the points of `x` in another order, its distance matrix is
/// `P B Pᵀ` (rows and columns permuted together) and recovering `P` is a
/// quadratic assignment problem, which this function does not solve. The
/// identity is always a candidate, so `value ≤ identity_value`.
///
/// The matrices are full and need not be symmetric (the example below
/// permutes rows only), so this takes slices rather than
/// [`DistanceMatrix`]es, which hold symmetric matrices as their lower
/// triangle: for those, use [`min_frobenius_from_distances`].
///
/// # Errors
/// [`Error::ShapeMismatch`] if a matrix does not have `n²` entries,
/// [`Error::Empty`] for `n = 0`, [`Error::NonFinite`] for NaN or infinite
/// entries, [`Error::Degenerate`] for a zero matrix (each naming `a` or
/// `b`).
///
/// ```
/// use toporeg::min_frobenius_from_matrices;
/// let a = [0.0, 1.0, 2.0,  1.0, 0.0, 1.0,  2.0, 1.0, 0.0];
/// let b = [1.0, 0.0, 1.0,  0.0, 1.0, 2.0,  2.0, 1.0, 0.0]; // rows 0 and 1 of a swapped
/// let r = min_frobenius_from_matrices(&a, &b, 3)?;
/// assert_eq!(r.permutation, vec![1, 0, 2]);
/// assert!(r.value < 1e-15 && r.identity_value > 0.1);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn min_frobenius_from_matrices<T: Scalar>(
    a: &[T],
    b: &[T],
    n: usize,
) -> Result<MinFrobenius<T>> {
    if n == 0 {
        return Err(Error::Empty { what: "matrix" });
    }
    let nn = n.checked_mul(n).ok_or(Error::ShapeMismatch {
        what: "square matrix",
        expected: usize::MAX,
        found: a.len(),
    })?;
    check::len("a (n × n entries)", nn, a.len())?;
    check::len("b (n × n entries)", nn, b.len())?;
    check::finite("a", a)?;
    check::finite("b", b)?;
    min_frobenius_normalised(a, b, n, ["a", "b"], "the matrix is zero")
}

/// [`min_frobenius_from_matrices`] on checked `n × n` matrices; `names` and
/// `zero_reason` make the error for a zero matrix.
fn min_frobenius_normalised<T: Scalar>(
    a: &[T],
    b: &[T],
    n: usize,
    names: [&'static str; 2],
    zero_reason: &'static str,
) -> Result<MinFrobenius<T>> {
    let normalised = |m: &[T], what: &'static str| -> Result<Vec<T>> {
        let norm = dot(m, m).sqrt();
        if norm.is_nan() || norm <= T::zero() {
            return Err(Error::Degenerate {
                what,
                reason: zero_reason,
            });
        }
        Ok(m.iter().map(|&v| v / norm).collect())
    };
    let an = normalised(a, names[0])?;
    let bn = normalised(b, names[1])?;
    let cost = assignment_cost(&an, &bn, n);
    let identity = (0..n)
        .map(|i| cost[i * n + i])
        .fold(T::zero(), |s, v| s + v);
    let sol = assignment::solve(&cost, n, n)?;
    Ok(MinFrobenius {
        value: sol.cost.max(T::zero()).sqrt(),
        permutation: sol.row_to_col,
        identity_value: identity.max(T::zero()).sqrt(),
    })
}

/// [`min_frobenius_from_matrices`] for two weight matrices on the same
/// number of points.
///
/// # Errors
/// [`Error::ShapeMismatch`] (naming `b`) if `b` has another number of
/// points than `a`; [`Error::NonFinite`] for a `+inf` weight (naming `a` or
/// `b`; the flat index is in the full `n × n` matrix); [`Error::Degenerate`]
/// for a zero matrix.
///
/// ```
/// use toporeg::{min_frobenius, min_frobenius_from_distances};
/// use toporeg::{DistanceMatrix, Metric, PointCloud};
/// let (xs, ys) = ([0.0, 1.0, 3.0], [0.0, 2.0, 6.0]);
/// let (x, y) = (PointCloud::new(&xs, 1)?, PointCloud::new(&ys, 1)?);
/// let a = DistanceMatrix::from_points(&x, Metric::Euclidean)?;
/// let b = DistanceMatrix::from_points(&y, Metric::Euclidean)?;
/// let r = min_frobenius_from_distances(&a, &b)?;
/// assert_eq!(r, min_frobenius(&x, &y)?);
/// assert!(r.value < 1e-15);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn min_frobenius_from_distances<T: Scalar>(
    a: &DistanceMatrix<T>,
    b: &DistanceMatrix<T>,
) -> Result<MinFrobenius<T>> {
    check::len("b (points, as many as a)", a.n_points(), b.n_points())?;
    min_frobenius_from_matrices(a.to_full().values(), b.to_full().values(), a.n_points())
}

/// `C_ij = ‖a_i - b_j‖²` over the rows of two `n × n` matrices (computed from
/// differences, not from the expansion, so that equal rows cost exactly 0).
fn assignment_cost<T: Scalar>(a: &[T], b: &[T], n: usize) -> Vec<T> {
    let mut cost = vec![T::zero(); n * n];
    let fill = |(i, row): (usize, &mut [T])| {
        let ai = &a[i * n..(i + 1) * n];
        for (c, bj) in row.iter_mut().zip(b.chunks_exact(n)) {
            *c = squared_euclidean(ai, bj);
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        cost.par_chunks_mut(n).enumerate().for_each(fill);
    }
    #[cfg(not(feature = "parallel"))]
    cost.chunks_mut(n).enumerate().for_each(fill);
    cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::representations::relative::tests::{matmul, random_orthogonal};
    use crate::representations::similarity::test_data::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn min_frobenius_is_the_brute_force_minimum(
            seed in any::<u64>(), n in 1usize..8, d in 1usize..4,
        ) {
            let mut rng = SplitMix64::new(seed);
            // Small integer coordinates: ties and repeated points included.
            let x: Vec<f64> = (0..n * d).map(|_| (rng.next_u64() % 4) as f64).collect();
            let y: Vec<f64> = (0..n * d).map(|_| (rng.next_u64() % 4) as f64).collect();
            let r = match min_frobenius(&pc(&x, d), &pc(&y, d)) {
                Ok(r) => r,
                Err(Error::Degenerate { .. }) => return Ok(()),
                Err(e) => panic!("{e}"),
            };
            let (a, b) = (distance_matrix(&pc(&x, d)).unwrap(), distance_matrix(&pc(&y, d)).unwrap());
            let (na, nb) = (dot(&a, &a).sqrt(), dot(&b, &b).sqrt());
            let objective = |p: &[usize]| -> f64 {
                (0..n)
                    .flat_map(|i| (0..n).map(move |j| (i, j)))
                    .map(|(i, j)| (a[i * n + j] / na - b[p[i] * n + j] / nb).powi(2))
                    .sum::<f64>()
                    .sqrt()
            };
            let mut perm: Vec<usize> = (0..n).collect();
            let mut best = f64::INFINITY;
            permutations(&mut perm, 0, &mut |p| best = best.min(objective(p)));
            prop_assert!((r.value - best).abs() < 1e-12, "{} vs {}", r.value, best);
            prop_assert!((objective(&r.permutation) - r.value).abs() < 1e-12);
            prop_assert!(r.value <= r.identity_value + 1e-15);
            let id: Vec<usize> = (0..n).collect();
            prop_assert!((objective(&id) - r.identity_value).abs() < 1e-12);
        }

        #[test]
        fn min_frobenius_of_a_scaled_copy_is_zero(
            seed in any::<u64>(), n in 2usize..20, d in 1usize..5, s in 0.01f64..100.0,
        ) {
            let mut rng = SplitMix64::new(seed);
            let x = rng.normals(n * d);
            let q = random_orthogonal(d, &mut rng);
            let y: Vec<f64> = matmul(&x, &q, d, d).iter().map(|v| s * v).collect();
            let r = min_frobenius(&pc(&x, d), &pc(&y, d)).unwrap();
            prop_assert!(r.value < 1e-7 && r.identity_value < 1e-7);
        }
    }

    fn permutations(p: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
        if k == p.len() {
            f(p);
            return;
        }
        for i in k..p.len() {
            p.swap(k, i);
            permutations(p, k + 1, f);
            p.swap(k, i);
        }
    }

    #[test]
    fn min_frobenius_keeps_row_permutations_only() {
        // Relabelling the points permutes rows and columns; a row permutation
        // alone does not undo it in general.
        let x = [0.0, 0.0, 1.0, 0.0, 0.0, 3.0, 7.0, 2.0];
        let y = [0.0, 3.0, 0.0, 0.0, 7.0, 2.0, 1.0, 0.0];
        let r = min_frobenius(&pc(&x, 2), &pc(&y, 2)).unwrap();
        assert!(r.value > 0.0 && r.value <= r.identity_value);
    }
}

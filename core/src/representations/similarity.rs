//! Similarity of two representations of the same inputs (spec §8): CKA
//! (linear and RBF), the minimum Frobenius distance between normalised
//! distance matrices, Procrustes analysis, and ε-similarity.
//!
//! Point sets are [`PointCloud`]s: `x` (`n` points in `R^dx`) and `y` (`n`
//! points in `R^dy`) hold the same `n` inputs seen by two models, point `i`
//! of one corresponding to point `i` of the other. Empty, ragged and
//! non-finite inputs are rejected by [`PointCloud::new`]; the functions here
//! report what is wrong with the pair, naming `x` or `y`.
//!
//! ```
//! use toporeg::{linear_cka, min_frobenius};
//! use toporeg::PointCloud;
//! let xs = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 3.0, 1.0];
//! let ys: Vec<f64> = xs.iter().map(|v| -2.5 * v).collect(); // a scaled reflection
//! let (x, y) = (PointCloud::new(&xs, 2)?, PointCloud::new(&ys, 2)?);
//! assert!((linear_cka(&x, &y)? - 1.0).abs() < 1e-12);
//! assert!(min_frobenius(&x, &y)?.value < 1e-12);
//! # Ok::<(), toporeg::Error>(())
//! ```

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::diagrams::assignment;
use crate::{DistanceMatrix, Error, PointCloud, Result, Scalar};

/// Checks that `y` has as many points as `x`; returns that number.
fn paired_rows<T: Scalar>(x: &PointCloud<'_, T>, y: &PointCloud<'_, T>) -> Result<usize> {
    check::len("y (points, as many as x)", x.n_points(), y.n_points())?;
    Ok(x.n_points())
}

/// Checks that `y` has as many coordinates per point as `x`.
fn same_dim<T: Scalar>(x: &PointCloud<'_, T>, y: &PointCloud<'_, T>) -> Result<()> {
    check::len("y (coordinates per point, as x)", x.dim(), y.dim())
}

/// The error for a point set whose points all coincide.
fn all_coincide(what: &'static str) -> Error {
    Error::Degenerate {
        what,
        reason: "all its points coincide",
    }
}

/// Subtracts the column means.
fn centered<T: Scalar>(data: &[T], dim: usize) -> Vec<T> {
    let n = data.len() / dim;
    let mut mean = vec![T::zero(); dim];
    for row in data.chunks_exact(dim) {
        for (m, &v) in mean.iter_mut().zip(row) {
            *m = *m + v;
        }
    }
    let inv_n = T::one() / T::of_usize(n);
    for m in &mut mean {
        *m = *m * inv_n;
    }
    data.chunks_exact(dim)
        .flat_map(|row| row.iter().zip(&mean).map(|(&v, &m)| v - m))
        .collect()
}

/// `‖Mᵀ N‖_F²` for row-major `M` (`n × p`) and `N` (`n × q`).
fn cross_sq_norm<T: Scalar>(m: &[T], p: usize, nn: &[T], q: usize) -> T {
    let mut acc = vec![T::zero(); p * q];
    for (mr, nr) in m.chunks_exact(p).zip(nn.chunks_exact(q)) {
        for (a, &mv) in mr.iter().enumerate() {
            let row = &mut acc[a * q..(a + 1) * q];
            for (r, &nv) in row.iter_mut().zip(nr) {
                *r = *r + mv * nv;
            }
        }
    }
    acc.iter().map(|&v| v * v).fold(T::zero(), |s, v| s + v)
}

/// `Σ_ij K_ij L_ij` for the Gram matrices `K = M Mᵀ`, `L = N Nᵀ`, computed
/// one row of `K` and `L` at a time.
fn gram_inner<T: Scalar>(m: &[T], p: usize, nn: &[T], q: usize) -> T {
    let mut total = T::zero();
    for (i, (mi, ni)) in m.chunks_exact(p).zip(nn.chunks_exact(q)).enumerate() {
        total = total + check::dot(mi, mi) * check::dot(ni, ni);
        let mut off = T::zero();
        for (mj, nj) in m.chunks_exact(p).zip(nn.chunks_exact(q)).take(i) {
            off = off + check::dot(mi, mj) * check::dot(ni, nj);
        }
        total = total + off + off;
    }
    total
}

/// Linear CKA of the `n × dx` matrix `X` of the points of `x` and the
/// `n × dy` matrix `Y` of those of `y`: `‖XᵀY‖_F² / (‖XᵀX‖_F ‖YᵀY‖_F)`
/// with centered columns.
///
/// Equals 1 when `Y = s X Q + b` for an orthogonal `Q`, a scale `s ≠ 0` and
/// a shift `b`; lies in `[0, 1]`. Computed from the `dx × dy` cross-covariance
/// when the dimensions are at most `n`, from the `n × n` Gram matrices (one
/// row at a time, `O(n)` extra memory) otherwise.
///
/// # Errors
/// [`Error::ShapeMismatch`] (naming `y`) when `y` does not have as many
/// points as `x`; [`Error::Degenerate`] (naming `x` or `y`) when all points
/// of a set coincide.
pub fn linear_cka<T: Scalar>(x: &PointCloud<'_, T>, y: &PointCloud<'_, T>) -> Result<T> {
    let n = paired_rows(x, y)?;
    let (dx, dy) = (x.dim(), y.dim());
    let cx = centered(x.as_slice(), dx);
    let cy = centered(y.as_slice(), dy);
    let (xy, xx, yy) = if dx.max(dy) <= n {
        (
            cross_sq_norm(&cx, dx, &cy, dy),
            cross_sq_norm(&cx, dx, &cx, dx),
            cross_sq_norm(&cy, dy, &cy, dy),
        )
    } else {
        (
            gram_inner(&cx, dx, &cy, dy),
            gram_inner(&cx, dx, &cx, dx),
            gram_inner(&cy, dy, &cy, dy),
        )
    };
    if xx <= T::zero() {
        return Err(all_coincide("x"));
    }
    if yy <= T::zero() {
        return Err(all_coincide("y"));
    }
    let denom = (xx * yy).sqrt();
    if denom.is_nan() || denom <= T::zero() {
        return Err(Error::Degenerate {
            what: "x and y",
            reason: "the CKA normalisation under- or overflows",
        });
    }
    Ok(xy / denom)
}

/// Euclidean distance matrix (`n × n`, row-major).
fn distance_matrix<T: Scalar>(cloud: &PointCloud<'_, T>) -> Vec<T> {
    let n = cloud.n_points();
    let mut d = vec![T::zero(); n * n];
    for i in 0..n {
        for j in 0..i {
            let v = check::sq_dist(cloud.point(i), cloud.point(j)).sqrt();
            d[i * n + j] = v;
            d[j * n + i] = v;
        }
    }
    d
}

/// Median of the off-diagonal entries `i < j` of a symmetric `n × n`
/// matrix (the mean of the two middle values for an even count).
fn median_off_diagonal<T: Scalar>(d: &[T], n: usize) -> T {
    let mut v: Vec<T> = (0..n)
        .flat_map(|i| (0..i).map(move |j| d[i * n + j]))
        .collect();
    let m = v.len();
    let cmp = |a: &T, b: &T| a.total_cmp(b);
    let (_, &mut upper, _) = v.select_nth_unstable_by(m / 2, cmp);
    if m % 2 == 1 {
        upper
    } else {
        let lower = v[..m / 2]
            .iter()
            .copied()
            .fold(T::neg_infinity(), |a, b| a.max(b));
        (lower + upper) * T::of(0.5)
    }
}

/// Double-centres a symmetric `n × n` matrix in place: `K ← H K H` with
/// `H = I - 11ᵀ/n`.
fn double_center<T: Scalar>(k: &mut [T], n: usize) {
    let inv_n = T::one() / T::of_usize(n);
    let means: Vec<T> = k
        .chunks_exact(n)
        .map(|r| r.iter().copied().fold(T::zero(), |s, v| s + v) * inv_n)
        .collect();
    let total = means.iter().copied().fold(T::zero(), |s, v| s + v) * inv_n;
    for (i, row) in k.chunks_exact_mut(n).enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = *v - means[i] - means[j] + total;
        }
    }
}

/// Centred RBF Gram matrix `H K H` with `K_ij = exp(-d_ij² / (2σ²))` and
/// `σ = fraction × median_{i<j} d_ij`; `what` names the set in errors.
fn centred_rbf_gram<T: Scalar>(
    what: &'static str,
    cloud: &PointCloud<'_, T>,
    fraction: T,
) -> Result<Vec<T>> {
    let n = cloud.n_points();
    let mut k = distance_matrix(cloud);
    let sigma = fraction * median_off_diagonal(&k, n);
    if sigma.is_nan() || sigma <= T::zero() {
        return Err(Error::Degenerate {
            what,
            reason: "the median pairwise distance is 0",
        });
    }
    let c = T::one() / (T::of(2.0) * sigma * sigma);
    for v in &mut k {
        *v = (-(*v * *v) * c).exp();
    }
    double_center(&mut k, n);
    Ok(k)
}

/// RBF (Gaussian kernel) CKA: `⟨HKH, HLH⟩_F / (‖HKH‖_F ‖HLH‖_F)` with
/// `K_ij = exp(-‖x_i - x_j‖² / (2σ_x²))` and likewise `L` for `y`.
///
/// The bandwidth of each set is `σ = sigma_fraction × (median of its
/// pairwise distances over the pairs i < j)`, so the value is invariant to
/// orthogonal maps, isotropic scaling and shifts of either set. (Kornblith et
/// al.'s reference code takes the median of all `n²` squared distances,
/// diagonal zeros included; for large `n` the two agree closely.) Uses
/// `O(n²)` memory.
///
/// # Errors
/// As [`linear_cka`], plus [`Error::InvalidParameter`] if `sigma_fraction`
/// is not finite and positive, [`Error::Degenerate`] (naming `x` or `y`) if
/// a median distance is 0 (which includes `n = 1`).
///
/// ```
/// use toporeg::rbf_cka;
/// use toporeg::PointCloud;
/// let xs = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 3.0, 1.0];
/// let ys: Vec<f64> = xs.iter().map(|v| 4.0 * v + 1.0).collect();
/// let (x, y) = (PointCloud::new(&xs, 2)?, PointCloud::new(&ys, 2)?);
/// assert!((rbf_cka(&x, &y, 0.5)? - 1.0).abs() < 1e-12);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn rbf_cka<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    sigma_fraction: f64,
) -> Result<T> {
    check::positive("sigma_fraction", sigma_fraction)?;
    paired_rows(x, y)?;
    let f = T::of(sigma_fraction);
    let k = centred_rbf_gram("x", x, f)?;
    let l = centred_rbf_gram("y", y, f)?;
    let kl = check::dot(&k, &l);
    let (kk, ll) = (check::dot(&k, &k), check::dot(&l, &l));
    let zero_kernel = |what| Error::Degenerate {
        what,
        reason: "its centred kernel matrix is 0",
    };
    if kk <= T::zero() {
        return Err(zero_kernel("x"));
    }
    if ll <= T::zero() {
        return Err(zero_kernel("y"));
    }
    let denom = (kk * ll).sqrt();
    if denom.is_nan() || denom <= T::zero() {
        return Err(Error::Degenerate {
            what: "x and y",
            reason: "the CKA normalisation under- or overflows",
        });
    }
    Ok(kl / denom)
}

/// The result of [`min_frobenius`].
#[derive(Debug, Clone, PartialEq)]
pub struct MinFrobenius<T> {
    /// `min_P ‖A/‖A‖_F - P B/‖B‖_F‖_F`.
    pub value: T,
    /// The optimal row permutation: row `i` of `A` is matched with row
    /// `permutation[i]` of `B`, i.e. `(P B)_i = B_{permutation[i]}`.
    pub permutation: Vec<usize>,
    /// The value at the identity permutation, `‖A/‖A‖_F - B/‖B‖_F‖_F`
    /// (an upper bound of `value`).
    pub identity_value: T,
}

/// Minimum Frobenius distance between the normalised Euclidean distance
/// matrices of `x` and `y` over row permutations (see
/// [`min_frobenius_from_matrices`]).
///
/// # Errors
/// As [`linear_cka`]; [`Error::Degenerate`] (naming `x` or `y`) if all
/// points of a set coincide (a zero distance matrix cannot be normalised).
pub fn min_frobenius<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
) -> Result<MinFrobenius<T>> {
    let n = paired_rows(x, y)?;
    min_frobenius_normalised(
        &distance_matrix(x),
        &distance_matrix(y),
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
        let norm = check::dot(m, m).sqrt();
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
    min_frobenius_from_matrices(&a.to_full(), &b.to_full(), a.n_points())
}

/// `C_ij = ‖a_i - b_j‖²` over the rows of two `n × n` matrices (computed from
/// differences, not from the expansion, so that equal rows cost exactly 0).
fn assignment_cost<T: Scalar>(a: &[T], b: &[T], n: usize) -> Vec<T> {
    let mut cost = vec![T::zero(); n * n];
    let fill = |(i, row): (usize, &mut [T])| {
        let ai = &a[i * n..(i + 1) * n];
        for (c, bj) in row.iter_mut().zip(b.chunks_exact(n)) {
            *c = check::sq_dist(ai, bj);
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

/// The result of [`procrustes`], as `scipy.spatial.procrustes` defines it.
#[derive(Debug, Clone, PartialEq)]
pub struct Procrustes<T> {
    /// `Σ (X̂ - Ŷ_aligned)²`, in `[0, 1]`.
    pub disparity: T,
    /// `X` centred and scaled to unit Frobenius norm (`n × d`).
    pub x: Vec<T>,
    /// `Y` centred, scaled to unit norm, then mapped: `s Ŷ Rᵀ` (`n × d`).
    pub y_aligned: Vec<T>,
    /// The orthogonal `d × d` matrix `R` (row-major); it may be a reflection.
    pub rotation: Vec<T>,
    /// The scale `s` (the sum of the singular values of `X̂ᵀ Ŷ`).
    pub scale: T,
}

/// Procrustes analysis of two sets of `n` points in `R^d`, as
/// `scipy.spatial.procrustes(x, y)` defines it: centre both, scale both to
/// unit Frobenius norm (`X̂`, `Ŷ`), take the orthogonal `R` and scale `s`
/// minimising `‖X̂ - s Ŷ Rᵀ‖_F` (`R = U Vᵀ` from the SVD `X̂ᵀ Ŷ = U Σ Vᵀ`,
/// `s = tr Σ`), and report the disparity `‖X̂ - s Ŷ Rᵀ‖_F² = 1 - s²`.
///
/// The `d × d` SVD is computed in `f64` with nalgebra; the outputs are
/// converted back to `T`.
///
/// # Errors
/// As [`linear_cka`], plus [`Error::ShapeMismatch`] (naming `y`) when the
/// two sets have different dimensions; [`Error::Degenerate`] (naming `x` or
/// `y`) when a set has fewer than two distinct points (scipy: "Input
/// matrices must contain >1 unique points") or if the SVD does not converge.
///
/// ```
/// use toporeg::procrustes;
/// use toporeg::PointCloud;
/// let xs = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0];
/// let ys = [5.0, 5.0, 5.0, 7.0, 1.0, 5.0]; // x rotated by 90°, scaled by 2, shifted
/// let p = procrustes(&PointCloud::new(&xs, 2)?, &PointCloud::new(&ys, 2)?)?;
/// assert!(p.disparity < 1e-12);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn procrustes<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
) -> Result<Procrustes<T>> {
    let n = paired_rows(x, y)?;
    same_dim(x, y)?;
    let dim = x.dim();
    let unit = |m: &PointCloud<'_, T>, what: &'static str| -> Result<Vec<f64>> {
        let c: Vec<f64> = centered(m.as_slice(), dim)
            .iter()
            .map(|v| v.as_f64())
            .collect();
        let norm = c.iter().map(|v| v * v).sum::<f64>();
        let norm = libm::sqrt(norm);
        if norm.is_nan() || norm <= 0.0 {
            return Err(Error::Degenerate {
                what,
                reason: "it must contain more than one distinct point",
            });
        }
        Ok(c.iter().map(|v| v / norm).collect())
    };
    let xs = unit(x, "x")?;
    let ys = unit(y, "y")?;
    let xm = nalgebra::DMatrix::from_row_slice(n, dim, &xs);
    let ym = nalgebra::DMatrix::from_row_slice(n, dim, &ys);
    let m = xm.transpose() * &ym;
    let no_svd = Error::Degenerate {
        what: "x and y",
        reason: "the singular value decomposition did not converge",
    };
    let svd = m
        .try_svd(true, true, f64::EPSILON, 10_000)
        .ok_or(no_svd.clone())?;
    let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
        return Err(no_svd);
    };
    let r = u * v_t;
    let s: f64 = svd.singular_values.iter().sum();
    let aligned = (&ym * r.transpose()) * s;
    let disparity: f64 = (&xm - &aligned).iter().map(|v| v * v).sum();
    let rows = |m: &nalgebra::DMatrix<f64>| -> Vec<T> {
        (0..m.nrows())
            .flat_map(|i| (0..m.ncols()).map(move |j| T::of(m[(i, j)])))
            .collect()
    };
    Ok(Procrustes {
        disparity: T::of(disparity),
        x: xs.iter().map(|&v| T::of(v)).collect(),
        y_aligned: rows(&aligned),
        rotation: rows(&r),
        scale: T::of(s),
    })
}

/// How [`best_scale`] fits the scale α of an ε-similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ScaleFit {
    /// Minimises `Σ_{i<j} (d(Tx_i, Tx_j) - α d(x_i, x_j))²`:
    /// `α = Σ d_X d_Y / Σ d_X²`. `O(n² d)` time, `O(1)` memory.
    LeastSquares,
    /// Minimises `max_{i<j} |d(Tx_i, Tx_j) - α d(x_i, x_j)|`, i.e. the
    /// smallest ε for which the map is an ε-similarity. The maximum is
    /// convex and piecewise linear in α; the minimum is where its increasing
    /// and decreasing envelopes cross, found by bisection to floating-point
    /// resolution. `O(n²)` memory (the pair distances).
    Minimax,
}

/// Checks an index map `map` (point `i` of `x` goes to point `map[i]` of
/// `y`) and returns `n`.
fn check_map<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    map: &[usize],
) -> Result<usize> {
    let n = paired_rows(x, y)?;
    check::len("map (one image per point)", n, map.len())?;
    let mut seen = vec![false; n];
    for (i, &j) in map.iter().enumerate() {
        if j >= n || seen[j] {
            return Err(Error::InvalidParameter {
                name: "map",
                reason: alloc::format!(
                    "not a bijection: map[{i}] = {j} is out of range or repeated"
                ),
            });
        }
        seen[j] = true;
    }
    Ok(n)
}

/// Calls `f(d(x_i, x_j), d(y_map[i], y_map[j]))` for every pair `i < j`.
fn for_pairs<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    map: &[usize],
    mut f: impl FnMut(T, T),
) {
    let n = map.len();
    for i in 0..n {
        for j in 0..i {
            let a = check::sq_dist(x.point(i), x.point(j)).sqrt();
            let b = check::sq_dist(y.point(map[i]), y.point(map[j])).sqrt();
            f(a, b);
        }
    }
}

/// The smallest ε for which `x_i ↦ y_{map[i]}` is an ε-similarity with
/// scale `alpha`: `max_{i<j} |d(y_map[i], y_map[j]) - α d(x_i, x_j)|`
/// (Euclidean distances; 0 for a single point). `O(n² d)` time, `O(n)`
/// memory.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `y` does not have as many points as `x`
/// (naming `y`) or `map.len() != n` (naming `map`);
/// [`Error::InvalidParameter`] if `map` is not a bijection of `0..n`;
/// [`Error::NonFinite`] if `alpha` is not finite.
///
/// ```
/// use toporeg::{epsilon_similarity, is_epsilon_similar};
/// use toporeg::PointCloud;
/// let xs = [0.0, 0.0, 3.0, 0.0, 0.0, 4.0];
/// let ys = [0.0, 8.0, 0.0, 0.0, 6.0, 0.0]; // 2x, points listed in another order
/// let (x, y) = (PointCloud::new(&xs, 2)?, PointCloud::new(&ys, 2)?);
/// let map = [1, 2, 0];
/// assert_eq!(epsilon_similarity(&x, &y, &map, 2.0)?, 0.0);
/// assert!(is_epsilon_similar(&x, &y, &map, 1.9, 1.0)?);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn epsilon_similarity<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    map: &[usize],
    alpha: T,
) -> Result<T> {
    check_map(x, y, map)?;
    check::finite("alpha", &[alpha])?;
    let mut worst = T::zero();
    for_pairs(x, y, map, |a, b| worst = worst.max((b - alpha * a).abs()));
    Ok(worst)
}

/// Whether `x_i ↦ y_{map[i]}` is an ε-similarity with scale `alpha`:
/// `|d(Tx_i, Tx_j) - α d(x_i, x_j)| ≤ ε` for all pairs. Errors as
/// [`epsilon_similarity`], plus [`Error::NonFinite`] for a non-finite `eps`.
pub fn is_epsilon_similar<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    map: &[usize],
    alpha: T,
    eps: T,
) -> Result<bool> {
    check::finite("eps", &[eps])?;
    Ok(epsilon_similarity(x, y, map, alpha)? <= eps)
}

/// The best scale α for the map `x_i ↦ y_{map[i]}`, in the sense of `fit`
/// (see [`ScaleFit`]); `α ≥ 0`.
///
/// # Errors
/// As [`epsilon_similarity`]; [`Error::Degenerate`] (naming `x`) if all
/// points of `x` coincide (every α fits equally).
///
/// ```
/// use toporeg::{best_scale, ScaleFit};
/// use toporeg::PointCloud;
/// let xs = [0.0_f64, 0.0, 3.0, 0.0, 0.0, 4.0];
/// let ys = [0.0, 8.0, 0.0, 0.0, 6.0, 0.0];
/// let (x, y) = (PointCloud::new(&xs, 2)?, PointCloud::new(&ys, 2)?);
/// for fit in [ScaleFit::LeastSquares, ScaleFit::Minimax] {
///     assert!((best_scale(&x, &y, &[1, 2, 0], fit)? - 2.0).abs() < 1e-12);
/// }
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn best_scale<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
    map: &[usize],
    fit: ScaleFit,
) -> Result<T> {
    check_map(x, y, map)?;
    let degenerate = all_coincide("x");
    match fit {
        ScaleFit::LeastSquares => {
            let (mut xy, mut xx) = (T::zero(), T::zero());
            for_pairs(x, y, map, |a, b| {
                xy = xy + a * b;
                xx = xx + a * a;
            });
            if xx.is_nan() || xx <= T::zero() {
                return Err(degenerate);
            }
            Ok(xy / xx)
        }
        ScaleFit::Minimax => {
            let mut pairs = Vec::new();
            for_pairs(x, y, map, |a, b| pairs.push((a, b)));
            if !pairs.iter().any(|&(a, _)| a > T::zero()) {
                return Err(degenerate);
            }
            Ok(minimax_scale(&pairs))
        }
    }
}

/// `argmin_{α ≥ 0} max_p |b_p - α a_p|` for `a_p ≥ 0`, some `a_p > 0`.
///
/// `up(α) = max_p (b_p - α a_p)` does not increase and `down(α) =
/// max_p (α a_p - b_p)` does not decrease; the objective is their maximum,
/// smallest where they cross (or at α = 0 if `down` is already the larger
/// there).
fn minimax_scale<T: Scalar>(pairs: &[(T, T)]) -> T {
    let envelopes = |alpha: T| -> (T, T) {
        pairs
            .iter()
            .fold((T::neg_infinity(), T::neg_infinity()), |(u, d), &(a, b)| {
                (u.max(b - alpha * a), d.max(alpha * a - b))
            })
    };
    let objective = |alpha: T| {
        let (u, d) = envelopes(alpha);
        u.max(d)
    };
    let gap = |alpha: T| {
        let (u, d) = envelopes(alpha);
        u - d
    };
    let mut lo = T::zero();
    if gap(lo) <= T::zero() {
        return lo;
    }
    let mut hi = T::one();
    while gap(hi) > T::zero() {
        lo = hi;
        hi = hi * T::of(2.0);
    }
    loop {
        let mid = (lo + hi) * T::of(0.5);
        if !(mid > lo && mid < hi) {
            break;
        }
        if gap(mid) > T::zero() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if objective(lo) <= objective(hi) {
        lo
    } else {
        hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::representations::relative::tests::{matmul, random_orthogonal};
    use crate::testing::Rng;
    use proptest::prelude::*;

    fn pc<T: Scalar>(x: &[T], d: usize) -> PointCloud<'_, T> {
        PointCloud::new(x, d).unwrap()
    }

    /// The data and answers computed once with scipy 1.17.1 / numpy
    /// (`scipy.spatial.procrustes(X, Y)`, and linear and RBF CKA written out
    /// with explicit centring matrices).
    const X: [f64; 21] = [
        0.12, -1.30, 2.05, 1.77, 0.41, -0.63, -0.95, 0.88, 0.27, 2.31, -0.54, 1.12, -1.48, -2.07,
        0.36, 0.59, 1.94, -1.71, 0.03, 0.66, 0.95,
    ];
    const Y: [f64; 21] = [
        1.05, 0.22, -0.47, -0.31, 1.63, 0.80, 0.74, -1.12, 1.96, -2.20, 0.09, -0.58, 0.46, 2.35,
        1.27, 1.88, -0.76, -1.34, -0.62, -0.18, 0.51,
    ];
    const SCIPY_DISPARITY: f64 = 0.5917296031228363;
    const SCIPY_ALIGNED_Y: [f64; 21] = [
        0.00685095235076884,
        0.04778930399441906,
        -0.13641122514660597,
        -0.01544326574198552,
        -0.1731318490495432,
        0.03720304592279657,
        -0.19937805610502,
        0.15403944465121427,
        0.10816939427580903,
        0.2586829929578663,
        -0.01633794460873273,
        0.15828268368140277,
        -0.1184919498582295,
        -0.24621261481193615,
        -0.02159850883898916,
        0.02968871913503896,
        0.1982344118357978,
        -0.2455726758269016,
        0.03809060726156088,
        0.03561924798878087,
        0.09992728593248836,
    ];
    const NUMPY_LINEAR_CKA: f64 = 0.4039063506552461;
    /// With `sigma_fraction = 0.8` and the median over pairs `i < j`.
    const NUMPY_RBF_CKA: f64 = 0.575453414387214;

    #[test]
    fn procrustes_matches_scipy() {
        let p = procrustes(&pc(&X, 3), &pc(&Y, 3)).unwrap();
        assert!(
            (p.disparity - SCIPY_DISPARITY).abs() < 1e-12,
            "{}",
            p.disparity
        );
        for (a, b) in p.y_aligned.iter().zip(&SCIPY_ALIGNED_Y) {
            assert!((a - b).abs() < 1e-12);
        }
        assert!((p.disparity - (1.0 - p.scale * p.scale)).abs() < 1e-12);
    }

    #[test]
    fn cka_matches_numpy() {
        assert!((linear_cka(&pc(&X, 3), &pc(&Y, 3)).unwrap() - NUMPY_LINEAR_CKA).abs() < 1e-12);
        assert!((rbf_cka(&pc(&X, 3), &pc(&Y, 3), 0.8).unwrap() - NUMPY_RBF_CKA).abs() < 1e-12);
    }

    #[test]
    fn procrustes_recovers_a_known_rotation() {
        let mut rng = Rng::new(7);
        let (n, d) = (9, 4);
        let x = rng.normals(n * d);
        let q = random_orthogonal(d, &mut rng);
        // y = 3 x Q + shift, so ŷ = x̂ Q, X̂ᵀŶ = (X̂ᵀX̂) Q and R = Q: ŷ Rᵀ = x̂.
        let y: Vec<f64> = matmul(&x, &q, d, d)
            .iter()
            .enumerate()
            .map(|(i, v)| 3.0 * v + (i % d) as f64)
            .collect();
        let p = procrustes(&pc(&x, d), &pc(&y, d)).unwrap();
        assert!(p.disparity < 1e-20);
        assert!((p.scale - 1.0).abs() < 1e-12);
        for (a, b) in p.rotation.iter().zip(&q) {
            assert!((a - b).abs() < 1e-10, "{a} vs {b}");
        }
        for (a, b) in p.x.iter().zip(&p.y_aligned) {
            assert!((a - b).abs() < 1e-12);
        }
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let y32: Vec<f32> = y.iter().map(|&v| v as f32).collect();
        let p32 = procrustes(&pc(&x32, d), &pc(&y32, d)).unwrap();
        assert!(p32.disparity < 1e-6);
    }

    /// CKA straight from the definition with `n × n` centring matrices.
    fn naive_linear_cka(x: &[f64], dx: usize, y: &[f64], dy: usize) -> f64 {
        let n = x.len() / dx;
        let gram = |m: &[f64], d: usize| -> Vec<f64> {
            let mut k = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    k[i * n + j] = (0..d).map(|t| m[i * d + t] * m[j * d + t]).sum();
                }
            }
            let h: Vec<f64> = (0..n * n)
                .map(|e| f64::from(u8::from(e / n == e % n)) - 1.0 / n as f64)
                .collect();
            matmul(&matmul(&h, &k, n, n), &h, n, n)
        };
        let k = gram(x, dx);
        let l = gram(y, dy);
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
        dot(&k, &l) / (dot(&k, &k) * dot(&l, &l)).sqrt()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn cka_is_one_under_scaled_orthogonal_maps(
            seed in any::<u64>(), n in 3usize..15, d in 1usize..6, s in 0.01f64..50.0,
        ) {
            let mut rng = Rng::new(seed);
            let x = rng.normals(n * d);
            let q = random_orthogonal(d, &mut rng);
            let y: Vec<f64> = matmul(&x, &q, d, d).iter().map(|v| s * v + 1.5).collect();
            prop_assert!((linear_cka(&pc(&x, d), &pc(&y, d)).unwrap() - 1.0).abs() < 1e-10);
            prop_assert!((rbf_cka(&pc(&x, d), &pc(&y, d), 0.7).unwrap() - 1.0).abs() < 1e-10);
        }

        #[test]
        fn linear_cka_agrees_with_the_definition_in_both_forms(
            seed in any::<u64>(), n in 2usize..8, dx in 1usize..12, dy in 1usize..12,
        ) {
            let mut rng = Rng::new(seed);
            let x = rng.normals(n * dx);
            let y = rng.normals(n * dy);
            let v = linear_cka(&pc(&x, dx), &pc(&y, dy)).unwrap();
            prop_assert!((v - naive_linear_cka(&x, dx, &y, dy)).abs() < 1e-10);
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&v));
        }

        #[test]
        fn min_frobenius_is_the_brute_force_minimum(
            seed in any::<u64>(), n in 1usize..8, d in 1usize..4,
        ) {
            let mut rng = Rng::new(seed);
            // Small integer coordinates: ties and repeated points included.
            let x: Vec<f64> = (0..n * d).map(|_| (rng.next_u64() % 4) as f64).collect();
            let y: Vec<f64> = (0..n * d).map(|_| (rng.next_u64() % 4) as f64).collect();
            let r = match min_frobenius(&pc(&x, d), &pc(&y, d)) {
                Ok(r) => r,
                Err(Error::Degenerate { .. }) => return Ok(()),
                Err(e) => panic!("{e}"),
            };
            let (a, b) = (distance_matrix(&pc(&x, d)), distance_matrix(&pc(&y, d)));
            let (na, nb) = (check::dot(&a, &a).sqrt(), check::dot(&b, &b).sqrt());
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
            let mut rng = Rng::new(seed);
            let x = rng.normals(n * d);
            let q = random_orthogonal(d, &mut rng);
            let y: Vec<f64> = matmul(&x, &q, d, d).iter().map(|v| s * v).collect();
            let r = min_frobenius(&pc(&x, d), &pc(&y, d)).unwrap();
            prop_assert!(r.value < 1e-7 && r.identity_value < 1e-7);
        }

        #[test]
        fn minimax_scale_is_optimal_and_no_worse_than_least_squares(
            seed in any::<u64>(), n in 2usize..10, d in 1usize..4,
        ) {
            let mut rng = Rng::new(seed);
            let x = rng.normals(n * d);
            let y: Vec<f64> = x.iter().map(|v| 1.7 * v + 0.2 * rng.normal()).collect();
            let map: Vec<usize> = (0..n).collect();
            let mm = best_scale(&pc(&x, d), &pc(&y, d), &map, ScaleFit::Minimax).unwrap();
            let ls = best_scale(&pc(&x, d), &pc(&y, d), &map, ScaleFit::LeastSquares).unwrap();
            let eps = |a: f64| epsilon_similarity(&pc(&x, d), &pc(&y, d), &map, a).unwrap();
            prop_assert!(eps(mm) <= eps(ls) + 1e-12);
            for k in 0..=100 {
                let a = 4.0 * k as f64 / 100.0;
                prop_assert!(eps(mm) <= eps(a) + 1e-12);
            }
            prop_assert!(eps(mm) <= eps(mm * (1.0 + 1e-9)) + 1e-15);
            prop_assert!(eps(mm) <= eps(mm * (1.0 - 1e-9)) + 1e-15);
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
    fn epsilon_similarity_of_a_permuted_similar_copy() {
        let mut rng = Rng::new(21);
        let (n, d) = (12, 3);
        let x = rng.normals(n * d);
        let q = random_orthogonal(d, &mut rng);
        let moved: Vec<f64> = matmul(&x, &q, d, d).iter().map(|v| 0.3 * v + 2.0).collect();
        // y lists the moved points in a shuffled order; map[i] is where x_i went.
        let map: Vec<usize> = (0..n).map(|i| (i * 5) % n).collect();
        let mut y = vec![0.0; n * d];
        for i in 0..n {
            y[map[i] * d..(map[i] + 1) * d].copy_from_slice(&moved[i * d..(i + 1) * d]);
        }
        for fit in [ScaleFit::LeastSquares, ScaleFit::Minimax] {
            let a = best_scale(&pc(&x, d), &pc(&y, d), &map, fit).unwrap();
            assert!((a - 0.3).abs() < 1e-12, "{fit:?}: {a}");
        }
        assert!(epsilon_similarity(&pc(&x, d), &pc(&y, d), &map, 0.3).unwrap() < 1e-12);
        assert!(!is_epsilon_similar(&pc(&x, d), &pc(&y, d), &map, 0.5, 1e-3).unwrap());
        let identity: Vec<usize> = (0..n).collect();
        assert!(epsilon_similarity(&pc(&x, d), &pc(&y, d), &identity, 0.3).unwrap() > 0.1);
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

    #[test]
    fn bad_input_gives_typed_errors() {
        let xs = [0.0, 1.0, 2.0, 3.0];
        let x = pc(&xs, 2);
        // Clouds built from raw slices: their own errors come first.
        let cloud = |v: &'static [f64], d| PointCloud::new(v, d);
        assert!(matches!(
            linear_cka(&x, &pc(&[0.0, 1.0], 2)),
            Err(Error::ShapeMismatch {
                what: "y (points, as many as x)",
                expected: 2,
                found: 1,
            })
        ));
        assert!(matches!(
            cloud(&[0.0, f64::NAN, 1.0, 1.0], 2).and_then(|y| min_frobenius(&x, &y)),
            Err(Error::NonFinite { .. })
        ));
        assert!(matches!(
            cloud(&[], 2).and_then(|y| procrustes(&y, &y)),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            procrustes(&x, &pc(&[1.0, 1.0, 1.0, 1.0], 2)),
            Err(Error::Degenerate { what: "y", .. })
        ));
        assert!(matches!(
            procrustes(&pc(&[1.0, 1.0, 1.0, 1.0], 2), &x),
            Err(Error::Degenerate { what: "x", .. })
        ));
        assert!(matches!(
            procrustes(&x, &pc(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], 3)),
            Err(Error::ShapeMismatch {
                what: "y (coordinates per point, as x)",
                expected: 2,
                found: 3,
            })
        ));
        assert!(matches!(
            linear_cka(&x, &pc(&[1.0, 1.0, 1.0, 1.0], 2)),
            Err(Error::Degenerate { what: "y", .. })
        ));
        assert!(matches!(
            linear_cka(&pc(&[1.0, 1.0, 1.0, 1.0], 2), &x),
            Err(Error::Degenerate { what: "x", .. })
        ));
        assert!(matches!(
            rbf_cka(&x, &x, 0.0),
            Err(Error::InvalidParameter {
                name: "sigma_fraction",
                ..
            })
        ));
        assert!(matches!(
            rbf_cka(
                &pc(&[1.0, 1.0, 1.0, 1.0, 2.0], 1),
                &pc(&[0.0, 1.0, 2.0, 3.0, 4.0], 1),
                1.0
            ),
            Err(Error::Degenerate { what: "x", .. })
        ));
        assert!(matches!(
            min_frobenius(&x, &pc(&[1.0, 1.0, 1.0, 1.0], 2)),
            Err(Error::Degenerate { what: "y", .. })
        ));
        assert!(matches!(
            min_frobenius_from_matrices(&[0.0; 4], &[0.0, 1.0, 1.0, 0.0], 2),
            Err(Error::Degenerate { what: "a", .. })
        ));
        assert!(matches!(
            min_frobenius_from_matrices(&[0.0; 4], &[0.0; 3], 2),
            Err(Error::ShapeMismatch { what, .. }) if what.starts_with('b')
        ));
        assert!(matches!(
            min_frobenius_from_matrices(&[0.0, 1.0, 1.0, f64::NAN], &[0.0; 4], 2),
            Err(Error::NonFinite {
                what: "a",
                index: 3,
                ..
            })
        ));
        assert!(matches!(
            min_frobenius_from_matrices::<f64>(&[], &[], 0),
            Err(Error::Empty { .. })
        ));
        let dm = |v: Vec<f64>| DistanceMatrix::from_lower(v).unwrap();
        assert!(matches!(
            min_frobenius_from_distances(&dm(vec![1.0]), &dm(vec![1.0, 2.0, 3.0])),
            Err(Error::ShapeMismatch { what, expected: 2, found: 3 }) if what.starts_with('b')
        ));
        assert!(matches!(
            min_frobenius_from_distances(&dm(vec![1.0]), &dm(vec![f64::INFINITY])),
            Err(Error::NonFinite {
                what: "b",
                index: 1,
                ..
            })
        ));
        for map in [&[0, 0][..], &[0, 2][..]] {
            assert!(matches!(
                epsilon_similarity(&x, &x, map, 1.0),
                Err(Error::InvalidParameter { name: "map", .. })
            ));
        }
        assert!(matches!(
            epsilon_similarity(&x, &x, &[0], 1.0),
            Err(Error::ShapeMismatch { what, .. }) if what.starts_with("map")
        ));
        assert!(matches!(
            epsilon_similarity(&x, &x, &[0, 1], f64::NAN),
            Err(Error::NonFinite { what: "alpha", .. })
        ));
        assert!(matches!(
            is_epsilon_similar(&x, &x, &[0, 1], 1.0, f64::INFINITY),
            Err(Error::NonFinite { what: "eps", .. })
        ));
        assert!(matches!(
            best_scale(
                &pc(&[1.0, 1.0], 1),
                &pc(&[0.0, 1.0], 1),
                &[0, 1],
                ScaleFit::Minimax
            ),
            Err(Error::Degenerate { what: "x", .. })
        ));
    }
}

//! ε-similarity of a map between two point sets, and the best scale.

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::error::{Error, Result};
use crate::persistence::metric::squared_euclidean;
use crate::persistence::points::PointCloud;
use crate::representations::similarity::{all_coincide, paired_rows};
use crate::scalar::Scalar;

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
            let a = squared_euclidean(x.point(i), x.point(j)).sqrt();
            let b = squared_euclidean(y.point(map[i]), y.point(map[j])).sqrt();
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
    alpha: f64,
) -> Result<T> {
    check_map(x, y, map)?;
    check::finite("alpha", &[alpha])?;
    let alpha = T::of(alpha);
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
    alpha: f64,
    eps: f64,
) -> Result<bool> {
    check::finite("eps", &[eps])?;
    Ok(epsilon_similarity(x, y, map, alpha)? <= T::of(eps))
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
    use crate::representations::similarity::test_data::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn minimax_scale_is_optimal_and_no_worse_than_least_squares(
            seed in any::<u64>(), n in 2usize..10, d in 1usize..4,
        ) {
            let mut rng = SplitMix64::new(seed);
            let x = rng.normals(n * d);
            let y: Vec<f64> = x.iter().map(|v| 1.7 * v + 0.2 * rng.gaussian()).collect();
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

    #[test]
    fn epsilon_similarity_of_a_permuted_similar_copy() {
        let mut rng = SplitMix64::new(21);
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
}

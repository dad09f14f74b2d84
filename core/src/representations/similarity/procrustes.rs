//! Procrustes analysis, as `scipy.spatial.procrustes` defines it (behind
//! the `procrustes` feature: it needs nalgebra for the SVD).

use alloc::vec::Vec;

use crate::check;
use crate::error::{Error, Result};
use crate::persistence::points::PointCloud;
use crate::representations::similarity::{centered, paired_rows};
use crate::scalar::Scalar;

/// Checks that `y` has as many coordinates per point as `x`.
fn same_dim<T: Scalar>(x: &PointCloud<'_, T>, y: &PointCloud<'_, T>) -> Result<()> {
    check::len("y (coordinates per point, as x)", x.dim(), y.dim())
}

/// The result of [`procrustes`], as `scipy.spatial.procrustes` defines it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "T: Scalar"))]
pub struct Procrustes<T> {
    /// `Σ (X̂ - Ŷ_aligned)²`, in `[0, 1]`.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    pub disparity: T,
    /// `X` centred and scaled to unit Frobenius norm (`n × d`).
    #[cfg_attr(feature = "serde", serde(with = "crate::coordinate::serde_impl::list"))]
    pub x: Vec<T>,
    /// `Y` centred, scaled to unit norm, then mapped: `s Ŷ Rᵀ` (`n × d`).
    #[cfg_attr(feature = "serde", serde(with = "crate::coordinate::serde_impl::list"))]
    pub y_aligned: Vec<T>,
    /// The orthogonal `d × d` matrix `R` (row-major); it may be a reflection.
    #[cfg_attr(feature = "serde", serde(with = "crate::coordinate::serde_impl::list"))]
    pub rotation: Vec<T>,
    /// The scale `s` (the sum of the singular values of `X̂ᵀ Ŷ`).
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
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
/// As [`linear_cka`](crate::representations::similarity::cka::linear_cka), plus [`Error::ShapeMismatch`] (naming `y`) when the
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::representations::relative::tests::{matmul, random_orthogonal};
    use crate::representations::similarity::test_data::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;

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
    fn procrustes_recovers_a_known_rotation() {
        let mut rng = SplitMix64::new(7);
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
}

//! Similarity of two representations of the same inputs: CKA
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
//!
//! One file per measure: [`cka`] (linear and RBF CKA), [`min_frobenius`],
//! [`procrustes`] (with the `procrustes` feature) and [`epsilon`]
//! (ε-similarity). All of them measure distances with the shared kernels
//! of [`crate::persistence::metric`].

pub(crate) mod cka;
pub(crate) mod epsilon;
pub(crate) mod min_frobenius;
#[cfg(feature = "procrustes")]
pub(crate) mod procrustes;

use alloc::vec;
use alloc::vec::Vec;

use crate::check;
use crate::error::{Error, Result};
use crate::persistence::distance::FullMatrix;
use crate::persistence::metric::Metric;
use crate::persistence::points::PointCloud;
use crate::scalar::Scalar;

/// Checks that `y` has as many points as `x`; returns that number.
pub(crate) fn paired_rows<T: Scalar>(
    x: &PointCloud<'_, T>,
    y: &PointCloud<'_, T>,
) -> Result<usize> {
    check::len("y (points, as many as x)", x.n_points(), y.n_points())?;
    Ok(x.n_points())
}

/// The error for a point set whose points all coincide.
pub(crate) fn all_coincide(what: &'static str) -> Error {
    Error::Degenerate {
        what,
        reason: "all its points coincide",
    }
}

/// Subtracts the column means.
pub(crate) fn centered<T: Scalar>(data: &[T], dim: usize) -> Vec<T> {
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

/// The Euclidean distance matrix (`n × n`, row-major), from the shared
/// distance layer.
///
/// # Errors
/// [`Error::IndexOverflow`] when `n²` does not fit in memory indices.
pub(crate) fn distance_matrix<T: Scalar>(cloud: &PointCloud<'_, T>) -> Result<Vec<T>> {
    Ok(FullMatrix::from_points(cloud, Metric::Euclidean)?.into_values())
}

/// Data shared by the tests of the measures.
#[cfg(test)]
pub(crate) mod test_data {
    use crate::persistence::points::PointCloud;
    use crate::scalar::Scalar;

    pub(crate) fn pc<T: Scalar>(x: &[T], d: usize) -> PointCloud<'_, T> {
        PointCloud::new(x, d).unwrap()
    }

    /// The data and answers computed once with scipy 1.17.1 / numpy
    /// (`scipy.spatial.procrustes(X, Y)`, and linear and RBF CKA written out
    /// with explicit centring matrices).
    pub(crate) const X: [f64; 21] = [
        0.12, -1.30, 2.05, 1.77, 0.41, -0.63, -0.95, 0.88, 0.27, 2.31, -0.54, 1.12, -1.48, -2.07,
        0.36, 0.59, 1.94, -1.71, 0.03, 0.66, 0.95,
    ];
    pub(crate) const Y: [f64; 21] = [
        1.05, 0.22, -0.47, -0.31, 1.63, 0.80, 0.74, -1.12, 1.96, -2.20, 0.09, -0.58, 0.46, 2.35,
        1.27, 1.88, -0.76, -1.34, -0.62, -0.18, 0.51,
    ];
    pub(crate) const SCIPY_DISPARITY: f64 = 0.5917296031228363;
    pub(crate) const SCIPY_ALIGNED_Y: [f64; 21] = [
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
    pub(crate) const NUMPY_LINEAR_CKA: f64 = 0.4039063506552461;
    /// With `sigma_fraction = 0.8` and the median over pairs `i < j`.
    pub(crate) const NUMPY_RBF_CKA: f64 = 0.575453414387214;
}

#[cfg(test)]
mod tests {
    use super::cka::*;
    use super::epsilon::*;
    use super::min_frobenius::*;
    #[cfg(feature = "procrustes")]
    use super::procrustes::*;
    use super::test_data::*;
    use super::*;
    use crate::persistence::distance::DistanceMatrix;

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
        #[cfg(feature = "procrustes")]
        assert!(matches!(
            cloud(&[], 2).and_then(|y| procrustes(&y, &y)),
            Err(Error::Empty { .. })
        ));
        #[cfg(feature = "procrustes")]
        assert!(matches!(
            procrustes(&x, &pc(&[1.0, 1.0, 1.0, 1.0], 2)),
            Err(Error::Degenerate { what: "y", .. })
        ));
        #[cfg(feature = "procrustes")]
        assert!(matches!(
            procrustes(&pc(&[1.0, 1.0, 1.0, 1.0], 2), &x),
            Err(Error::Degenerate { what: "x", .. })
        ));
        #[cfg(feature = "procrustes")]
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

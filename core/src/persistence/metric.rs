//! Metrics between points, and the gradient of one distance with respect to
//! both endpoints.
//!
//! The gradient is what carries a loss from an edge length back to the
//! coordinates (see [`crate::persistence::backprop`]). Where a distance is not
//! differentiable the gradient is a fixed subgradient:
//!
//! | metric | distance | ∂d/∂x (∂d/∂y is its negative) | where not differentiable |
//! |---|---|---|---|
//! | Euclidean | `‖x − y‖₂` | `(x − y) / ‖x − y‖₂` | `x = y`: zero |
//! | Manhattan | `Σ |xₖ − yₖ|` | `sign(xₖ − yₖ)` | `xₖ = yₖ`: zero in that coordinate |
//! | Chebyshev | `maxₖ |xₖ − yₖ|` | `sign(xₖ − yₖ)` in the first coordinate reaching the max, zero elsewhere | ties: the first such coordinate; `x = y`: zero |
//! | Cosine | `1 − ⟨x,y⟩ / (‖x‖‖y‖)` | `−y/(‖x‖‖y‖) + ⟨x,y⟩ x/(‖x‖³‖y‖)` | zero vectors: an error |
//!
//! The cosine distance is clamped to `[0, 2]` against rounding; its gradient
//! is the unclamped one.

use alloc::vec;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::persistence::points::PointCloud;
use crate::scalar::Scalar;

/// How the distance between two points is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Metric {
    /// `‖x − y‖₂` (the default).
    #[default]
    Euclidean,
    /// `Σ |xₖ − yₖ|` (L1, used by COREL).
    Manhattan,
    /// `1 − ⟨x,y⟩ / (‖x‖‖y‖)`; undefined for zero vectors.
    Cosine,
    /// `maxₖ |xₖ − yₖ|` (L∞).
    Chebyshev,
}

impl Metric {
    /// The distance between `x` and `y`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the lengths differ, [`Error::ZeroVector`]
    /// for a zero vector under the cosine distance.
    ///
    /// ```
    /// use toporeg::Metric;
    /// assert_eq!(Metric::Euclidean.distance(&[0.0, 0.0], &[3.0, 4.0])?, 5.0);
    /// assert_eq!(Metric::Manhattan.distance(&[0.0, 0.0], &[3.0, 4.0])?, 7.0);
    /// assert_eq!(Metric::Chebyshev.distance(&[0.0, 0.0], &[3.0, 4.0])?, 4.0);
    /// assert_eq!(Metric::Cosine.distance(&[1.0, 0.0], &[0.0, 4.0])?, 1.0);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn distance<T: Scalar>(&self, x: &[T], y: &[T]) -> Result<T> {
        self.check_pair(x, y)?;
        Ok(self.distance_unchecked(x, y))
    }

    /// The gradients `(∂d/∂x, ∂d/∂y)` of `d = distance(x, y)`, with the
    /// subgradient conventions of the module documentation.
    ///
    /// # Errors
    /// As [`Metric::distance`].
    ///
    /// ```
    /// use toporeg::Metric;
    /// let (gx, gy) = Metric::Euclidean.distance_gradient(&[0.0, 0.0], &[0.0, 2.0])?;
    /// assert_eq!(gx, vec![0.0, -1.0]);
    /// assert_eq!(gy, vec![0.0, 1.0]);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn distance_gradient<T: Scalar>(&self, x: &[T], y: &[T]) -> Result<(Vec<T>, Vec<T>)> {
        self.check_pair(x, y)?;
        let mut gx = vec![T::zero(); x.len()];
        let mut gy = vec![T::zero(); y.len()];
        self.accumulate_gradient(x, y, T::one(), &mut gx, &mut gy);
        Ok((gx, gy))
    }

    /// Checks that every point of `cloud` can be measured with this metric
    /// (no zero vector under the cosine distance).
    ///
    /// # Errors
    /// [`Error::ZeroVector`] with the index of the first zero point.
    pub fn check_cloud<T: Scalar>(&self, cloud: &PointCloud<'_, T>) -> Result<()> {
        if *self == Metric::Cosine {
            if let Some(index) = cloud.iter().position(|p| p.iter().all(|v| v.is_zero())) {
                return Err(Error::ZeroVector { index });
            }
        }
        Ok(())
    }

    fn check_pair<T: Scalar>(&self, x: &[T], y: &[T]) -> Result<()> {
        if x.len() != y.len() {
            return Err(Error::ShapeMismatch {
                what: "points of a distance",
                expected: x.len(),
                found: y.len(),
            });
        }
        if *self == Metric::Cosine {
            if x.iter().all(|v| v.is_zero()) {
                return Err(Error::ZeroVector { index: 0 });
            }
            if y.iter().all(|v| v.is_zero()) {
                return Err(Error::ZeroVector { index: 1 });
            }
        }
        Ok(())
    }

    /// The distance, for inputs already checked (same length, no zero vector
    /// under the cosine distance).
    #[inline]
    pub(crate) fn distance_unchecked<T: Scalar>(&self, x: &[T], y: &[T]) -> T {
        self.finish_proxy(self.proxy(x, y))
    }

    /// A monotone stand-in for the distance that is cheaper to compute: the
    /// squared distance for the Euclidean metric, the distance itself for
    /// the others. The
    /// distance is `finish_proxy(proxy(x, y))`, bit for bit.
    #[inline]
    pub(crate) fn proxy<T: Scalar>(&self, x: &[T], y: &[T]) -> T {
        match self {
            Metric::Euclidean => squared_euclidean(x, y),
            Metric::Manhattan => manhattan(x, y),
            Metric::Chebyshev => chebyshev(x, y),
            Metric::Cosine => {
                let (dot, xx, yy) = dots(x, y);
                cosine_from(dot, xx.sqrt(), yy.sqrt())
            }
        }
    }

    /// The distance from its [`Metric::proxy`].
    #[inline]
    pub(crate) fn finish_proxy<T: Scalar>(&self, p: T) -> T {
        match self {
            Metric::Euclidean => p.sqrt(),
            _ => p,
        }
    }

    /// The cosine distance from the inner product and the two norms (the
    /// norms as `dot(x, x).sqrt()` with [`dot`], for the same bits as
    /// [`Metric::distance_unchecked`]).
    #[inline]
    pub(crate) fn cosine_of<T: Scalar>(dot_xy: T, norm_x: T, norm_y: T) -> T {
        cosine_from(dot_xy, norm_x, norm_y)
    }

    /// Adds `scale · ∂d/∂x` to `gx` and `scale · ∂d/∂y` to `gy`.
    pub(crate) fn accumulate_gradient<T: Scalar>(
        &self,
        x: &[T],
        y: &[T],
        scale: T,
        gx: &mut [T],
        gy: &mut [T],
    ) {
        match self {
            Metric::Euclidean => {
                let d = self.distance_unchecked(x, y);
                if d > T::zero() {
                    let f = scale / d;
                    for k in 0..x.len() {
                        let g = (x[k] - y[k]) * f;
                        gx[k] = gx[k] + g;
                        gy[k] = gy[k] - g;
                    }
                }
            }
            Metric::Manhattan => {
                for k in 0..x.len() {
                    let t = x[k] - y[k];
                    if t != T::zero() {
                        let g = if t > T::zero() { scale } else { -scale };
                        gx[k] = gx[k] + g;
                        gy[k] = gy[k] - g;
                    }
                }
            }
            Metric::Chebyshev => {
                let mut best = T::zero();
                let mut arg = None;
                for k in 0..x.len() {
                    let t = (x[k] - y[k]).abs();
                    if t > best {
                        best = t;
                        arg = Some(k);
                    }
                }
                if let Some(k) = arg {
                    let g = if x[k] > y[k] { scale } else { -scale };
                    gx[k] = gx[k] + g;
                    gy[k] = gy[k] - g;
                }
            }
            Metric::Cosine => {
                let (dot, xx, yy) = dots(x, y);
                let nx = xx.sqrt();
                let ny = yy.sqrt();
                let inv = T::one() / (nx * ny);
                // ∂d/∂x = −y/(‖x‖‖y‖) + ⟨x,y⟩ x /(‖x‖³‖y‖), and symmetrically.
                let cx = dot * inv / xx;
                let cy = dot * inv / yy;
                for k in 0..x.len() {
                    gx[k] = gx[k] + scale * (cx * x[k] - inv * y[k]);
                    gy[k] = gy[k] + scale * (cy * y[k] - inv * x[k]);
                }
            }
        }
    }
}

/// Number of independent accumulators of the distance kernels: the loops
/// over coordinates are chunked by it so that the compiler vectorises them
/// (the accumulators are combined in a fixed order, so results do not
/// depend on the target).
const LANES: usize = 8;

/// `merge` over the lanes of the accumulation `acc = step(acc, x_k − y_k)`,
/// coordinate `k` going to lane `k mod LANES` (the last `len mod LANES`
/// coordinates to one more accumulator).
#[inline(always)]
fn lanes<T: Scalar>(
    x: &[T],
    y: &[T],
    init: T,
    step: impl Fn(T, T) -> T,
    merge: impl Fn(T, T) -> T,
) -> T {
    if x.len() < LANES {
        // short points (low dimensions): one accumulator
        return x.iter().zip(y).fold(init, |s, (a, b)| step(s, *a - *b));
    }
    let mut acc = [init; LANES];
    let xc = x.chunks_exact(LANES);
    let yc = y.chunks_exact(LANES);
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for k in 0..LANES {
            acc[k] = step(acc[k], a[k] - b[k]);
        }
    }
    let tail = xr.iter().zip(yr).fold(init, |s, (a, b)| step(s, *a - *b));
    merge(combine(acc, &merge), tail)
}

/// Combines neighbouring lanes: `((0 1) (2 3)) ((4 5) (6 7))` (this tree
/// keeps the accumulators in full-width vector registers).
#[inline(always)]
fn combine<T: Scalar>(acc: [T; LANES], merge: &impl Fn(T, T) -> T) -> T {
    merge(
        merge(merge(acc[0], acc[1]), merge(acc[2], acc[3])),
        merge(merge(acc[4], acc[5]), merge(acc[6], acc[7])),
    )
}

/// `‖x − y‖₂²`, the proxy of the Euclidean distance.
#[inline(always)]
pub(crate) fn squared_euclidean<T: Scalar>(x: &[T], y: &[T]) -> T {
    lanes(x, y, T::zero(), |s, t| s + t * t, |a, b| a + b)
}

/// `Σ |xₖ − yₖ|`.
#[inline(always)]
pub(crate) fn manhattan<T: Scalar>(x: &[T], y: &[T]) -> T {
    lanes(x, y, T::zero(), |s, t| s + t.abs(), |a, b| a + b)
}

/// `maxₖ |xₖ − yₖ|`.
#[inline(always)]
pub(crate) fn chebyshev<T: Scalar>(x: &[T], y: &[T]) -> T {
    lanes(x, y, T::zero(), |s, t| s.max(t.abs()), |a, b| a.max(b))
}

/// The inner product, with the lanes of [`lanes`].
#[inline]
pub(crate) fn dot<T: Scalar>(x: &[T], y: &[T]) -> T {
    if x.len() < LANES {
        return x.iter().zip(y).fold(T::zero(), |s, (a, b)| s + *a * *b);
    }
    let mut acc = [T::zero(); LANES];
    let xc = x.chunks_exact(LANES);
    let yc = y.chunks_exact(LANES);
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for k in 0..LANES {
            acc[k] = acc[k] + a[k] * b[k];
        }
    }
    let tail = xr.iter().zip(yr).fold(T::zero(), |s, (a, b)| s + *a * *b);
    combine(acc, &|a, b| a + b) + tail
}

#[inline]
fn dots<T: Scalar>(x: &[T], y: &[T]) -> (T, T, T) {
    (dot(x, y), dot(x, x), dot(y, y))
}

#[inline]
fn cosine_from<T: Scalar>(dot: T, nx: T, ny: T) -> T {
    let c = dot / (nx * ny);
    (T::one() - c).max(T::zero()).min(T::of(2.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Metric; 4] = [
        Metric::Euclidean,
        Metric::Manhattan,
        Metric::Cosine,
        Metric::Chebyshev,
    ];

    #[test]
    fn gradients_match_finite_differences() {
        let x: [f64; 3] = [0.3, -1.2, 0.7];
        let y: [f64; 3] = [-0.4, 0.5, 1.9];
        for m in ALL {
            let (gx, gy) = m.distance_gradient(&x, &y).unwrap();
            let h = 1e-6;
            for k in 0..3 {
                let mut xp = x;
                let mut xm = x;
                xp[k] += h;
                xm[k] -= h;
                let fd = (m.distance(&xp, &y).unwrap() - m.distance(&xm, &y).unwrap()) / (2.0 * h);
                assert!((fd - gx[k]).abs() < 1e-6, "{m:?} x{k}: {fd} vs {}", gx[k]);
                let mut yp = y;
                let mut ym = y;
                yp[k] += h;
                ym[k] -= h;
                let fd = (m.distance(&x, &yp).unwrap() - m.distance(&x, &ym).unwrap()) / (2.0 * h);
                assert!((fd - gy[k]).abs() < 1e-6, "{m:?} y{k}: {fd} vs {}", gy[k]);
            }
        }
    }

    #[test]
    fn degenerate_inputs() {
        assert!(matches!(
            Metric::Cosine.distance(&[0.0, 0.0], &[1.0, 0.0]),
            Err(Error::ZeroVector { index: 0 })
        ));
        assert!(matches!(
            Metric::Euclidean.distance(&[0.0], &[1.0, 0.0]),
            Err(Error::ShapeMismatch { .. })
        ));
        for m in [Metric::Euclidean, Metric::Manhattan, Metric::Chebyshev] {
            let (gx, gy) = m.distance_gradient(&[1.0, 2.0], &[1.0, 2.0]).unwrap();
            assert_eq!(gx, vec![0.0, 0.0]);
            assert_eq!(gy, vec![0.0, 0.0]);
        }
        let c = [1.0, 2.0, 0.0, 0.0];
        let cloud = PointCloud::new(&c, 2).unwrap();
        assert!(matches!(
            Metric::Cosine.check_cloud(&cloud),
            Err(Error::ZeroVector { index: 1 })
        ));
        assert!(Metric::Euclidean.check_cloud(&cloud).is_ok());
    }
}

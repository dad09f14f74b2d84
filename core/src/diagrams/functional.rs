//! Diagram functionals: push, persistent entropy, δ-selective entropy and the
//! fourth-power smoothed death estimate (4SGDE), each with its gradient.
//!
//! All of them look at the finite off-diagonal points only: points
//! on the diagonal and points with an infinite coordinate contribute nothing
//! and get a zero gradient. Gradients follow the crate convention: one
//! `[d/d birth, d/d death]` entry per diagram point, in the diagram's order.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::{Diagram, PointKind};
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// The lifetime `death - birth` of a finite off-diagonal point, `None` for
/// any other point.
fn lifetime<T: Scalar>(p: [T; 2]) -> Option<T> {
    (PointKind::of(p) == PointKind::Finite).then(|| p[1] - p[0])
}

/// Total persistence `P(D) = Σ (d - b)` over the finite off-diagonal points.
///
/// ```
/// use toporeg::{push, Diagram};
/// let d = Diagram::new(vec![[0.0, 1.0], [0.5, 2.0], [0.0, f64::INFINITY]])?;
/// assert_eq!(push(&d), 2.5);
/// # Ok::<(), toporeg::Error>(())
/// ```
pub fn push<T: Scalar>(diagram: &Diagram<T>) -> T {
    diagram
        .points()
        .iter()
        .filter_map(|&p| lifetime(p))
        .fold(T::zero(), |a, b| a + b)
}

/// Gradient of [`push`]: `[-1, 1]` for every finite off-diagonal point.
pub fn push_grad<T: Scalar>(diagram: &Diagram<T>) -> Vec<[T; 2]> {
    diagram
        .points()
        .iter()
        .map(|&p| match lifetime(p) {
            Some(_) => [-T::one(), T::one()],
            None => [T::zero(); 2],
        })
        .collect()
}

/// Logarithm base of the entropies.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LogBase {
    /// Natural logarithm (nats), the default.
    #[default]
    E,
    /// Base 2 (bits).
    Two,
    /// Any base `b > 0`, `b != 1`.
    Other(f64),
}

impl LogBase {
    /// `ln(base)`, the divisor that turns nats into this base.
    fn ln(self) -> Result<f64> {
        match self {
            LogBase::E => Ok(1.0),
            LogBase::Two => Ok(core::f64::consts::LN_2),
            LogBase::Other(b) if b.is_finite() && b > 0.0 && b != 1.0 => Ok(libm::log(b)),
            LogBase::Other(b) => Err(Error::InvalidParameter {
                name: "base",
                reason: alloc::format!(
                    "logarithm base must be positive, finite and not 1, got {b}"
                ),
            }),
        }
    }
}

/// Parameters of the (selective) persistent entropy.
///
/// `delta = None` is the plain persistent entropy `E(D)`; `Some(δ)` keeps only
/// points with lifetime `> δ` (the δ-selective entropy `G_δ(D)`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EntropyParams {
    delta: Option<f64>,
    base: LogBase,
}

/// [`EntropyParams`] after validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entropy {
    delta: Option<f64>,
    ln_base: f64,
}

impl EntropyParams {
    /// The plain persistent entropy (no δ) in nats.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only points with lifetime `> delta` count (the δ-selective entropy
    /// `G_δ`; δ ≥ 0).
    pub fn delta(mut self, delta: f64) -> Self {
        self.delta = Some(delta);
        self
    }

    /// The logarithm base (natural by default).
    pub fn base(mut self, base: LogBase) -> Self {
        self.base = base;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative or non-finite δ or a bad base.
    pub fn check(self) -> Result<Entropy> {
        if let Some(d) = self.delta {
            if !(d.is_finite() && d >= 0.0) {
                return Err(Error::InvalidParameter {
                    name: "delta",
                    reason: alloc::format!("must be finite and non-negative, got {d}"),
                });
            }
        }
        Ok(Entropy {
            delta: self.delta,
            ln_base: self.base.ln()?,
        })
    }
}

impl Entropy {
    /// Plain persistent entropy in nats.
    pub fn natural() -> Self {
        Self {
            delta: None,
            ln_base: 1.0,
        }
    }

    /// Whether a point takes part, and its lifetime `|d - b|`.
    fn selected<T: Scalar>(&self, p: [T; 2]) -> Option<T> {
        let l = lifetime(p)?.abs();
        match self.delta {
            Some(d) if l.as_f64() <= d => None,
            _ => Some(l),
        }
    }

    /// `L = Σ ℓ` and `Σ ℓ ln ℓ` over the selected points.
    fn sums<T: Scalar>(&self, diagram: &Diagram<T>) -> (T, T) {
        let mut total = T::zero();
        let mut weighted = T::zero();
        for &p in diagram.points() {
            if let Some(l) = self.selected(p) {
                total = total + l;
                weighted = weighted + l * l.ln();
            }
        }
        (total, weighted)
    }

    /// The entropy `-Σ (ℓ/L) log(ℓ/L)`, `ℓ = |d - b|`, over the selected points, in the
    /// chosen base; 0 when no point is selected.
    ///
    /// ```
    /// use toporeg::{Diagram, EntropyParams, LogBase};
    /// let d = Diagram::new(vec![[0.0, 1.0], [2.0, 3.0]])?;
    /// let nats = EntropyParams::new().check()?.value(&d);
    /// assert!((nats - 2f64.ln()).abs() < 1e-15);
    /// let bits = EntropyParams::new().base(LogBase::Two).check()?;
    /// assert!((bits.value(&d) - 1.0).abs() < 1e-15);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn value<T: Scalar>(&self, diagram: &Diagram<T>) -> T {
        let (total, weighted) = self.sums(diagram);
        if total <= T::zero() {
            return T::zero();
        }
        // E = ln L - (1/L) Σ ℓ ln ℓ.
        (total.ln() - weighted / total) / T::of(self.ln_base)
    }

    /// Gradient of [`Entropy::value`]: for a selected point,
    /// `dE/dℓ = -(ln(ℓ/L) + E) / L` (in nats, divided by `ln base`), and
    /// `[-dE/dℓ, dE/dℓ]` per point (sign flipped below the diagonal, where
    /// `ℓ = b - d`); zeros elsewhere.
    pub fn grad<T: Scalar>(&self, diagram: &Diagram<T>) -> Vec<[T; 2]> {
        let (total, weighted) = self.sums(diagram);
        let mut g = vec![[T::zero(); 2]; diagram.len()];
        if total <= T::zero() {
            return g;
        }
        let e_nat = total.ln() - weighted / total;
        let scale = T::of(self.ln_base);
        for (gi, &p) in g.iter_mut().zip(diagram.points()) {
            if let Some(l) = self.selected(p) {
                let mut d = -((l / total).ln() + e_nat) / total / scale;
                if p[1] < p[0] {
                    d = -d;
                }
                *gi = [-d, d];
            }
        }
        g
    }
}

/// Persistent entropy in nats over all finite off-diagonal points.
///
/// ```
/// use toporeg::{entropy, Diagram};
/// assert_eq!(entropy(&Diagram::<f64>::empty()), 0.0);
/// ```
pub fn entropy<T: Scalar>(diagram: &Diagram<T>) -> T {
    Entropy::natural().value(diagram)
}

/// Gradient of [`entropy`].
pub fn entropy_grad<T: Scalar>(diagram: &Diagram<T>) -> Vec<[T; 2]> {
    Entropy::natural().grad(diagram)
}

/// Parameters of the 4SGDE `E4(D, x) = s Σ (d-b)^4 exp(-((d-x)/σ)²)`,
/// evaluated on a grid `x_1..x_m` of death values.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sgde4Params {
    sigma: f64,
    scale: f64,
    grid: Vec<f64>,
}

/// [`Sgde4Params`] after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Sgde4 {
    sigma: f64,
    scale: f64,
    grid: Vec<f64>,
}

impl Sgde4Params {
    /// The 4SGDE of width `sigma` (σ > 0) on the grid `x_1..x_m` of death
    /// values (for example evenly spaced), scale `s = 1`.
    pub fn new(sigma: f64, grid: Vec<f64>) -> Self {
        Self {
            sigma,
            scale: 1.0,
            grid,
        }
    }

    /// The scale `s` (finite; default 1).
    pub fn scale(mut self, scale: f64) -> Self {
        self.scale = scale;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for σ not positive and finite or a
    /// non-finite scale, [`Error::Empty`] for an empty grid and
    /// [`Error::NonFinite`] for a non-finite grid value.
    pub fn check(self) -> Result<Sgde4> {
        if !(self.sigma.is_finite() && self.sigma > 0.0) {
            return Err(Error::InvalidParameter {
                name: "sigma",
                reason: alloc::format!("must be positive and finite, got {}", self.sigma),
            });
        }
        if !self.scale.is_finite() {
            return Err(Error::InvalidParameter {
                name: "scale",
                reason: alloc::format!("must be finite, got {}", self.scale),
            });
        }
        if self.grid.is_empty() {
            return Err(Error::Empty { what: "4SGDE grid" });
        }
        if let Some((index, &value)) = self.grid.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFinite {
                what: "4SGDE grid",
                index,
                value,
            });
        }
        Ok(Sgde4 {
            sigma: self.sigma,
            scale: self.scale,
            grid: self.grid,
        })
    }
}

impl Sgde4 {
    /// The grid values.
    pub fn grid(&self) -> &[f64] {
        &self.grid
    }

    /// `E4(D, x_i)` for every grid value.
    ///
    /// ```
    /// use toporeg::{Diagram, Sgde4Params};
    /// let e = Sgde4Params::new(1.0, vec![1.0, 3.0]).scale(2.0).check()?;
    /// let d = Diagram::new(vec![[0.0, 1.0]])?;
    /// let v = e.values(&d);
    /// assert_eq!(v[0], 2.0); // s · 1^4 · exp(0)
    /// assert!((v[1] - 2.0 * (-4.0f64).exp()).abs() < 1e-15);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn values<T: Scalar>(&self, diagram: &Diagram<T>) -> Vec<T> {
        let (sigma, scale) = (T::of(self.sigma), T::of(self.scale));
        self.grid
            .iter()
            .map(|&x| {
                let x = T::of(x);
                let sum = diagram
                    .points()
                    .iter()
                    .filter_map(|&p| lifetime(p).map(|l| (l, p[1])))
                    .fold(T::zero(), |acc, (l, d)| {
                        let z = (d - x) / sigma;
                        acc + l.powi(4) * (-z * z).exp()
                    });
                scale * sum
            })
            .collect()
    }

    /// Vector–Jacobian product: the gradient of `Σ_i w_i E4(D, x_i)` with
    /// respect to the points of `D`, for weights `w` (one per grid value).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if `weights` does not have one entry per grid value.
    pub fn grad_weighted<T: Scalar>(
        &self,
        diagram: &Diagram<T>,
        weights: &[T],
    ) -> Result<Vec<[T; 2]>> {
        if weights.len() != self.grid.len() {
            return Err(Error::ShapeMismatch {
                what: "4SGDE weights (one per grid value)",
                expected: self.grid.len(),
                found: weights.len(),
            });
        }
        let two = T::of(2.0);
        let four = T::of(4.0);
        let (sigma, scale) = (T::of(self.sigma), T::of(self.scale));
        let s2 = sigma * sigma;
        Ok(diagram
            .points()
            .iter()
            .map(|&p| {
                let Some(l) = lifetime(p) else {
                    return [T::zero(); 2];
                };
                let d = p[1];
                let l3 = l * l * l;
                let mut gb = T::zero();
                let mut gd = T::zero();
                for (&x, &w) in self.grid.iter().zip(weights) {
                    let x = T::of(x);
                    let z = (d - x) / sigma;
                    let e = (-z * z).exp() * w * scale;
                    // d/db: -4ℓ³e; d/dd: 4ℓ³e - ℓ⁴ e · 2(d-x)/σ².
                    gb = gb - four * l3 * e;
                    gd = gd + four * l3 * e - l3 * l * e * two * (d - x) / s2;
                }
                [gb, gd]
            })
            .collect())
    }

    /// The loss `Σ_i (E4(D, x_i) - E4(D0, x_i))²` (`mean` divides
    /// by the grid size) and its gradient with respect to the points of `D`.
    /// Against a fixed target, [`Sgde4::loss_and_grad_to_values`] with the
    /// target's [`Sgde4::values`] computed once saves their recomputation.
    pub fn loss_and_grad<T: Scalar>(
        &self,
        diagram: &Diagram<T>,
        target: &Diagram<T>,
        mean: bool,
    ) -> (T, Vec<[T; 2]>) {
        self.against(diagram, &self.values(target), mean, true)
    }

    /// The loss of [`Sgde4::loss_and_grad`] against a target given by its
    /// values on the grid, `target_values[i] = E4(D0, x_i)`.
    ///
    /// ```
    /// use toporeg::{Diagram, Sgde4Params};
    /// let e = Sgde4Params::new(1.0, vec![1.0, 3.0]).scale(2.0).check()?;
    /// let d = Diagram::new(vec![[0.0, 1.0], [0.5, 2.5]])?;
    /// let target = Diagram::new(vec![[0.0, 2.0]])?;
    /// let cached = e.values(&target);
    /// assert_eq!(e.loss_to_values(&d, &cached, false)?, e.loss_and_grad(&d, &target, false).0);
    /// assert!(e.loss_to_values(&d, &[1.0], false).is_err());
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless there is one target value per grid
    /// value.
    pub fn loss_to_values<T: Scalar>(
        &self,
        diagram: &Diagram<T>,
        target_values: &[T],
        mean: bool,
    ) -> Result<T> {
        self.check_values(target_values)?;
        Ok(self.against(diagram, target_values, mean, false).0)
    }

    /// [`Sgde4::loss_and_grad`] against a target given by its values on the
    /// grid, `target_values[i] = E4(D0, x_i)` (from [`Sgde4::values`], once
    /// for a fixed target).
    ///
    /// ```
    /// use toporeg::{Diagram, Sgde4Params};
    /// let e = Sgde4Params::new(1.0, vec![1.0, 3.0]).scale(2.0).check()?;
    /// let d = Diagram::new(vec![[0.0, 1.0], [0.5, 2.5]])?;
    /// let target = Diagram::new(vec![[0.0, 2.0]])?;
    /// let cached = e.values(&target);
    /// assert_eq!(
    ///     e.loss_and_grad_to_values(&d, &cached, true)?,
    ///     e.loss_and_grad(&d, &target, true)
    /// );
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless there is one target value per grid
    /// value.
    pub fn loss_and_grad_to_values<T: Scalar>(
        &self,
        diagram: &Diagram<T>,
        target_values: &[T],
        mean: bool,
    ) -> Result<(T, Vec<[T; 2]>)> {
        self.check_values(target_values)?;
        Ok(self.against(diagram, target_values, mean, true))
    }

    fn check_values<T: Scalar>(&self, target_values: &[T]) -> Result<()> {
        if target_values.len() != self.grid.len() {
            return Err(Error::ShapeMismatch {
                what: "4SGDE target values (one per grid value)",
                expected: self.grid.len(),
                found: target_values.len(),
            });
        }
        Ok(())
    }

    /// The loss against `target_values` (one per grid value), with its
    /// gradient when `grad` (empty otherwise).
    fn against<T: Scalar>(
        &self,
        diagram: &Diagram<T>,
        target_values: &[T],
        mean: bool,
        grad: bool,
    ) -> (T, Vec<[T; 2]>) {
        let norm = if mean {
            T::one() / T::of_usize(self.grid.len())
        } else {
            T::one()
        };
        let diff: Vec<T> = self
            .values(diagram)
            .iter()
            .zip(target_values)
            .map(|(&x, &y)| x - y)
            .collect();
        let loss = diff.iter().fold(T::zero(), |acc, &d| acc + d * d) * norm;
        if !grad {
            return (loss, Vec::new());
        }
        let weights: Vec<T> = diff.iter().map(|&d| T::of(2.0) * d * norm).collect();
        // One weight per grid value by construction.
        let grad = self
            .grad_weighted(diagram, &weights)
            .unwrap_or_else(|_| vec![[T::zero(); 2]; diagram.len()]);
        (loss, grad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd_check(f: impl Fn(&Diagram<f64>) -> f64, g: &[[f64; 2]], d: &Diagram<f64>) {
        let h = 1e-6;
        for i in 0..d.len() {
            if d.kind(i) != Some(PointKind::Finite) {
                assert_eq!(g[i], [0.0, 0.0]);
                continue;
            }
            for k in 0..2 {
                let mut plus = d.points().to_vec();
                let mut minus = d.points().to_vec();
                plus[i][k] += h;
                minus[i][k] -= h;
                let num = (f(&Diagram::new(plus).unwrap()) - f(&Diagram::new(minus).unwrap()))
                    / (2.0 * h);
                assert!(
                    (num - g[i][k]).abs() <= 1e-6 * (1.0 + num.abs()),
                    "point {i} coord {k}: numeric {num} vs analytic {}",
                    g[i][k]
                );
            }
        }
    }

    fn sample() -> Diagram<f64> {
        Diagram::new(vec![
            [0.1, 0.9],
            [0.3, 0.45],
            [0.2, 1.7],
            [0.0, f64::INFINITY],
            [0.5, 0.5],
            [0.05, 0.33],
        ])
        .unwrap()
    }

    #[test]
    fn entropy_of_two_equal_lifetimes() {
        let d = Diagram::new(vec![[0.0, 1.0], [5.0, 6.0]]).unwrap();
        assert!((entropy(&d) - core::f64::consts::LN_2).abs() < 1e-15);
        let bits = EntropyParams::new().base(LogBase::Two).check().unwrap();
        assert!((bits.value(&d) - 1.0).abs() < 1e-15);
        assert_eq!(entropy(&Diagram::<f32>::empty()), 0.0);
    }

    #[test]
    fn selective_entropy_drops_short_points() {
        let d = Diagram::new(vec![[0.0, 1.0], [5.0, 6.0], [0.0, 0.1]]).unwrap();
        let sel = EntropyParams::new()
            .delta(0.5)
            .base(LogBase::E)
            .check()
            .unwrap();
        assert!((sel.value(&d) - core::f64::consts::LN_2).abs() < 1e-15);
        assert!(entropy(&d) > sel.value(&d));
        let g = sel.grad(&d);
        assert_eq!(g[2], [0.0, 0.0]);
        assert!(EntropyParams::new()
            .delta(-1.0)
            .base(LogBase::E)
            .check()
            .is_err());
        assert!(EntropyParams::new()
            .base(LogBase::Other(1.0))
            .check()
            .is_err());
    }

    #[test]
    fn gradients_match_finite_differences() {
        let d = sample();
        fd_check(push, &push_grad(&d), &d);
        fd_check(entropy, &entropy_grad(&d), &d);
        for base in [LogBase::E, LogBase::Two, LogBase::Other(10.0)] {
            let e = EntropyParams::new().delta(0.2).base(base).check().unwrap();
            fd_check(|x| e.value(x), &e.grad(&d), &d);
        }
        let s = Sgde4Params::new(0.4, vec![0.2, 0.5, 0.9, 1.4])
            .scale(3.0)
            .check()
            .unwrap();
        let w = [0.3, -1.0, 2.0, 0.7];
        let g = s.grad_weighted(&d, &w).unwrap();
        fd_check(
            |x| s.values(x).iter().zip(&w).map(|(a, b)| a * b).sum(),
            &g,
            &d,
        );
        let target = Diagram::new(vec![[0.0, 0.6], [0.1, 1.2]]).unwrap();
        for mean in [false, true] {
            let (_, g) = s.loss_and_grad(&d, &target, mean);
            fd_check(|x| s.loss_and_grad(x, &target, mean).0, &g, &d);
        }
    }

    #[test]
    fn sgde4_rejects_bad_parameters() {
        assert!(Sgde4Params::new(0.0, vec![1.0]).scale(1.0).check().is_err());
        assert!(matches!(
            Sgde4Params::new(1.0, vec![]).scale(1.0).check(),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            Sgde4Params::new(1.0, vec![0.0, f64::NAN]).check(),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(Sgde4Params::new(1.0, vec![0.0])
            .scale(f64::INFINITY)
            .check()
            .is_err());
        let e = Sgde4Params::new(1.0, vec![0.0]).check().unwrap();
        assert!(e.grad_weighted(&sample(), &[1.0, 2.0]).is_err());
    }
}

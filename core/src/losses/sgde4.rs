//! The 4SGDE loss: the smoothed death estimate against a target's, on a
//! grid.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::diagrams::functional::{Sgde4, Sgde4Params};
use crate::error::Result;
use crate::losses::loss::{check_degree_and_target, loss_through_diagram, DiagramLoss};
use crate::persistence::metric::Metric;
use crate::scalar::Scalar;

/// Parameters of [`Sgde4Loss`].
#[derive(Debug, Clone, PartialEq)]
pub struct Sgde4LossParams<T> {
    degree: usize,
    target: Diagram<T>,
    grid: Vec<f64>,
    sigma: f64,
    scale: f64,
    mean: bool,
    metric: Metric,
}

impl<T: Scalar> Sgde4LossParams<T> {
    /// The 4SGDE loss against `target` on the grid `x_1..x_m` with width
    /// `sigma`; degree 0 (as in the spec), scale `s = 1`, a sum over the
    /// grid, Euclidean metric.
    pub fn new(target: Diagram<T>, grid: Vec<f64>, sigma: f64) -> Self {
        Self {
            degree: 0,
            target,
            grid,
            sigma,
            scale: 1.0,
            mean: false,
            metric: Metric::Euclidean,
        }
    }

    /// The homology degree (default 0).
    pub fn degree(mut self, degree: usize) -> Self {
        self.degree = degree;
        self
    }

    /// The scale `s` (default 1; the TopoVAE thesis plots use `1e-4`).
    pub fn scale(mut self, scale: f64) -> Self {
        self.scale = scale;
        self
    }

    /// Average over the grid instead of summing (default: sum).
    pub fn mean(mut self, mean: bool) -> Self {
        self.mean = mean;
        self
    }

    /// The metric between points.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`](crate::error::Error::InvalidParameter) for a degree above [`MAX_DIM`](crate::persistence::rips::MAX_DIM), σ not
    /// positive and finite, a non-finite scale or a target point below the
    /// diagonal; [`Error::Empty`](crate::error::Error::Empty) and
    /// [`Error::NonFinite`](crate::error::Error::NonFinite) for the grid.
    pub fn check(self) -> Result<Sgde4Loss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        let sgde = Sgde4Params::new(self.sigma, self.grid)
            .scale(self.scale)
            .check()?;
        let target_values = sgde.values(&self.target);
        Ok(Sgde4Loss {
            degree: self.degree,
            sgde,
            target_values,
            mean: self.mean,
            metric: self.metric,
        })
    }
}

/// The 4SGDE regularizer `Σ_i [E4(B_p(P); x_i) - E4(D0; x_i)]²` (or the mean
/// over the grid), with `E4(D, x) = s Σ (d-b)^4 exp(-((d-x)/σ)²)`. The
/// target's values on the grid are computed once.
///
/// ```
/// use toporeg::{linspace, Loss, Sgde4LossParams};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.0], [0.0, f64::INFINITY]])?;
/// let loss = Sgde4LossParams::new(target, linspace(0.0, 2.0, 5), 0.5).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert!(v > 0.0 && g.len() == 3);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sgde4Loss<T> {
    degree: usize,
    sgde: Sgde4,
    target_values: Vec<T>,
    mean: bool,
    metric: Metric,
}

impl<T: Scalar> DiagramLoss<T> for Sgde4Loss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        // one target value per grid value by construction
        self.sgde
            .loss_to_values(diagram, &self.target_values, self.mean)
            .unwrap_or_else(|_| T::zero())
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        self.sgde
            .loss_and_grad_to_values(diagram, &self.target_values, self.mean)
            .unwrap_or_else(|_| (T::zero(), vec![[T::zero(); 2]; diagram.len()]))
    }
}
loss_through_diagram!(Sgde4Loss<T>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::*;

    use crate::persistence::metric::Metric;

    use crate::losses::targets::linspace;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    #[test]
    fn sgde4_gradient_matches_finite_differences() {
        for (seed, n, d, p, mean) in [
            (8, 16, 2, 0, false),
            (9, 20, 3, 0, true),
            (10, 20, 2, 1, false),
        ] {
            let pts = SplitMix64::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n, d, p);
            let loss = Sgde4LossParams::new(target, linspace(0.0, 0.6, 7), 0.15)
                .degree(p)
                .scale(100.0)
                .mean(mean)
                .check()
                .unwrap();
            assert!(fd_check(&loss, &pts, d, None, p, Metric::Euclidean) > 0);
        }
    }
}

//! The Reininghaus loss: the squared scale-space kernel distance to a
//! target diagram.

use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::diagrams::kernel::{Pssk, PsskTarget};
use crate::error::Result;
use crate::losses::loss::{check_degree_and_target, loss_through_diagram, DiagramLoss};
use crate::persistence::metric::Metric;
use crate::scalar::Scalar;

/// Parameters of [`ReininghausLoss`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReininghausLossParams<T> {
    degree: usize,
    sigma: f64,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> ReininghausLossParams<T> {
    /// The squared PSSK distance of degree `degree` to `target`, at scale
    /// `sigma`, Euclidean metric.
    pub fn new(degree: usize, sigma: f64, target: Diagram<T>) -> Self {
        Self {
            degree,
            sigma,
            target,
            metric: Metric::Euclidean,
        }
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
    /// positive and finite, or a target point below the diagonal.
    pub fn check(self) -> Result<ReininghausLoss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        let pssk = Pssk::new(self.sigma)?.target(&self.target);
        Ok(ReininghausLoss {
            degree: self.degree,
            pssk,
            target: self.target,
            metric: self.metric,
        })
    }
}

/// The Reininghaus regularizer `d_σ²(B_p(P), D0)`, the squared
/// pseudo-distance of the persistence scale-space kernel ([`Pssk`]); only
/// finite off-diagonal points count. `k_σ(D0, D0)` is computed once.
///
/// ```
/// use toporeg::{Loss, ReininghausLossParams};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.0]])?;
/// let rh = ReininghausLossParams::new(0, 0.5, target).check()?;
/// let (v, g) = rh.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert!(v > 0.0);
/// // the bar [0, 2) is too long: descent moves the last point closer
/// assert!(g[2] > 0.0);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReininghausLoss<T> {
    degree: usize,
    pssk: PsskTarget,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> ReininghausLoss<T> {
    /// The target diagram.
    pub fn target(&self) -> &Diagram<T> {
        &self.target
    }
}

impl<T: Scalar> DiagramLoss<T> for ReininghausLoss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        self.pssk.distance_squared(diagram)
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        self.pssk.distance_squared_and_grad(diagram)
    }
}
loss_through_diagram!(ReininghausLoss<T>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::*;

    use crate::persistence::metric::Metric;

    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    #[test]
    fn reininghaus_gradient_matches_finite_differences() {
        for (seed, n, d, p, sigma) in [
            (5, 16, 2, 0, 0.02),
            (6, 20, 2, 1, 0.01),
            (7, 18, 3, 1, 0.05),
        ] {
            let pts = SplitMix64::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n, d, p);
            let loss = ReininghausLossParams::new(p, sigma, target)
                .check()
                .unwrap();
            assert!(fd_check(&loss, &pts, d, None, p, Metric::Euclidean) > 0);
        }
    }
}

//! The push loss: lengthen every finite bar of one degree.

use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::diagrams::functional::{push, push_grad};
use crate::error::Result;
use crate::losses::loss::{check_degree, loss_through_diagram, DiagramLoss};
use crate::persistence::metric::Metric;
use crate::scalar::Scalar;

/// Parameters of [`PushLoss`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PushLossParams {
    degree: usize,
    metric: Metric,
}

impl PushLossParams {
    /// The push loss of degree `degree`, Euclidean metric.
    pub fn new(degree: usize) -> Self {
        Self {
            degree,
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
    /// [`Error::InvalidParameter`](crate::error::Error::InvalidParameter) for a degree above [`MAX_DIM`](crate::persistence::rips::MAX_DIM).
    pub fn check(self) -> Result<PushLoss> {
        check_degree(self.degree)?;
        Ok(PushLoss {
            degree: self.degree,
            metric: self.metric,
        })
    }
}

/// The push regularizer `-Σ_{B_p(P)} (d - b)`: descending it lengthens every
/// finite bar of degree `p`.
///
/// ```
/// use toporeg::{Loss, PushLossParams};
/// use toporeg::PointCloud;
/// // four corners of a unit square: one H1 bar [1, √2)
/// let square = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
/// let push = PushLossParams::new(1).check()?;
/// let (v, g) = push.value_and_grad(PointCloud::new(&square, 2)?.into())?;
/// assert!((v - (1.0 - 2f64.sqrt())).abs() < 1e-15);
/// assert_eq!(g.len(), 8);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PushLoss {
    degree: usize,
    metric: Metric,
}

impl<T: Scalar> DiagramLoss<T> for PushLoss {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        -push(diagram)
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        let g = push_grad(diagram)
            .into_iter()
            .map(|[a, b]| [-a, -b])
            .collect();
        (-push(diagram), g)
    }
}
loss_through_diagram!(PushLoss);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::*;

    use crate::persistence::metric::Metric;

    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    #[test]
    fn push_gradient_matches_finite_differences() {
        for (seed, n, d, p) in [(1, 15, 2, 0), (2, 20, 2, 1), (3, 18, 3, 1), (2, 30, 3, 2)] {
            let pts = SplitMix64::new(seed).cloud(n, d);
            for metric in [Metric::Euclidean, Metric::Manhattan] {
                let loss = PushLossParams::new(p).metric(metric).check().unwrap();
                assert!(fd_check(&loss, &pts, d, None, p, metric) > 0);
            }
        }
    }
}

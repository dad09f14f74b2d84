//! The bottleneck loss: the bottleneck distance to a target diagram,
//! through the edge that realises it.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::bottleneck::bottleneck;
use crate::diagrams::diagram::{Diagram, PointKind};
use crate::error::Result;
use crate::losses::loss::{check_degree_and_target, loss_through_diagram, DiagramLoss};
use crate::persistence::metric::Metric;
use crate::scalar::Scalar;

/// The target without its points at infinity (see [`BottleneckLoss`]).
fn finite_part<T: Scalar>(d: &Diagram<T>) -> Diagram<T> {
    let pts = d
        .points()
        .iter()
        .copied()
        .filter(|&p| !PointKind::of(p).is_infinite())
        .collect();
    // a subset of a valid diagram is valid
    Diagram::new(pts).unwrap_or_default()
}

/// Parameters of [`BottleneckLoss`].
#[derive(Debug, Clone, PartialEq)]
pub struct BottleneckLossParams<T> {
    degree: usize,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> BottleneckLossParams<T> {
    /// The bottleneck distance of degree `degree` to `target`, Euclidean
    /// metric.
    pub fn new(degree: usize, target: Diagram<T>) -> Self {
        Self {
            degree,
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
    /// [`Error::InvalidParameter`](crate::error::Error::InvalidParameter) for a degree above [`MAX_DIM`](crate::persistence::rips::MAX_DIM) or a
    /// target point below the diagonal.
    pub fn check(self) -> Result<BottleneckLoss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        Ok(BottleneckLoss {
            degree: self.degree,
            target: finite_part(&self.target),
            metric: self.metric,
        })
    }
}

/// The bottleneck regularizer `d_∞(B_p(P), D0)`, whose gradient flows
/// through the one matched pair (or point-to-diagonal edge) that realises
/// the distance ([`crate::diagrams::bottleneck::BottleneckResult::grad`]).
///
/// When the distance is realised by a target point alone (matched to the
/// diagonal because no bar of the batch comes close enough), the gradient is
/// zero: the batch cannot lower it locally.
///
/// Points at infinity are left out of both diagrams: the essential classes
/// of a Rips diagram carry no gradient, and for batches they are the same on
/// both sides (one H0 class born at 0), so this changes nothing there, while
/// a target read without its essential class stays usable (instead of
/// giving `+inf`).
///
/// ```
/// use toporeg::{BottleneckLossParams, Loss};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.5]])?;
/// let loss = BottleneckLossParams::new(0, target).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert_eq!(v, 0.5); // the bar [0, 2) against [0, 1.5)
/// assert_eq!(g, vec![0.0, -1.0, 1.0]);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BottleneckLoss<T> {
    degree: usize,
    target: Diagram<T>,
    metric: Metric,
}

impl<T: Scalar> BottleneckLoss<T> {
    /// The target diagram (its finite part).
    pub fn target(&self) -> &Diagram<T> {
        &self.target
    }
}

impl<T: Scalar> DiagramLoss<T> for BottleneckLoss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        bottleneck(&finite_part(diagram), &self.target).distance
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        // the finite part, with the position of each of its points
        let mut index = Vec::with_capacity(diagram.len());
        let mut pts = Vec::with_capacity(diagram.len());
        for (i, &p) in diagram.points().iter().enumerate() {
            if !PointKind::of(p).is_infinite() {
                index.push(i);
                pts.push(p);
            }
        }
        let finite = Diagram::new(pts).unwrap_or_default();
        let r = bottleneck(&finite, &self.target);
        let (gf, _) = r.grad(&finite, &self.target);
        let mut g = vec![[T::zero(); 2]; diagram.len()];
        for (&i, gi) in index.iter().zip(gf) {
            g[i] = gi;
        }
        (r.distance, g)
    }
}
loss_through_diagram!(BottleneckLoss<T>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagrams::diagram::Diagram;
    use crate::losses::loss::Loss;
    use crate::losses::testing::*;
    use crate::persistence::metric::Metric;
    use crate::persistence::points::PointCloud;
    use alloc::vec;

    use crate::losses::targets::target_diagram;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    #[test]
    fn bottleneck_gradient_matches_finite_differences() {
        let mut nonzero = 0;
        for seed in 16..28u64 {
            let k = seed as usize;
            let (n, d, p) = (16 + (k % 4) * 4, 2 + k % 2, (k / 2) % 2);
            let pts = SplitMix64::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n, d, p);
            let loss = BottleneckLossParams::new(p, target.clone())
                .check()
                .unwrap();
            let finite_target = finite_part(&target);
            let realising = |x: &[f64]| {
                let dgm =
                    target_diagram(&PointCloud::new(x, d).unwrap(), Metric::Euclidean, p).unwrap();
                let r = bottleneck(&finite_part(&dgm), &finite_target);
                alloc::format!("{:?}", r.longest_edge)
            };
            if fd_check_with(&loss, &pts, d, None, p, Metric::Euclidean, &realising) > 0 {
                nonzero += 1;
            }
        }
        assert!(nonzero >= 6, "only {nonzero} cases with a gradient");
    }

    #[test]
    fn bottleneck_ignores_points_at_infinity() {
        let pts = [0.0, 1.0, 3.0];
        let cloud = PointCloud::new(&pts, 1).unwrap();
        let with = Diagram::new(vec![[0.0, 1.0], [0.0, 1.5], [0.0, f64::INFINITY]]).unwrap();
        let without = Diagram::new(vec![[0.0, 1.0], [0.0, 1.5]]).unwrap();
        let a = BottleneckLossParams::new(0, with).check().unwrap();
        let b = BottleneckLossParams::new(0, without).check().unwrap();
        assert_eq!(
            a.value_and_grad(cloud.into()).unwrap(),
            b.value_and_grad(cloud.into()).unwrap()
        );
        assert_eq!(a.target().len(), 2);
    }
}

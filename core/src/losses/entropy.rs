//! The entropy loss: the squared difference of (selective) persistent
//! entropies with a target.

use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::diagrams::functional::{Entropy, EntropyParams, LogBase};
use crate::error::Result;
use crate::losses::loss::{check_degree_and_target, loss_through_diagram, DiagramLoss};
use crate::persistence::metric::Metric;
use crate::scalar::Scalar;

/// Parameters of [`EntropyLoss`].
#[derive(Debug, Clone, PartialEq)]
pub struct EntropyLossParams<T> {
    degree: usize,
    target: Diagram<T>,
    entropy: EntropyParams,
    metric: Metric,
}

impl<T: Scalar> EntropyLossParams<T> {
    /// The entropy loss of degree `degree` against `target`: plain
    /// persistent entropy (no δ), natural logarithm, Euclidean metric.
    pub fn new(degree: usize, target: Diagram<T>) -> Self {
        Self {
            degree,
            target,
            entropy: EntropyParams::new(),
            metric: Metric::Euclidean,
        }
    }

    /// Only bars longer than `delta` count (the δ-selective entropy `G_δ`).
    pub fn delta(mut self, delta: f64) -> Self {
        self.entropy = self.entropy.delta(delta);
        self
    }

    /// The logarithm base.
    pub fn base(mut self, base: LogBase) -> Self {
        self.entropy = self.entropy.base(base);
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
    /// [`Error::InvalidParameter`](crate::error::Error::InvalidParameter) for a degree above [`MAX_DIM`](crate::persistence::rips::MAX_DIM), a negative
    /// or non-finite δ, a bad logarithm base, or a target point below the
    /// diagonal.
    pub fn check(self) -> Result<EntropyLoss<T>> {
        check_degree_and_target(self.degree, &self.target)?;
        let entropy = self.entropy.check()?;
        let target_value = entropy.value(&self.target);
        Ok(EntropyLoss {
            degree: self.degree,
            entropy,
            target_value,
            metric: self.metric,
        })
    }
}

/// The entropy regularizer `(G_δ(B_p(P)) - G_δ(D0))²`, with `G_δ` the
/// δ-selective persistent entropy ([`Entropy`]); `G_δ(D0)` is computed once.
///
/// ```
/// use toporeg::{EntropyLossParams, Loss};
/// use toporeg::{Diagram, PointCloud};
/// let pts = [0.0, 1.0, 3.0];
/// // two equal bars: entropy ln 2; the batch has bars 1 and 2
/// let target = Diagram::new(vec![[0.0, 1.0], [0.0, 1.0]])?;
/// let loss = EntropyLossParams::new(0, target).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert!(v > 0.0 && g.len() == 3);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EntropyLoss<T> {
    degree: usize,
    entropy: Entropy,
    target_value: T,
    metric: Metric,
}

impl<T: Scalar> EntropyLoss<T> {
    /// `G_δ(D0)`.
    pub fn target_value(&self) -> T {
        self.target_value
    }
}

impl<T: Scalar> DiagramLoss<T> for EntropyLoss<T> {
    fn degree(&self) -> usize {
        self.degree
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        let d = self.entropy.value(diagram) - self.target_value;
        d * d
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        let d = self.entropy.value(diagram) - self.target_value;
        let w = T::of(2.0) * d;
        let g = self
            .entropy
            .grad(diagram)
            .into_iter()
            .map(|[a, b]| [w * a, w * b])
            .collect();
        (d * d, g)
    }
}
loss_through_diagram!(EntropyLoss<T>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::*;

    use crate::persistence::metric::Metric;

    use crate::rng::SplitMix64;
    use crate::testing::TestData;

    #[test]
    fn entropy_gradient_matches_finite_differences() {
        for (seed, n, d, p, delta) in [
            (11, 16, 2, 0, None),
            (12, 20, 2, 1, Some(0.01)),
            (13, 18, 3, 0, Some(0.1)),
        ] {
            let pts = SplitMix64::new(seed).cloud(n, d);
            let target = reference_diagram(seed + 100, n + 5, d, p);
            let mut params = EntropyLossParams::new(p, target);
            if let Some(delta) = delta {
                params = params.delta(delta);
            }
            let loss = params.check().unwrap();
            assert!(fd_check(&loss, &pts, d, None, p, Metric::Euclidean) > 0);
        }
    }
}

//! The connectivity loss of COREL: every H0 death pulled towards one
//! scale, through the spanning-tree pass.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::{Diagram, PointKind};
use crate::error::Result;
use crate::losses::loss::{check_non_negative, loss_through_diagram, DiagramLoss};
use crate::persistence::metric::Metric;
use crate::scalar::Scalar;

/// `Σ |t - target|` over the finite deaths `t` of an H0 diagram, and its
/// gradient: `sign(t - target)` on the death, with the subgradient 0 where
/// `t = target` exactly.
pub(crate) fn abs_deviation<T: Scalar>(
    diagram: &Diagram<T>,
    target: T,
    grad: bool,
) -> (T, Vec<[T; 2]>) {
    let mut value = T::zero();
    let mut g = if grad {
        vec![[T::zero(); 2]; diagram.len()]
    } else {
        Vec::new()
    };
    for (i, &p) in diagram.points().iter().enumerate() {
        if PointKind::of(p) != PointKind::Finite {
            continue;
        }
        let t = p[1] - target;
        value = value + t.abs();
        if grad {
            g[i][1] = if t > T::zero() {
                T::one()
            } else if t < T::zero() {
                -T::one()
            } else {
                T::zero()
            };
        }
    }
    (value, g)
}

/// Parameters of [`ConnectivityLoss`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectivityLossParams {
    eta: f64,
    metric: Metric,
}

impl ConnectivityLossParams {
    /// The connectivity loss with target scale `eta`, Manhattan (L1) metric
    /// as in COREL.
    pub fn new(eta: f64) -> Self {
        Self {
            eta,
            metric: Metric::Manhattan,
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
    /// [`Error::InvalidParameter`](crate::error::Error::InvalidParameter) unless η is finite and non-negative.
    pub fn check(self) -> Result<ConnectivityLoss> {
        check_non_negative("eta", self.eta)?;
        Ok(ConnectivityLoss {
            eta: self.eta,
            metric: self.metric,
        })
    }
}

/// The connectivity loss of COREL, `L_η = Σ_{t ∈ H0 deaths} |t - η|`: it
/// pulls every H0 death time of the batch (every edge length of its minimum
/// spanning tree) towards `η`. H0 only, through the spanning-tree pass
/// (`O(n²)` time, no distance matrix, no edge list).
///
/// The subgradient of `|t - η|` at `t = η` is taken as 0. Coincident points
/// (death 0) are not in the diagram (Ripser's convention) and add nothing.
///
/// ```
/// use toporeg::{ConnectivityLossParams, Loss};
/// use toporeg::PointCloud;
/// let pts = [0.0, 0.5, 3.0];
/// let loss = ConnectivityLossParams::new(1.0).check()?;
/// let (v, g) = loss.value_and_grad(PointCloud::new(&pts, 1)?.into())?;
/// assert_eq!(v, 0.5 + 1.5); // deaths 0.5 and 2.5
/// assert_eq!(g, vec![1.0, -2.0, 1.0]);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectivityLoss {
    eta: f64,
    metric: Metric,
}

impl<T: Scalar> DiagramLoss<T> for ConnectivityLoss {
    fn degree(&self) -> usize {
        0
    }
    fn metric(&self) -> Metric {
        self.metric
    }
    fn diagram_value(&self, diagram: &Diagram<T>) -> T {
        abs_deviation(diagram, T::of(self.eta), false).0
    }
    fn diagram_value_and_grad(&self, diagram: &Diagram<T>) -> (T, Vec<[T; 2]>) {
        abs_deviation(diagram, T::of(self.eta), true)
    }
}
loss_through_diagram!(ConnectivityLoss);

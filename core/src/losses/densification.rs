//! Topological densification: the connectivity loss within each class of
//! a labelled batch.

use alloc::vec;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::losses::connectivity::abs_deviation;
use crate::losses::loss::{check_non_negative, loss_through_run, persistence_of, Batch};
use crate::persistence::metric::Metric;
use crate::persistence::points::PointCloud;
use crate::scalar::Scalar;

/// Parameters of [`DensificationLoss`](crate::losses::DensificationLoss).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DensificationLossParams {
    beta: f64,
    metric: Metric,
}

impl DensificationLossParams {
    /// The densification loss with target scale `beta` (the paper uses
    /// 0.7), Euclidean metric.
    pub fn new(beta: f64) -> Self {
        Self {
            beta,
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
    /// [`Error::InvalidParameter`] unless β is finite and non-negative.
    pub fn check(self) -> Result<DensificationLoss> {
        check_non_negative("beta", self.beta)?;
        Ok(DensificationLoss {
            beta: self.beta,
            metric: self.metric,
        })
    }
}

/// Topological densification `L_β = Σ_classes Σ_{t} |t - β|`, `t` over the
/// H0 death times of each class's sub-batch: within every class the minimum
/// spanning tree's edges are pulled towards length β. Needs a labelled
/// [`Batch`]; each class goes through the spanning-tree pass on its own
/// points (`O(Σ n_c²)` distances).
///
/// The subgradient of `|t - β|` at `t = β` is taken as 0. Coincident points
/// (death 0) are not in the diagram (Ripser's convention) and add nothing.
///
/// ```
/// use toporeg::{Batch, DensificationLossParams, Loss};
/// use toporeg::PointCloud;
/// let pts: [f64; 4] = [0.0, 1.0, 10.0, 10.5];
/// let loss = DensificationLossParams::new(0.7).check()?;
/// let batch = Batch::labelled(PointCloud::new(&pts, 1)?, &[0, 0, 1, 1])?;
/// let (v, g) = loss.value_and_grad(batch)?;
/// assert!((v - (0.3 + 0.2)).abs() < 1e-12); // class deaths 1.0 and 0.5
/// assert_eq!(g, vec![-1.0, 1.0, 1.0, -1.0]);
/// assert!(loss.value(PointCloud::new(&pts, 1)?.into()).is_err()); // no labels
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DensificationLoss {
    beta: f64,
    metric: Metric,
}

impl DensificationLoss {
    fn run<T: Scalar>(&self, batch: Batch<'_, T>, grad: bool) -> Result<(T, Vec<T>)> {
        let labels = batch.labels().ok_or_else(|| Error::InvalidParameter {
            name: "labels",
            reason: alloc::string::String::from("the densification loss needs a labelled batch"),
        })?;
        let cloud = batch.cloud();
        let (n, d) = (cloud.n_points(), cloud.dim());
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| labels[i]);
        let beta = T::of(self.beta);
        let mut value = T::zero();
        let mut out = if grad {
            vec![T::zero(); n * d]
        } else {
            Vec::new()
        };
        let mut buf: Vec<T> = Vec::new();
        for class in order.chunk_by(|&a, &b| labels[a] == labels[b]) {
            if class.len() < 2 {
                continue;
            }
            buf.clear();
            for &i in class {
                buf.extend_from_slice(cloud.point(i));
            }
            let sub = PointCloud::new(&buf, d)?;
            let pers = persistence_of(&sub, self.metric, 0)?;
            let (v, g) = abs_deviation(&pers.diagram(0), beta, grad);
            value = value + v;
            if grad {
                let sg = pers.pullback(&sub, self.metric, &[(0, g)])?;
                for (k, &i) in class.iter().enumerate() {
                    out[i * d..(i + 1) * d].copy_from_slice(&sg[k * d..(k + 1) * d]);
                }
            }
        }
        Ok((value, out))
    }
}

loss_through_run!(DensificationLoss);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::*;

    use crate::persistence::metric::Metric;

    use crate::losses::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use alloc::vec::Vec;

    #[test]
    fn connectivity_and_densification_gradients_match_finite_differences() {
        for (seed, n, d) in [(14, 30, 2), (15, 40, 5)] {
            let pts = SplitMix64::new(seed).cloud(n, d);
            for metric in [Metric::Manhattan, Metric::Euclidean, Metric::Chebyshev] {
                let loss = ConnectivityLossParams::new(0.3)
                    .metric(metric)
                    .check()
                    .unwrap();
                assert!(fd_check(&loss, &pts, d, None, 0, metric) > 0);
            }
            let labels: Vec<usize> = (0..n).map(|i| (i * 7) % 3).collect();
            let loss = DensificationLossParams::new(0.25).check().unwrap();
            assert!(fd_check(&loss, &pts, d, Some(&labels), 0, Metric::Euclidean) > 0);
        }
    }
}

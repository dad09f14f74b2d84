//! Weighted sums of losses, sharing one persistence computation per
//! metric.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::error::{Error, Result};
use crate::losses::loss::{loss_through_run, persistence_of, Batch, DiagramLoss, Loss};
use crate::scalar::Scalar;
use alloc::boxed::Box;

/// A loss shared between threads, as [`WeightedSum`](crate::losses::WeightedSum) holds its terms.
type BoxedLoss<T> = Box<dyn Loss<T> + Send + Sync>;

/// A weighted sum of losses `Σ ω_k L_k` (for example the regularizer part of
/// a TopoVAE total).
///
/// The terms that are functions of a diagram ([`Loss::as_diagram_loss`])
/// and share a metric are evaluated on one persistence computation (up to
/// their largest degree), and their gradients go back to the points in one
/// pass.
pub struct WeightedSum<T> {
    terms: Vec<(T, BoxedLoss<T>)>,
}

impl<T: Scalar> core::fmt::Debug for WeightedSum<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WeightedSum")
            .field(
                "weights",
                &self.terms.iter().map(|t| t.0).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl<T: Scalar> Default for WeightedSum<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Scalar> WeightedSum<T> {
    /// The empty sum (value 0, gradient 0).
    pub fn new() -> Self {
        Self { terms: Vec::new() }
    }

    /// Adds the term `weight · loss`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a non-finite weight.
    pub fn term<L: Loss<T> + Send + Sync + 'static>(mut self, weight: T, loss: L) -> Result<Self> {
        if !weight.is_finite() {
            return Err(Error::InvalidParameter {
                name: "weight",
                reason: alloc::format!("must be finite, got {weight}"),
            });
        }
        self.terms.push((weight, Box::new(loss)));
        Ok(self)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The weights, in order.
    pub fn weights(&self) -> Vec<T> {
        self.terms.iter().map(|t| t.0).collect()
    }

    fn run(&self, batch: Batch<'_, T>, grad: bool) -> Result<(T, Vec<T>)> {
        let cloud = batch.cloud();
        let mut value = T::zero();
        let mut out = if grad {
            vec![T::zero(); cloud.as_slice().len()]
        } else {
            Vec::new()
        };
        let mut done = vec![false; self.terms.len()];
        for first in 0..self.terms.len() {
            if done[first] {
                continue;
            }
            let (w, loss) = &self.terms[first];
            let Some(dl) = loss.as_diagram_loss() else {
                done[first] = true;
                if grad {
                    let (v, g) = loss.value_and_grad(batch)?;
                    value = value + *w * v;
                    for (o, gi) in out.iter_mut().zip(g) {
                        *o = *o + *w * gi;
                    }
                } else {
                    value = value + *w * loss.value(batch)?;
                }
                continue;
            };
            // every diagram term with this metric, on one persistence
            let metric = dl.metric();
            let group: Vec<(T, &dyn DiagramLoss<T>)> = (first..self.terms.len())
                .filter_map(|k| {
                    let l = self.terms[k].1.as_diagram_loss()?;
                    (!done[k] && l.metric() == metric).then(|| {
                        done[k] = true;
                        (self.terms[k].0, l)
                    })
                })
                .collect();
            let top = group.iter().map(|t| t.1.degree()).max().unwrap_or(0);
            let pers = persistence_of(&cloud, metric, top)?;
            let diagrams: Vec<Diagram<T>> = (0..=top).map(|k| pers.diagram(k)).collect();
            let mut grads: Vec<(usize, Vec<[T; 2]>)> = Vec::new();
            for (w, l) in group {
                let dgm = &diagrams[l.degree()];
                if grad {
                    let (v, g) = l.diagram_value_and_grad(dgm);
                    value = value + w * v;
                    grads.push((
                        l.degree(),
                        g.into_iter().map(|[a, b]| [w * a, w * b]).collect(),
                    ));
                } else {
                    value = value + w * l.diagram_value(dgm);
                }
            }
            if grad {
                let g = pers.pullback(&cloud, metric, &grads)?;
                for (o, gi) in out.iter_mut().zip(g) {
                    *o = *o + gi;
                }
            }
        }
        Ok((value, out))
    }
}

loss_through_run!(WeightedSum<T>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::testing::*;
    use crate::persistence::metric::Metric;
    use crate::persistence::points::PointCloud;

    use crate::losses::*;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use alloc::vec;
    use alloc::vec::Vec;

    #[test]
    fn weighted_sum_matches_its_terms() {
        let (n, d) = (20, 2);
        let pts = SplitMix64::new(21).cloud(n, d);
        let t0 = reference_diagram(22, n, d, 0);
        let t1 = reference_diagram(22, n, d, 1);
        let e0 = EntropyLossParams::new(0, t0.clone()).check().unwrap();
        let r1 = ReininghausLossParams::new(1, 0.01, t1).check().unwrap();
        let c = ConnectivityLossParams::new(0.2).check().unwrap(); // Manhattan
        let labels: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let dens = DensificationLossParams::new(0.3).check().unwrap();
        let sum = WeightedSum::new()
            .term(2.0, e0.clone())
            .unwrap()
            .term(0.5, r1.clone())
            .unwrap()
            .term(-1.5, c)
            .unwrap()
            .term(3.0, dens)
            .unwrap();
        assert_eq!(sum.len(), 4);
        assert_eq!(sum.weights(), vec![2.0, 0.5, -1.5, 3.0]);
        let batch = Batch::labelled(PointCloud::new(&pts, d).unwrap(), &labels).unwrap();
        let (v, g) = sum.value_and_grad(batch).unwrap();
        let parts: [(f64, &dyn Loss<f64>); 4] = [(2.0, &e0), (0.5, &r1), (-1.5, &c), (3.0, &dens)];
        let mut ev = 0.0;
        let mut eg = vec![0.0; pts.len()];
        for (w, l) in parts {
            let (lv, lg) = l.value_and_grad(batch).unwrap();
            ev += w * lv;
            for (a, b) in eg.iter_mut().zip(lg) {
                *a += w * b;
            }
        }
        assert!((v - ev).abs() < 1e-12 * (1.0 + ev.abs()));
        assert!((sum.value(batch).unwrap() - ev).abs() < 1e-12 * (1.0 + ev.abs()));
        for (a, b) in g.iter().zip(&eg) {
            assert!((a - b).abs() < 1e-12 * (1.0 + b.abs()));
        }
        assert!(fd_check(&sum, &pts, d, Some(&labels), 1, Metric::Euclidean) > 0);
        let empty = WeightedSum::<f64>::new();
        assert!(empty.is_empty());
        assert_eq!(
            empty.value_and_grad(batch).unwrap(),
            (0.0, vec![0.0; pts.len()])
        );
        assert!(WeightedSum::new().term(f64::NAN, c).is_err());
    }
}

//! Topological losses on point clouds, with exact gradients.
//!
//! A loss maps a batch of points (model outputs or latent vectors, `n × d`
//! row-major) to a number, and [`Loss::value_and_grad`] also returns its
//! gradient with respect to every coordinate, in the same layout. The seven
//! losses of the spec (§4):
//!
//! | type | value | default metric |
//! |---|---|---|
//! | [`PushLoss`] | `-Σ_{B_p(P)} (d - b)` | Euclidean |
//! | [`ReininghausLoss`] | `d_σ²(B_p(P), D0)` ([`Pssk`]) | Euclidean |
//! | [`Sgde4Loss`] | `Σ_i [E4(B_p(P); x_i) - E4(D0; x_i)]²` (or the mean over `i`) | Euclidean |
//! | [`BottleneckLoss`] | `d_∞(B_p(P), D0)` over the finite points | Euclidean |
//! | [`EntropyLoss`] | `(G_δ(B_p(P)) - G_δ(D0))²` | Euclidean |
//! | [`DensificationLoss`](crate::losses::DensificationLoss) | `Σ_classes Σ_{t ∈ H0 deaths of the class} |t - β|` | Euclidean |
//! | [`ConnectivityLoss`] | `Σ_{t ∈ H0 deaths} |t - η|` | Manhattan (COREL) |
//!
//! `B_p(P)` is the degree-`p` Vietoris–Rips diagram of the batch and `D0` a
//! fixed target diagram (see [`target_diagram`] and [`rescale`]). Every loss
//! runs the same path, forward and back: points → persistence pairs with
//! their edges ([`crate::persistence::rips`]; degree 0 takes the `O(n)`-memory spanning
//! tree pass, never a distance matrix) → diagram → functional or distance
//! ([`crate::diagrams::functional`], [`crate::diagrams::kernel`], [`mod@crate::diagrams::bottleneck`]) →
//! gradient per diagram point → gradient per edge → gradient per coordinate
//! ([`crate::persistence::backprop`]). Away from ties the pairing is locally constant, so
//! the gradient is exact; at ties it is one valid subgradient.
//!
//! Losses compose: [`WeightedSum`](crate::losses::WeightedSum) adds weighted terms and computes the
//! persistence of the batch once for all terms that share a metric. The
//! regularizer parts of the TopoVAE totals are then one-liners:
//!
//! ```
//! use toporeg::{target_diagrams, EntropyLossParams, Loss, ReininghausLossParams, WeightedSum};
//! use toporeg::{Metric, PointCloud};
//! // the input batch gives the targets, the output batch is regularised
//! let input = [0.0, 0.0, 1.0, 0.1, 0.9, 1.0, 0.1, 0.8, 0.5, 0.4];
//! let output = [0.1, 0.0, 1.1, 0.0, 1.0, 1.1, 0.0, 0.9, 0.6, 0.5];
//! let d0 = target_diagrams(&PointCloud::new(&input, 2)?, Metric::Euclidean, 1)?;
//! // T3 = L0 + 1 · entropy_0(δ = 0.05) + 2 · Reininghaus_1(σ = 0.1)
//! let t3 = WeightedSum::new()
//!     .term(1.0, EntropyLossParams::new(0, d0[0].clone()).delta(0.05).check()?)?
//!     .term(2.0, ReininghausLossParams::new(1, 0.1, d0[1].clone()).check()?)?;
//! let (value, grad) = t3.value_and_grad(PointCloud::new(&output, 2)?.into())?;
//! assert!(value >= 0.0);
//! assert_eq!(grad.len(), output.len());
//! # Ok::<(), toporeg::Error>(())
//! ```
//!
//! The other totals, with `bottleneck_k`, `entropy_k`, `rh_1` and `sgde_0`
//! built the same way from [`BottleneckLossParams`], [`EntropyLossParams`],
//! [`ReininghausLossParams`] and [`Sgde4LossParams`](crate::losses::Sgde4LossParams):
//!
//! ```text
//! T1 = WeightedSum::new().term(w0, bottleneck_0)?.term(w1, bottleneck_1)?
//! T2 = WeightedSum::new().term(w0, entropy_0)?.term(w1, entropy_1)?
//! T4 = WeightedSum::new().term(w0, sgde_0)?.term(w1, rh_1)?
//! Z1 = T1 on the latent batch, against rescale(&d0[k], factor) targets
//! ```
//!
//! (The VAE part `L0 = KLD + BCE` belongs to the training loop.)

mod bottleneck;
mod connectivity;
mod densification;
mod entropy;
mod loss;
mod push;
mod reininghaus;
mod sgde4;
mod targets;
#[cfg(test)]
mod testing;
mod weighted_sum;

pub use bottleneck::{BottleneckLoss, BottleneckLossParams};
pub use connectivity::{ConnectivityLoss, ConnectivityLossParams};
pub use densification::{DensificationLoss, DensificationLossParams};
pub use entropy::{EntropyLoss, EntropyLossParams};
pub use loss::{Batch, DiagramLoss, Loss};
pub use push::{PushLoss, PushLossParams};
pub use reininghaus::{ReininghausLoss, ReininghausLossParams};
pub use sgde4::{Sgde4Loss, Sgde4LossParams};
pub use targets::{linspace, rescale, rescale_to_max_death, target_diagram, target_diagrams};
pub use weighted_sum::WeightedSum;

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::diagrams::diagram::Diagram;
    use crate::diagrams::functional::LogBase;
    use crate::error::Error;
    use crate::persistence::metric::Metric;
    use crate::persistence::points::PointCloud;
    use crate::persistence::rips::MAX_DIM;
    use crate::rng::SplitMix64;
    use crate::testing::TestData;
    use alloc::vec;
    use alloc::vec::Vec;

    #[test]
    fn translation_and_permutation_invariance() {
        let (n, d) = (24, 3);
        let pts = SplitMix64::new(41).cloud(n, d);
        let labels: Vec<usize> = (0..n).map(|i| i % 3).collect();
        let shifted: Vec<f64> = pts
            .iter()
            .enumerate()
            .map(|(i, &x)| x + [0.37, -1.25, 2.5][i % d])
            .collect();
        // a fixed permutation: i -> (7 i + 3) mod n
        let perm: Vec<usize> = (0..n).map(|i| (7 * i + 3) % n).collect();
        let mut permuted = vec![0.0; n * d];
        let mut plabels = vec![0; n];
        for (i, &j) in perm.iter().enumerate() {
            permuted[j * d..(j + 1) * d].copy_from_slice(&pts[i * d..(i + 1) * d]);
            plabels[j] = labels[i];
        }
        for (name, loss) in all_losses(n, d) {
            let run = |p: &[f64], l: &[usize]| {
                let b = Batch::labelled(PointCloud::new(p, d).unwrap(), l).unwrap();
                loss.value_and_grad(b).unwrap()
            };
            let (v, g) = run(&pts, &labels);
            let (vs, gs) = run(&shifted, &labels);
            let (vp, gp) = run(&permuted, &plabels);
            let tol = 1e-9 * (1.0 + v.abs());
            assert!(
                (v - vs).abs() < tol,
                "{name}: translation changes {v} to {vs}"
            );
            assert!(
                (v - vp).abs() < tol,
                "{name}: permutation changes {v} to {vp}"
            );
            let gmax = g.iter().fold(1.0f64, |m, x| m.max(x.abs()));
            for i in 0..n {
                for k in 0..d {
                    let a = g[i * d + k];
                    assert!(
                        (a - gs[i * d + k]).abs() < 1e-9 * gmax,
                        "{name}: translated gradient"
                    );
                    assert!(
                        (a - gp[perm[i] * d + k]).abs() < 1e-9 * gmax,
                        "{name}: permuted gradient"
                    );
                }
            }
        }
    }

    #[test]
    fn works_in_f32() {
        let pts: Vec<f32> = SplitMix64::new(51)
            .cloud(20, 2)
            .into_iter()
            .map(|x| x as f32)
            .collect();
        let cloud = PointCloud::new(&pts, 2).unwrap();
        let t1 = target_diagram(&cloud, Metric::Euclidean, 1).unwrap();
        let loss = ReininghausLossParams::new(1, 0.01, rescale(&t1, 1.5).unwrap())
            .check()
            .unwrap();
        let (v, g) = loss.value_and_grad(cloud.into()).unwrap();
        assert!(v > 0.0 && v.is_finite());
        assert!(g.iter().all(|x| x.is_finite()));
        let c = ConnectivityLossParams::new(0.5).check().unwrap();
        let (v, g) = Loss::<f32>::value_and_grad(&c, cloud.into()).unwrap();
        assert!(v > 0.0 && g.len() == 40);
    }

    #[test]
    fn parameters_are_checked() {
        let t = Diagram::new(vec![[0.0, 1.0]]).unwrap();
        assert!(PushLossParams::new(MAX_DIM + 1).check().is_err());
        assert!(BottleneckLossParams::new(MAX_DIM + 1, t.clone())
            .check()
            .is_err());
        assert!(ReininghausLossParams::new(1, 0.0, t.clone())
            .check()
            .is_err());
        assert!(ReininghausLossParams::new(1, f64::NAN, t.clone())
            .check()
            .is_err());
        assert!(Sgde4LossParams::new(t.clone(), vec![], 0.1)
            .check()
            .is_err());
        assert!(Sgde4LossParams::new(t.clone(), vec![0.5], -1.0)
            .check()
            .is_err());
        assert!(EntropyLossParams::new(0, t.clone())
            .delta(-0.1)
            .check()
            .is_err());
        assert!(EntropyLossParams::new(0, t.clone())
            .base(LogBase::Other(1.0))
            .check()
            .is_err());
        assert!(ConnectivityLossParams::new(-1.0).check().is_err());
        assert!(DensificationLossParams::new(f64::INFINITY).check().is_err());
        assert!(rescale(&t, 0.0).is_err());
        assert!(rescale_to_max_death(&t, f64::NAN).is_err());
        assert_eq!(
            rescale_to_max_death(&Diagram::<f64>::empty(), 2.0).unwrap(),
            Diagram::empty()
        );
        assert!(target_diagram(
            &PointCloud::new(&[0.0, 1.0], 1).unwrap(),
            Metric::Euclidean,
            MAX_DIM + 1
        )
        .is_err());
        // cosine metric with a zero vector: a typed error, no panic
        let push = PushLossParams::new(1)
            .metric(Metric::Cosine)
            .check()
            .unwrap();
        let pts = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0];
        assert!(matches!(
            push.value(PointCloud::new(&pts, 2).unwrap().into()),
            Err(Error::ZeroVector { index: 0 })
        ));
    }

    #[test]
    fn tiny_batches() {
        let one = [0.5, 0.5];
        let cloud = PointCloud::new(&one, 2).unwrap();
        for (name, loss) in all_losses(10, 2) {
            let b = Batch::labelled(cloud, &[0]).unwrap();
            let (v, g) = loss.value_and_grad(b).unwrap();
            assert!(v.is_finite(), "{name}");
            assert_eq!(g, vec![0.0, 0.0], "{name}");
        }
    }
}

//! The inputs of the loss benches (criterion and `peers-losses`): a batch
//! of the TopoVAE shape (128 points in dimension 64, standard Gaussian
//! coordinates from [`toporeg::SplitMix64`] by Box–Muller, the same numbers as
//! `benches/peers/cases_losses.py` draws) and every loss, with its targets
//! from a second batch.

use toporeg::{
    linspace, target_diagram, BottleneckLossParams, ConnectivityLossParams,
    DensificationLossParams, EntropyLossParams, Loss, PushLossParams, ReininghausLossParams,
    Sgde4LossParams,
};
use toporeg::{Metric, PointCloud, Scalar};

use toporeg::SplitMix64;

/// Points per batch.
pub const N: usize = 128;
/// Coordinates per point.
pub const D: usize = 64;
/// Seed of the batch the losses are evaluated on.
pub const BATCH_SEED: u64 = 1;
/// Seed of the batch whose diagrams are the targets.
pub const TARGET_SEED: u64 = 2;
/// Classes of the densification batch (sub-batches of 16, as in the paper).
pub const CLASSES: usize = 8;

/// The losses benched, with the degrees each is benched at.
pub const KINDS: [(&str, &[usize]); 7] = [
    ("push", &[0, 1]),
    ("reininghaus", &[0, 1]),
    ("4sgde", &[0, 1]),
    ("bottleneck", &[0, 1]),
    ("entropy", &[0, 1]),
    ("densify", &[0]),
    ("connectivity", &[0]),
];

/// `n × d` standard Gaussian coordinates: uniforms `u = (x >> 11) / 2^53`
/// taken in pairs `(u1, u2)`, each giving `r cos θ` and `r sin θ` with
/// `r = sqrt(-2 ln(1 - u1))` and `θ = 2π u2`.
pub fn gaussian_batch(seed: u64, n: usize, d: usize) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(n * d + 1);
    while out.len() < n * d {
        let u1 = rng.next_f64();
        let u2 = rng.next_f64();
        let r = (-2.0 * (1.0 - u1).ln()).sqrt();
        let t = 2.0 * std::f64::consts::PI * u2;
        out.push(r * t.cos());
        out.push(r * t.sin());
    }
    out.truncate(n * d);
    out
}

/// Class `i / 16` for point `i`.
pub fn labels() -> Vec<usize> {
    (0..N).map(|i| i * CLASSES / N).collect()
}

/// The metric a loss is benched with (and its peer's diagram computed with).
pub fn metric_of(kind: &str) -> Metric {
    if kind == "connectivity" {
        Metric::Manhattan
    } else {
        Metric::Euclidean
    }
}

/// The loss `kind` of degree `degree`, with targets from `target` (a batch
/// of `D` coordinates per point).
///
/// # Errors
/// An unknown kind, and the loss's parameter errors.
pub fn build<T: Scalar>(
    kind: &str,
    degree: usize,
    target: &[T],
) -> anyhow::Result<Box<dyn Loss<T> + Send + Sync>> {
    let cloud = PointCloud::new(target, D)?;
    let t = || target_diagram(&cloud, Metric::Euclidean, degree);
    Ok(match kind {
        "push" => Box::new(PushLossParams::new(degree).check()?),
        "reininghaus" => Box::new(ReininghausLossParams::new(degree, 1.0, t()?).check()?),
        "4sgde" => {
            let d0 = t()?;
            let top = d0
                .points()
                .iter()
                .map(|p| p[1])
                .filter(|x| x.is_finite())
                .fold(T::zero(), T::max);
            let grid = linspace(0.0, top.as_f64(), 32);
            Box::new(
                Sgde4LossParams::new(d0, grid, 1.0)
                    .degree(degree)
                    .scale(1e-4)
                    .check()?,
            )
        }
        "bottleneck" => Box::new(BottleneckLossParams::new(degree, t()?).check()?),
        "entropy" => Box::new(EntropyLossParams::new(degree, t()?).delta(0.1).check()?),
        "densify" => Box::new(DensificationLossParams::new(0.7).check()?),
        "connectivity" => Box::new(ConnectivityLossParams::new(1.0).check()?),
        other => anyhow::bail!("unknown loss `{other}`"),
    })
}

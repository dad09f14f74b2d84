//! Small helpers shared by the loss examples: seeded test clouds (from
//! [`SplitMix64`]), plain gradient descent and text histograms.
#![allow(dead_code)]

use toporeg::{h0_persistence, Metric, PointCloud, SplitMix64};
use toporeg::{Batch, Loss};

/// `n` points on the unit circle with Gaussian noise of deviation `noise`.
pub fn noisy_circle(rng: &mut SplitMix64, n: usize, noise: f64) -> Vec<f64> {
    (0..n)
        .flat_map(|i| {
            let t = 2.0 * std::f64::consts::PI * i as f64 / n as f64;
            [
                t.cos() + noise * rng.gaussian(),
                t.sin() + noise * rng.gaussian(),
            ]
        })
        .collect()
}

/// `n` Gaussian points of deviation `sd` around `center`.
pub fn blob(rng: &mut SplitMix64, n: usize, center: &[f64], sd: f64) -> Vec<f64> {
    (0..n)
        .flat_map(|_| {
            center
                .iter()
                .map(|c| c + sd * rng.gaussian())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `steps` plain gradient steps of size `lr`; returns the first and last value.
pub fn descend(
    loss: &dyn Loss<f64>,
    pts: &mut [f64],
    dim: usize,
    labels: Option<&[usize]>,
    lr: f64,
    steps: usize,
) -> Result<(f64, f64), toporeg::Error> {
    let mut first = None;
    let mut last = 0.0;
    for _ in 0..steps {
        let cloud = PointCloud::new(pts, dim)?;
        let batch = match labels {
            Some(l) => Batch::labelled(cloud, l)?,
            None => Batch::new(cloud),
        };
        let (v, g) = loss.value_and_grad(batch)?;
        first.get_or_insert(v);
        last = v;
        for (p, gi) in pts.iter_mut().zip(g) {
            *p -= lr * gi;
        }
    }
    Ok((first.unwrap_or(last), last))
}

/// The finite H0 death times of a point cloud.
pub fn h0_deaths(pts: &[f64], dim: usize, metric: Metric) -> Result<Vec<f64>, toporeg::Error> {
    let pers = h0_persistence(&PointCloud::new(pts, dim)?, metric)?;
    Ok(pers
        .pairs(0)
        .iter()
        .map(|p| p.death)
        .filter(|d| d.is_finite())
        .collect())
}

/// A text histogram of `values` over `[lo, hi)` in `bins` bins.
pub fn histogram(values: &[f64], lo: f64, hi: f64, bins: usize) -> String {
    let mut counts = vec![0usize; bins];
    for &v in values {
        let b = (((v - lo) / (hi - lo)) * bins as f64).floor();
        counts[(b.max(0.0) as usize).min(bins - 1)] += 1;
    }
    let width = (hi - lo) / bins as f64;
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            format!(
                "  [{:5.2}, {:5.2}) {:3} {}\n",
                lo + i as f64 * width,
                lo + (i + 1) as f64 * width,
                c,
                "#".repeat(c)
            )
        })
        .collect()
}

/// Mean of `|t - target|`.
pub fn mean_abs_dev(values: &[f64], target: f64) -> f64 {
    values.iter().map(|t| (t - target).abs()).sum::<f64>() / values.len().max(1) as f64
}

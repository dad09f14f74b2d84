//! Topological losses: plain gradient descent does what each loss promises,
//! on small seeded inputs (the finite-difference checks are in the core
//! crate's unit tests).

use toporeg::{persistence, Metric, PointCloud, RipsParams};
use toporeg::{ConnectivityLossParams, DensificationLossParams, Loss, PushLossParams};

// The loss examples' helpers (seeded generator, blobs, plain descent, H0
// deaths), shared rather than copied.
#[path = "../../core/examples/common/mod.rs"]
mod common;

use common::{blob, descend, h0_deaths, mean_abs_dev, noisy_circle};
use toporeg::SplitMix64;

#[test]
fn push_grows_the_h1_bar_of_a_noisy_circle() {
    let mut pts = noisy_circle(&mut SplitMix64::new(7), 32, 0.15);
    let longest = |p: &[f64]| {
        let pers = persistence(
            &PointCloud::new(p, 2).unwrap(),
            Metric::Euclidean,
            &RipsParams::new(),
        )
        .unwrap();
        pers.pairs(1)
            .iter()
            .map(|q| q.death - q.birth)
            .fold(0.0, f64::max)
    };
    let before = longest(&pts);
    let push = PushLossParams::new(1).check().unwrap();
    let v0 = push
        .value(PointCloud::new(&pts, 2).unwrap().into())
        .unwrap();
    descend(&push, &mut pts, 2, None, 0.01, 300).unwrap();
    let after = longest(&pts);
    let v1 = push
        .value(PointCloud::new(&pts, 2).unwrap().into())
        .unwrap();
    assert!(v1 < v0, "push loss {v0} -> {v1}");
    assert!(after > 1.5 * before, "longest H1 bar {before} -> {after}");
}

#[test]
fn densification_brings_within_class_deaths_to_beta() {
    let beta = 0.7;
    let mut rng = SplitMix64::new(11);
    let mut pts = blob(&mut rng, 24, &[0.0, 0.0], 0.5);
    pts.extend(blob(&mut rng, 24, &[4.0, 0.0], 0.5));
    let labels: Vec<usize> = (0..48).map(|i| i / 24).collect();
    let class_deaths = |p: &[f64]| -> Vec<f64> {
        (0..2)
            .flat_map(|c| {
                let sub: Vec<f64> = (0..48)
                    .filter(|&i| labels[i] == c)
                    .flat_map(|i| p[2 * i..2 * i + 2].to_vec())
                    .collect();
                h0_deaths(&sub, 2, Metric::Euclidean).unwrap()
            })
            .collect()
    };
    let before = class_deaths(&pts);
    let loss = DensificationLossParams::new(beta).check().unwrap();
    descend(&loss, &mut pts, 2, Some(&labels), 0.005, 300).unwrap();
    let after = class_deaths(&pts);
    let (b, a) = (mean_abs_dev(&before, beta), mean_abs_dev(&after, beta));
    assert!(a < 0.2 * b, "mean |t - β| {b} -> {a}");
    // every death time, not just the mean, came close to β
    assert!(after.iter().all(|t| (t - beta).abs() < 0.2), "{after:?}");
}

#[test]
fn connectivity_concentrates_deaths_at_eta() {
    let eta = 1.0;
    let mut pts = blob(&mut SplitMix64::new(3), 64, &[0.0; 4], 1.0);
    let before = h0_deaths(&pts, 4, Metric::Manhattan).unwrap();
    let loss = ConnectivityLossParams::new(eta).check().unwrap();
    descend(&loss, &mut pts, 4, None, 0.005, 300).unwrap();
    let after = h0_deaths(&pts, 4, Metric::Manhattan).unwrap();
    let (b, a) = (mean_abs_dev(&before, eta), mean_abs_dev(&after, eta));
    assert!(a < 0.1 * b, "mean |t - η| {b} -> {a}");
    let within = after.iter().filter(|t| (*t - eta).abs() < 0.1).count();
    assert!(within * 10 >= after.len() * 9, "{after:?}");
}

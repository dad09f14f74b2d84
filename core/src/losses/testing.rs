//! Shared support for the tests of the losses: finite-difference checks
//! that skip steps which change the pairing, and reference diagrams.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::diagrams::diagram::Diagram;
use crate::losses::*;
use crate::persistence::metric::Metric;
use crate::persistence::pairs::Edge;
use crate::persistence::points::PointCloud;
use crate::persistence::rips::{Rips, RipsParams};
use crate::rng::SplitMix64;
use crate::testing::TestData;

/// The edges of every pair of degrees `0..=degree` (per class when
/// labelled): the loss is smooth where they do not change.
pub(crate) fn pairing(
    pts: &[f64],
    d: usize,
    degree: usize,
    metric: Metric,
    labels: Option<&[usize]>,
) -> Vec<(Option<Edge>, Option<Edge>)> {
    let rips: Rips = RipsParams::new().max_dim(degree).check().unwrap();
    let mut groups: Vec<Vec<f64>> = Vec::new();
    match labels {
        None => groups.push(pts.to_vec()),
        Some(l) => {
            for c in 0..=*l.iter().max().unwrap() {
                let sub: Vec<f64> = (0..l.len())
                    .filter(|&i| l[i] == c)
                    .flat_map(|i| pts[i * d..(i + 1) * d].to_vec())
                    .collect();
                groups.push(sub);
            }
        }
    }
    let mut key = Vec::new();
    for g in groups {
        let pers = rips
            .persistence(&PointCloud::new(&g, d).unwrap(), metric)
            .unwrap();
        for k in 0..=degree {
            key.extend(pers.pairs(k).iter().map(|p| (p.birth_edge, p.death_edge)));
        }
    }
    key
}

/// Central finite differences against the analytic gradient, over the
/// coordinates whose ±h steps keep the pairing; returns the number of
/// coordinates checked (0 when the gradient is zero, then checked to be
/// zero numerically too).
pub(crate) fn fd_check(
    loss: &dyn Loss<f64>,
    pts: &[f64],
    d: usize,
    labels: Option<&[usize]>,
    degree: usize,
    metric: Metric,
) -> usize {
    fd_check_with(loss, pts, d, labels, degree, metric, &|_| String::new())
}

/// [`fd_check`], where `extra` adds to the pairing what else must not
/// change within a step (the bottleneck matching's longest edge).
pub(crate) fn fd_check_with(
    loss: &dyn Loss<f64>,
    pts: &[f64],
    d: usize,
    labels: Option<&[usize]>,
    degree: usize,
    metric: Metric,
    extra: &dyn Fn(&[f64]) -> String,
) -> usize {
    let batch = |p: &[f64]| -> f64 {
        let cloud = PointCloud::new(p, d).unwrap();
        let b = match labels {
            Some(l) => Batch::labelled(cloud, l).unwrap(),
            None => Batch::new(cloud),
        };
        loss.value(b).unwrap()
    };
    let cloud = PointCloud::new(pts, d).unwrap();
    let b = match labels {
        Some(l) => Batch::labelled(cloud, l).unwrap(),
        None => Batch::new(cloud),
    };
    let (v, g) = loss.value_and_grad(b).unwrap();
    assert!((v - batch(pts)).abs() <= 1e-12 * (1.0 + v.abs()));
    assert_eq!(g.len(), pts.len());
    let key = (pairing(pts, d, degree, metric, labels), extra(pts));
    let h = 1e-6;
    let (mut num, mut ana) = (Vec::new(), Vec::new());
    for i in 0..pts.len() {
        let mut plus = pts.to_vec();
        let mut minus = pts.to_vec();
        plus[i] += h;
        minus[i] -= h;
        if (pairing(&plus, d, degree, metric, labels), extra(&plus)) != key
            || (pairing(&minus, d, degree, metric, labels), extra(&minus)) != key
        {
            continue;
        }
        num.push((batch(&plus) - batch(&minus)) / (2.0 * h));
        ana.push(g[i]);
    }
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let diff: Vec<f64> = num.iter().zip(&ana).map(|(a, b)| a - b).collect();
    assert!(num.len() * 10 >= pts.len() * 9, "pairing unstable");
    if norm(&ana) == 0.0 {
        // a flat piece (the bottleneck realised by a target point alone)
        assert!(norm(&num) < 1e-9, "zero gradient, numeric {num:?}");
        return 0;
    }
    let scale = norm(&ana);
    assert!(
        norm(&diff) / scale < 1e-5,
        "relative error {} (numeric {num:?}, analytic {ana:?})",
        norm(&diff) / scale
    );
    num.len()
}

pub(crate) fn reference_diagram(seed: u64, n: usize, d: usize, degree: usize) -> Diagram<f64> {
    let pts = SplitMix64::new(seed).cloud(n, d);
    target_diagram(
        &PointCloud::new(&pts, d).unwrap(),
        Metric::Euclidean,
        degree,
    )
    .unwrap()
}

/// Every loss of the module, on a cloud of `n` points in dimension `d`.
pub(crate) fn all_losses(n: usize, d: usize) -> Vec<(&'static str, Box<dyn Loss<f64>>)> {
    let t0 = reference_diagram(31, n, d, 0);
    let t1 = reference_diagram(31, n, d, 1);
    vec![
        ("push 1", Box::new(PushLossParams::new(1).check().unwrap())),
        (
            "bottleneck 0",
            Box::new(BottleneckLossParams::new(0, t0.clone()).check().unwrap()),
        ),
        (
            "bottleneck 1",
            Box::new(BottleneckLossParams::new(1, t1.clone()).check().unwrap()),
        ),
        ("push 0", Box::new(PushLossParams::new(0).check().unwrap())),
        (
            "reininghaus 1",
            Box::new(
                ReininghausLossParams::new(1, 0.01, t1.clone())
                    .check()
                    .unwrap(),
            ),
        ),
        (
            "4sgde 0",
            Box::new(
                Sgde4LossParams::new(t0.clone(), linspace(0.0, 0.5, 6), 0.1)
                    .check()
                    .unwrap(),
            ),
        ),
        (
            "entropy 1",
            Box::new(EntropyLossParams::new(1, t1).delta(0.01).check().unwrap()),
        ),
        (
            "entropy 0",
            Box::new(EntropyLossParams::new(0, t0).check().unwrap()),
        ),
        (
            "connectivity",
            Box::new(ConnectivityLossParams::new(0.2).check().unwrap()),
        ),
        (
            "densification",
            Box::new(DensificationLossParams::new(0.2).check().unwrap()),
        ),
    ]
}

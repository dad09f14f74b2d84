//! Topological losses: plain gradient descent does what each loss promises,
//! on small seeded inputs (the finite-difference checks are in the core
//! crate's unit tests).

use toporeg::loss::{Batch, ConnectivityLossParams, DensificationLossParams, Loss, PushLossParams};
use toporeg::{h0_persistence, persistence, Metric, PointCloud, RipsParams};

struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn gaussian(&mut self) -> f64 {
        let u = 1.0 - self.uniform();
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    fn blob(&mut self, n: usize, center: &[f64], sd: f64) -> Vec<f64> {
        (0..n)
            .flat_map(|_| {
                center
                    .iter()
                    .map(|c| c + sd * self.gaussian())
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

fn descend(
    loss: &dyn Loss<f64>,
    pts: &mut [f64],
    dim: usize,
    labels: Option<&[usize]>,
    lr: f64,
    steps: usize,
) {
    for _ in 0..steps {
        let cloud = PointCloud::new(pts, dim).unwrap();
        let batch = match labels {
            Some(l) => Batch::labelled(cloud, l).unwrap(),
            None => Batch::new(cloud),
        };
        let (_, g) = loss.value_and_grad(batch).unwrap();
        for (p, gi) in pts.iter_mut().zip(g) {
            *p -= lr * gi;
        }
    }
}

fn h0_deaths(pts: &[f64], dim: usize, metric: Metric) -> Vec<f64> {
    let pers = h0_persistence(&PointCloud::new(pts, dim).unwrap(), metric).unwrap();
    pers.pairs(0)
        .iter()
        .map(|p| p.death)
        .filter(|d| d.is_finite())
        .collect()
}

fn mean_abs_dev(values: &[f64], target: f64) -> f64 {
    values.iter().map(|t| (t - target).abs()).sum::<f64>() / values.len() as f64
}

#[test]
fn push_grows_the_h1_bar_of_a_noisy_circle() {
    let mut rng = Rng(7);
    let n = 32;
    let mut pts: Vec<f64> = (0..n)
        .flat_map(|i| {
            let t = 2.0 * std::f64::consts::PI * i as f64 / n as f64;
            [
                t.cos() + 0.15 * rng.gaussian(),
                t.sin() + 0.15 * rng.gaussian(),
            ]
        })
        .collect();
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
    descend(&push, &mut pts, 2, None, 0.01, 300);
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
    let mut rng = Rng(11);
    let mut pts = rng.blob(24, &[0.0, 0.0], 0.5);
    pts.extend(rng.blob(24, &[4.0, 0.0], 0.5));
    let labels: Vec<usize> = (0..48).map(|i| i / 24).collect();
    let class_deaths = |p: &[f64]| -> Vec<f64> {
        (0..2)
            .flat_map(|c| {
                let sub: Vec<f64> = (0..48)
                    .filter(|&i| labels[i] == c)
                    .flat_map(|i| p[2 * i..2 * i + 2].to_vec())
                    .collect();
                h0_deaths(&sub, 2, Metric::Euclidean)
            })
            .collect()
    };
    let before = class_deaths(&pts);
    let loss = DensificationLossParams::new(beta).check().unwrap();
    descend(&loss, &mut pts, 2, Some(&labels), 0.005, 300);
    let after = class_deaths(&pts);
    let (b, a) = (mean_abs_dev(&before, beta), mean_abs_dev(&after, beta));
    assert!(a < 0.2 * b, "mean |t - β| {b} -> {a}");
    // every death time, not just the mean, came close to β
    assert!(after.iter().all(|t| (t - beta).abs() < 0.2), "{after:?}");
}

#[test]
fn connectivity_concentrates_deaths_at_eta() {
    let eta = 1.0;
    let mut pts = Rng(3).blob(64, &[0.0; 4], 1.0);
    let before = h0_deaths(&pts, 4, Metric::Manhattan);
    let loss = ConnectivityLossParams::new(eta).check().unwrap();
    descend(&loss, &mut pts, 4, None, 0.005, 300);
    let after = h0_deaths(&pts, 4, Metric::Manhattan);
    let (b, a) = (mean_abs_dev(&before, eta), mean_abs_dev(&after, eta));
    assert!(a < 0.1 * b, "mean |t - η| {b} -> {a}");
    let within = after.iter().filter(|t| (*t - eta).abs() < 0.1).count();
    assert!(within * 10 >= after.len() * 9, "{after:?}");
}

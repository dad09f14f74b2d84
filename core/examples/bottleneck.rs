//! The bottleneck loss in the Z1 setting: a latent batch is pulled towards
//! the H0 and H1 diagrams of an input batch that lives at ten times its
//! scale, through targets rescaled by 1/10 (ω0 = ω1 = 5 as in the TopoVAE
//! paper).
//!
//! `cargo run -p toporeg --example bottleneck`

mod common;

use common::{descend, noisy_circle};
use toporeg::SplitMix64;
use toporeg::{rescale, target_diagrams, BottleneckLossParams, Loss, WeightedSum};
use toporeg::{Metric, PointCloud};

fn main() -> Result<(), toporeg::Error> {
    // input batch: a circle of radius 20; latent batch: a noisy circle of radius 1.5
    let input: Vec<f64> = noisy_circle(&mut SplitMix64::new(1), 40, 0.02)
        .iter()
        .map(|x| 20.0 * x)
        .collect();
    let mut latent: Vec<f64> = noisy_circle(&mut SplitMix64::new(2), 40, 0.1)
        .iter()
        .map(|x| 1.5 * x)
        .collect();
    let d0 = target_diagrams(&PointCloud::new(&input, 2)?, Metric::Euclidean, 1)?;
    let target0 = rescale(&d0[0], 0.1)?;
    let target1 = rescale(&d0[1], 0.1)?;
    let z1 = WeightedSum::new()
        .term(5.0, BottleneckLossParams::new(0, target0).check()?)?
        .term(5.0, BottleneckLossParams::new(1, target1.clone()).check()?)?;
    let b1 = BottleneckLossParams::new(1, target1.clone()).check()?;
    let h1 = |pts: &[f64]| -> Result<(f64, Vec<[f64; 2]>), toporeg::Error> {
        let cloud = PointCloud::new(pts, 2)?;
        let now = target_diagrams(&cloud, Metric::Euclidean, 1)?;
        Ok((b1.value(cloud.into())?, now[1].points().to_vec()))
    };
    println!("target H1 (rescaled): {:.3?}", target1.points());
    let (v, dgm) = h1(&latent)?;
    println!("before: bottleneck_1 {v:.4}, latent H1 {dgm:.3?}");
    let (first, last) = descend(&z1, &mut latent, 2, None, 0.01, 300)?;
    let (v, dgm) = h1(&latent)?;
    println!("after 300 steps: bottleneck_1 {v:.4}, latent H1 {dgm:.3?}");
    println!("5 · bottleneck_0 + 5 · bottleneck_1: {first:.4} -> {last:.4}");
    Ok(())
}

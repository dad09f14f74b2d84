//! Topological densification (β = 0.7) on two labelled Gaussian blobs:
//! within each class, the H0 death times (the class's minimum spanning tree
//! edges) move to β.
//!
//! `cargo run -p toporeg --example densify`

mod common;

use common::{blob, descend, h0_deaths, histogram, mean_abs_dev};
use toporeg::DensificationLossParams;
use toporeg::Metric;
use toporeg::SplitMix64;

fn class_deaths(pts: &[f64], labels: &[usize]) -> Result<Vec<f64>, toporeg::Error> {
    let mut all = Vec::new();
    for c in 0..2 {
        let sub: Vec<f64> = (0..labels.len())
            .filter(|&i| labels[i] == c)
            .flat_map(|i| pts[2 * i..2 * i + 2].to_vec())
            .collect();
        all.extend(h0_deaths(&sub, 2, Metric::Euclidean)?);
    }
    Ok(all)
}

fn main() -> Result<(), toporeg::Error> {
    let beta = 0.7;
    let mut rng = SplitMix64::new(11);
    let mut pts = blob(&mut rng, 24, &[0.0, 0.0], 0.5);
    pts.extend(blob(&mut rng, 24, &[4.0, 0.0], 0.5));
    let labels: Vec<usize> = (0..48).map(|i| i / 24).collect();
    let loss = DensificationLossParams::new(beta).check()?;
    let before = class_deaths(&pts, &labels)?;
    let (first, last) = descend(&loss, &mut pts, 2, Some(&labels), 0.005, 300)?;
    let after = class_deaths(&pts, &labels)?;
    println!(
        "within-class H0 death times before (mean |t - β| = {:.3}):",
        mean_abs_dev(&before, beta)
    );
    print!("{}", histogram(&before, 0.0, 1.4, 14));
    println!(
        "after 300 steps (mean |t - β| = {:.3}):",
        mean_abs_dev(&after, beta)
    );
    print!("{}", histogram(&after, 0.0, 1.4, 14));
    println!("L_β {first:.3} -> {last:.3}");
    Ok(())
}

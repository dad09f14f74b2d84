//! The Reininghaus loss of degree 1: a noisy circle is pulled towards the H1
//! diagram of a clean circle of radius 1.5.
//!
//! `cargo run -p toporeg --example reininghaus`

mod common;

use common::{descend, noisy_circle};
use toporeg::SplitMix64;
use toporeg::{rescale, target_diagram, ReininghausLossParams};
use toporeg::{Metric, PointCloud};

fn main() -> Result<(), toporeg::Error> {
    let clean = noisy_circle(&mut SplitMix64::new(1), 32, 0.0);
    let target = rescale(
        &target_diagram(&PointCloud::new(&clean, 2)?, Metric::Euclidean, 1)?,
        1.5,
    )?;
    let mut pts = noisy_circle(&mut SplitMix64::new(2), 32, 0.1);
    let loss = ReininghausLossParams::new(1, 0.05, target.clone()).check()?;
    let (first, last) = descend(&loss, &mut pts, 2, None, 0.05, 200)?;
    let now = target_diagram(&PointCloud::new(&pts, 2)?, Metric::Euclidean, 1)?;
    println!("target H1: {:?}", target.points());
    println!("batch H1 after 200 steps: {:?}", now.points());
    println!("d_σ² {first:.4} -> {last:.4}");
    Ok(())
}

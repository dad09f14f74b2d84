//! The 4SGDE loss of degree 0: the H0 death times of a batch are fitted to
//! those of a reference batch twice as spread out, through their smoothed
//! density on a grid.
//!
//! `cargo run -p toporeg --example sgde4`

mod common;

use common::{blob, descend, h0_deaths};
use toporeg::SplitMix64;
use toporeg::{linspace, target_diagram, Sgde4LossParams};
use toporeg::{Metric, PointCloud};

fn main() -> Result<(), toporeg::Error> {
    let reference = blob(&mut SplitMix64::new(5), 32, &[0.0, 0.0], 1.0);
    let target = target_diagram(&PointCloud::new(&reference, 2)?, Metric::Euclidean, 0)?;
    let mut pts = blob(&mut SplitMix64::new(6), 32, &[0.0, 0.0], 0.5);
    let loss = Sgde4LossParams::new(target, linspace(0.0, 1.0, 21), 0.1)
        .mean(true)
        .check()?;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let before = mean(&h0_deaths(&pts, 2, Metric::Euclidean)?);
    let (first, last) = descend(&loss, &mut pts, 2, None, 0.05, 200)?;
    let after = mean(&h0_deaths(&pts, 2, Metric::Euclidean)?);
    let goal = mean(&h0_deaths(&reference, 2, Metric::Euclidean)?);
    println!("mean H0 death time: {before:.3} -> {after:.3} (reference {goal:.3})");
    println!("4SGDE loss {first:.5} -> {last:.5}");
    Ok(())
}

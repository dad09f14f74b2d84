//! Push loss of degree 1 on a noisy circle: plain gradient descent lengthens
//! the circle's H1 bar.
//!
//! `cargo run -p toporeg --example push`

mod common;

use common::{descend, noisy_circle};
use toporeg::PushLossParams;
use toporeg::SplitMix64;
use toporeg::{persistence, Metric, PointCloud, RipsParams};

fn longest_h1(pts: &[f64]) -> Result<(f64, f64), toporeg::Error> {
    let pers = persistence(
        &PointCloud::new(pts, 2)?,
        Metric::Euclidean,
        &RipsParams::new(),
    )?;
    Ok(pers
        .pairs(1)
        .iter()
        .map(|p| (p.birth, p.death))
        .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
        .unwrap_or((0.0, 0.0)))
}

fn main() -> Result<(), toporeg::Error> {
    let mut pts = noisy_circle(&mut SplitMix64::new(7), 32, 0.15);
    let push = PushLossParams::new(1).check()?;
    let (b0, d0) = longest_h1(&pts)?;
    println!(
        "before: longest H1 bar [{b0:.3}, {d0:.3}), persistence {:.3}",
        d0 - b0
    );
    let (first, last) = descend(&push, &mut pts, 2, None, 0.01, 300)?;
    let (b1, d1) = longest_h1(&pts)?;
    println!(
        "after 300 steps: longest H1 bar [{b1:.3}, {d1:.3}), persistence {:.3}",
        d1 - b1
    );
    println!("push loss {first:.3} -> {last:.3}");
    Ok(())
}

//! The entropy loss of degree 0: the persistent entropy of a batch's H0
//! diagram is matched to a reference value.
//!
//! `cargo run -p toporeg --example entropy`

mod common;

use common::{blob, descend};
use toporeg::SplitMix64;
use toporeg::{target_diagram, EntropyLossParams};
use toporeg::{Metric, PointCloud};

fn main() -> Result<(), toporeg::Error> {
    // reference: two well separated clusters (one long bar lowers the entropy)
    let mut rng = SplitMix64::new(9);
    let mut reference = blob(&mut rng, 16, &[0.0, 0.0], 0.3);
    reference.extend(blob(&mut rng, 16, &[5.0, 0.0], 0.3));
    let target = target_diagram(&PointCloud::new(&reference, 2)?, Metric::Euclidean, 0)?;
    let loss = EntropyLossParams::new(0, target).delta(0.01).check()?;
    println!("target G_δ = {:.4}", loss.target_value());
    let mut pts = blob(&mut SplitMix64::new(10), 32, &[0.0, 0.0], 1.0);
    let (first, last) = descend(&loss, &mut pts, 2, None, 0.5, 200)?;
    println!("(G_δ - G_δ(D0))² {first:.5} -> {last:.6}");
    Ok(())
}

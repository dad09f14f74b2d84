//! The regularizer parts of the four TopoVAE objectives T1–T4 (T1: bottleneck
//! in H0 and H1; T2: entropy in H0 and H1; T3: entropy in H0 and Reininghaus
//! in H1; T4: 4SGDE in H0 and Reininghaus in H1), each a one-line weighted
//! sum, evaluated with their gradients on an output batch against the
//! diagrams of the input batch.
//!
//! `cargo run -p toporeg --example topovae`

mod common;

use common::blob;
use toporeg::SplitMix64;
use toporeg::{
    linspace, target_diagrams, BottleneckLossParams, EntropyLossParams, Loss,
    ReininghausLossParams, Sgde4LossParams, WeightedSum,
};
use toporeg::{Metric, PointCloud};

fn main() -> Result<(), toporeg::Error> {
    let (n, d) = (64, 16);
    let input = blob(&mut SplitMix64::new(1), n, &[0.0; 16], 1.0);
    let output: Vec<f64> = input
        .iter()
        .zip(blob(&mut SplitMix64::new(2), n, &[0.0; 16], 0.3))
        .map(|(x, e)| 0.8 * x + e)
        .collect();
    let d0 = target_diagrams(&PointCloud::new(&input, d)?, Metric::Euclidean, 1)?;
    let (w0, w1, delta, sigma) = (5.0, 5.0, 0.05, 0.1);
    let bn = |k: usize| BottleneckLossParams::new(k, d0[k].clone()).check();
    let ent = |k: usize| {
        EntropyLossParams::new(k, d0[k].clone())
            .delta(delta)
            .check()
    };
    let rh1 = || ReininghausLossParams::new(1, sigma, d0[1].clone()).check();
    let sgde0 = || {
        Sgde4LossParams::new(d0[0].clone(), linspace(0.0, 6.0, 25), 0.5)
            .scale(1e-4)
            .check()
    };

    let t1 = WeightedSum::new().term(w0, bn(0)?)?.term(w1, bn(1)?)?;
    let t2 = WeightedSum::new().term(w0, ent(0)?)?.term(w1, ent(1)?)?;
    let t3 = WeightedSum::new().term(w0, ent(0)?)?.term(w1, rh1()?)?;
    let t4 = WeightedSum::new().term(w0, sgde0()?)?.term(w1, rh1()?)?;

    let batch = PointCloud::new(&output, d)?;
    for (name, total) in [("T1", &t1), ("T2", &t2), ("T3", &t3), ("T4", &t4)] {
        let (v, g) = total.value_and_grad(batch.into())?;
        let norm = g.iter().map(|x| x * x).sum::<f64>().sqrt();
        println!(
            "{name}: regularizer {v:.5}, gradient norm {norm:.5} over {} coordinates",
            g.len()
        );
    }
    Ok(())
}

//! The toporeg side of `benches/peers/cases_losses.py`:
//! `peers-losses KIND DEGREE --repeats N`.
//!
//! Draws the 128 × 64 Gaussian batch of [`toporeg_benches::losses`] (in
//! `f32`, as a training step would), builds the loss with its targets, runs
//! `value_and_grad` N times and prints `{"seconds": best}` on its last line.

use std::time::Instant;

use anyhow::{bail, Context};
use toporeg::Batch;
use toporeg::PointCloud;
use toporeg_benches::losses::{build, gaussian_batch, labels, BATCH_SEED, D, N, TARGET_SEED};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: peers-losses KIND DEGREE [--repeats N]";
    if args.len() < 2 {
        bail!("{usage}");
    }
    let degree: usize = args[1].parse().context("DEGREE")?;
    let repeats: usize = match args.get(2).map(String::as_str) {
        Some("--repeats") => args.get(3).context(usage)?.parse().context("--repeats")?,
        Some(other) => bail!("unknown argument `{other}`; {usage}"),
        None => 1,
    };
    let to32 = |v: Vec<f64>| -> Vec<f32> { v.into_iter().map(|x| x as f32).collect() };
    let pts = to32(gaussian_batch(BATCH_SEED, N, D));
    let target = to32(gaussian_batch(TARGET_SEED, N, D));
    let loss = build(&args[0], degree, &target)?;
    let labels = labels();
    let batch = Batch::labelled(PointCloud::new(&pts, D)?, &labels)?;
    let mut best = f64::INFINITY;
    let mut value = 0.0;
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        let (v, g) = loss.value_and_grad(batch)?;
        best = best.min(start.elapsed().as_secs_f64());
        value = v;
        std::hint::black_box(g);
    }
    eprintln!("value {value}");
    toporeg_benches::report(best);
    Ok(())
}

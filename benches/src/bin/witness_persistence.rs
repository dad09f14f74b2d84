//! Times the lazy witness persistence of a large point cloud and reports the
//! peak resident memory, to show that the memory is linear in the number of
//! points (no `N × N` or `N × L` matrix).
//!
//! The points lie near a circle of radius 1 in the plane, lifted into `R^d`
//! with small noise in every coordinate.
//!
//! Usage: `witness_persistence [--points 100000] [--landmarks 100] [--dim 3]
//! [--max-dim 1] [--nu 0] [--repeats 1]`; prints `{"seconds": best, ...}`
//! as JSON on its last line (`peak_rss_kib` from `/proc/self/status` on
//! Linux, `null` elsewhere).

use std::time::Instant;

use toporeg::SplitMix64;
use toporeg::{witness_persistence, WitnessParams};
use toporeg::{PointCloud, RipsParams};
use toporeg_benches::arg;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = arg(&args, "--points", 100_000)?;
    let l: usize = arg(&args, "--landmarks", 100)?;
    let d: usize = arg(&args, "--dim", 3)?;
    let max_dim: usize = arg(&args, "--max-dim", 1)?;
    let nu: usize = arg(&args, "--nu", 0)?;
    let repeats: usize = arg(&args, "--repeats", 1)?;
    anyhow::ensure!(d >= 2, "--dim must be at least 2");
    let mut rng = SplitMix64::new(17);
    let mut x = Vec::with_capacity(n * d);
    for _ in 0..n {
        let t = std::f64::consts::TAU * rng.next_f64();
        x.push(t.cos() + 0.1 * (rng.next_f64() - 0.5));
        x.push(t.sin() + 0.1 * (rng.next_f64() - 0.5));
        x.extend((2..d).map(|_| 0.1 * (rng.next_f64() - 0.5)));
    }
    let rss_input = peak_rss_kib();
    let cloud = PointCloud::new(&x, d)?;
    let params = WitnessParams::new(l).nu(nu);
    let rips = RipsParams::new().max_dim(max_dim);
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        let w = witness_persistence(&cloud, &params, &rips)?;
        best = best.min(start.elapsed().as_secs_f64());
        result = Some(w);
    }
    let w = result.expect("at least one repeat");
    let h1: Vec<[f64; 2]> = w
        .persistence
        .diagram(1)
        .points()
        .iter()
        .copied()
        .filter(|p| p[1] - p[0] > 0.1)
        .collect();
    println!(
        "{}",
        serde_json::json!({
            "seconds": best,
            "points": n,
            "landmarks": l,
            "dim": d,
            "nu": nu,
            "pairs_h0": w.persistence.pairs(0).len(),
            "pairs_h1": w.persistence.pairs(1).len(),
            "h1_longer_than_0.1": h1,
            "input_bytes": n * d * 8,
            "peak_rss_kib_after_input": rss_input,
            "peak_rss_kib": peak_rss_kib(),
        })
    );
    Ok(())
}

//! Times the exact minimum Frobenius distance between two random point
//! clouds (`y` a noisy copy of `x`, rows shuffled).
//!
//! Usage: `min_frobenius [--n 1000] [--dim 16] [--repeats 3]`; prints
//! `{"seconds": best, ...}` as JSON on its last line.

use std::time::Instant;

use toporeg::min_frobenius;
use toporeg::PointCloud;
use toporeg::SplitMix64;
use toporeg_benches::arg;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = arg(&args, "--n", 1000)?;
    let dim: usize = arg(&args, "--dim", 16)?;
    let repeats: usize = arg(&args, "--repeats", 3)?;
    let mut rng = SplitMix64::new(42);
    let x: Vec<f64> = (0..n * dim).map(|_| rng.next_f64()).collect();
    let mut y: Vec<f64> = x.iter().map(|v| 2.0 * v + 0.01 * rng.next_f64()).collect();
    // Shuffle the rows of y so the optimal permutation is not the identity.
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        for c in 0..dim {
            y.swap(i * dim + c, j * dim + c);
        }
    }
    let (xc, yc) = (PointCloud::new(&x, dim)?, PointCloud::new(&y, dim)?);
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        let r = min_frobenius(&xc, &yc)?;
        best = best.min(start.elapsed().as_secs_f64());
        result = Some(r);
    }
    let r = result.expect("at least one repeat");
    println!(
        "{}",
        serde_json::json!({
            "seconds": best,
            "n": n,
            "dim": dim,
            "value": r.value,
            "identity_value": r.identity_value,
        })
    );
    Ok(())
}

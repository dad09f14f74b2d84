//! The toporeg side of the diagram cases of `benches/peers/run.py`.
//!
//! ```text
//! peers-diagrams bottleneck N SEED_A SEED_B [--delta D] --repeats R
//! peers-diagrams pssk-gram DIAGRAMS POINTS SIGMA SEED --repeats R
//! ```
//!
//! Builds the random diagrams (`toporeg_benches::random_diagram`, the same
//! as the Python side), runs the computation R times and prints the result
//! and then `{"seconds": best}` on the last line.

use std::time::Instant;

use anyhow::{bail, Context};
use toporeg::{bottleneck, bottleneck_approx, Diagram, Pssk};
use toporeg_benches::random_diagram;

fn arg<T: std::str::FromStr>(args: &[String], i: usize, what: &str) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    args.get(i)
        .with_context(|| format!("missing {what}"))?
        .parse()
        .with_context(|| format!("bad {what}"))
}

fn option<T: std::str::FromStr>(args: &[String], name: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match args.iter().position(|a| a == name) {
        Some(i) => Ok(Some(arg(args, i + 1, name)?)),
        None => Ok(None),
    }
}

fn time<R>(repeats: usize, mut f: impl FnMut() -> R) -> (R, f64) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(r);
    }
    (last.expect("at least one run"), best)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeats: usize = option(&args, "--repeats")?.unwrap_or(1);
    let seconds = match args.first().map(String::as_str) {
        Some("bottleneck") => {
            let n: usize = arg(&args, 1, "N")?;
            let a = Diagram::new(random_diagram(arg(&args, 2, "SEED_A")?, n))?;
            let b = Diagram::new(random_diagram(arg(&args, 3, "SEED_B")?, n))?;
            let delta: Option<f64> = option(&args, "--delta")?;
            let (d, s) = time(repeats, || match delta {
                Some(delta) => bottleneck_approx(&a, &b, delta).map(|r| r.distance),
                None => Ok(bottleneck(&a, &b).distance),
            });
            println!("distance {}", d?);
            s
        }
        Some("pssk-gram") => {
            let count: usize = arg(&args, 1, "DIAGRAMS")?;
            let points: usize = arg(&args, 2, "POINTS")?;
            let sigma: f64 = arg(&args, 3, "SIGMA")?;
            let seed: u64 = arg(&args, 4, "SEED")?;
            let ds = (0..count as u64)
                .map(|k| Diagram::new(random_diagram(seed + k, points)))
                .collect::<Result<Vec<_>, _>>()?;
            let k = Pssk::new(sigma)?;
            let (g, s) = time(repeats, || k.gram(&ds));
            println!("gram[0][1] {}", g[1]);
            s
        }
        _ => bail!("usage: peers-diagrams bottleneck N SEED_A SEED_B [--delta D] | pssk-gram DIAGRAMS POINTS SIGMA SEED  (--repeats R)"),
    };
    toporeg_benches::report(seconds);
    Ok(())
}

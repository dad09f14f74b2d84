//! The toporeg side of `benches/peers/cases_rips.py`:
//! `peers-rips point-cloud|lower-distance PATH MAXDIM --repeats N`, or
//! `peers-rips uniform N,DIM,SEED MAXDIM --repeats N` for `N` points drawn
//! uniformly in the unit cube of dimension `DIM` (coordinates: the next
//! uniform numbers of `SplitMix64::new(SEED)`, row by row), or
//! `peers-rips o3 N,SEED MAXDIM --repeats N` for `N` random orthogonal
//! 3 × 3 matrices in R^9 (`toporeg_benches::o3_points`).
//!
//! Loads the input in `f32` (as Ripser does), computes the Rips persistence
//! up to degree MAXDIM N times (Euclidean metric, no threshold) and prints
//! `{"seconds": best}` on its last line.

use std::time::Instant;

use anyhow::{bail, Context};
use toporeg::{DistanceMatrix, Metric, PointCloud, RipsParams};
use toporeg_train::formats::{parse_input, Input, InputFormat};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: peers-rips point-cloud|lower-distance PATH MAXDIM [--repeats N]\n       peers-rips uniform N,DIM,SEED MAXDIM [--repeats N]\n       peers-rips o3 N,SEED MAXDIM [--repeats N]";
    if args.len() < 3 {
        bail!("{usage}");
    }
    let format = match args[0].as_str() {
        "uniform" | "o3" => return generated(&args, usage),
        "point-cloud" => InputFormat::PointCloud,
        "lower-distance" => InputFormat::LowerDistance,
        other => bail!("unknown format `{other}`; {usage}"),
    };
    // gzipped inputs (the large reference cases) are decompressed on the way
    let text = toporeg_train::io::read_input(Some(std::path::Path::new(&args[1])))?;
    let (max_dim, repeats) = dim_and_repeats(&args, usage)?;
    let rips = RipsParams::new().max_dim(max_dim).check()?;
    let input = parse_input(&text, format)?;
    let mut best = f64::INFINITY;
    let mut pairs = 0;
    match input {
        Input::Points(t) => {
            let coords: Vec<f32> = t.values.iter().map(|&v| v as f32).collect();
            let cloud = PointCloud::new(&coords, t.cols)?;
            for _ in 0..repeats {
                let start = Instant::now();
                let pers = rips.persistence(&cloud, Metric::Euclidean)?;
                best = best.min(start.elapsed().as_secs_f64());
                pairs = (0..=max_dim).map(|k| pers.pairs(k).len()).sum();
            }
        }
        Input::Distances(dm) => {
            let dm = DistanceMatrix::from_lower(dm.values().iter().map(|&v| v as f32).collect())?;
            for _ in 0..repeats {
                let start = Instant::now();
                let pers = rips.persistence_from_distances(&dm)?;
                best = best.min(start.elapsed().as_secs_f64());
                pairs = (0..=max_dim).map(|k| pers.pairs(k).len()).sum();
            }
        }
    }
    eprintln!("{pairs} pairs");
    toporeg_benches::report(best);
    Ok(())
}

/// MAXDIM and `--repeats N` (default 1) after FORMAT PATH.
fn dim_and_repeats(args: &[String], usage: &'static str) -> anyhow::Result<(usize, usize)> {
    let max_dim: usize = args[2].parse().context("MAXDIM")?;
    let repeats: usize = match args.get(3).map(String::as_str) {
        Some("--repeats") => args.get(4).context(usage)?.parse().context("--repeats")?,
        Some(other) => bail!("unknown argument `{other}`; {usage}"),
        None => 1,
    };
    Ok((max_dim, repeats))
}

/// The generated cases, `uniform N,DIM,SEED` and `o3 N,SEED`: no file.
fn generated(args: &[String], usage: &'static str) -> anyhow::Result<()> {
    let spec: Vec<usize> = args[1]
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .context("N,DIM,SEED or N,SEED")?;
    let (coords, dim) = match (args[0].as_str(), spec.as_slice()) {
        ("uniform", &[n, dim, seed]) => {
            let mut rng = toporeg::SplitMix64::new(seed as u64);
            let coords: Vec<f32> = (0..n * dim).map(|_| rng.next_f64() as f32).collect();
            (coords, dim)
        }
        ("o3", &[n, seed]) => (toporeg_benches::o3_points(n, seed as u64), 9),
        _ => bail!("{usage}"),
    };
    let (max_dim, repeats) = dim_and_repeats(args, usage)?;
    let rips = RipsParams::new().max_dim(max_dim).check()?;
    let cloud = PointCloud::new(&coords, dim)?;
    let mut best = f64::INFINITY;
    let mut pairs = 0;
    for _ in 0..repeats {
        let start = Instant::now();
        let pers = rips.persistence(&cloud, Metric::Euclidean)?;
        best = best.min(start.elapsed().as_secs_f64());
        pairs = (0..=max_dim).map(|k| pers.pairs(k).len()).sum();
    }
    eprintln!("{pairs} pairs");
    toporeg_benches::report(best);
    Ok(())
}

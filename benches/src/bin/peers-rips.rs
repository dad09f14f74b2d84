//! The toporeg side of `benches/peers/cases_rips.py`:
//! `peers-rips point-cloud|lower-distance|sparse PATH MAXDIM [--repeats N]
//! [--threshold R]`, or `peers-rips uniform N,DIM,SEED MAXDIM ...` for `N`
//! points drawn uniformly in the unit cube of dimension `DIM` (coordinates:
//! the next uniform numbers of `SplitMix64::new(SEED)`, row by row), or
//! `peers-rips o3 N,SEED MAXDIM ...` for `N` random rotation matrices in
//! R^9 (`toporeg_benches::o3_points`).
//!
//! Loads the input in `f32` (as Ripser does), computes the Rips persistence
//! up to degree MAXDIM N times (Euclidean metric, threshold R if given) and
//! prints `{"seconds": best}` on its last line. With a threshold, the
//! average degree of the graph of the pairs within it is printed too.

use std::time::Instant;

use anyhow::{bail, Context};
use toporeg::{DistanceMatrix, Metric, PointCloud, RipsParams, SparseDistances};
use toporeg_train::formats::{parse_input, Input, InputFormat};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: peers-rips point-cloud|lower-distance|sparse PATH MAXDIM [--repeats N] [--threshold R]\n       peers-rips uniform N,DIM,SEED MAXDIM [--repeats N] [--threshold R]\n       peers-rips o3 N,SEED MAXDIM [--repeats N] [--threshold R]";
    if args.len() < 3 {
        bail!("{usage}");
    }
    let format = match args[0].as_str() {
        "uniform" | "o3" => return generated(&args, usage),
        "point-cloud" => InputFormat::PointCloud,
        "lower-distance" => InputFormat::LowerDistance,
        "sparse" => InputFormat::Sparse,
        other => bail!("unknown format `{other}`; {usage}"),
    };
    // gzipped inputs (the large reference cases) are decompressed on the way
    let text = toporeg_train::io::read_input(Some(std::path::Path::new(&args[1])))?;
    let (max_dim, repeats, threshold) = dim_and_options(&args, usage)?;
    let rips = params(max_dim, threshold).check()?;
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
        Input::Graph(g) => {
            let edges = g.edges().map(|(i, j, w)| (i, j, w as f32));
            let g = SparseDistances::new(g.n_points(), edges)?;
            for _ in 0..repeats {
                let start = Instant::now();
                let pers = rips.persistence_from_sparse(&g)?;
                best = best.min(start.elapsed().as_secs_f64());
                pairs = (0..=max_dim).map(|k| pers.pairs(k).len()).sum();
            }
        }
    }
    eprintln!("{pairs} pairs");
    toporeg_benches::report(best);
    Ok(())
}

/// MAXDIM, `--repeats N` (default 1) and `--threshold R` (default none)
/// after FORMAT PATH.
fn dim_and_options(
    args: &[String],
    usage: &'static str,
) -> anyhow::Result<(usize, usize, Option<f64>)> {
    let max_dim: usize = args[2].parse().context("MAXDIM")?;
    let (mut repeats, mut threshold) = (1, None);
    let mut rest = args[3..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().context(usage)?;
        match flag.as_str() {
            "--repeats" => repeats = value.parse().context("--repeats")?,
            "--threshold" => threshold = Some(value.parse().context("--threshold")?),
            other => bail!("unknown argument `{other}`; {usage}"),
        }
    }
    Ok((max_dim, repeats, threshold))
}

/// The Rips parameters of a run.
fn params(max_dim: usize, threshold: Option<f64>) -> RipsParams {
    let p = RipsParams::new().max_dim(max_dim);
    match threshold {
        Some(t) => p.threshold(t),
        None => p,
    }
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
    let (max_dim, repeats, threshold) = dim_and_options(args, usage)?;
    let rips = params(max_dim, threshold).check()?;
    let cloud = PointCloud::new(&coords, dim)?;
    if let Some(t) = threshold {
        let g = SparseDistances::from_points(&cloud, Metric::Euclidean, t)?;
        eprintln!(
            "{} edges within {t}: average degree {:.2}",
            g.n_edges(),
            2.0 * g.n_edges() as f64 / cloud.n_points() as f64
        );
    }
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

//! `toporeg rips`: Vietoris–Rips persistence, a drop-in for the Ripser
//! command line (same formats and output), plus JSON with generators.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use toporeg::{Metric, Persistence, PointCloud, RipsParams};

use crate::formats::{parse_input, Input, InputFormat};
use crate::io::read_input;

/// The metric names of `--metric`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    /// Euclidean distance.
    Euclidean,
    /// L1 distance.
    Manhattan,
    /// Cosine distance `1 − cos`.
    Cosine,
    /// L∞ distance.
    Chebyshev,
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Self {
        match m {
            MetricArg::Euclidean => Metric::Euclidean,
            MetricArg::Manhattan => Metric::Manhattan,
            MetricArg::Cosine => Metric::Cosine,
            MetricArg::Chebyshev => Metric::Chebyshev,
        }
    }
}

/// Options of `toporeg rips`.
#[derive(Debug, Args)]
pub struct RipsArgs {
    /// Input file (standard input when absent or `-`).
    pub file: Option<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value = "lower-distance")]
    pub format: InputFormat,
    /// Largest homology degree.
    #[arg(long, default_value_t = 1)]
    pub dim: usize,
    /// Largest diameter of a simplex (default: the enclosing radius, which
    /// gives the same diagrams).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Metric between points (point clouds only).
    #[arg(long, value_enum, default_value = "euclidean")]
    pub metric: MetricArg,
    /// Coefficients in Z/p for this prime p.
    #[arg(long, default_value_t = 2)]
    pub modulus: u32,
    /// Print the pairs with their generator edges as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg rips`.
pub fn run(args: RipsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = read_input(args.file.as_deref())?;
    let source = args
        .file
        .as_ref()
        .map_or_else(|| "standard input".to_owned(), |p| p.display().to_string());
    let input = parse_input(&text, args.format).with_context(|| format!("in {source}"))?;
    let mut params = RipsParams::new().max_dim(args.dim).modulus(args.modulus);
    if let Some(t) = args.threshold {
        params = params.threshold(t);
    }
    let rips = params.check()?;
    let (header, pers) = match &input {
        Input::Points(table) => {
            let cloud = PointCloud::new(&table.values, table.cols)?;
            let pers = rips.persistence(&cloud, args.metric.into())?;
            (
                format!(
                    "point cloud with {} points in dimension {}",
                    table.rows, table.cols
                ),
                pers,
            )
        }
        Input::Distances(dm) => (
            format!("distance matrix with {} points", dm.n_points()),
            rips.persistence_from_distances(dm)?,
        ),
    };
    if args.json {
        write_json(&pers, out)
    } else {
        writeln!(out, "{header}")?;
        if let Some(t) = args.threshold {
            writeln!(out, "using threshold {t}")?;
        } else if let Some([lo, hi]) = pers.value_range() {
            // Ripser's lines for the full distance matrix
            writeln!(out, "value range: [{lo},{hi}]")?;
            writeln!(
                out,
                "distance matrix with {} points, using threshold at enclosing radius {}",
                pers.n_points(),
                pers.threshold()
            )?;
        }
        write_ripser(&pers, out)
    }
}

/// Writes the diagrams in Ripser's format.
pub fn write_ripser(pers: &Persistence<f64>, out: &mut dyn Write) -> anyhow::Result<()> {
    for dim in 0..=pers.max_dim() {
        writeln!(out, "persistence intervals in dim {dim}:")?;
        for p in pers.pairs(dim) {
            if p.is_essential() {
                writeln!(out, " [{}, )", p.birth)?;
            } else {
                writeln!(out, " [{},{})", p.birth, p.death)?;
            }
        }
    }
    Ok(())
}

/// Writes the pairs with their generators as JSON: `{"n_points": n,
/// "diagrams": [{"dim": k, "pairs": [{"birth", "death" ("inf" when
/// essential), "birth_edge", "death_edge"}]}]}`.
pub fn write_json(pers: &Persistence<f64>, out: &mut dyn Write) -> anyhow::Result<()> {
    let diagrams: Vec<_> = (0..=pers.max_dim())
        .map(|dim| serde_json::json!({ "dim": dim, "pairs": pers.pairs(dim) }))
        .collect();
    let doc = serde_json::json!({ "n_points": pers.n_points(), "diagrams": diagrams });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

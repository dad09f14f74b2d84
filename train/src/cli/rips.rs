//! `toporeg rips`: Vietoris–Rips persistence, a drop-in for the Ripser
//! command line (same formats and output), plus JSON with generators.

use std::io::Write;
use std::path::PathBuf;

use anyhow::anyhow;
use clap::{Args, ValueEnum};

use super::common::{memory_budget, parse_bytes, write_ripser, MetricArg};
use toporeg::{Persistence, PointCloud, RipsParams};

use crate::formats::{looks_like_points, parse_input, Input, InputFormat, DEFAULT_FORMAT};
use crate::io::read_input;

/// Options of `toporeg rips`.
#[derive(Debug, Args)]
pub struct RipsArgs {
    /// Input file (standard input when absent or `-`).
    pub file: Option<PathBuf>,
    /// Input format [default: lower-distance, as in Ripser].
    #[arg(long, value_enum)]
    pub format: Option<InputFormat>,
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
    /// Memory budget of the reduction (degree 1 and above), such as 800M
    /// or 8G: a request estimated above it stops with an error that says
    /// what to do instead of being killed by the system [default: 3/4 of
    /// the machine's memory].
    #[arg(long, value_parser = parse_bytes, value_name = "SIZE")]
    pub max_memory: Option<u64>,
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
    let format = args.format.unwrap_or(DEFAULT_FORMAT);
    let input = match parse_input(&text, format) {
        Ok(input) => input,
        Err(err) => match looks_like_points(&text) {
            Some((rows, cols)) if args.format.is_none() => {
                let assumed = DEFAULT_FORMAT
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_owned());
                return Err(anyhow!(
                    "in {source}: read with the default --format {assumed} (as in Ripser): \
                     {err:#}\n\
                     its {rows} rows all have {cols} values, like a point cloud: \
                     try --format point-cloud"
                ));
            }
            _ => return Err(err.context(format!("in {source}"))),
        },
    };
    let mut params = RipsParams::new().max_dim(args.dim).modulus(args.modulus);
    if let Some(t) = args.threshold {
        params = params.threshold(t);
    }
    if let Some(bytes) = memory_budget(args.max_memory) {
        params = params.max_memory(bytes);
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
        Input::Graph(g) => (
            format!(
                "sparse distance matrix with {} points and {} edges",
                g.n_points(),
                g.n_edges()
            ),
            rips.persistence_from_sparse(g)?,
        ),
    };
    if args.json {
        write_json(&pers, out)
    } else {
        writeln!(out, "{header}")?;
        if let Some(t) = args.threshold {
            writeln!(out, "using threshold {t}")?;
        } else if let Some([lo, hi]) = pers.value_range() {
            // Ripser's lines: the value range, and for a full distance
            // matrix the truncation at the enclosing radius
            writeln!(out, "value range: [{lo},{hi}]")?;
            if !matches!(input, Input::Graph(_)) {
                writeln!(
                    out,
                    "distance matrix with {} points, using threshold at enclosing radius {}",
                    pers.n_points(),
                    pers.threshold()
                )?;
            }
        }
        write_ripser(&pers, out)
    }
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

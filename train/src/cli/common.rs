//! What several subcommands share: the `--metric` names, Ripser's output
//! format, and how numbers and matching edges are printed.

use std::io::Write;

use clap::{Args, ValueEnum};
use toporeg::{MatchedEdge, Metric, Persistence};

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

/// Writes an `f64` as JSON (`"inf"`/`"-inf"` for infinities).
pub fn json_number(v: f64) -> serde_json::Value {
    if v.is_finite() {
        serde_json::json!(v)
    } else if v > 0.0 {
        serde_json::json!("inf")
    } else {
        serde_json::json!("-inf")
    }
}

/// One matching edge as text: `i j`, `i -` (to the diagonal) or `- j`.
pub fn edge_text(e: MatchedEdge) -> String {
    match e {
        MatchedEdge::Pair(i, j) => format!("{i} {j}"),
        MatchedEdge::FirstToDiagonal(i) => format!("{i} -"),
        MatchedEdge::SecondToDiagonal(j) => format!("- {j}"),
    }
}

/// The training options shared by `toporeg vae` and `toporeg vae-compare`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct TrainingOptions {
    /// Samples per batch.
    #[arg(long, default_value_t = 128)]
    pub batch: usize,
    /// Adam's learning rate.
    #[arg(long, default_value_t = 1e-3)]
    pub lr: f64,
    /// Regularizer weights ω0,ω1.
    #[arg(long, default_value = "5,5", value_parser = parse_weights)]
    pub weights: [f64; 2],
    /// Hidden width of the encoder and decoder (default: sized from the data).
    #[arg(long)]
    pub hidden: Option<usize>,
}

impl TrainingOptions {
    /// The settings of a run of `model` with `seed`.
    pub fn config(
        &self,
        model: crate::models::ModelKind,
        seed: u64,
    ) -> crate::experiments::VaeConfig {
        crate::experiments::VaeConfig {
            batch: self.batch,
            lr: self.lr,
            weights: self.weights,
            seed,
            hidden: self.hidden,
            ..crate::experiments::VaeConfig::new(model)
        }
    }
}

/// Parses `ω0,ω1`.
///
/// ```
/// use toporeg_train::cli::common::parse_weights;
/// assert_eq!(parse_weights("5, 0.5"), Ok([5.0, 0.5]));
/// assert!(parse_weights("5").is_err() && parse_weights("1,nan").is_err());
/// ```
///
/// # Errors
/// Not two finite numbers.
pub fn parse_weights(s: &str) -> Result<[f64; 2], String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .map_err(|_| format!("`{p}` is not a number"))
        })
        .collect::<Result<_, _>>()?;
    match parts[..] {
        [a, b] if a.is_finite() && b.is_finite() => Ok([a, b]),
        _ => Err(format!("expected two finite weights ω0,ω1, got `{s}`")),
    }
}

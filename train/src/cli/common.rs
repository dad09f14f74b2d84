//! What several subcommands share: the `--metric` names, Ripser's output
//! format, and how numbers and matching edges are printed.

use std::io::Write;

use clap::ValueEnum;
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

//! What several subcommands share: the `--metric` names, the memory budget
//! of `--max-memory`, Ripser's output format, and how numbers and matching
//! edges are printed.

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

/// The share of the machine's memory (`MemTotal` of `/proc/meminfo`) that
/// a Rips reduction may use when `--max-memory` is not given.
pub const DEFAULT_MEMORY_SHARE: f64 = 0.75;

/// A byte count with an optional binary suffix: `1000000`, `512K`, `800M`,
/// `8G`, `1T` (also `KiB`, `MB`, … and lower case; `K` is 1024).
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 800M or 8G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(format!(
                "`{text}`: unknown unit `{unit}` (use K, M, G or T)"
            ))
        }
    };
    let bytes = value * f64::from(1u32 << (shift / 2)) * f64::from(1u32 << (shift - shift / 2));
    if bytes < 1.0 {
        return Err(format!("`{text}` is less than a byte"));
    }
    Ok(bytes as u64)
}

/// The memory budget of a Rips reduction: `--max-memory` when given, else
/// [`DEFAULT_MEMORY_SHARE`] of the machine's memory, else (no
/// `/proc/meminfo`) none.
pub fn memory_budget(max_memory: Option<u64>) -> Option<u64> {
    max_memory.or_else(|| {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let kib: f64 = info
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some((kib * 1024.0 * DEFAULT_MEMORY_SHARE) as u64)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert_eq!(parse_bytes("512K"), Ok(512 << 10));
        assert_eq!(parse_bytes("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_bytes("2t"), Ok(2 << 40));
        assert!(parse_bytes("8X").is_err());
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("0").is_err());
        assert_eq!(memory_budget(Some(7)), Some(7));
    }
}

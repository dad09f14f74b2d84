//! `toporeg bottleneck A B`: the bottleneck distance between two diagrams.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use toporeg::edge_cost;
use toporeg::{bottleneck, bottleneck_approx, BottleneckResult, Ground};

use super::common::{edge_text, json_number};
use crate::io::read_diagram;

/// Options of `toporeg bottleneck`.
#[derive(Debug, Args)]
pub struct BottleneckArgs {
    /// First diagram (Hera's format: `birth death` per line, `inf` allowed; `-` for stdin).
    pub a: PathBuf,
    /// Second diagram.
    pub b: PathBuf,
    /// Relative error bound δ > 0 of the approximate algorithm (exact when absent).
    #[arg(long)]
    pub delta: Option<f64>,
    /// Also print the optimal matching, one edge per line.
    #[arg(long)]
    pub matching: bool,
    /// Print one JSON object instead.
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg bottleneck`. The first line of the plain output is the
/// distance (shortest round-trip decimal, `inf` when infinite); with
/// `--matching` the longest edge and then every edge follow as `i j`,
/// `i -` (point `i` of A to the diagonal) or `- j`, with its cost.
pub fn run(args: BottleneckArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = read_diagram(&args.a)?;
    let b = read_diagram(&args.b)?;
    let r: BottleneckResult<f64> = match args.delta {
        Some(d) => bottleneck_approx(&a, &b, d)?,
        None => bottleneck(&a, &b),
    };
    if args.json {
        let cost = |e| edge_cost(&a, &b, e, Ground::LInf);
        let mut value = serde_json::to_value(&r)?;
        value["exact"] = serde_json::json!(args.delta.is_none());
        value["longest_edge_cost"] = json_number(r.longest_edge.map(cost).unwrap_or(0.0));
        writeln!(out, "{value}")?;
        return Ok(());
    }
    writeln!(out, "{}", r.distance)?;
    if args.matching {
        match r.longest_edge {
            Some(e) => writeln!(out, "longest edge: {}", edge_text(e))?,
            None => writeln!(out, "longest edge: none")?,
        }
        for e in r.matching.edges() {
            writeln!(
                out,
                "{} {}",
                edge_text(e),
                edge_cost(&a, &b, e, Ground::LInf)
            )?;
        }
    }
    Ok(())
}

//! `toporeg wasserstein A B`: the Wasserstein-q distance between two diagrams.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use toporeg::edge_cost;
use toporeg::{wasserstein, Ground, WassersteinParams};

use super::common::edge_text;
use crate::io::read_diagram;

/// Ground metric on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroundArg {
    /// L∞ (max of the coordinate differences).
    #[value(name = "inf")]
    Inf,
    /// Euclidean.
    #[value(name = "2")]
    Two,
}

/// Options of `toporeg wasserstein`.
#[derive(Debug, Args)]
pub struct WassersteinArgs {
    /// First diagram (Hera's format; `-` for stdin).
    pub a: PathBuf,
    /// Second diagram.
    pub b: PathBuf,
    /// The exponent q ≥ 1.
    #[arg(long, default_value_t = 1.0)]
    pub q: f64,
    /// Ground metric: `inf` (L∞) or `2` (Euclidean).
    #[arg(long, value_enum, default_value = "inf")]
    pub ground: GroundArg,
    /// Also print the optimal matching, one edge per line.
    #[arg(long)]
    pub matching: bool,
    /// Print one JSON object instead.
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg wasserstein`: first line the distance (`inf` when
/// infinite), then with `--matching` every edge (`i j`, `i -`, `- j`) with
/// its ground cost.
pub fn run(args: WassersteinArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = read_diagram(&args.a)?;
    let b = read_diagram(&args.b)?;
    let ground = match args.ground {
        GroundArg::Inf => Ground::LInf,
        GroundArg::Two => Ground::L2,
    };
    let r = wasserstein(&a, &b, WassersteinParams::new().q(args.q).ground(ground))?;
    if args.json {
        writeln!(out, "{}", serde_json::to_value(&r)?)?;
        return Ok(());
    }
    writeln!(out, "{}", r.distance)?;
    if args.matching {
        for e in r.matching.edges() {
            writeln!(out, "{} {}", edge_text(e), edge_cost(&a, &b, e, ground))?;
        }
    }
    Ok(())
}

//! `toporeg entropy A`: the (δ-selective) persistent entropy of a diagram.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use toporeg::{EntropyParams, LogBase};

use crate::io::read_diagram;

/// Options of `toporeg entropy`.
#[derive(Debug, Args)]
pub struct EntropyArgs {
    /// The diagram (Hera's format; `-` for stdin).
    pub a: PathBuf,
    /// Keep only points with lifetime > δ (the δ-selective entropy).
    #[arg(long)]
    pub delta: Option<f64>,
    /// Logarithm base: `e` (default), `2`, or any positive number.
    #[arg(long, default_value = "e")]
    pub base: String,
}

fn parse_base(s: &str) -> anyhow::Result<LogBase> {
    Ok(match s {
        "e" => LogBase::E,
        "2" => LogBase::Two,
        other => match other.parse::<f64>() {
            Ok(b) => LogBase::Other(b),
            Err(_) => bail!("--base must be `e`, `2` or a positive number, got `{other}`"),
        },
    })
}

/// Runs `toporeg entropy`: prints the entropy on one line.
pub fn run(args: EntropyArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = read_diagram(&args.a)?;
    let mut params = EntropyParams::new().base(parse_base(&args.base)?);
    if let Some(delta) = args.delta {
        params = params.delta(delta);
    }
    let e = params.check()?;
    let v: f64 = e.value(&a);
    writeln!(out, "{v}")?;
    Ok(())
}

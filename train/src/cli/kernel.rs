//! `toporeg kernel A B --sigma S`: the persistence scale-space kernel and
//! its pseudo-distance.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use toporeg::Pssk;

use crate::io::read_diagram;

/// Options of `toporeg kernel`.
#[derive(Debug, Args)]
pub struct KernelArgs {
    /// First diagram (Hera's format; `-` for stdin).
    pub a: PathBuf,
    /// Second diagram.
    pub b: PathBuf,
    /// Scale σ > 0.
    #[arg(long)]
    pub sigma: f64,
    /// Print one JSON object instead.
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg kernel`: prints `k_sigma <k_σ(A,B)>` and
/// `d_sigma <d_σ(A,B)>`, one per line.
pub fn run(args: KernelArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = read_diagram(&args.a)?;
    let b = read_diagram(&args.b)?;
    let k = Pssk::new(args.sigma)?;
    let kv: f64 = k.kernel(&a, &b);
    let dv: f64 = k.distance(&a, &b);
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({ "sigma": args.sigma, "k_sigma": kv, "d_sigma": dv })
        )?;
    } else {
        writeln!(out, "k_sigma {kv}")?;
        writeln!(out, "d_sigma {dv}")?;
    }
    Ok(())
}

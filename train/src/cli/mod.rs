//! The `toporeg` command-line program: one module per subcommand.

use std::io::Write;

use clap::{Parser, Subcommand};

pub mod demo;
pub mod loss;
pub mod rips;

/// toporeg: topological regularization toolkit.
#[derive(Debug, Parser)]
#[command(name = "toporeg", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demonstration on the embedded example data.
    Demo(demo::DemoArgs),
    /// Vietoris–Rips persistence of a point cloud or distance matrix
    /// (Ripser's formats and output; `--json` adds the generators).
    Rips(rips::RipsArgs),
    /// A topological loss of a point cloud and its gradient, as JSON
    /// (push, Reininghaus, 4SGDE, bottleneck, entropy, densify, connectivity).
    Loss(loss::LossArgs),
}

/// Runs a parsed command line, writing its results to `out`.
///
/// Tests call this with a buffer to check the program's output without a
/// subprocess:
///
/// ```
/// use clap::Parser;
/// let cli = toporeg_train::cli::Cli::try_parse_from(["toporeg", "demo"]).unwrap();
/// let mut out = Vec::new();
/// toporeg_train::cli::run(cli, &mut out).unwrap();
/// assert!(!out.is_empty());
/// ```
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(args) => demo::run(args, out),
        Command::Rips(args) => rips::run(args, out),
        Command::Loss(args) => loss::run(args, out),
    }
}

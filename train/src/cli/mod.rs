//! The `toporeg` command-line program: one module per subcommand.

use clap::{Parser, Subcommand};

pub mod demo;

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
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(args) => demo::run(args),
    }
}

//! `toporeg demo`: the main job on embedded data.

use std::io::Write;

use clap::Args;

/// Options of `toporeg demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {}

/// Runs the demo.
pub fn run(_args: DemoArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "toporeg demo")?;
    Ok(())
}

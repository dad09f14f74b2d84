//! `toporeg demo`: the main job on embedded data.

use clap::Args;

/// Options of `toporeg demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {}

/// Runs the demo.
pub fn run(_args: DemoArgs) -> anyhow::Result<()> {
    println!("toporeg demo");
    Ok(())
}

//! `toporeg vae-compare`: VAE0 against every TopoVAE from cloned initial
//! weights on the same batches, over several seeds.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dfdx::prelude::Cpu;

use super::common::TrainingOptions;
use crate::data::DataSource;
use crate::experiments::{compare, CompareConfig};
use crate::models::ModelKind;
use crate::report::{bce_curves_svg, compare_table, Progress};

/// Options of `toporeg vae-compare`.
#[derive(Debug, Args)]
pub struct VaeCompareArgs {
    /// Number of seeds (runs per model).
    #[arg(long, default_value_t = 5)]
    pub seeds: usize,
    /// Training steps per run.
    #[arg(long, default_value_t = 100)]
    pub steps: usize,
    /// The data (as for `toporeg vae`).
    #[arg(long, default_value = "digits")]
    pub data: DataSource,
    /// The models compared with VAE0, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "topovae1,topovae2,topovae3,topovae4,z1"
    )]
    pub models: Vec<ModelKind>,
    /// Batch size, learning rate, weights, hidden width.
    #[command(flatten)]
    pub training: TrainingOptions,
    /// Directory for the table (table.txt, compare.json) and the BCE curves
    /// (bce_curves.svg).
    #[arg(long, default_value = "toporeg-vae-compare")]
    pub out: PathBuf,
    /// Show a progress bar on standard error.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub progress: bool,
}

/// Runs `toporeg vae-compare`.
///
/// # Errors
/// Bad data or options, a failed step, or files that cannot be written.
pub fn run(args: VaeCompareArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let data = args.data.load(0)?;
    let config = CompareConfig {
        models: args.models.clone(),
        seeds: args.seeds.max(1),
        steps: args.steps.max(1),
        base: args.training.config(ModelKind::Vae0, 0),
    };
    let mut progress = Progress::new(args.progress);
    let result = compare(&Cpu::default(), &data, &config, &mut |e| {
        progress.handle(&e)
    })?;
    progress.finish();
    let table = compare_table(&result);
    writeln!(
        out,
        "VAE0 against each model on {} ({} parameters, batch {}), {} seeds × {} steps from \
         cloned initial weights on the same batches.\nr(s) = 100·(BCE_VAE0 - BCE_model)/BCE_VAE0 \
         on {} held-out samples after s steps (positive: the model reconstructs better).\n\n{table}",
        args.data,
        result.parameters,
        args.training.batch,
        config.seeds,
        config.steps,
        config.base.eval_samples.min(data.test.len()),
    )?;
    let dir = &args.out;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let svg = bce_curves_svg(
        &format!(
            "training BCE on {}, mean over {} seeds",
            args.data, config.seeds
        ),
        &result.curves,
    )?;
    crate::checkpoint::write_atomic(&dir.join("bce_curves.svg"), svg.as_bytes())?;
    crate::checkpoint::write_atomic(&dir.join("table.txt"), table.as_bytes())?;
    crate::checkpoint::write_atomic(
        &dir.join("compare.json"),
        serde_json::to_string_pretty(&result)?.as_bytes(),
    )?;
    writeln!(
        out,
        "wrote {}: table.txt, compare.json, bce_curves.svg",
        dir.display()
    )?;
    Ok(())
}

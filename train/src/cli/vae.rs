//! `toporeg vae`: trains VAE0, a TopoVAE or Z1, with a progress bar, and
//! writes metrics, figures and checkpoints to `--out`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use dfdx::prelude::Cpu;

use super::common::TrainingOptions;
use crate::data::DataSource;
use crate::experiments::{train_vae, vae_views, Event, Trainer};
use crate::models::ModelKind;
use crate::report::{loss_curves_svg, vae_figures, JsonLines, MetricsLine, Progress};

/// Options of `toporeg vae`.
#[derive(Debug, Args)]
pub struct VaeArgs {
    /// The model: vae0, topovae1, topovae2, topovae3, topovae4 or z1.
    #[arg(long, default_value = "topovae1")]
    pub model: ModelKind,
    /// The data: digits (embedded), digits28 (the digits at 28×28),
    /// mnist1d (embedded), idx:DIR (MNIST
    /// layout), csv:FILE (label in the last column) or
    /// npy:FEATURES[,LABELS].
    #[arg(long, default_value = "digits")]
    pub data: DataSource,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Batch size, learning rate, weights, hidden width.
    #[command(flatten)]
    pub training: TrainingOptions,
    /// Seed of the initial weights, the split, the batch order and the noise.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Evaluate on held-out data every N steps (default: once per epoch).
    #[arg(long)]
    pub eval_every: Option<usize>,
    /// Directory for metrics.jsonl, loss_curves.svg, images.png,
    /// latent.svg and checkpoint.safetensors.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Continue the run saved in --out (same options) up to --epochs.
    #[arg(long, requires = "out")]
    pub resume: bool,
    /// Show a progress bar on standard error.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub progress: bool,
}

/// Runs `toporeg vae`.
///
/// # Errors
/// Bad data or options, a failed step, or files that cannot be written.
pub fn run(args: VaeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let data = args.data.load(args.seed)?;
    let config = args.training.config(args.model, args.seed);
    let dev = Cpu::default();
    let mut trainer = Trainer::new(&dev, &data, config)?;
    let total = args.epochs * trainer.steps_per_epoch();
    let checkpoint = args.out.as_ref().map(|d| d.join("checkpoint.safetensors"));
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    if args.resume {
        let path = checkpoint.as_deref().context("--resume needs --out")?;
        let saved = crate::checkpoint::load(path)?;
        trainer.restore(&saved, path)?;
        if trainer.steps_done() >= total {
            bail!(
                "{}: the run already has {} steps; --epochs {} means {total}",
                path.display(),
                trainer.steps_done(),
                args.epochs
            );
        }
    }
    let mut metrics = match &args.out {
        Some(dir) => Some(JsonLines::open(
            &dir.join("metrics.jsonl"),
            args.resume.then_some(trainer.steps_done()),
        )?),
        None => None,
    };
    let shape = trainer.vae().shape();
    writeln!(
        out,
        "{} on {} ({} training, {} held-out samples of {} features): {} parameters \
         ({} → {} → 2×{}, {} → {} → {}), batch {}, {} steps ({} epochs){}",
        args.model.label(),
        args.data,
        data.train.len(),
        data.test.len(),
        shape.input,
        shape.parameter_count(),
        shape.input,
        shape.hidden,
        shape.latent,
        shape.latent,
        shape.hidden,
        shape.input,
        args.training.batch,
        total,
        args.epochs,
        if args.resume {
            format!(", resumed at step {}", trainer.steps_done())
        } else {
            String::new()
        }
    )?;
    let mut progress = Progress::new(args.progress);
    let mut write_error = None;
    let eval_every = args.eval_every.unwrap_or(trainer.steps_per_epoch());
    let evals = train_vae(
        &mut trainer,
        total,
        eval_every,
        checkpoint.as_deref(),
        &mut |e: Event| {
            progress.handle(&e);
            let line = match e {
                Event::Step(r) => MetricsLine::Train(r),
                Event::Eval(r) => MetricsLine::Eval(r),
                Event::RunStarts { .. } => return,
            };
            if let (Some(m), None) = (metrics.as_mut(), &write_error) {
                write_error = m.write(&line).err();
            }
        },
    );
    progress.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    evals?;
    let (bce, kld) = trainer.evaluate();
    writeln!(
        out,
        "after {} steps: held-out BCE {bce:.3}, KLD {kld:.3} per sample",
        trainer.steps_done()
    )?;
    if let (Some(dir), Some(m)) = (&args.out, metrics.as_mut()) {
        m.flush()?;
        let lines = JsonLines::read(&dir.join("metrics.jsonl"))?;
        let steps: Vec<_> = lines
            .iter()
            .filter_map(|l| match l {
                MetricsLine::Train(r) => Some(*r),
                MetricsLine::Eval(_) => None,
            })
            .collect();
        let all_evals: Vec<_> = lines
            .iter()
            .filter_map(|l| match l {
                MetricsLine::Eval(e) => Some(*e),
                MetricsLine::Train(_) => None,
            })
            .collect();
        let title = format!("{} on {}", args.model.label(), args.data);
        let write = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
            let path = dir.join(name);
            crate::checkpoint::write_atomic(&path, bytes)?;
            Ok(())
        };
        write(
            "loss_curves.svg",
            loss_curves_svg(&title, &steps, &all_evals)?.as_bytes(),
        )?;
        let views = vae_views(trainer.vae(), &data.test, 10, args.seed);
        let (png, scatter) = vae_figures(&views, &format!("{title}: latent means"))?;
        write("images.png", &png)?;
        write("latent.svg", scatter.as_bytes())?;
        writeln!(
            out,
            "wrote {}: metrics.jsonl, loss_curves.svg, images.png (held-out digits, \
             reconstructions, samples), latent.svg, checkpoint.safetensors",
            dir.display()
        )?;
    }
    Ok(())
}

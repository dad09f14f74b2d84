//! Experiments: each returns typed results (records, tables, curves) and
//! knows nothing of the terminal; progress goes to a callback.

mod topovae;

pub use topovae::{rows_tensor, vae_views, StepRecord, Trainer, VaeConfig, VaeViews};

use std::path::Path;

use dfdx::prelude::*;

use crate::bridge::HostGradient;
use crate::data::TrainTest;
use crate::models::ModelKind;

/// What an experiment reports while it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// A run of `model` with `seed` starts; it will take `steps` steps.
    RunStarts {
        /// The model.
        model: ModelKind,
        /// The seed.
        seed: u64,
        /// Steps to go.
        steps: usize,
    },
    /// A training step finished.
    Step(StepRecord),
    /// An evaluation on held-out data after `step` steps.
    Eval(EvalRecord),
}

/// BCE and KLD per held-out sample after `step` steps.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EvalRecord {
    /// Steps done.
    pub step: usize,
    /// Binary cross-entropy per sample (latent means decoded).
    pub bce: f64,
    /// KL divergence per sample.
    pub kld: f64,
}

/// Trains `trainer` until `total_steps` steps are done, evaluating every
/// `eval_every` steps (a schedule that depends on the step alone, so a
/// resumed run evaluates where the uninterrupted run would), and saving the run to `checkpoint`
/// (when given) at the end of every epoch and at the end.
///
/// # Errors
/// Those of [`Trainer::step`] and of saving.
pub fn train_vae<D: Device<f32> + HostGradient<f32>>(
    trainer: &mut Trainer<D>,
    total_steps: usize,
    eval_every: usize,
    checkpoint: Option<&Path>,
    on_event: &mut dyn FnMut(Event),
) -> anyhow::Result<Vec<EvalRecord>> {
    on_event(Event::RunStarts {
        model: trainer.config().model,
        seed: trainer.config().seed,
        steps: total_steps.saturating_sub(trainer.steps_done()),
    });
    let mut evals = Vec::new();
    while trainer.steps_done() < total_steps {
        let record = trainer.step()?;
        on_event(Event::Step(record));
        let done = record.step;
        if done % eval_every.max(1) == 0 {
            let (bce, kld) = trainer.evaluate();
            let e = EvalRecord {
                step: done,
                bce,
                kld,
            };
            evals.push(e);
            on_event(Event::Eval(e));
        }
        if let Some(path) = checkpoint {
            if done % trainer.steps_per_epoch() == 0 || done == total_steps {
                trainer.save(path)?;
            }
        }
    }
    Ok(evals)
}

/// Mean and standard deviation (with `n - 1`; 0 for one value).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MeanStd {
    /// The mean.
    pub mean: f64,
    /// The sample standard deviation.
    pub std: f64,
}

impl MeanStd {
    /// Of `values` (NaN for none).
    pub fn of(values: &[f64]) -> Self {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = if values.len() > 1 {
            values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        Self {
            mean,
            std: var.sqrt(),
        }
    }
}

/// The settings of the comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompareConfig {
    /// The models, compared with VAE0 (which is always trained).
    pub models: Vec<ModelKind>,
    /// Number of seeds (0, 1, … `seeds - 1`).
    pub seeds: usize,
    /// Training steps per run.
    pub steps: usize,
    /// The settings shared by every run (`model` and `seed` are set per
    /// run).
    pub base: VaeConfig,
}

impl CompareConfig {
    /// Every TopoVAE and Z1 against VAE0, 5 seeds, 100 steps, the default
    /// settings of [`VaeConfig::new`].
    pub fn new() -> Self {
        Self {
            models: ModelKind::ALL.to_vec(),
            seeds: 5,
            steps: 100,
            base: VaeConfig::new(ModelKind::Vae0),
        }
    }

    /// The steps `s` of `r(s)`: 25, 50 and 75, or the quarters of the run
    /// when it is shorter than 75 steps.
    pub fn r_steps(&self) -> Vec<usize> {
        if self.steps >= 75 {
            vec![25, 50, 75]
        } else {
            [1, 2, 3]
                .iter()
                .map(|q| (self.steps * q / 4).max(1))
                .collect()
        }
    }
}

impl Default for CompareConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// One row of the comparison table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompareRow {
    /// The model.
    pub model: ModelKind,
    /// Wall time of 10 training steps, in seconds, over the seeds.
    pub time10: MeanStd,
    /// `(s, r(s))`: the relative improvement in held-out BCE over VAE0
    /// after `s` steps, in percent, over the seeds (0 for VAE0).
    pub r: Vec<(usize, MeanStd)>,
}

/// The training BCE curve of one model, averaged over the seeds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Curve {
    /// The model.
    pub model: ModelKind,
    /// Mean training BCE per sample at steps 1, 2, ….
    pub train_bce: Vec<f64>,
    /// Mean held-out BCE per sample at the evaluation steps.
    pub test_bce: Vec<(usize, f64)>,
}

/// The result of [`compare`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompareResult {
    /// The settings.
    pub config: CompareConfig,
    /// Parameters of each model.
    pub parameters: usize,
    /// One row per model, VAE0 first.
    pub rows: Vec<CompareRow>,
    /// One curve per model, VAE0 first.
    pub curves: Vec<Curve>,
}

/// One model's run on one seed: time of 10 steps, training BCE per step,
/// evaluations.
type SeedRun = (f64, Vec<f64>, Vec<EvalRecord>);

/// The TopoVAE comparison: for every seed, VAE0 and each model train from
/// the same initial weights on the same batches with the same noise; the
/// table gives the time of 10 steps and `r(s) = 100·(BCE_VAE0(s) -
/// BCE_model(s)) / BCE_VAE0(s)` on held-out data, as mean ± std over seeds.
///
/// # Errors
/// Those of [`Trainer::new`] and [`Trainer::step`].
pub fn compare<D: Device<f32> + HostGradient<f32>>(
    dev: &D,
    data: &TrainTest,
    config: &CompareConfig,
    on_event: &mut dyn FnMut(Event),
) -> anyhow::Result<CompareResult> {
    let mut models = vec![ModelKind::Vae0];
    models.extend(config.models.iter().filter(|&&m| m != ModelKind::Vae0));
    let r_steps = config.r_steps();
    let eval_every = (config.steps / 20).max(1);
    // per model: per seed (time of 10 steps, train BCE curve, evals)
    let mut runs: Vec<Vec<SeedRun>> = vec![Vec::new(); models.len()];
    let mut parameters = 0;
    for seed in 0..config.seeds as u64 {
        for (k, &model) in models.iter().enumerate() {
            let run_config = VaeConfig {
                model,
                seed,
                ..config.base.clone()
            };
            let mut trainer = Trainer::new(dev, data, run_config)?;
            parameters = trainer.vae().shape().parameter_count();
            let mut seconds = 0.0;
            let mut bce = Vec::with_capacity(config.steps);
            let mut evals_at = Vec::new();
            let mut sink = |e: Event| {
                if let Event::Step(s) = e {
                    seconds += s.seconds;
                    bce.push(s.train.bce);
                }
                on_event(e);
            };
            sink(Event::RunStarts {
                model,
                seed,
                steps: config.steps,
            });
            while trainer.steps_done() < config.steps {
                let record = trainer.step()?;
                sink(Event::Step(record));
                if record.step % eval_every == 0 || r_steps.contains(&record.step) {
                    let (b, kl) = trainer.evaluate();
                    let e = EvalRecord {
                        step: record.step,
                        bce: b,
                        kld: kl,
                    };
                    evals_at.push(e);
                    sink(Event::Eval(e));
                }
            }
            runs[k].push((10.0 * seconds / config.steps.max(1) as f64, bce, evals_at));
        }
    }
    let test_at = |evals: &[EvalRecord], s: usize| {
        evals
            .iter()
            .find(|e| e.step == s)
            .map_or(f64::NAN, |e| e.bce)
    };
    let rows = models
        .iter()
        .enumerate()
        .map(|(k, &model)| CompareRow {
            model,
            time10: MeanStd::of(&runs[k].iter().map(|r| r.0).collect::<Vec<_>>()),
            r: r_steps
                .iter()
                .map(|&s| {
                    let values: Vec<f64> = runs[k]
                        .iter()
                        .zip(&runs[0])
                        .map(|(run, base)| {
                            let b = test_at(&base.2, s);
                            100.0 * (b - test_at(&run.2, s)) / b
                        })
                        .collect();
                    (s, MeanStd::of(&values))
                })
                .collect(),
        })
        .collect();
    let curves = models
        .iter()
        .enumerate()
        .map(|(k, &model)| {
            let n = runs[k].len().max(1) as f64;
            let train_bce = (0..config.steps)
                .map(|i| runs[k].iter().map(|r| r.1[i]).sum::<f64>() / n)
                .collect();
            let test_bce = runs[k]
                .first()
                .map(|r| {
                    r.2.iter()
                        .map(|e| {
                            let mean =
                                runs[k].iter().map(|r| test_at(&r.2, e.step)).sum::<f64>() / n;
                            (e.step, mean)
                        })
                        .collect()
                })
                .unwrap_or_default();
            Curve {
                model,
                train_bce,
                test_bce,
            }
        })
        .collect();
    Ok(CompareResult {
        config: config.clone(),
        parameters,
        rows,
        curves,
    })
}

//! The TopoVAE experiments: training one model (`toporeg vae`) and the
//! comparison of every model with VAE0 from cloned initial weights on the
//! same batches (`toporeg vae-compare`).

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use dfdx::prelude::*;

use crate::bridge::HostGradient;
use crate::checkpoint::{self, Checkpoint};
use crate::data::{Batches, Labelled, TrainTest};
use crate::models::{input_targets, Adam, LossParts, Matrix, ModelKind, Vae, VaeShape};
use toporeg::SplitMix64;

/// The settings of a VAE training run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VaeConfig {
    /// Which model.
    pub model: ModelKind,
    /// Samples per batch (every batch has this size).
    pub batch: usize,
    /// Adam's learning rate.
    pub lr: f64,
    /// The regularizer weights `[ω0, ω1]`.
    pub weights: [f64; 2],
    /// Seed of the initial weights, the batch order and the noise.
    pub seed: u64,
    /// Hidden width (`None`: sized from the data, see
    /// [`VaeShape::for_input`]).
    pub hidden: Option<usize>,
    /// Latent dimension.
    pub latent: usize,
    /// Held-out samples used for evaluation (at most; the first ones of the
    /// test part).
    pub eval_samples: usize,
}

impl VaeConfig {
    /// The defaults of the TopoVAE experiments for `model`: batch 128,
    /// learning rate 1e-3, weights 5 and 5, latent dimension 10, seed 0,
    /// 512 evaluation samples.
    pub fn new(model: ModelKind) -> Self {
        Self {
            model,
            batch: 128,
            lr: 1e-3,
            weights: [5.0, 5.0],
            seed: 0,
            hidden: None,
            latent: 10,
            eval_samples: 512,
        }
    }

    /// The layer sizes for `input`-dimensional data.
    pub fn shape(&self, input: usize) -> VaeShape {
        let auto = VaeShape::for_input(input);
        VaeShape {
            input,
            hidden: self.hidden.unwrap_or(auto.hidden),
            latent: self.latent,
        }
    }
}

/// What one training step did.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepRecord {
    /// Steps done, this one included (1 for the first).
    pub step: usize,
    /// The epoch of this step (from 0).
    pub epoch: usize,
    /// The training loss on this step's batch, per sample, before the
    /// update.
    pub train: LossParts,
    /// Wall time of the step in seconds (forward, regularizer with its
    /// targets, backward, update).
    pub seconds: f64,
}

/// The target diagrams of a coming step's input batch, computed on
/// another thread while the current step runs.
type TargetsJob = std::thread::JoinHandle<toporeg::Result<Vec<toporeg::Diagram<f32>>>>;

/// A VAE with its optimizer and its position in the data: one training
/// run, which can be saved and resumed exactly.
///
/// The TopoVAEs' targets (the diagrams of the input batch) depend on the
/// batch alone, so the trainer computes those of the next batch on a
/// second thread during the current step.
pub struct Trainer<D: Storage<f32>> {
    config: VaeConfig,
    vae: Vae<f32, D>,
    params: Vec<Vec<f32>>,
    adam: Adam<f32>,
    batches: Batches,
    step: usize,
    train: Labelled,
    eval: Matrix<f32, D>,
    next_targets: Option<(usize, TargetsJob)>,
}

/// The rows `indices` of `data`, as `f32`, row-major.
fn rows(data: &Labelled, indices: &[usize]) -> Vec<f32> {
    indices
        .iter()
        .flat_map(|&i| data.sample(i).iter().map(|&v| v as f32))
        .collect()
}

/// The data of rows `indices` of `data` as an `f32` matrix on `dev`.
pub fn rows_tensor<D: Device<f32>>(dev: &D, data: &Labelled, indices: &[usize]) -> Matrix<f32, D> {
    dev.tensor_from_vec(rows(data, indices), (indices.len(), data.dim))
}

/// The noise seed of step `step` of a run seeded `seed`.
fn noise_seed(seed: u64, step: usize) -> u64 {
    seed.wrapping_add(0x5851_F42D_4C95_7F2D) ^ (step as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl<D: Device<f32> + HostGradient<f32>> Trainer<D> {
    /// A fresh run on `data` (features in `[0, 1]`).
    ///
    /// # Errors
    /// A batch size larger than the training part, or an empty test part.
    pub fn new(dev: &D, data: &TrainTest, config: VaeConfig) -> anyhow::Result<Self> {
        let shape = config.shape(data.train.dim);
        let vae = Vae::new(dev, shape, config.seed);
        let params: Vec<Vec<f32>> = vae.parameters().into_iter().map(|p| p.2).collect();
        let lengths: Vec<usize> = params.iter().map(Vec::len).collect();
        let adam = Adam::new(config.lr, &lengths);
        let batches = Batches::new(data.train.len(), config.batch, config.seed)?;
        if data.test.is_empty() {
            bail!("the data has no held-out samples to evaluate on");
        }
        let n_eval = config.eval_samples.clamp(1, data.test.len());
        let eval = rows_tensor(dev, &data.test, &(0..n_eval).collect::<Vec<_>>());
        Ok(Self {
            config,
            vae,
            params,
            adam,
            batches,
            step: 0,
            train: data.train.clone(),
            eval,
            next_targets: None,
        })
    }

    /// The settings.
    pub fn config(&self) -> &VaeConfig {
        &self.config
    }

    /// The model.
    pub fn vae(&self) -> &Vae<f32, D> {
        &self.vae
    }

    /// Steps done.
    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// Complete batches per epoch.
    pub fn steps_per_epoch(&self) -> usize {
        self.batches.per_epoch()
    }

    /// One training step on the next batch.
    ///
    /// # Errors
    /// When the regularizer fails on the batch (non-finite outputs after a
    /// divergence, for example).
    pub fn step(&mut self) -> anyhow::Result<StepRecord> {
        let dev = self.vae.device();
        let start = Instant::now();
        let indices = self.batches.indices(self.step);
        let host_x = rows(&self.train, &indices);
        let (n, dim) = (indices.len(), self.train.dim);
        let x = dev.tensor_from_vec(host_x.clone(), (n, dim));
        let shape = self.vae.shape();
        let mut rng = SplitMix64::new(noise_seed(self.config.seed, self.step));
        let noise: Vec<f32> = (0..n * shape.latent)
            .map(|_| rng.gaussian() as f32)
            .collect();
        let noise = dev.tensor_from_vec(noise, (n, shape.latent));
        let regularizer = match self.config.model {
            ModelKind::Vae0 => None,
            kind => {
                let targets = match self.next_targets.take() {
                    Some((step, job)) if step == self.step => job.join().map_err(|_| {
                        anyhow::anyhow!("the thread computing the targets failed")
                    })??,
                    _ => input_targets(&host_x, dim)?,
                };
                let next = self.batches.indices(self.step + 1);
                let next_x = rows(&self.train, &next);
                let job = std::thread::spawn(move || input_targets(&next_x, dim));
                self.next_targets = Some((self.step + 1, job));
                kind.regularizer_with_targets(targets, self.config.weights)
            }
        };
        let (parts, mut grads) = self
            .vae
            .loss_and_gradients(&x, &noise, regularizer.as_ref())
            .with_context(|| format!("step {}", self.step + 1))?;
        let grads = self
            .vae
            .gradients(&mut grads)
            .map_err(|e| anyhow::anyhow!("reading the gradients: {e}"))?;
        self.adam.step(&mut self.params, &grads);
        self.vae.set_parameters(&self.params)?;
        let epoch = self.step / self.batches.per_epoch();
        self.step += 1;
        Ok(StepRecord {
            step: self.step,
            epoch,
            train: parts,
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// BCE and KLD per held-out sample, through the latent means.
    pub fn evaluate(&self) -> (f64, f64) {
        self.vae.evaluate(&self.eval)
    }

    /// The run's state: parameters, Adam's moments and step, settings.
    pub fn to_checkpoint(&self) -> anyhow::Result<Checkpoint> {
        let mut c = Checkpoint::default();
        c.metadata.insert("format".into(), "toporeg-vae-1".into());
        c.metadata
            .insert("config".into(), serde_json::to_string(&self.config)?);
        c.metadata
            .insert("shape".into(), serde_json::to_string(&self.vae.shape())?);
        c.metadata.insert("step".into(), self.step.to_string());
        c.metadata.insert("adam_t".into(), self.adam.t.to_string());
        for (k, (name, shape, values)) in self.vae.parameters().into_iter().enumerate() {
            c.tensors.insert(
                format!("adam_m.{name}"),
                (shape.clone(), self.adam.m[k].clone()),
            );
            c.tensors.insert(
                format!("adam_v.{name}"),
                (shape.clone(), self.adam.v[k].clone()),
            );
            c.tensors.insert(format!("param.{name}"), (shape, values));
        }
        Ok(c)
    }

    /// Restores the state saved by [`Trainer::to_checkpoint`] (read from
    /// `path`, named in errors) into a run with the same settings and data.
    ///
    /// # Errors
    /// A checkpoint of another format, settings or shape, or with missing
    /// or misshapen tensors.
    pub fn restore(&mut self, c: &Checkpoint, path: &Path) -> anyhow::Result<()> {
        let bad = |reason: String| anyhow::anyhow!("{}: {reason}", path.display());
        if c.meta("format", path)? != "toporeg-vae-1" {
            return Err(bad("not a toporeg VAE checkpoint".into()));
        }
        let config: VaeConfig = serde_json::from_str(c.meta("config", path)?)
            .map_err(|e| bad(format!("bad config ({e})")))?;
        if config != self.config {
            return Err(bad(format!(
                "saved with other settings ({}); resume with the same model, batch, seed and weights",
                c.meta("config", path)?
            )));
        }
        let shape: crate::models::VaeShape = serde_json::from_str(c.meta("shape", path)?)
            .map_err(|e| bad(format!("bad shape ({e})")))?;
        if shape != self.vae.shape() {
            return Err(bad(format!(
                "a model of shape {shape:?}, the data needs {:?}",
                self.vae.shape()
            )));
        }
        let parse = |key: &str| -> anyhow::Result<u64> {
            c.meta(key, path)?
                .parse()
                .map_err(|_| bad(format!("bad `{key}`")))
        };
        let (step, t) = (parse("step")?, parse("adam_t")?);
        let mut params = Vec::new();
        let mut m = Vec::new();
        let mut v = Vec::new();
        for (name, shape, _) in self.vae.parameters() {
            for (prefix, dst) in [
                ("param", &mut params),
                ("adam_m", &mut m),
                ("adam_v", &mut v),
            ] {
                let (s, values) = c.tensor(&format!("{prefix}.{name}"), path)?;
                if *s != shape {
                    return Err(bad(format!(
                        "tensor `{prefix}.{name}` has shape {s:?}, expected {shape:?}"
                    )));
                }
                dst.push(values.clone());
            }
        }
        self.vae.set_parameters(&params)?;
        self.params = params;
        self.next_targets = None;
        self.adam.m = m;
        self.adam.v = v;
        self.adam.t = t;
        self.step = step as usize;
        Ok(())
    }

    /// Saves the run to `path` atomically.
    ///
    /// # Errors
    /// Those of [`checkpoint::save`].
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        Ok(checkpoint::save(path, &self.to_checkpoint()?)?)
    }
}

/// What a trained VAE does with held-out data, for the figures: originals,
/// reconstructions and samples from the prior, and the latent means.
#[derive(Debug, Clone, PartialEq)]
pub struct VaeViews {
    /// `k` held-out samples.
    pub originals: Vec<Vec<f32>>,
    /// Their reconstructions (latent means decoded).
    pub reconstructions: Vec<Vec<f32>>,
    /// `2k` decodings of latent codes drawn from the standard normal.
    pub samples: Vec<Vec<f32>>,
    /// Latent means of the held-out samples (`n × latent`, row-major).
    pub latent_means: Vec<f32>,
    /// Their classes.
    pub labels: Vec<usize>,
}

/// The views of `vae` on `test` (`k` images per row, prior samples drawn
/// from `seed`).
pub fn vae_views<D: Device<f32> + HostGradient<f32>>(
    vae: &Vae<f32, D>,
    test: &Labelled,
    k: usize,
    seed: u64,
) -> VaeViews {
    let dev = vae.device();
    let shape = vae.shape();
    let all: Vec<usize> = (0..test.len()).collect();
    let x = rows_tensor(&dev, test, &all);
    let latent_means = vae.encode_means(&x).as_vec();
    let k = k.min(test.len());
    let first = rows_tensor(&dev, test, &all[..k]);
    let split = |v: Vec<f32>, dim: usize| -> Vec<Vec<f32>> {
        v.chunks(dim.max(1)).map(<[f32]>::to_vec).collect()
    };
    let mut rng = SplitMix64::new(seed);
    let z: Vec<f32> = (0..2 * k * shape.latent)
        .map(|_| rng.gaussian() as f32)
        .collect();
    let z = dev.tensor_from_vec(z, (2 * k, shape.latent));
    VaeViews {
        originals: split(first.as_vec(), shape.input),
        reconstructions: split(vae.reconstruct(&first).as_vec(), shape.input),
        samples: split(vae.decode(&z).as_vec(), shape.input),
        latent_means,
        labels: test.labels.clone(),
    }
}

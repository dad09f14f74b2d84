//! The VAE: an MLP encoder to a Gaussian latent code and an MLP decoder to
//! Bernoulli pixel probabilities, trained on `L0 = KLD + BCE` plus, for the
//! TopoVAEs, a topological regularizer through [`crate::bridge`].

use dfdx::prelude::*;
use dfdx::shapes::Dtype;
use toporeg::Scalar;

use super::topo::{Regularizer, Space};
use crate::bridge::{topological_loss_and_norm, BridgeError, HostGradient};
use toporeg::SplitMix64;

/// A `(batch, features)` matrix on a dfdx device.
pub type Matrix<E, D, T = NoneTape> = Tensor<(usize, usize), E, D, T>;

/// The layer sizes: `input → hidden → 2 × latent` (means and
/// log-variances) and `latent → hidden → input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VaeShape {
    /// Features per sample.
    pub input: usize,
    /// Width of the hidden layer of the encoder and of the decoder.
    pub hidden: usize,
    /// Latent dimension.
    pub latent: usize,
}

impl VaeShape {
    /// The shape sized from the data: latent dimension 10 and a hidden
    /// width of `4/3 · input` rounded to a multiple of 10 (at least 20). For
    /// 784-dimensional inputs this is a hidden width of 1 050 and
    /// 1 680 804 parameters, the size of the TopoVAE experiments.
    ///
    /// ```
    /// let s = toporeg_train::models::VaeShape::for_input(784);
    /// assert_eq!((s.hidden, s.latent, s.parameter_count()), (1050, 10, 1_680_804));
    /// ```
    pub fn for_input(input: usize) -> Self {
        let hidden = ((input as f64 * 4.0 / 3.0 / 10.0).round() as usize * 10).max(20);
        Self {
            input,
            hidden,
            latent: 10,
        }
    }

    /// Number of trained parameters (weights and biases).
    pub fn parameter_count(&self) -> usize {
        self.layer_shapes().iter().map(|(_, i, o)| i * o + o).sum()
    }

    /// `(name, inputs, outputs)` of each layer, in the model's order.
    pub fn layer_shapes(&self) -> [(&'static str, usize, usize); 5] {
        let Self {
            input,
            hidden,
            latent,
        } = *self;
        [
            ("encoder", input, hidden),
            ("mean", hidden, latent),
            ("log_variance", hidden, latent),
            ("decoder", latent, hidden),
            ("output", hidden, input),
        ]
    }
}

/// A fully connected layer `x ↦ x·W + b`.
#[derive(Debug, Clone)]
pub struct Linear<E: Dtype, D: Storage<E>> {
    /// `(inputs, outputs)`.
    pub weight: Matrix<E, D>,
    /// `(outputs,)`.
    pub bias: Tensor<(usize,), E, D>,
}

impl<E: Dtype, D: Device<E>> Linear<E, D> {
    fn forward<T: Tape<E, D>>(&self, x: Matrix<E, D, T>) -> Matrix<E, D, T> {
        let n = x.shape().0;
        let out = self.bias.shape().0;
        let y = x.matmul(self.weight.retaped::<T>());
        y + self
            .bias
            .retaped::<T>()
            .broadcast_like::<_, Axis<0>>(&(n, out))
    }
}

/// The values of one training loss evaluation, per sample of the batch.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LossParts {
    /// Binary cross-entropy of the reconstruction (summed over features).
    pub bce: f64,
    /// KL divergence of the latent code from the standard normal.
    pub kld: f64,
    /// The weighted topological regularizer (0 for VAE0).
    pub topo: f64,
    /// The Euclidean norm of the regularizer's gradient with respect to
    /// the regularized batch (0 for VAE0, and when the regularizer cannot
    /// act on the batch).
    pub topo_grad_norm: f64,
    /// The trained total `(BCE + KLD)·batch + regularizer`, divided by the
    /// batch size.
    pub total: f64,
}

/// The VAE's parameters on a dfdx device.
#[derive(Debug, Clone)]
pub struct Vae<E: Dtype, D: Storage<E>> {
    shape: VaeShape,
    layers: Vec<Linear<E, D>>,
}

impl<E: Dtype + Scalar, D: Device<E> + HostGradient<E>> Vae<E, D> {
    /// A VAE of `shape` with weights and biases drawn uniformly in
    /// `±1/√inputs` (PyTorch's default) from `seed`.
    pub fn new(dev: &D, shape: VaeShape, seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let layers = shape
            .layer_shapes()
            .iter()
            .map(|&(_, i, o)| {
                let bound = 1.0 / (i as f64).sqrt();
                let mut draw = |len: usize| -> Vec<E> {
                    (0..len)
                        .map(|_| E::of((2.0 * rng.next_f64() - 1.0) * bound))
                        .collect()
                };
                let w = draw(i * o);
                let b = draw(o);
                Linear {
                    weight: dev.tensor_from_vec(w, (i, o)),
                    bias: dev.tensor_from_vec(b, (o,)),
                }
            })
            .collect();
        Self { shape, layers }
    }

    /// The layer sizes.
    pub fn shape(&self) -> VaeShape {
        self.shape
    }

    /// The device the parameters live on.
    pub fn device(&self) -> D {
        self.layers[0].weight.device().clone()
    }

    /// `(name, shape, values)` of every parameter, in a fixed order
    /// (`encoder.weight`, `encoder.bias`, `mean.weight`, …).
    pub fn parameters(&self) -> Vec<(String, Vec<usize>, Vec<E>)> {
        self.shape
            .layer_shapes()
            .iter()
            .zip(&self.layers)
            .flat_map(|(&(name, i, o), l)| {
                [
                    (format!("{name}.weight"), vec![i, o], l.weight.as_vec()),
                    (format!("{name}.bias"), vec![o], l.bias.as_vec()),
                ]
            })
            .collect()
    }

    /// Replaces the parameters, in the order of [`Vae::parameters`].
    ///
    /// # Errors
    /// When the count or a length does not match the shape.
    pub fn set_parameters(&mut self, values: &[Vec<E>]) -> anyhow::Result<()> {
        if values.len() != 2 * self.layers.len() {
            anyhow::bail!(
                "{} parameter tensors for a VAE that has {}",
                values.len(),
                2 * self.layers.len()
            );
        }
        for (k, l) in self.layers.iter_mut().enumerate() {
            let (w, b) = (&values[2 * k], &values[2 * k + 1]);
            let (i, o) = *l.weight.shape();
            if w.len() != i * o || b.len() != o {
                anyhow::bail!("parameters of layer {k} do not fit its shape ({i}, {o})");
            }
            l.weight.copy_from(w);
            l.bias.copy_from(b);
        }
        Ok(())
    }

    fn encode<T: Tape<E, D>>(&self, x: Matrix<E, D, T>) -> (Matrix<E, D, T>, Matrix<E, D, T>) {
        let h = self.layers[0].forward(x).relu();
        let mean = self.layers[1].forward(h.with_empty_tape());
        let log_var = self.layers[2].forward(h);
        (mean, log_var)
    }

    fn decode_logits<T: Tape<E, D>>(&self, z: Matrix<E, D, T>) -> Matrix<E, D, T> {
        let h = self.layers[3].forward(z).relu();
        self.layers[4].forward(h)
    }

    /// The latent means of the rows of `x`.
    pub fn encode_means(&self, x: &Matrix<E, D>) -> Matrix<E, D> {
        self.encode(x.clone()).0
    }

    /// Pixel probabilities decoded from latent codes `z`.
    pub fn decode(&self, z: &Matrix<E, D>) -> Matrix<E, D> {
        self.decode_logits(z.clone()).sigmoid()
    }

    /// Reconstructions of the rows of `x` through their latent means.
    pub fn reconstruct(&self, x: &Matrix<E, D>) -> Matrix<E, D> {
        self.decode(&self.encode_means(x))
    }

    /// BCE and KLD per sample of `x`, decoding the latent means (no noise):
    /// the evaluation on held-out data.
    pub fn evaluate(&self, x: &Matrix<E, D>) -> (f64, f64) {
        let n = x.shape().0 as f64;
        let (mean, log_var) = self.encode(x.clone());
        let logits = self.decode_logits(mean.clone());
        let bce = logits.bce_with_logits(x.clone()).sum::<Rank0, _>();
        let kld = kl_divergence(mean, log_var);
        (bce.as_vec()[0].as_f64() / n, kld.as_vec()[0].as_f64() / n)
    }

    /// The training loss on the batch `x` with reparameterisation noise
    /// `noise` (standard normal, `(batch, latent)`), and its gradients.
    ///
    /// The total is `Σ_batch (BCE + KLD) + R`, where `R` is the
    /// regularizer's weighted sum on the batch of outputs (pixel
    /// probabilities) or of latent means.
    ///
    /// # Errors
    /// [`BridgeError`] when the regularizer fails on the batch.
    pub fn loss_and_gradients(
        &self,
        x: &Matrix<E, D>,
        noise: &Matrix<E, D>,
        regularizer: Option<&Regularizer<E>>,
    ) -> Result<(LossParts, Gradients<E, D>), BridgeError> {
        let n = x.shape().0 as f64;
        let (mean, log_var) = self.encode(x.retaped::<OwnedTape<E, D>>());
        let std = (log_var.with_empty_tape() * E::of(0.5)).exp();
        let z = mean.with_empty_tape() + std * noise.clone();
        let logits = self.decode_logits(z);
        let (logits, regularized) = match regularizer.map(Regularizer::space) {
            Some(Space::Output) => (logits.with_empty_tape(), Some(logits.sigmoid())),
            Some(Space::Latent) => (logits, Some(mean.with_empty_tape())),
            None => (logits, None),
        };
        let bce = logits.bce_with_logits(x.clone()).sum::<Rank0, _>();
        let kld = kl_divergence(mean, log_var);
        let bce_v = bce.as_vec()[0].as_f64();
        let kld_v = kld.as_vec()[0].as_f64();
        let mut total = bce + kld;
        let (mut topo_v, mut topo_norm) = (0.0, 0.0);
        if let (Some(reg), Some(points)) = (regularizer, regularized) {
            let loss = reg.loss_for(&points.as_vec(), points.shape().1)?;
            let (topo, norm) = topological_loss_and_norm(points, &loss, None)?;
            topo_v = topo.as_vec()[0].as_f64();
            topo_norm = norm;
            total = total + topo;
        }
        let total_v = total.as_vec()[0].as_f64();
        let grads = total.backward();
        Ok((
            LossParts {
                bce: bce_v / n,
                kld: kld_v / n,
                topo: topo_v / n,
                topo_grad_norm: topo_norm,
                total: total_v / n,
            },
            grads,
        ))
    }

    /// The gradient of every parameter in `grads`, in the order of
    /// [`Vae::parameters`] (one copy to the host each).
    ///
    /// # Errors
    /// The device's, for a failed copy.
    pub fn gradients(&self, grads: &mut Gradients<E, D>) -> Result<Vec<Vec<E>>, D::Err> {
        let dev = self.device();
        let mut out = Vec::with_capacity(2 * self.layers.len());
        for l in &self.layers {
            out.push(dev.gradient_to_host(grads.get_or_alloc_mut(&l.weight)?)?);
            out.push(dev.gradient_to_host(grads.get_or_alloc_mut(&l.bias)?)?);
        }
        Ok(out)
    }
}

/// `-½ Σ (1 + log σ² - μ² - σ²)` over the batch.
fn kl_divergence<E: Dtype + Scalar, D: Device<E>, T: Tape<E, D>>(
    mean: Matrix<E, D, T>,
    log_var: Matrix<E, D, T>,
) -> Tensor<Rank0, E, D, T> {
    let var = log_var.with_empty_tape().exp();
    let inner = (log_var + E::of(1.0)) - mean.square() - var;
    inner.sum::<Rank0, _>() * E::of(-0.5)
}

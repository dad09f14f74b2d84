//! A core [`toporeg::Loss`] as a dfdx operation.
//!
//! [`topological_loss`] takes a `(batch, dim)` tensor, computes the loss of
//! its rows on the host with the core (forward), and records on the tensor's
//! tape a backward operation that adds the core's exact gradient, scaled by
//! the gradient flowing into the result, to the input's gradient. Without a
//! tape (`NoneTape`) only the value is computed.
//!
//! The operation is generic over the dfdx device: the data is copied to the
//! host for the topology (the persistence computation is sequential and
//! branchy, a poor fit for a GPU), and the gradient is added back on the
//! device through [`HostGradient`], which this crate implements for dfdx's
//! `Cpu` and, with the `cuda` feature, `Cuda`.
//!
//! ```
//! use dfdx::prelude::*;
//! use toporeg::PushLossParams;
//! use toporeg_train::bridge::topological_loss;
//!
//! let dev = Cpu::default();
//! // the four corners of a unit square, one H1 bar [1, √2)
//! let square = dev.tensor_from_vec(vec![0.0f64, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0], (4usize, 2usize));
//! let push = PushLossParams::new(1).check()?;
//! let value = topological_loss(square.leaky_trace(), &push)?;
//! assert!((value.array() - (1.0 - 2f64.sqrt())).abs() < 1e-12);
//! let grads = value.backward();
//! assert_eq!(grads.get(&square).as_vec().len(), 8);
//! # Ok::<(), toporeg_train::bridge::BridgeError>(())
//! ```

use std::sync::Arc;

use dfdx::prelude::*;
use dfdx::shapes::Dtype;
use toporeg::{Batch, Loss, PointCloud, Scalar};

/// Why [`topological_loss`] failed.
#[derive(Debug, thiserror::Error)]
pub enum BridgeError {
    /// The core rejected the batch (non-finite coordinates, a zero vector
    /// under the cosine metric, labels of the wrong length…).
    #[error("topological loss: {0}")]
    Topology(#[from] toporeg::Error),
}

/// A dfdx device whose gradient buffers can receive a gradient computed on
/// the host.
pub trait HostGradient<E>: Storage<E> {
    /// Adds `host` (row-major, as long as the buffer) to the gradient
    /// buffer `grad`.
    ///
    /// # Errors
    /// The device's, for a failed copy.
    fn add_host_gradient(&self, grad: &mut Self::Vec, host: &[E]) -> Result<(), Self::Err>;

    /// A host copy of the gradient buffer `grad`.
    ///
    /// # Errors
    /// The device's, for a failed copy.
    fn gradient_to_host(&self, grad: &Self::Vec) -> Result<Vec<E>, Self::Err>;
}

impl<E: Dtype> HostGradient<E> for Cpu {
    fn add_host_gradient(&self, grad: &mut Self::Vec, host: &[E]) -> Result<(), Self::Err> {
        for (g, h) in grad.iter_mut().zip(host) {
            *g += *h;
        }
        Ok(())
    }

    fn gradient_to_host(&self, grad: &Self::Vec) -> Result<Vec<E>, Self::Err> {
        Ok(grad.to_vec())
    }
}

#[cfg(feature = "cuda")]
impl<E> HostGradient<E> for Cuda
where
    E: Dtype + cudarc::driver::DeviceRepr,
{
    fn add_host_gradient(&self, grad: &mut Self::Vec, host: &[E]) -> Result<(), Self::Err> {
        let dev = grad.device();
        let mut sum = dev.dtoh_sync_copy(&**grad)?;
        for (g, h) in sum.iter_mut().zip(host) {
            *g += *h;
        }
        dev.htod_sync_copy_into(&sum, &mut **grad)?;
        Ok(())
    }

    fn gradient_to_host(&self, grad: &Self::Vec) -> Result<Vec<E>, Self::Err> {
        Ok(grad.device().dtoh_sync_copy(&**grad)?)
    }
}

/// The loss `loss` of the rows of `points` (a batch of `points.shape().0`
/// points of dimension `points.shape().1`), as a scalar tensor on the same
/// device and tape.
///
/// With an owned tape, the core's gradient is computed in the forward pass
/// and the backward pass adds `upstream · ∇loss` to the gradient of
/// `points`; with `NoneTape` only the value is computed.
///
/// # Errors
/// [`BridgeError::Topology`] when the core rejects the batch (a non-finite
/// coordinate, for example).
pub fn topological_loss<E, D, T, L>(
    points: Tensor<(usize, usize), E, D, T>,
    loss: &L,
) -> Result<Tensor<Rank0, E, D, T>, BridgeError>
where
    E: Dtype + Scalar,
    D: Device<E> + HostGradient<E>,
    T: Tape<E, D>,
    L: Loss<E> + ?Sized,
{
    topological_loss_of_batch(points, loss, None)
}

/// As [`topological_loss`], with one class label per row for the losses
/// that need them (densification).
///
/// # Errors
/// As [`topological_loss`], and a label count that is not the batch size.
pub fn topological_loss_of_batch<E, D, T, L>(
    points: Tensor<(usize, usize), E, D, T>,
    loss: &L,
    labels: Option<&[usize]>,
) -> Result<Tensor<Rank0, E, D, T>, BridgeError>
where
    E: Dtype + Scalar,
    D: Device<E> + HostGradient<E>,
    T: Tape<E, D>,
    L: Loss<E> + ?Sized,
{
    Ok(topological_loss_and_norm(points, loss, labels)?.0)
}

/// A scalar tensor with the norm of the core's gradient that produced it.
pub type ValueAndNorm<E, D, T> = (Tensor<Rank0, E, D, T>, f64);

/// As [`topological_loss_of_batch`], also returning the Euclidean norm of
/// the core's gradient (0 without a tape): a loss whose value is realised
/// where the batch cannot move it (a bottleneck distance realised by a
/// target bar matched to the diagonal, for example) has a zero gradient
/// and does not train anything.
///
/// # Errors
/// As [`topological_loss_of_batch`].
pub fn topological_loss_and_norm<E, D, T, L>(
    points: Tensor<(usize, usize), E, D, T>,
    loss: &L,
    labels: Option<&[usize]>,
) -> Result<ValueAndNorm<E, D, T>, BridgeError>
where
    E: Dtype + Scalar,
    D: Device<E> + HostGradient<E>,
    T: Tape<E, D>,
    L: Loss<E> + ?Sized,
{
    let (n, d) = *points.shape();
    // A contiguous row-major view: the gradient buffer then has the layout
    // of the host copy (a no-op for the usual contiguous batch).
    let points = points.reshape_like(&(n, d));
    let (points, mut tape) = points.split_tape();
    let host = points.as_vec();
    let cloud = PointCloud::new(&host, d)?;
    let batch = match labels {
        Some(labels) => Batch::labelled(cloud, labels)?,
        None => Batch::new(cloud),
    };
    let dev = points.device().clone();
    if !T::OWNS_TAPE {
        let value = loss.value(batch)?;
        return Ok((dev.tensor(value).put_tape(tape), 0.0));
    }
    let (value, grad) = loss.value_and_grad(batch)?;
    let norm = grad.iter().map(|g| g.as_f64().powi(2)).sum::<f64>().sqrt();
    let out = dev.tensor(value);
    let result = out.clone();
    let grad = Arc::new(grad);
    tape.add_backward_op(move |grads| {
        grads.try_alloc_for(&points)?;
        grads.try_alloc_for(&out)?;
        let upstream = grads.get(&out).as_vec()[0];
        let scaled: Vec<E> = grad.iter().map(|&g| g * upstream).collect();
        let target = grads.get_or_alloc_mut(&points)?;
        dev.add_host_gradient(target, &scaled)
    });
    Ok((result.put_tape(tape), norm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use toporeg::SplitMix64;
    use toporeg::{
        target_diagrams, BottleneckLossParams, EntropyLossParams, Metric, PushLossParams,
        ReininghausLossParams, WeightedSum,
    };

    fn cloud(seed: u64, n: usize, d: usize) -> Vec<f64> {
        let mut rng = SplitMix64::new(seed);
        (0..n * d).map(|_| rng.next_f64()).collect()
    }

    /// `f(x) = 3 · loss(2x + 1) + Σ x²/2` through dfdx: the bridge inside a
    /// graph, so the check covers the upstream scaling and the chain rule.
    fn through_dfdx<L: Loss<f64>, T: Tape<f64, Cpu>>(
        x: Tensor<(usize, usize), f64, Cpu, T>,
        loss: &L,
    ) -> Tensor<Rank0, f64, Cpu, T> {
        let quad = x.with_empty_tape().square().sum::<Rank0, _>() * 0.5;
        let inner = x * 2.0 + 1.0;
        topological_loss(inner, loss).unwrap() * 3.0 + quad
    }

    fn check_against_finite_differences<L: Loss<f64>>(loss: &L, pts: &[f64], n: usize, d: usize) {
        let dev = Cpu::default();
        let x = dev.tensor_from_vec(pts.to_vec(), (n, d));
        let value = through_dfdx(x.leaky_trace(), loss);
        let plain = through_dfdx(x.clone(), loss).array();
        assert_eq!(value.array(), plain, "tape and no tape differ");
        let grad = value.backward().get(&x).as_vec();
        let h = 1e-6;
        let mut worst = 0.0f64;
        let scale = grad.iter().fold(1e-12f64, |m, g| m.max(g.abs()));
        for i in 0..pts.len() {
            let mut plus = pts.to_vec();
            plus[i] += h;
            let mut minus = pts.to_vec();
            minus[i] -= h;
            let fp = through_dfdx(dev.tensor_from_vec(plus, (n, d)), loss).array();
            let fm = through_dfdx(dev.tensor_from_vec(minus, (n, d)), loss).array();
            let numeric = (fp - fm) / (2.0 * h);
            worst = worst.max((numeric - grad[i]).abs() / scale);
        }
        assert!(worst < 1e-5, "relative error {worst}");
    }

    #[test]
    fn gradient_equals_finite_differences() {
        let (n, d) = (14, 3);
        let pts = cloud(7, n, d);
        let reference: Vec<f64> = cloud(8, n, d).iter().map(|x| 2.0 * x + 1.0).collect();
        let d0 = target_diagrams(
            &PointCloud::new(&reference, d).unwrap(),
            Metric::Euclidean,
            1,
        )
        .unwrap();
        check_against_finite_differences(&PushLossParams::new(1).check().unwrap(), &pts, n, d);
        check_against_finite_differences(
            &ReininghausLossParams::new(1, 0.2, d0[1].clone())
                .check()
                .unwrap(),
            &pts,
            n,
            d,
        );
        let t3 = WeightedSum::new()
            .term(
                5.0,
                EntropyLossParams::new(0, d0[0].clone()).check().unwrap(),
            )
            .unwrap()
            .term(
                2.0,
                BottleneckLossParams::new(1, d0[1].clone()).check().unwrap(),
            )
            .unwrap();
        check_against_finite_differences(&t3, &pts, n, d);
    }

    #[test]
    fn gradient_matches_the_core_exactly() {
        let (n, d) = (12, 2);
        let pts = cloud(3, n, d);
        let loss = PushLossParams::new(0).check().unwrap();
        let dev = Cpu::default();
        let x = dev.tensor_from_vec(pts.clone(), (n, d));
        let grads = topological_loss(x.leaky_trace(), &loss).unwrap().backward();
        let (_, core) = loss
            .value_and_grad(PointCloud::new(&pts, d).unwrap().into())
            .unwrap();
        assert_eq!(grads.get(&x).as_vec(), core);
    }

    #[test]
    fn bad_batches_are_errors() {
        let dev = Cpu::default();
        let x = dev.tensor_from_vec(vec![0.0f32, f32::NAN, 1.0, 2.0], (2usize, 2usize));
        let loss = PushLossParams::new(0).check().unwrap();
        let err = topological_loss(x.leaky_trace(), &loss).unwrap_err();
        assert!(err.to_string().contains("topological loss"), "{err}");
        let x = dev.tensor_from_vec(vec![0.0f32; 4], (2usize, 2usize));
        let dens = toporeg::DensificationLossParams::new(0.5).check().unwrap();
        assert!(topological_loss_of_batch(x, &dens, Some(&[0])).is_err());
    }
}

//! Time of 10 training steps of VAE0 and of each TopoVAE at the shape of
//! the TopoVAE experiments: 784-dimensional inputs (the embedded digits
//! upscaled to 28×28), 1 680 804 parameters (latent 10), batch 128, `f32`
//! on dfdx's CPU device. Each step includes the input batch's target
//! diagrams, the regularizer with its gradient, backward and the update.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use toporeg_train::data::{digits, TrainTest};
use toporeg_train::dfdx::prelude::Cpu;
use toporeg_train::experiments::{Trainer, VaeConfig};
use toporeg_train::models::ModelKind;

fn topovae_steps(c: &mut Criterion) {
    let big = digits().unwrap().upscaled(28).unwrap();
    let data: TrainTest = big.split(0.2, 0);
    let dev = Cpu::default();
    let mut group =
        c.benchmark_group("10 training steps, 784-d inputs, 1.68M parameters, batch 128");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(8));
    for model in ModelKind::ALL {
        let mut trainer = Trainer::new(&dev, &data, VaeConfig::new(model)).unwrap();
        assert_eq!(trainer.vae().shape().parameter_count(), 1_680_804);
        group.bench_function(model.label(), |b| {
            b.iter(|| {
                for _ in 0..10 {
                    trainer.step().unwrap();
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, topovae_steps);

/// Where the time of one step goes: the input batch's target diagrams, each
/// regularizer with its gradient on an output batch, and the VAE0 step.
fn step_pieces(c: &mut Criterion) {
    use toporeg::{target_diagrams, Loss, Metric, PointCloud};
    use toporeg_train::dfdx::prelude::*;
    let big = digits().unwrap().upscaled(28).unwrap();
    let data: TrainTest = big.split(0.2, 0);
    let dev = Cpu::default();
    let input: Vec<f32> = data.train.features[..128 * 784]
        .iter()
        .map(|&v| v as f32)
        .collect();
    // an output-like batch: the input blurred towards its mean
    let output: Vec<f32> = input.iter().map(|&v| 0.3 + 0.4 * v).collect();
    let mut group = c.benchmark_group("pieces of one step, 128 x 784");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("target diagrams H0+H1 of the input batch", |b| {
        b.iter(|| {
            target_diagrams(&PointCloud::new(&input, 784).unwrap(), Metric::Euclidean, 1).unwrap()
        })
    });
    for model in &ModelKind::ALL[1..5] {
        let reg = model.regularizer(&input, 784, [5.0, 5.0]).unwrap().unwrap();
        let loss = reg.loss_for(&output, 784).unwrap();
        group.bench_function(
            format!("{} regularizer value and gradient", model.label()),
            |b| {
                b.iter(|| {
                    loss.value_and_grad(PointCloud::new(&output, 784).unwrap().into())
                        .unwrap()
                })
            },
        );
    }
    let trainer = Trainer::new(&dev, &data, VaeConfig::new(ModelKind::Vae0)).unwrap();
    let x = dev.tensor_from_vec(input.clone(), (128usize, 784usize));
    let noise = dev.tensor_from_vec(vec![0.1f32; 1280], (128usize, 10usize));
    group.bench_function("VAE0 forward and backward", |b| {
        b.iter(|| trainer.vae().loss_and_gradients(&x, &noise, None).unwrap())
    });
    let mut full = Trainer::new(&dev, &data, VaeConfig::new(ModelKind::Vae0)).unwrap();
    group.bench_function("VAE0 full step", |b| b.iter(|| full.step().unwrap()));
    let mut grads = trainer
        .vae()
        .loss_and_gradients(&x, &noise, None)
        .unwrap()
        .1;
    group.bench_function("reading the gradients", |b| {
        b.iter(|| trainer.vae().gradients(&mut grads).unwrap())
    });
    let mut params: Vec<Vec<f32>> = trainer
        .vae()
        .parameters()
        .into_iter()
        .map(|p| p.2)
        .collect();
    let g = trainer.vae().gradients(&mut grads).unwrap();
    let mut adam =
        toporeg_train::models::Adam::new(1e-3, &params.iter().map(Vec::len).collect::<Vec<_>>());
    group.bench_function("Adam update", |b| b.iter(|| adam.step(&mut params, &g)));
    group.finish();
}

criterion_group!(pieces, step_pieces);
criterion_main!(benches, pieces);

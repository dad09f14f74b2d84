//! Time of 10 training steps of VAE0 and of each TopoVAE at the shape of
//! the TopoVAE experiments: 784-dimensional inputs (the embedded digits
//! upscaled to 28×28), 1 680 804 parameters (latent 10), batch 128, `f32`
//! on dfdx's CPU device. Each step includes the input batch's target
//! diagrams, the regularizer with its gradient, backward and the update.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use toporeg_train::dfdx::prelude::Cpu;
use toporeg_train::data::{digits, TrainTest};
use toporeg_train::experiments::{Trainer, VaeConfig};
use toporeg_train::models::ModelKind;

fn topovae_steps(c: &mut Criterion) {
    let big = digits().unwrap().upscaled(28).unwrap();
    let data: TrainTest = big.split(0.2, 0);
    let dev = Cpu::default();
    let mut group = c.benchmark_group("10 training steps, 784-d inputs, 1.68M parameters, batch 128");
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
criterion_main!(benches);

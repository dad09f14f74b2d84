//! `value_and_grad` of every loss on a 128 × 64 Gaussian batch (the TopoVAE
//! shape), degrees 0 and 1, in `f32`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use toporeg::Batch;
use toporeg::PointCloud;
use toporeg_benches::losses::{
    build, gaussian_batch, labels, BATCH_SEED, D, KINDS, N, TARGET_SEED,
};

fn losses(c: &mut Criterion) {
    let to32 = |v: Vec<f64>| -> Vec<f32> { v.into_iter().map(|x| x as f32).collect() };
    let pts = to32(gaussian_batch(BATCH_SEED, N, D));
    let target = to32(gaussian_batch(TARGET_SEED, N, D));
    let labels = labels();
    let batch = Batch::labelled(PointCloud::new(&pts, D).unwrap(), &labels).unwrap();
    let mut group = c.benchmark_group("loss value_and_grad 128x64");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600));
    for (kind, degrees) in KINDS {
        for &p in degrees {
            let loss = build(kind, p, &target).unwrap();
            group.bench_function(format!("{kind} dim {p}"), |b| {
                b.iter(|| loss.value_and_grad(batch).unwrap())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, losses);
criterion_main!(benches);

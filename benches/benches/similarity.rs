//! Similarity of representations: CKA, minimum Frobenius, Procrustes.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use toporeg::PointCloud;
use toporeg::SplitMix64;
use toporeg::{linear_cka, min_frobenius, procrustes, rbf_cka};

fn cloud(n: usize, d: usize, seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    (0..n * d).map(|_| rng.next_f64()).collect()
}

fn pc(coords: &[f64], d: usize) -> PointCloud<'_, f64> {
    PointCloud::new(coords, d).expect("generated points are valid")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("similarity");
    g.sample_size(10);
    let (xs, ys) = (cloud(500, 32, 1), cloud(500, 32, 2));
    let (x, y) = (pc(&xs, 32), pc(&ys, 32));
    g.bench_function("linear_cka n=500 d=32", |b| {
        b.iter(|| linear_cka(black_box(&x), black_box(&y)))
    });
    g.bench_function("procrustes n=500 d=32", |b| {
        b.iter(|| procrustes(black_box(&x), black_box(&y)))
    });
    let (xs, ys) = (cloud(200, 16, 3), cloud(200, 16, 4));
    let (x, y) = (pc(&xs, 16), pc(&ys, 16));
    g.bench_function("rbf_cka n=200 d=16", |b| {
        b.iter(|| rbf_cka(black_box(&x), black_box(&y), 1.0))
    });
    g.bench_function("min_frobenius n=200 d=16", |b| {
        b.iter(|| min_frobenius(black_box(&x), black_box(&y)))
    });
    // the Gram matrices that the `parallel` feature splits across threads:
    // the n × n Gaussian kernels, and linear CKA in its Gram form (d > n)
    let (xs, ys) = (cloud(2000, 16, 5), cloud(2000, 16, 6));
    let (x, y) = (pc(&xs, 16), pc(&ys, 16));
    g.bench_function("rbf_cka n=2000 d=16", |b| {
        b.iter(|| rbf_cka(black_box(&x), black_box(&y), 1.0))
    });
    let (xs, ys) = (cloud(300, 1000, 7), cloud(300, 1000, 8));
    let (x, y) = (pc(&xs, 1000), pc(&ys, 1000));
    g.bench_function("linear_cka gram n=300 d=1000", |b| {
        b.iter(|| linear_cka(black_box(&x), black_box(&y)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

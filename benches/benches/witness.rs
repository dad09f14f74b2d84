//! Lazy witness complex: landmark selection and edge filtration values.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use toporeg::witness::{select_landmarks, witness_edge_values, LandmarkSelection};
use toporeg_benches::SplitMix64;

fn bench(c: &mut Criterion) {
    let (n, d, l) = (10_000, 3, 50);
    let mut rng = SplitMix64::new(5);
    let x: Vec<f64> = (0..n * d).map(|_| rng.next_f64()).collect();
    let mut g = c.benchmark_group("witness");
    g.sample_size(10);
    g.bench_function("maxmin landmarks N=10000 L=50", |b| {
        b.iter(|| select_landmarks(black_box(&x), d, l, LandmarkSelection::default()))
    });
    let idx = select_landmarks(&x, d, l, LandmarkSelection::default()).expect("landmarks");
    let lm: Vec<f64> = idx
        .iter()
        .flat_map(|&i| x[i * d..(i + 1) * d].to_vec())
        .collect();
    for nu in [0, 2] {
        g.bench_function(format!("edge values N=10000 L=50 nu={nu}"), |b| {
            b.iter(|| witness_edge_values(black_box(&lm), black_box(&x), d, nu))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Criterion benches of Rips persistence on small random inputs (quick
//! enough for `cargo bench`); the large cases are in `benches/peers`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use toporeg::SplitMix64;
use toporeg::{h0_persistence, persistence, Metric, PointCloud, RipsParams};

fn cloud(n: usize, d: usize, seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    (0..n * d).map(|_| rng.next_f64() as f32).collect()
}

fn bench_rips(c: &mut Criterion) {
    let mut group = c.benchmark_group("rips");
    for n in [128usize, 256] {
        let pts = cloud(n, 3, n as u64);
        let pc = PointCloud::new(&pts, 3).unwrap();
        group.bench_with_input(BenchmarkId::new("h0", n), &pc, |b, pc| {
            b.iter(|| h0_persistence(black_box(pc), Metric::Euclidean).unwrap())
        });
        let params = RipsParams::new().max_dim(1);
        group.bench_with_input(BenchmarkId::new("h0_h1", n), &pc, |b, pc| {
            b.iter(|| persistence(black_box(pc), Metric::Euclidean, &params).unwrap())
        });
    }
    let pts = cloud(64, 3, 64);
    let pc = PointCloud::new(&pts, 3).unwrap();
    let params = RipsParams::new().max_dim(2);
    group.bench_function("h0_h1_h2/64", |b| {
        b.iter(|| persistence(black_box(&pc), Metric::Euclidean, &params).unwrap())
    });
    group.finish();
    // big enough for Borůvka over the k-d tree (the dense Prim is O(n²))
    let mut group = c.benchmark_group("rips");
    group.sample_size(20);
    let pts = cloud(20_000, 3, 20_000);
    let pc = PointCloud::new(&pts, 3).unwrap();
    group.bench_function("h0_boruvka/20000", |b| {
        b.iter(|| h0_persistence(black_box(&pc), Metric::Euclidean).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench_rips);
criterion_main!(benches);

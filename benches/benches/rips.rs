//! Criterion benches of Rips persistence on small random inputs (quick
//! enough for `cargo bench`); the large cases are in `benches/peers`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use toporeg::SplitMix64;
use toporeg::{
    h0_persistence, persistence, persistence_from_sparse, Metric, PointCloud, RipsParams,
    SparseDistances,
};

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
    // the sparse path: pairs within r by the k-d tree (average degree
    // about 10), H0 by Kruskal on the sorted edges, and H0 + H1
    let pts = cloud(20_000, 3, 20);
    let pc = PointCloud::new(&pts, 3).unwrap();
    let r = 0.049;
    group.bench_function("sparse_edges_within_r/20000", |b| {
        b.iter(|| SparseDistances::from_points(black_box(&pc), Metric::Euclidean, r).unwrap())
    });
    let g = SparseDistances::from_points(&pc, Metric::Euclidean, r).unwrap();
    for (name, dim) in [("sparse_h0_kruskal/20000", 0), ("sparse_h0_h1/20000", 1)] {
        let params = RipsParams::new().max_dim(dim);
        group.bench_function(name, |b| {
            b.iter(|| persistence_from_sparse(black_box(&g), &params).unwrap())
        });
    }
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

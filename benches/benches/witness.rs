//! Lazy witness complex: landmark selection, edge filtration values, and
//! the persistence of the whole construction.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use toporeg::SplitMix64;
use toporeg::{
    select_landmarks, witness_edge_values, witness_persistence, LandmarkSelection, WitnessParams,
};
use toporeg::{PointCloud, RipsParams};

fn bench(c: &mut Criterion) {
    let (n, d, l) = (10_000, 3, 50);
    let mut rng = SplitMix64::new(5);
    let x: Vec<f64> = (0..n * d).map(|_| rng.next_f64()).collect();
    let cloud = PointCloud::new(&x, d).expect("finite points");
    let mut g = c.benchmark_group("witness");
    g.sample_size(10);
    g.bench_function("maxmin landmarks N=10000 L=50", |b| {
        b.iter(|| select_landmarks(black_box(&cloud), l, LandmarkSelection::default()))
    });
    let idx = select_landmarks(&cloud, l, LandmarkSelection::default()).expect("landmarks");
    let lm: Vec<f64> = idx.iter().flat_map(|&i| cloud.point(i).to_vec()).collect();
    let lm = PointCloud::new(&lm, d).expect("finite landmarks");
    for nu in [0, 2] {
        g.bench_function(format!("edge values N=10000 L=50 nu={nu}"), |b| {
            b.iter(|| witness_edge_values(black_box(&lm), black_box(&cloud), nu))
        });
    }
    g.bench_function("persistence dims 0-1 N=10000 L=50", |b| {
        b.iter(|| {
            witness_persistence(
                black_box(&cloud),
                &WitnessParams::new(l),
                &RipsParams::new(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

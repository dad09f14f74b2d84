//! Diagram distances, kernels and functionals on small random diagrams
//! (births U(0,1), lifetimes exponential with mean 0.1).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use toporeg::{
    bottleneck, bottleneck_approx, entropy, entropy_grad, wasserstein, Diagram, Pssk,
    WassersteinParams,
};
use toporeg_benches::random_diagram;

fn diagram(seed: u64, n: usize) -> Diagram<f64> {
    Diagram::new(random_diagram(seed, n)).expect("random diagrams are valid")
}

fn distances(c: &mut Criterion) {
    let (a, b) = (diagram(1, 1000), diagram(2, 1000));
    c.bench_function("bottleneck exact n=1000", |bench| {
        bench.iter(|| bottleneck(black_box(&a), black_box(&b)).distance)
    });
    c.bench_function("bottleneck delta=0.01 n=1000", |bench| {
        bench.iter(|| bottleneck_approx(black_box(&a), black_box(&b), 0.01))
    });
    let (a, b) = (diagram(3, 200), diagram(4, 200));
    let p = WassersteinParams::default();
    c.bench_function("wasserstein q=1 n=200", |bench| {
        bench.iter(|| wasserstein(black_box(&a), black_box(&b), p))
    });
}

fn kernels(c: &mut Criterion) {
    let ds: Vec<Diagram<f64>> = (0..10).map(|k| diagram(100 + k, 100)).collect();
    let k = Pssk::new(0.01).expect("valid sigma");
    c.bench_function("pssk gram 10x100", |bench| {
        bench.iter(|| k.gram(black_box(&ds)))
    });
    c.bench_function("pssk d2 and gradients 100x100", |bench| {
        bench.iter(|| k.distance_squared_and_grad(black_box(&ds[0]), black_box(&ds[1])))
    });
}

fn functionals(c: &mut Criterion) {
    let d = diagram(7, 5000);
    c.bench_function("entropy and gradient n=5000", |bench| {
        bench.iter(|| (entropy(black_box(&d)), entropy_grad(black_box(&d))))
    });
}

criterion_group!(benches, distances, kernels, functionals);
criterion_main!(benches);

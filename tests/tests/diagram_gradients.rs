//! Every diagram functional, kernel and distance against central finite
//! differences, on random diagrams in general position (f64).

use proptest::prelude::*;
use toporeg::{
    bottleneck, entropy, entropy_grad, push, push_grad, wasserstein, Diagram, EntropyParams,
    Ground, LogBase, Pssk, Sgde4Params, WassersteinParams,
};

/// Random diagram: births in [0, 1), lifetimes in [0.05, 1.05).
fn diagram(max: usize) -> impl Strategy<Value = Diagram<f64>> {
    proptest::collection::vec((0.0f64..1.0, 0.05f64..1.05), 1..=max)
        .prop_map(|v| Diagram::new(v.into_iter().map(|(b, l)| [b, b + l]).collect()).unwrap())
}

/// Compares an analytic gradient with central differences of step `h`.
fn check(
    f: &dyn Fn(&Diagram<f64>) -> f64,
    d: &Diagram<f64>,
    g: &[[f64; 2]],
    h: f64,
    tol: f64,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(g.len(), d.len());
    for i in 0..d.len() {
        for c in 0..2 {
            let mut x = d.points().to_vec();
            let mut y = x.clone();
            x[i][c] += h;
            y[i][c] -= h;
            let num = (f(&Diagram::new(x).unwrap()) - f(&Diagram::new(y).unwrap())) / (2.0 * h);
            prop_assert!(
                (num - g[i][c]).abs() <= tol * (1.0 + num.abs()),
                "point {} coord {}: numeric {} vs analytic {}",
                i,
                c,
                num,
                g[i][c]
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn functionals(d in diagram(7), t in diagram(5)) {
        check(&|x| push(x), &d, &push_grad(&d), 1e-6, 1e-7)?;
        check(&|x| entropy(x), &d, &entropy_grad(&d), 1e-6, 1e-6)?;
        let sel = EntropyParams::new().delta(0.3).base(LogBase::Two).check().unwrap();
        // Keep away from the threshold, where G_δ jumps.
        prop_assume!(d.points().iter().all(|p| ((p[1] - p[0]) - 0.3).abs() > 1e-3));
        check(&|x| sel.value(x), &d, &sel.grad(&d), 1e-6, 1e-6)?;
        let s4 = Sgde4Params::new(0.3, vec![0.2, 0.6, 1.0, 1.5]).scale(2.0).check().unwrap();
        for mean in [false, true] {
            let (_, g) = s4.loss_and_grad(&d, &t, mean);
            check(&|x| s4.loss_and_grad(x, &t, mean).0, &d, &g, 1e-6, 1e-6)?;
        }
    }

    #[test]
    fn kernel(f in diagram(6), g in diagram(6), sigma in 0.05f64..1.0) {
        let k = Pssk::new(sigma).unwrap();
        check(&|x| k.kernel(x, &g), &f, &k.kernel_grad(&f, &g), 1e-6, 1e-6)?;
        let (_, gf, gg) = k.distance_squared_and_grad(&f, &g);
        check(&|x| k.distance_squared(x, &g), &f, &gf, 1e-6, 1e-6)?;
        check(&|x| k.distance_squared(&f, x), &g, &gg, 1e-6, 1e-6)?;
        let (d, gf, gg) = k.distance_and_grad(&f, &g);
        prop_assume!(d > 1e-3);
        check(&|x| k.distance(x, &g), &f, &gf, 1e-7, 1e-5)?;
        check(&|x| k.distance(&f, x), &g, &gg, 1e-7, 1e-5)?;
    }

    #[test]
    fn distances(a in diagram(6), b in diagram(6)) {
        // Piecewise smooth: a small step stays on one piece in general position.
        let r = bottleneck(&a, &b);
        let (ga, gb) = r.grad(&a, &b);
        check(&|x| bottleneck(x, &b).distance, &a, &ga, 1e-9, 1e-5)?;
        check(&|x| bottleneck(&a, x).distance, &b, &gb, 1e-9, 1e-5)?;
        for (q, ground) in [(1.0, Ground::LInf), (2.0, Ground::L2), (3.0, Ground::LInf)] {
            let p = WassersteinParams::new().q(q).ground(ground);
            let r = wasserstein(&a, &b, p).unwrap();
            let (ga, gb) = r.grad(&a, &b);
            check(&|x| wasserstein(x, &b, p).unwrap().distance, &a, &ga, 1e-9, 1e-5)?;
            check(&|x| wasserstein(&a, x, p).unwrap().distance, &b, &gb, 1e-9, 1e-5)?;
        }
    }
}

/// The kernel on fixed diagrams, with the steps of the kernel module.
#[test]
fn kernel_on_fixed_diagrams() -> Result<(), TestCaseError> {
    let k = Pssk::new(0.3).unwrap();
    let f = Diagram::new(vec![[0.1, 0.8], [0.4, 1.3], [0.2, 0.35]]).unwrap();
    let g = Diagram::new(vec![[0.0, 0.9], [0.6, 1.0]]).unwrap();
    check(&|x| k.kernel(x, &g), &f, &k.kernel_grad(&f, &g), 1e-6, 1e-6)?;
    let (_, gf, gg) = k.distance_squared_and_grad(&f, &g);
    check(&|x| k.distance_squared(x, &g), &f, &gf, 1e-6, 1e-6)?;
    check(&|x| k.distance_squared(&f, x), &g, &gg, 1e-6, 1e-6)?;
    let (_, gf, gg) = k.distance_and_grad(&f, &g);
    check(&|x| k.distance(x, &g), &f, &gf, 1e-6, 1e-6)?;
    check(&|x| k.distance(&f, x), &g, &gg, 1e-6, 1e-6)
}

/// Wasserstein distances on fixed diagrams with essential points (whose
/// births are matched too).
#[test]
fn wasserstein_on_fixed_diagrams() -> Result<(), TestCaseError> {
    let a = Diagram::new(vec![
        [0.1, 0.93],
        [0.37, 1.41],
        [0.22, 0.31],
        [0.5, f64::INFINITY],
    ])
    .unwrap();
    let b = Diagram::new(vec![[0.05, 1.02], [0.61, 1.13], [0.7, f64::INFINITY]]).unwrap();
    for q in [1.0, 2.0, 3.5] {
        for ground in [Ground::LInf, Ground::L2] {
            let p = WassersteinParams::new().q(q).ground(ground);
            let r = wasserstein(&a, &b, p).unwrap();
            let (ga, gb) = r.grad(&a, &b);
            check(
                &|x| wasserstein(x, &b, p).unwrap().distance,
                &a,
                &ga,
                1e-7,
                1e-5,
            )?;
            check(
                &|x| wasserstein(&a, x, p).unwrap().distance,
                &b,
                &gb,
                1e-7,
                1e-5,
            )?;
        }
    }
    Ok(())
}

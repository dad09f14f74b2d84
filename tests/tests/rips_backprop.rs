//! The chain rule of Rips persistence against central finite differences,
//! for every metric and for distance-matrix input.

use toporeg::{
    persistence, persistence_from_distances, DistanceMatrix, Edge, Metric, Persistence, PointCloud,
    RipsParams, SplitMix64,
};

/// Fixed random weights per pair: L = Σ_k Σ_i w_ik (a_i birth_i + b_i death_i)
/// over finite pairs of degrees 0 and 1.
fn weights(pers: &Persistence<f64>, seed: u64) -> Vec<Vec<[f64; 2]>> {
    let mut rng = SplitMix64::new(seed);
    (0..=1)
        .map(|k| {
            pers.pairs(k)
                .iter()
                .map(|p| {
                    let a = rng.next_f64() - 0.3;
                    let b = rng.next_f64() - 0.7;
                    if p.is_essential() {
                        [0.0, 0.0]
                    } else {
                        [a, b]
                    }
                })
                .collect()
        })
        .collect()
}

/// The generator edges of every pair, in order.
type Generators = Vec<(Option<Edge>, Option<Edge>)>;

/// The loss with the weights of a reference pairing, and the pairing's
/// generators (to detect that a perturbation changed the pairing).
fn loss(pers: &Persistence<f64>, w: &[Vec<[f64; 2]>]) -> Option<(f64, Generators)> {
    let mut total = 0.0;
    let mut gens = Vec::new();
    for (k, wk) in w.iter().enumerate() {
        if pers.pairs(k).len() != wk.len() {
            return None;
        }
        for (p, wi) in pers.pairs(k).iter().zip(wk) {
            if !p.is_essential() {
                total += wi[0] * p.birth + wi[1] * p.death;
            }
            gens.push((p.birth_edge, p.death_edge));
        }
    }
    Some((total, gens))
}

fn check_points(metric: Metric, seed: u64) -> usize {
    let (n, d) = (14, 3);
    let mut rng = SplitMix64::new(seed);
    let coords: Vec<f64> = (0..n * d)
        .map(|_| rng.next_f64() * 2.0 - 1.0 + if metric == Metric::Cosine { 0.5 } else { 0.0 })
        .collect();
    let params = RipsParams::new().max_dim(1);
    let pers = persistence(&PointCloud::new(&coords, d).unwrap(), metric, &params).unwrap();
    let w = weights(&pers, seed + 1);
    let (_, gens) = loss(&pers, &w).unwrap();
    let grads: Vec<(usize, &Vec<[f64; 2]>)> = vec![(0, &w[0]), (1, &w[1])];
    let g = pers
        .pullback(&PointCloud::new(&coords, d).unwrap(), metric, &grads)
        .unwrap();
    let h = 1e-6;
    let mut checked = 0;
    for i in 0..coords.len() {
        let eval = |x: f64| {
            let mut c = coords.clone();
            c[i] = x;
            let p = persistence(&PointCloud::new(&c, d).unwrap(), metric, &params).unwrap();
            loss(&p, &w)
        };
        let (Some((lp, gp)), Some((lm, gm))) = (eval(coords[i] + h), eval(coords[i] - h)) else {
            continue;
        };
        if gp != gens || gm != gens {
            continue; // the pairing changes within h: not differentiable here
        }
        let fd = (lp - lm) / (2.0 * h);
        assert!(
            (fd - g[i]).abs() <= 1e-5 * (1.0 + fd.abs()),
            "{metric:?} seed {seed} coord {i}: finite difference {fd} vs chain rule {}",
            g[i]
        );
        checked += 1;
    }
    checked
}

#[test]
fn chain_rule_matches_finite_differences_for_every_metric() {
    for metric in [
        Metric::Euclidean,
        Metric::Manhattan,
        Metric::Cosine,
        Metric::Chebyshev,
    ] {
        let mut checked = 0;
        for seed in [3, 17, 99] {
            checked += check_points(metric, seed);
        }
        assert!(
            checked >= 3 * 14 * 3 * 9 / 10,
            "{metric:?}: only {checked} coordinates checked"
        );
    }
}

#[test]
fn chain_rule_for_distance_matrix_input() {
    let n = 10;
    let mut rng = SplitMix64::new(7);
    let values: Vec<f64> = (0..n * (n - 1) / 2).map(|_| 0.5 + rng.next_f64()).collect();
    let params = RipsParams::new().max_dim(1);
    let pers = persistence_from_distances(
        &DistanceMatrix::from_lower(values.clone()).unwrap(),
        &params,
    )
    .unwrap();
    assert!(!pers.pairs(1).is_empty());
    let w = weights(&pers, 11);
    let (_, gens) = loss(&pers, &w).unwrap();
    let g = pers.pullback_distances(&[(0, &w[0]), (1, &w[1])]).unwrap();
    assert_eq!(g.len(), values.len());
    let h = 1e-7;
    let mut checked = 0;
    for i in 0..values.len() {
        let eval = |x: f64| {
            let mut v = values.clone();
            v[i] = x;
            let p = persistence_from_distances(&DistanceMatrix::from_lower(v).unwrap(), &params)
                .unwrap();
            loss(&p, &w)
        };
        let (Some((lp, gp)), Some((lm, gm))) = (eval(values[i] + h), eval(values[i] - h)) else {
            continue;
        };
        if gp != gens || gm != gens {
            continue;
        }
        let fd = (lp - lm) / (2.0 * h);
        assert!((fd - g[i]).abs() < 1e-6, "entry {i}: {fd} vs {}", g[i]);
        checked += 1;
    }
    assert!(
        checked >= values.len() * 9 / 10,
        "only {checked} entries checked"
    );
}

#[test]
fn gradient_shapes_are_checked() {
    let coords = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0];
    let cloud = PointCloud::new(&coords, 2).unwrap();
    let pers = persistence(&cloud, Metric::Euclidean, &RipsParams::new()).unwrap();
    assert!(matches!(
        pers.pullback(&cloud, Metric::Euclidean, &[(0, vec![[0.0, 1.0]])]),
        Err(toporeg::Error::ShapeMismatch { .. })
    ));
    let ok = vec![[0.0, 1.0]; pers.pairs(0).len()];
    let other = PointCloud::new(&coords[..4], 2).unwrap();
    assert!(pers
        .pullback(&other, Metric::Euclidean, &[(0, &ok)])
        .is_err());
    let nan = vec![[0.0, f64::NAN]; pers.pairs(0).len()];
    assert!(matches!(
        pers.pullback(&cloud, Metric::Euclidean, &[(0, &nan)]),
        Err(toporeg::Error::NonFinite { .. })
    ));
    // two degrees accumulate into the same edges
    let eg = pers.edge_gradient(&[(0, &ok), (0, &ok)]).unwrap();
    assert!(eg.entries().iter().all(|&(_, g)| g == 2.0));
}

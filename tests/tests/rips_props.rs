//! Property tests of the Rips reduction against a brute-force reference:
//! every simplex up to degree `max_dim + 1` listed explicitly, the boundary
//! matrix reduced column by column over Z/p.

use proptest::prelude::*;
use toporeg::{
    h0_persistence, persistence, persistence_from_distances, DistanceMatrix, Metric, PointCloud,
    RipsParams, Scalar,
};

/// All subsets of `0..n` with `k` elements, in lexicographic order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    fn rec(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for v in start..n {
            cur.push(v);
            rec(v + 1, n, k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    rec(0, n, k, &mut Vec::new(), &mut out);
    out
}

/// Brute-force diagrams of degrees `0..=max_dim` (as sorted `[b, d]` lists,
/// zero persistence dropped) of the clique filtration of `d`.
fn reference<T: Scalar>(
    n: usize,
    d: &dyn Fn(usize, usize) -> T,
    max_dim: usize,
    threshold: Option<f64>,
    p: u64,
) -> Vec<Vec<[f64; 2]>> {
    let t = threshold.unwrap_or(f64::INFINITY);
    let mut simplices: Vec<(f64, usize, Vec<usize>)> = Vec::new();
    for k in 1..=(max_dim + 2).min(n) {
        for s in subsets(n, k) {
            let mut diam = 0.0_f64;
            for (i, &a) in s.iter().enumerate() {
                for &b in &s[i + 1..] {
                    diam = diam.max(d(a, b).as_f64());
                }
            }
            if diam.is_finite() && diam <= t {
                simplices.push((diam, k - 1, s));
            }
        }
    }
    simplices.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let position: std::collections::HashMap<Vec<usize>, usize> = simplices
        .iter()
        .enumerate()
        .map(|(i, s)| (s.2.clone(), i))
        .collect();
    // columns as sorted (row, coefficient) lists
    let mut columns: Vec<Vec<(usize, u64)>> = simplices
        .iter()
        .map(|(_, _, s)| {
            let mut col: Vec<(usize, u64)> = if s.len() == 1 {
                Vec::new()
            } else {
                (0..s.len())
                    .map(|i| {
                        let mut f = s.clone();
                        f.remove(i);
                        (position[&f], if i % 2 == 0 { 1 } else { p - 1 })
                    })
                    .collect()
            };
            col.sort();
            col
        })
        .collect();
    let inv = |a: u64| (1..p).find(|x| x * a % p == 1).unwrap();
    let mut low_of: std::collections::HashMap<usize, usize> = Default::default();
    let mut paired = vec![false; simplices.len()];
    let mut out = vec![Vec::new(); max_dim + 1];
    for j in 0..columns.len() {
        while let Some(&(low, c)) = columns[j].last() {
            let Some(&other) = low_of.get(&low) else {
                break;
            };
            let oc = columns[other].last().unwrap().1;
            let factor = (p - c * inv(oc) % p) % p;
            let mut merged: std::collections::BTreeMap<usize, u64> =
                columns[j].iter().copied().collect();
            for &(r, v) in &columns[other] {
                let e = merged.entry(r).or_insert(0);
                *e = (*e + v * factor) % p;
            }
            columns[j] = merged.into_iter().filter(|e| e.1 != 0).collect();
        }
        if let Some(&(low, _)) = columns[j].last() {
            low_of.insert(low, j);
            paired[low] = true;
            paired[j] = true;
            let (b, dim) = (simplices[low].0, simplices[low].1);
            if dim <= max_dim && simplices[j].0 > b {
                out[dim].push([b, simplices[j].0]);
            }
        }
    }
    for (i, s) in simplices.iter().enumerate() {
        if !paired[i] && s.1 <= max_dim {
            out[s.1].push([s.0, f64::INFINITY]);
        }
    }
    for dgm in &mut out {
        dgm.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    }
    out
}

fn sorted_diagrams<T: Scalar>(pers: &toporeg::Persistence<T>) -> Vec<Vec<[f64; 2]>> {
    (0..=pers.max_dim())
        .map(|k| {
            let mut v: Vec<[f64; 2]> = pers
                .diagram(k)
                .points()
                .iter()
                .map(|p| [p[0].as_f64(), p[1].as_f64()])
                .collect();
            v.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
            v
        })
        .collect()
}

/// Every generator edge has the length of its value.
fn check_generators<T: Scalar>(pers: &toporeg::Persistence<T>, d: &dyn Fn(usize, usize) -> T) {
    for k in 0..=pers.max_dim() {
        for p in pers.pairs(k) {
            assert_eq!(p.dim, k);
            match p.birth_edge {
                None => assert!(k == 0 && p.birth == T::zero(), "{p:?}"),
                Some([a, b]) => {
                    assert!(a < b);
                    assert_eq!(d(a, b), p.birth, "{p:?}");
                }
            }
            match p.death_edge {
                None => assert!(p.death.is_infinite(), "{p:?}"),
                Some([a, b]) => {
                    assert!(a < b);
                    assert_eq!(d(a, b), p.death, "{p:?}");
                }
            }
            assert!(p.death > p.birth);
        }
    }
}

fn check_distances<T: Scalar>(
    n: usize,
    raw: &[f64],
    max_dim: usize,
    threshold: Option<f64>,
    p: u32,
) {
    let lower: Vec<T> = raw.iter().map(|&v| T::of(v)).collect();
    let dm = DistanceMatrix::from_lower(lower).unwrap();
    let mut params = RipsParams::new().max_dim(max_dim).modulus(p);
    if let Some(t) = threshold {
        params = params.threshold(t);
    }
    let pers = persistence_from_distances(&dm, &params).unwrap();
    let d = |i: usize, j: usize| dm.get(i, j);
    let want = reference(n, &d, max_dim, threshold, u64::from(p));
    assert_eq!(
        sorted_diagrams(&pers),
        want,
        "n={n} dists={raw:?} t={threshold:?} p={p}"
    );
    check_generators(&pers, &d);
}

fn check_points<T: Scalar>(
    coords: &[f64],
    dim: usize,
    max_dim: usize,
    threshold: Option<f64>,
    metric: Metric,
) {
    let c: Vec<T> = coords.iter().map(|&v| T::of(v)).collect();
    let cloud = PointCloud::new(&c, dim).unwrap();
    let mut params = RipsParams::new().max_dim(max_dim);
    if let Some(t) = threshold {
        params = params.threshold(t);
    }
    let pers = persistence(&cloud, metric, &params).unwrap();
    let dm = DistanceMatrix::from_points(&cloud, metric).unwrap();
    let d = |i: usize, j: usize| dm.get(i, j);
    let want = reference(cloud.n_points(), &d, max_dim, threshold, 2);
    assert_eq!(
        sorted_diagrams(&pers),
        want,
        "points={coords:?} t={threshold:?}"
    );
    check_generators(&pers, &d);
    // the same through the distance matrix, and the H0 fast path
    let via_dm = persistence_from_distances(&dm, &params).unwrap();
    assert_eq!(sorted_diagrams(&via_dm), want);
    if threshold.is_none() {
        let h0 = h0_persistence(&cloud, metric).unwrap();
        assert_eq!(sorted_diagrams(&h0)[0], want[0]);
        check_generators(&h0, &d);
    }
}

fn distances(max_n: usize, ties: bool) -> impl Strategy<Value = (usize, Vec<f64>)> {
    (1..=max_n).prop_flat_map(move |n| {
        let len = n * (n - 1) / 2;
        let value = if ties {
            (1u32..6).prop_map(f64::from).boxed()
        } else {
            (0.01f64..10.0).boxed()
        };
        (Just(n), proptest::collection::vec(value, len))
    })
}

fn threshold() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![Just(None), (1.0f64..6.0).prop_map(Some)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn integer_weights_with_ties((n, raw) in distances(9, true), max_dim in 0usize..=2, t in threshold()) {
        check_distances::<f64>(n, &raw, max_dim, t, 2);
        check_distances::<f32>(n, &raw, max_dim, t, 2);
    }

    #[test]
    fn real_weights((n, raw) in distances(9, false), max_dim in 0usize..=2, t in threshold()) {
        check_distances::<f64>(n, &raw, max_dim, t, 2);
        check_distances::<f32>(n, &raw, max_dim, t, 2);
    }

    #[test]
    fn modulus_three((n, raw) in distances(8, true), max_dim in 1usize..=2, t in threshold()) {
        check_distances::<f64>(n, &raw, max_dim, t, 3);
    }

    #[test]
    fn integer_points_with_ties(
        coords in proptest::collection::vec(-2i32..=2, 2..=18),
        max_dim in 0usize..=2,
        t in threshold(),
        metric in prop_oneof![Just(Metric::Euclidean), Just(Metric::Manhattan), Just(Metric::Chebyshev)],
    ) {
        let coords: Vec<f64> = coords[..coords.len() / 2 * 2].iter().map(|&v| f64::from(v)).collect();
        check_points::<f64>(&coords, 2, max_dim, t, metric);
        check_points::<f32>(&coords, 2, max_dim, t, metric);
    }

    #[test]
    fn real_points(
        coords in proptest::collection::vec(-1.0f64..1.0, 3..=27),
        max_dim in 0usize..=2,
        metric in prop_oneof![Just(Metric::Euclidean), Just(Metric::Cosine)],
    ) {
        let coords = &coords[..coords.len() / 3 * 3];
        check_points::<f64>(coords, 3, max_dim, None, metric);
        check_points::<f32>(coords, 3, max_dim, Some(0.8), metric);
    }
}

#[test]
fn missing_edges_never_enter() {
    // a 4-cycle given as a sparse graph: the square's H1 class never dies
    let dm = DistanceMatrix::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)])
        .unwrap();
    let pers = persistence_from_distances(&dm, &RipsParams::new()).unwrap();
    assert_eq!(pers.diagram(1).points(), &[[1.0, f64::INFINITY]]);
    // two components with no edge between them: two essential H0 classes
    let dm = DistanceMatrix::from_edges(4, [(0, 1, 1.0), (2, 3, 2.0)]).unwrap();
    let pers = persistence_from_distances(&dm, &RipsParams::new().max_dim(2)).unwrap();
    let mut h0 = sorted_diagrams(&pers)[0].clone();
    h0.sort_by(|a, b| a[1].total_cmp(&b[1]));
    assert_eq!(
        h0,
        vec![
            [0.0, 1.0],
            [0.0, 2.0],
            [0.0, f64::INFINITY],
            [0.0, f64::INFINITY]
        ]
    );
}

/// H0 of a cloud large enough for the k-d tree path (Borůvka's minimum
/// spanning tree, chosen automatically for the Euclidean metric in low
/// dimension) equals Prim's on the distance matrix: the same deaths, and
/// every death edge as long as its death.
fn check_big_h0<T: Scalar>(coords: &[f64], dim: usize, threshold: Option<f64>) {
    let c: Vec<T> = coords.iter().map(|&v| T::of(v)).collect();
    let cloud = PointCloud::new(&c, dim).unwrap();
    let mut params = RipsParams::new().max_dim(0);
    if let Some(t) = threshold {
        params = params.threshold(t);
    }
    let pers = persistence(&cloud, Metric::Euclidean, &params).unwrap();
    let dm = DistanceMatrix::from_points(&cloud, Metric::Euclidean).unwrap();
    let prim = persistence_from_distances(&dm, &params).unwrap();
    let deaths =
        |p: &toporeg::Persistence<T>| p.pairs(0).iter().map(|q| q.death).collect::<Vec<T>>();
    assert_eq!(deaths(&pers), deaths(&prim), "dim {dim} t {threshold:?}");
    check_generators(&pers, &|i, j| dm.get(i, j));
    if threshold.is_none() {
        assert_eq!(pers, h0_persistence(&cloud, Metric::Euclidean).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn big_clouds_h0_equals_prim(
        seed in any::<u64>(),
        dim in 1usize..=4,
        grid in prop_oneof![Just(0u32), 3u32..12],
        t in threshold(),
    ) {
        // 1 600 points, every fifth a copy of an earlier one
        let mut rng = toporeg::SplitMix64::new(seed);
        let mut coords: Vec<f64> = Vec::new();
        for i in 0..1600 {
            if i % 5 == 4 {
                let j = rng.below(i as u64) as usize * dim;
                let p = coords[j..j + dim].to_vec();
                coords.extend(p);
                continue;
            }
            for _ in 0..dim {
                let x = rng.next_f64();
                coords.push(if grid == 0 { x * 4.0 } else { (x * f64::from(grid)).floor() });
            }
        }
        let t = t.map(|t| t / 4.0);
        check_big_h0::<f64>(&coords, dim, t);
        check_big_h0::<f32>(&coords, dim, t);
    }
}

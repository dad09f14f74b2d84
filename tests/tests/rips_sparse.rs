//! The sparse filtration against the dense one: explicit graphs with tied
//! weights, thresholded point clouds (k-d tree and all-pairs scan), the
//! automatic sparse path of a thresholded cloud, Ripser's thresholded
//! golden, input validation, the memory budget and the chain rule.

use proptest::prelude::*;
use toporeg::{
    persistence, persistence_from_distances, persistence_from_sparse, Error, Metric, Persistence,
    PointCloud, RipsParams, Scalar, SparseDistances,
};
use toporeg_tests::{compare_diagrams, parse_ripser_output, read_fixture};
use toporeg_train::formats::{parse_input, Input, InputFormat};

/// Same pairs, in the same order, with the same birth and death edges.
fn assert_same_pairs<T: Scalar>(sparse: &Persistence<T>, dense: &Persistence<T>) {
    assert_eq!(sparse.max_dim(), dense.max_dim());
    for k in 0..=dense.max_dim() {
        assert_eq!(sparse.pairs(k), dense.pairs(k), "degree {k}");
    }
}

/// A graph on `n` vertices: each pair an edge with weight `w - 1` when its
/// draw `w` is positive (small integers: many ties).
fn graph(n: usize, draws: &[u8]) -> SparseDistances<f64> {
    let mut edges = Vec::new();
    let mut k = 0;
    for i in 0..n {
        for j in 0..i {
            let w = draws[k % draws.len()];
            k += 1;
            if w > 0 {
                edges.push((i, j, f64::from(w - 1)));
            }
        }
    }
    SparseDistances::new(n, edges).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sparse_graphs_equal_dense(
        n in 1usize..11,
        draws in prop::collection::vec(0u8..5, 1..60),
        max_dim in 0usize..3,
        threshold in prop::option::of(0.0f64..4.0),
        modulus in prop::sample::select(vec![2u32, 3]),
    ) {
        let g = graph(n, &draws);
        let mut params = RipsParams::new().max_dim(max_dim).modulus(modulus);
        if let Some(t) = threshold {
            params = params.threshold(t);
        }
        let sparse = persistence_from_sparse(&g, &params).unwrap();
        let dense = persistence_from_distances(&g.to_matrix(), &params).unwrap();
        assert_same_pairs(&sparse, &dense);
    }

    #[test]
    fn thresholded_clouds_equal_dense(
        dim in 1usize..4,
        coords in prop::collection::vec(0u8..6, 2..60),
        max_dim in 0usize..3,
        threshold in 0.5f64..4.0,
        metric in prop::sample::select(vec![Metric::Euclidean, Metric::Manhattan, Metric::Chebyshev]),
    ) {
        // integer coordinates: many equal distances
        let n = coords.len() / dim;
        prop_assume!(n >= 1);
        let pts: Vec<f64> = coords[..n * dim].iter().map(|&c| f64::from(c)).collect();
        let cloud = PointCloud::new(&pts, dim).unwrap();
        let params = RipsParams::new().max_dim(max_dim).threshold(threshold);
        let g = SparseDistances::from_points(&cloud, metric, threshold).unwrap();
        let sparse = persistence_from_sparse(&g, &params).unwrap();
        let dense = persistence(&cloud, metric, &params).unwrap();
        assert_same_pairs(&sparse, &dense);
    }
}

/// Uniform points in the unit cube of dimension `dim`.
fn uniform(n: usize, dim: usize, seed: u64) -> Vec<f64> {
    let mut rng = toporeg::SplitMix64::new(seed);
    (0..n * dim).map(|_| rng.next_f64()).collect()
}

#[test]
fn random_clouds_equal_dense_in_low_and_high_dimension() {
    // dimension 3 goes through the k-d tree, dimension 12 through the scan
    for (dim, threshold) in [(3, 0.3), (12, 1.1)] {
        let pts = uniform(150, dim, 5);
        let cloud = PointCloud::new(&pts, dim).unwrap();
        let params = RipsParams::new().max_dim(2).threshold(threshold);
        let g = SparseDistances::from_points(&cloud, Metric::Euclidean, threshold).unwrap();
        assert!(g.n_edges() > 150, "dimension {dim}: {} edges", g.n_edges());
        let sparse = persistence_from_sparse(&g, &params).unwrap();
        let dense = persistence(&cloud, Metric::Euclidean, &params).unwrap();
        assert!(!dense.pairs(1).is_empty());
        assert_same_pairs(&sparse, &dense);
    }
}

#[test]
fn a_cloud_whose_matrix_exceeds_the_budget_goes_sparse_with_the_same_pairs_and_gradient() {
    let pts = uniform(400, 2, 11);
    let cloud = PointCloud::new(&pts, 2).unwrap();
    let params = RipsParams::new().max_dim(1).threshold(0.1);
    let dense = persistence(&cloud, Metric::Euclidean, &params).unwrap();
    // the 400 × 400 matrix alone is 1.2 MiB: above this budget, so the
    // pairs within 0.1 are found with the k-d tree and reduced sparsely
    let budget = params.max_memory(1 << 20);
    let sparse = persistence(&cloud, Metric::Euclidean, &budget).unwrap();
    assert!(!dense.pairs(1).is_empty());
    assert_same_pairs(&sparse, &dense);
    assert_eq!(sparse.metric(), Some(Metric::Euclidean));
    // the chain rule through both: L = Σ persistence of H1 + Σ H0 deaths
    let g0: Vec<[f64; 2]> = dense.pairs(0).iter().map(|_| [0.0, 1.0]).collect();
    let g1: Vec<[f64; 2]> = dense.pairs(1).iter().map(|_| [-1.0, 1.0]).collect();
    let grads = [(0, g0), (1, g1)];
    let want = dense.pullback(&cloud, Metric::Euclidean, &grads).unwrap();
    let got = sparse.pullback(&cloud, Metric::Euclidean, &grads).unwrap();
    assert_eq!(got, want);
    // and to the edge weights of the graph
    let g = SparseDistances::from_points(&cloud, Metric::Euclidean, 0.1).unwrap();
    let from_graph = persistence_from_sparse(&g, &params).unwrap();
    let per_edge = from_graph.pullback_sparse(&g, &grads).unwrap();
    let per_entry = dense.pullback_distances(&grads).unwrap();
    for ((i, j, _), v) in g.edges().zip(&per_edge) {
        assert_eq!(*v, per_entry[toporeg::lower_index(i, j)]);
    }
    assert_eq!(
        per_edge.iter().filter(|v| **v != 0.0).count(),
        per_entry.iter().filter(|v| **v != 0.0).count()
    );
}

#[test]
fn large_thresholded_clouds_take_the_sparse_path() {
    // above SPARSE_FROM_POINTS: the same pairs as the sparse graph gives
    let n = toporeg::SPARSE_FROM_POINTS + 10;
    let pts = uniform(n, 3, 2);
    let cloud = PointCloud::new(&pts, 3).unwrap();
    let params = RipsParams::new().max_dim(1).threshold(0.06);
    let auto = persistence(&cloud, Metric::Euclidean, &params).unwrap();
    let g = SparseDistances::from_points(&cloud, Metric::Euclidean, 0.06).unwrap();
    let explicit = persistence_from_sparse(&g, &params).unwrap();
    assert_same_pairs(&auto, &explicit);
    assert_eq!(auto.metric(), Some(Metric::Euclidean));
    assert_eq!(auto.threshold(), 0.06);
}

#[test]
fn o3_1024_threshold_1_through_the_sparse_filtration() {
    let text = read_fixture("ripser/o3_1024.txt").unwrap();
    let Input::Points(t) = parse_input(&text, InputFormat::PointCloud).unwrap() else {
        panic!("a point cloud");
    };
    let want = parse_ripser_output(
        &read_fixture("ripser/expected/o3_1024.dim1.threshold1.0.txt").unwrap(),
    )
    .unwrap();
    let cloud = PointCloud::new(&t.values, t.cols).unwrap();
    let g = SparseDistances::from_points(&cloud, Metric::Euclidean, 1.0).unwrap();
    let pers = persistence_from_sparse(&g, &RipsParams::new().max_dim(1).threshold(1.0)).unwrap();
    for (k, w) in want.iter().enumerate() {
        let got: Vec<[f64; 2]> = pers.diagram(k).points().to_vec();
        if let Err(e) = compare_diagrams(w, &got) {
            panic!("dim {k}: {e}");
        }
    }
}

#[test]
fn bad_edge_lists_get_typed_errors() {
    let e = |edges: Vec<(usize, usize, f64)>| SparseDistances::new(3, edges).unwrap_err();
    assert!(matches!(
        e(vec![(0, 3, 1.0)]),
        Error::ShapeMismatch {
            expected: 3,
            found: 3,
            ..
        }
    ));
    assert!(matches!(
        e(vec![(0, 1, f64::NAN)]),
        Error::NonFinite { index: 0, .. }
    ));
    assert!(matches!(
        e(vec![(0, 1, 1.0), (1, 2, -1.0)]),
        Error::NegativeDistance { i: 1, j: 2, .. }
    ));
    assert!(matches!(
        e(vec![(1, 1, 2.0)]),
        Error::InvalidParameter { name: "edges", .. }
    ));
    assert!(matches!(
        SparseDistances::<f64>::new(0, []),
        Err(Error::Empty { .. })
    ));
    // documented rules: loops of weight 0 and +inf edges are dropped, a
    // repeated edge keeps its smallest weight
    let g = SparseDistances::new(
        3,
        [(1, 1, 0.0), (0, 2, f64::INFINITY), (0, 1, 2.0), (1, 0, 1.5)],
    )
    .unwrap();
    assert_eq!(g.n_edges(), 1);
    assert_eq!(g.get(1, 0), Some(1.5));
    let pts = [0.0, 1.0];
    let cloud = PointCloud::new(&pts, 1).unwrap();
    assert!(matches!(
        SparseDistances::from_points(&cloud, Metric::Euclidean, f64::NAN),
        Err(Error::InvalidParameter {
            name: "threshold",
            ..
        })
    ));
    let zeros = [0.0, 0.0];
    let cloud = PointCloud::new(&zeros, 1).unwrap();
    assert!(matches!(
        SparseDistances::from_points(&cloud, Metric::Cosine, 1.0),
        Err(Error::ZeroVector { .. })
    ));
    // simplices of 100 000 vertices up to degree 6 cannot be numbered in
    // 64 bits, however few the edges
    let big = SparseDistances::new(100_000, [(0, 1, 1.0)]).unwrap();
    assert!(matches!(
        persistence_from_sparse(&big, &RipsParams::new().max_dim(5)),
        Err(Error::IndexOverflow {
            points: 100_000,
            ..
        })
    ));
    // a gradient pulled back to another graph
    let g = SparseDistances::new(3, [(0, 1, 1.0), (1, 2, 2.0)]).unwrap();
    let pers = persistence_from_sparse(&g, &RipsParams::new().max_dim(0)).unwrap();
    let grad: Vec<[f64; 2]> = pers.pairs(0).iter().map(|_| [0.0, 1.0]).collect();
    let other = SparseDistances::new(3, [(0, 1, 1.0), (0, 2, 2.0)]).unwrap();
    assert!(matches!(
        pers.pullback_sparse(&other, &[(0, &grad)]),
        Err(Error::ShapeMismatch { .. })
    ));
}

#[test]
fn a_sparse_request_that_cannot_fit_gets_too_large() {
    let pts = uniform(3000, 3, 4);
    let cloud = PointCloud::new(&pts, 3).unwrap();
    let g = SparseDistances::from_points(&cloud, Metric::Euclidean, 0.2).unwrap();
    let tight = RipsParams::new().max_dim(2).max_memory(1 << 20);
    assert!(matches!(
        persistence_from_sparse(&g, &tight),
        Err(Error::TooLarge {
            points: 3000,
            dim: 2,
            ..
        })
    ));
    // degree 0 is never refused
    assert!(persistence_from_sparse(&g, &tight.max_dim(0)).is_ok());
    // the thresholded cloud stops while it gathers the edges
    let cloud_params = RipsParams::new()
        .max_dim(1)
        .threshold(0.5)
        .max_memory(1 << 16);
    assert!(matches!(
        persistence(&cloud, Metric::Euclidean, &cloud_params),
        Err(Error::TooLarge { points: 3000, .. })
    ));
}

#[test]
fn a_threshold_near_the_diameter_falls_back_to_the_matrix() {
    // every pair is within the threshold: neighbour lists would outgrow
    // the matrix, so the dense path runs (truncated at the enclosing
    // radius, which it reports as its threshold)
    let pts: Vec<f32> = uniform(toporeg::SPARSE_FROM_POINTS, 1, 3)
        .into_iter()
        .map(|v| v as f32)
        .collect();
    let cloud = PointCloud::new(&pts, 1).unwrap();
    let params = RipsParams::new().max_dim(1).threshold(10.0);
    let pers = persistence(&cloud, Metric::Euclidean, &params).unwrap();
    assert!(pers.threshold() < 1.0);
    assert!(pers.pairs(1).is_empty());
    assert_eq!(pers.pairs(0).len(), toporeg::SPARSE_FROM_POINTS);
}

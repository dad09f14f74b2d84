//! Bad input gives typed errors, never a panic.

use toporeg::{
    persistence, persistence_from_distances, DistanceMatrix, Error, Metric, PointCloud, RipsParams,
};

#[test]
fn bad_points() {
    assert!(matches!(
        PointCloud::new(&[0.0, f64::NAN, 1.0, 2.0], 2),
        Err(Error::NonFinite { index: 1, .. })
    ));
    assert!(matches!(
        PointCloud::new(&[0.0, 1.0, f32::INFINITY], 1),
        Err(Error::NonFinite { index: 2, .. })
    ));
    assert!(matches!(
        PointCloud::new(&[0.0, 1.0, 2.0], 2),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        PointCloud::<f64>::new(&[], 2),
        Err(Error::Empty { .. })
    ));
    let zero = [1.0, 0.0, 0.0, 0.0];
    let cloud = PointCloud::new(&zero, 2).unwrap();
    assert!(matches!(
        persistence(&cloud, Metric::Cosine, &RipsParams::new()),
        Err(Error::ZeroVector { index: 1 })
    ));
    assert!(matches!(
        toporeg::h0_persistence(&cloud, Metric::Cosine),
        Err(Error::ZeroVector { .. })
    ));
}

#[test]
fn bad_distances() {
    assert!(matches!(
        DistanceMatrix::from_full(2, &[0.0, 1.0, 2.0, 0.0]),
        Err(Error::AsymmetricDistance { i: 1, j: 0, .. })
    ));
    assert!(matches!(
        DistanceMatrix::from_full(2, &[0.0, -1.0, -1.0, 0.0]),
        Err(Error::NegativeDistance { .. })
    ));
    assert!(matches!(
        DistanceMatrix::from_lower(vec![1.0, -0.5, 2.0]),
        Err(Error::NegativeDistance { .. })
    ));
    assert!(matches!(
        DistanceMatrix::from_lower(vec![1.0, 2.0]),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        DistanceMatrix::from_lower(vec![f64::NAN]),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn bad_parameters() {
    for p in [
        RipsParams::new().modulus(1),
        RipsParams::new().modulus(9),
        RipsParams::new().modulus(65537),
        RipsParams::new().threshold(-1.0),
        RipsParams::new().threshold(f64::NAN),
        RipsParams::new().max_dim(31),
    ] {
        assert!(
            matches!(p.check(), Err(Error::InvalidParameter { .. })),
            "{p:?}"
        );
    }
    assert!(RipsParams::new().modulus(65521).check().is_ok());
    assert!(RipsParams::new().threshold(f64::INFINITY).check().is_ok());
}

#[test]
fn index_overflow_is_an_error() {
    // C(200_000, 6) > 2^64: simplices of degree 4 cannot be numbered
    let n = 200_000;
    let coords: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let cloud = PointCloud::new(&coords, 1).unwrap();
    let params = RipsParams::new().max_dim(4).threshold(0.5);
    assert!(matches!(
        persistence(&cloud, Metric::Euclidean, &params),
        Err(Error::IndexOverflow {
            points: 200_000,
            ..
        })
    ));
    // a matrix of three points is fine in every degree
    let dm = DistanceMatrix::from_lower(vec![1.0, 1.0, 1.0]).unwrap();
    let pers = persistence_from_distances(&dm, &RipsParams::new().max_dim(30)).unwrap();
    assert_eq!(pers.max_dim(), 30);
    assert!(pers.pairs(2).is_empty());
}

/// A request above the memory budget gets `Error::TooLarge` before the
/// reduction starts; the same request within the budget, or made small
/// enough by a threshold, gives the unbudgeted result.
#[test]
fn memory_budget() {
    let mut rng = toporeg::SplitMix64::new(5);
    let pts: Vec<f64> = (0..3 * 120).map(|_| rng.next_f64()).collect();
    let cloud = PointCloud::new(&pts, 3).unwrap();
    let free = persistence(&cloud, Metric::Euclidean, &RipsParams::new().max_dim(2)).unwrap();
    // the 120 × 120 matrix (115 KiB) fits, the 280 840 triangles do not
    let tight = RipsParams::new().max_dim(2).max_memory(1 << 20);
    let err = persistence(&cloud, Metric::Euclidean, &tight).unwrap_err();
    match &err {
        Error::TooLarge {
            points: 120,
            dim: 2,
            simplices,
            bytes,
            budget,
        } => {
            assert!(*simplices > 1e5 && *simplices <= 280_840.0, "{simplices}");
            assert!(*bytes > *budget as f64);
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("threshold") && text.contains("witness"),
        "{text}"
    );
    assert!(text.contains("1.0 MiB"), "{text}");
    // the same through a distance matrix
    let dm = DistanceMatrix::from_points(&cloud, Metric::Euclidean).unwrap();
    assert!(matches!(
        persistence_from_distances(&dm, &tight),
        Err(Error::TooLarge { points: 120, .. })
    ));
    // the matrix alone is over a smaller budget
    assert!(matches!(
        persistence(&cloud, Metric::Euclidean, &tight.max_memory(50_000)),
        Err(Error::TooLarge { .. })
    ));
    // a short threshold leaves few edges, and the request fits
    let short = tight.threshold(0.15);
    let pers = persistence(&cloud, Metric::Euclidean, &short).unwrap();
    let unbudgeted = RipsParams::new().max_dim(2).threshold(0.15);
    assert_eq!(
        pers,
        persistence(&cloud, Metric::Euclidean, &unbudgeted).unwrap()
    );
    // a roomy budget changes nothing; degree 0 is never refused
    let roomy = RipsParams::new().max_dim(2).max_memory(1 << 30);
    assert_eq!(
        persistence(&cloud, Metric::Euclidean, &roomy).unwrap(),
        free
    );
    let h0 = RipsParams::new().max_dim(0).max_memory(1);
    assert!(persistence(&cloud, Metric::Euclidean, &h0).is_ok());
    assert!(matches!(
        RipsParams::new().max_memory(0).check(),
        Err(Error::InvalidParameter {
            name: "max_memory",
            ..
        })
    ));
}

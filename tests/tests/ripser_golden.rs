//! The seven Ripser reference cases of `tests/data/ripser`, through
//! the library API (f64, and f32 like Ripser itself).

use toporeg::{persistence, persistence_from_distances, Metric, PointCloud, RipsParams, Scalar};
use toporeg_tests::{compare_diagrams, parse_ripser_output, read_fixture};
use toporeg_train::formats::{parse_input, Input, InputFormat};

fn expected(name: &str) -> Vec<Vec<[f64; 2]>> {
    let text = read_fixture(&format!("ripser/expected/{name}")).unwrap();
    parse_ripser_output(&text).unwrap()
}

fn load(name: &str, format: InputFormat) -> Input {
    let text = read_fixture(&format!("ripser/{name}")).unwrap();
    parse_input(&text, format).unwrap()
}

fn diagrams<T: Scalar>(input: &Input, params: &RipsParams) -> Vec<Vec<[f64; 2]>> {
    let pers = match input {
        Input::Points(t) => {
            let coords: Vec<T> = t.values.iter().map(|&v| T::of(v)).collect();
            let cloud = PointCloud::new(&coords, t.cols).unwrap();
            persistence(&cloud, Metric::Euclidean, params).unwrap()
        }
        Input::Distances(dm) => {
            let lower: Vec<T> = dm.values().iter().map(|&v| T::of(v)).collect();
            let dm = toporeg::DistanceMatrix::from_lower(lower).unwrap();
            persistence_from_distances(&dm, params).unwrap()
        }
        Input::Graph(g) => {
            let edges = g.edges().map(|(i, j, w)| (i, j, T::of(w)));
            let g = toporeg::SparseDistances::new(g.n_points(), edges).unwrap();
            toporeg::persistence_from_sparse(&g, params).unwrap()
        }
    };
    (0..=pers.max_dim())
        .map(|k| {
            pers.diagram(k)
                .points()
                .iter()
                .map(|p| [p[0].as_f64(), p[1].as_f64()])
                .collect()
        })
        .collect()
}

fn check<T: Scalar>(input: &str, format: InputFormat, answer: &str, params: RipsParams) {
    let input = load(input, format);
    let want = expected(answer);
    let got = diagrams::<T>(&input, &params);
    assert_eq!(got.len(), want.len(), "{answer}: number of degrees");
    for (k, (w, g)) in want.iter().zip(&got).enumerate() {
        if let Err(e) = compare_diagrams(w, g) {
            panic!("{answer} ({}) dim {k}: {e}", std::any::type_name::<T>());
        }
    }
}

#[test]
fn random16() {
    let p = RipsParams::new().max_dim(1);
    check::<f64>(
        "random16.lower_distance_matrix",
        InputFormat::LowerDistance,
        "random16.dim1.txt",
        p,
    );
    check::<f32>(
        "random16.lower_distance_matrix",
        InputFormat::LowerDistance,
        "random16.dim1.txt",
        p,
    );
}

#[test]
fn projective_plane_over_z2() {
    let p = RipsParams::new().max_dim(2);
    check::<f64>(
        "projective_plane.lower_distance_matrix",
        InputFormat::LowerDistance,
        "projective_plane.dim2.txt",
        p,
    );
    check::<f32>(
        "projective_plane.lower_distance_matrix",
        InputFormat::LowerDistance,
        "projective_plane.dim2.txt",
        p,
    );
}

#[test]
fn projective_plane_over_z3_has_no_h1_or_h2() {
    let input = load(
        "projective_plane.lower_distance_matrix",
        InputFormat::LowerDistance,
    );
    let got = diagrams::<f64>(&input, &RipsParams::new().max_dim(2).modulus(3));
    let z2 = expected("projective_plane.dim2.txt");
    assert!(compare_diagrams(&z2[0], &got[0]).is_ok());
    assert!(got[1].is_empty() && got[2].is_empty(), "{got:?}");
}

#[test]
fn projective_plane_csv_as_point_cloud() {
    let p = RipsParams::new().max_dim(1);
    check::<f64>(
        "projective_plane.csv",
        InputFormat::PointCloud,
        "projective_plane_csv.dim1.txt",
        p,
    );
    check::<f32>(
        "projective_plane.csv",
        InputFormat::PointCloud,
        "projective_plane_csv.dim1.txt",
        p,
    );
}

#[test]
fn sphere_3_192() {
    let p = RipsParams::new().max_dim(1);
    check::<f64>(
        "sphere_3_192.lower_distance_matrix",
        InputFormat::LowerDistance,
        "sphere_3_192.dim1.txt",
        p,
    );
    check::<f32>(
        "sphere_3_192.lower_distance_matrix",
        InputFormat::LowerDistance,
        "sphere_3_192.dim1.txt",
        p,
    );
}

#[test]
fn o3_1024() {
    let p = RipsParams::new().max_dim(1);
    check::<f64>(
        "o3_1024.txt",
        InputFormat::PointCloud,
        "o3_1024.dim1.txt",
        p,
    );
    check::<f32>(
        "o3_1024.txt",
        InputFormat::PointCloud,
        "o3_1024.dim1.txt",
        p,
    );
}

#[test]
fn o3_1024_threshold_1() {
    let p = RipsParams::new().max_dim(1).threshold(1.0);
    check::<f64>(
        "o3_1024.txt",
        InputFormat::PointCloud,
        "o3_1024.dim1.threshold1.0.txt",
        p,
    );
    check::<f32>(
        "o3_1024.txt",
        InputFormat::PointCloud,
        "o3_1024.dim1.threshold1.0.txt",
        p,
    );
}

#[test]
fn o3_8192_h0() {
    let p = RipsParams::new().max_dim(0);
    check::<f64>(
        "o3_8192.txt",
        InputFormat::PointCloud,
        "o3_8192.dim0.txt",
        p,
    );
    check::<f32>(
        "o3_8192.txt",
        InputFormat::PointCloud,
        "o3_8192.dim0.txt",
        p,
    );
}

//! The seven Ripser reference cases through `toporeg rips` (in process,
//! output parsed back with the Ripser-output parser).

use toporeg_tests::{compare_diagrams, fixture, parse_ripser_output, read_fixture};
use toporeg_train::cli::run_to_string;

fn rips(args: &[&str]) -> String {
    run_to_string(std::iter::once("rips").chain(args.iter().copied())).unwrap()
}

fn case(input: &str, answer: &str, options: &[&str]) {
    let path = fixture(&format!("ripser/{input}")).unwrap();
    let mut args = vec![path.to_str().unwrap()];
    args.extend_from_slice(options);
    let got = parse_ripser_output(&rips(&args)).unwrap();
    let want =
        parse_ripser_output(&read_fixture(&format!("ripser/expected/{answer}")).unwrap()).unwrap();
    assert_eq!(got.len(), want.len(), "{answer}");
    for (k, (w, g)) in want.iter().zip(&got).enumerate() {
        if let Err(e) = compare_diagrams(w, g) {
            panic!("{answer} dim {k}: {e}");
        }
    }
}

#[test]
fn random16() {
    case(
        "random16.lower_distance_matrix",
        "random16.dim1.txt",
        &["--dim", "1"],
    );
}

#[test]
fn projective_plane() {
    case(
        "projective_plane.lower_distance_matrix",
        "projective_plane.dim2.txt",
        &["--format", "lower-distance", "--dim", "2"],
    );
}

#[test]
fn projective_plane_csv() {
    case(
        "projective_plane.csv",
        "projective_plane_csv.dim1.txt",
        &["--format", "point-cloud"],
    );
}

#[test]
fn sphere_3_192() {
    case(
        "sphere_3_192.lower_distance_matrix",
        "sphere_3_192.dim1.txt",
        &[],
    );
}

#[test]
fn o3_1024() {
    case(
        "o3_1024.txt",
        "o3_1024.dim1.txt",
        &["--format", "point-cloud", "--dim", "1"],
    );
}

#[test]
fn o3_1024_threshold() {
    case(
        "o3_1024.txt",
        "o3_1024.dim1.threshold1.0.txt",
        &["--format", "point-cloud", "--threshold", "1.0"],
    );
}

#[test]
fn o3_8192_h0() {
    case(
        "o3_8192.txt",
        "o3_8192.dim0.txt",
        &["--format", "point-cloud", "--dim", "0"],
    );
}

#[test]
fn json_has_generators() {
    let path = fixture("ripser/random16.lower_distance_matrix").unwrap();
    let text = rips(&[path.to_str().unwrap(), "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["n_points"], 16);
    let h1 = &doc["diagrams"][1]["pairs"];
    assert!(h1.as_array().is_some_and(|a| !a.is_empty()));
    assert!(h1[0]["birth_edge"].is_array() && h1[0]["death_edge"].is_array());
    // the essential H0 class dies at "inf", as in the JSON form of diagrams
    let h0 = doc["diagrams"][0]["pairs"].as_array().unwrap();
    assert!(h0.iter().any(|p| p["death"] == "inf"));
}

#[test]
fn other_formats_and_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    // a square as full matrix, upper triangle and sparse edges
    let full = write("full.txt", "0 1 2 1\n1 0 1 2\n2 1 0 1\n1 2 1 0\n");
    let upper = write("upper.txt", "1 2 1\n1 2\n1\n");
    let sparse = write("sparse.txt", "0 1 1\n1 2 1\n2 3 1\n3 0 1\n0 2 2\n1 3 2\n");
    for (file, format) in [
        (&full, "distance"),
        (&upper, "upper-distance"),
        (&sparse, "sparse"),
    ] {
        let out = parse_ripser_output(&rips(&[file, "--format", format])).unwrap();
        assert_eq!(out[1], vec![[1.0, 2.0]], "{format}");
    }
    let cloud = write("cloud.csv", "1,0\n0,1\n-1,0\n0,-1\n");
    // in L1 the diamond's sides are as long as its diagonals: no loop
    for (metric, loops) in [
        ("euclidean", 1),
        ("manhattan", 0),
        ("cosine", 1),
        ("chebyshev", 1),
    ] {
        let out = parse_ripser_output(&rips(&[
            &cloud,
            "--format",
            "point-cloud",
            "--metric",
            metric,
        ]))
        .unwrap();
        assert_eq!(out[0].len(), 4, "{metric}");
        assert_eq!(out[1].len(), loops, "{metric}");
    }
    let out = parse_ripser_output(&rips(&[
        &full,
        "--format",
        "distance",
        "--modulus",
        "3",
        "--threshold",
        "1.5",
    ]))
    .unwrap();
    assert_eq!(out[1], vec![[1.0, f64::INFINITY]]);
}

#[test]
fn errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "1\n2 oops\n").unwrap();
    let bad = bad.to_str().unwrap();
    let err = format!("{:#}", run_to_string(["rips", bad]).unwrap_err());
    assert!(err.contains("line 2") && err.contains("oops"), "{err}");
    assert!(run_to_string(["rips", bad, "--modulus", "4"]).is_err());
}

#[test]
fn prints_the_value_range_and_threshold_like_ripser() {
    let dir = tempfile::tempdir().unwrap();
    let square = dir.path().join("square.lower_distance_matrix");
    // a 4-cycle with unit sides and diagonals of length 2
    std::fs::write(&square, "1\n2 1\n1 2 1\n").unwrap();
    let text = rips(&[square.to_str().unwrap()]);
    assert!(text.contains("value range: [1,2]"), "{text}");
    assert!(
        text.contains("distance matrix with 4 points, using threshold at enclosing radius 2"),
        "{text}"
    );
}

#[test]
fn memory_budget_refuses_what_cannot_fit() {
    let path = fixture("ripser/o3_1024.txt").unwrap();
    let path = path.to_str().unwrap();
    // degree 2 of 1 024 points: some 1.8e8 triangles, far above 64 MiB
    let err = run_to_string([
        "rips",
        path,
        "--format",
        "point-cloud",
        "--dim",
        "2",
        "--max-memory",
        "64M",
    ])
    .unwrap_err();
    let text = format!("{err:#}");
    assert!(
        text.contains("above the memory budget of 64.0 MiB"),
        "{text}"
    );
    assert!(
        text.contains("threshold") && text.contains("witness"),
        "{text}"
    );
    // a size that does not parse is refused by the argument parser
    assert!(run_to_string(["rips", path, "--max-memory", "8X"]).is_err());
    // a roomy budget gives the reference answer
    case(
        "o3_1024.txt",
        "o3_1024.dim1.threshold1.0.txt",
        &[
            "--format",
            "point-cloud",
            "--threshold",
            "1.0",
            "--max-memory",
            "2G",
        ],
    );
}

#[test]
fn sparse_format_goes_through_the_sparse_filtration() {
    // o3_1024's pairs within 1.0 as an `i j d` file: Ripser's answer with
    // --threshold 1.0, and the header of a sparse input
    use toporeg::{Metric, PointCloud, SparseDistances};
    use toporeg_train::formats::{parse_input, Input, InputFormat};
    let text = read_fixture("ripser/o3_1024.txt").unwrap();
    let Input::Points(t) = parse_input(&text, InputFormat::PointCloud).unwrap() else {
        panic!("a point cloud");
    };
    let cloud = PointCloud::new(&t.values, t.cols).unwrap();
    let g = SparseDistances::from_points(&cloud, Metric::Euclidean, 1.0).unwrap();
    let mut edges = String::new();
    for (i, j, d) in g.edges() {
        edges.push_str(&format!("{i} {j} {d}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o3_1024.sparse");
    std::fs::write(&path, edges).unwrap();
    let out = rips(&[path.to_str().unwrap(), "--format", "sparse", "--dim", "1"]);
    let header = format!(
        "sparse distance matrix with 1024 points and {} edges",
        g.n_edges()
    );
    assert!(out.starts_with(&header), "{out}");
    assert!(!out.contains("enclosing radius"), "{out}");
    let got = parse_ripser_output(&out).unwrap();
    let want = parse_ripser_output(
        &read_fixture("ripser/expected/o3_1024.dim1.threshold1.0.txt").unwrap(),
    )
    .unwrap();
    for (k, (w, g)) in want.iter().zip(&got).enumerate() {
        if let Err(e) = compare_diagrams(w, g) {
            panic!("dim {k}: {e}");
        }
    }
}

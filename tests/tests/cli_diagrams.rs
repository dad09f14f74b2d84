//! The diagram subcommands of the command line, and the JSON form of diagrams.

use std::path::PathBuf;

use toporeg::{Diagram, Pssk};
use toporeg_tests::first_number;
use toporeg_train::cli::run_to_string;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p: PathBuf = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

#[test]
fn bottleneck_prints_distance_matching_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.txt", "0 10\n0 1\n2 inf\n");
    let b = write(&dir, "b.txt", "0 9\n2.5 inf\n");
    let out = run_to_string(["bottleneck", &a, &b, "--matching"]).unwrap();
    assert_eq!(first_number(&out), 1.0);
    assert!(out.contains("longest edge: 0 0"), "{out}");
    assert!(out.contains("1 - 0.5"), "{out}");
    let json = run_to_string(["bottleneck", &a, &b, "--json"]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["distance"], 1.0);
    assert_eq!(v["longest_edge"], serde_json::json!([0, 0]));
    let c = write(&dir, "c.txt", "0 1\n");
    let out = run_to_string(["bottleneck", &a, &c]).unwrap();
    assert_eq!(out.lines().next(), Some("inf"));
}

#[test]
fn bad_files_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "good.txt", "0 1\n");
    let b = write(&dir, "bad.txt", "0 1\n\n2 x\n");
    let err = format!("{:#}", run_to_string(["bottleneck", &a, &b]).unwrap_err());
    assert!(err.contains("bad.txt") && err.contains("line 3"), "{err}");
    let err = run_to_string(["bottleneck", &a, &a, "--delta=-1"]).unwrap_err();
    assert!(err.to_string().contains("delta"), "{err}");
}

#[test]
fn wasserstein_kernel_and_entropy() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.txt", "0 2\n0 10\n");
    let b = write(&dir, "b.txt", "0 9\n");
    let w1 = first_number(&run_to_string(["wasserstein", &a, &b]).unwrap());
    assert_eq!(w1, 2.0);
    let w2 = first_number(
        &run_to_string(["wasserstein", &a, &b, "--q", "2", "--ground", "inf"]).unwrap(),
    );
    assert!((w2 - 2f64.sqrt()).abs() < 1e-15);
    let l2 = first_number(
        &run_to_string(["wasserstein", &a, &b, "--ground", "2", "--matching"]).unwrap(),
    );
    assert!((l2 - (1.0 + 2f64.sqrt())).abs() < 1e-12, "{l2}");

    let f = write(&dir, "f.txt", "0 1\n");
    let g = write(&dir, "g.txt", "2 3\n");
    let out = run_to_string(["kernel", &f, &g, "--sigma", "0.25"]).unwrap();
    let mut lines = out.lines();
    let k: f64 = lines
        .next()
        .unwrap()
        .strip_prefix("k_sigma ")
        .unwrap()
        .parse()
        .unwrap();
    let d: f64 = lines
        .next()
        .unwrap()
        .strip_prefix("d_sigma ")
        .unwrap()
        .parse()
        .unwrap();
    assert!((d * d - 0.197525).abs() < 1e-6, "{d}");
    let pssk = Pssk::new(0.25).unwrap();
    let (fd, gd) = (
        Diagram::new(vec![[0.0, 1.0]]).unwrap(),
        Diagram::new(vec![[2.0, 3.0]]).unwrap(),
    );
    assert_eq!(k, pssk.kernel(&fd, &gd));

    let e = write(&dir, "e.txt", "0 1\n5 6\n0 0.1\n1 inf\n");
    let nats = first_number(&run_to_string(["entropy", &e, "--delta", "0.5"]).unwrap());
    assert!((nats - 2f64.ln()).abs() < 1e-15);
    let bits =
        first_number(&run_to_string(["entropy", &e, "--delta", "0.5", "--base", "2"]).unwrap());
    assert!((bits - 1.0).abs() < 1e-15);
    assert!(run_to_string(["entropy", &e, "--base", "x"]).is_err());
}

#[test]
fn diagrams_round_trip_through_json() {
    let d = Diagram::new(vec![
        [0.0, 1.5],
        [f64::NEG_INFINITY, 2.0],
        [0.25, f64::INFINITY],
    ])
    .unwrap();
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(json, r#"[[0.0,1.5],["-inf",2.0],[0.25,"inf"]]"#);
    let back: Diagram<f64> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    let f32s: Diagram<f32> = serde_json::from_str("[[0, 1], [2, \"inf\"]]").unwrap();
    assert_eq!(f32s.points(), &[[0.0, 1.0], [2.0, f32::INFINITY]]);
    assert!(serde_json::from_str::<Diagram<f64>>(r#"[["x", 1]]"#).is_err());
    assert!(serde_json::from_str::<Diagram<f64>>(r#"[[1]]"#).is_err());
}

#[test]
fn results_serialize_infinities_like_diagrams() {
    let a = Diagram::new(vec![[0.0, 1.0], [2.0, f64::INFINITY]]).unwrap();
    let b = Diagram::new(vec![[0.0, 1.0]]).unwrap();
    let r = toporeg::bottleneck(&a, &b);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["distance"], "inf");
    assert!(v["pairs"].is_array() && v["first_to_diagonal"].is_array());
    let back: toporeg::BottleneckResult<f64> = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
    let w = toporeg::wasserstein(&a, &a, toporeg::WassersteinParams::new().q(2.0)).unwrap();
    let v = serde_json::to_value(&w).unwrap();
    assert_eq!(v["distance"], 0.0);
    assert_eq!(v["q"], 2.0);
    assert_eq!(v["ground"], "inf");
    assert_eq!(v["pairs"], serde_json::json!([[0, 0], [1, 1]]));
    let back: toporeg::WassersteinResult<f64> = serde_json::from_value(v).unwrap();
    assert_eq!(back, w);
}

//! The JavaScript API in a real browser: `cargo xtask test` runs these with
//! wasm-bindgen-test in headless Chromium (see `wasm/README.md`). Each test
//! calls the exported functions with JavaScript values, as a page would.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float32Array, Float64Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use toporeg_wasm::{
    bottleneck, entropy, loss_step, persistence, persistence_from_distances, pssk, relative,
    robust_relative, version, wasserstein,
};

wasm_bindgen_test_configure!(run_in_browser);

const SQUARE: [f64; 8] = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("an object")
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number"))
}

fn at(v: &JsValue, i: u32) -> JsValue {
    v.unchecked_ref::<Array>().get(i)
}

fn len(v: &JsValue) -> u32 {
    v.unchecked_ref::<Array>().length()
}

/// A JavaScript value from JSON text (objects for options and diagrams).
fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("valid JSON")
}

fn f64s(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

fn to_vec(v: &JsValue) -> Vec<f64> {
    v.dyn_ref::<Float64Array>()
        .expect("a Float64Array")
        .to_vec()
}

/// The message of the thrown `Error` (failing if the call succeeded or
/// threw something that is not an `Error`).
fn message<T: std::fmt::Debug>(r: Result<T, wasm_bindgen::JsError>) -> String {
    let e: JsValue = r.expect_err("the call should fail").into();
    let e = e.dyn_into::<js_sys::Error>().expect("a JavaScript Error");
    String::from(e.message())
}

#[wasm_bindgen_test]
fn persistence_of_a_square_has_one_loop_with_its_edges() {
    let r = persistence(&f64s(&SQUARE), 2.0, &JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&r, "nPoints"), 4.0);
    assert_eq!(num(&r, "maxDim"), 1.0);
    let diagrams = get(&r, "diagrams");
    let h0 = at(&diagrams, 0);
    assert_eq!(len(&h0), 4);
    // the essential class of H0: death Infinity, no death edge
    let last = at(&h0, 3);
    assert_eq!(num(&last, "death"), f64::INFINITY);
    assert!(get(&last, "deathEdge").is_null());
    assert!(get(&last, "birthEdge").is_null());
    let h1 = at(&diagrams, 1);
    assert_eq!(len(&h1), 1);
    let loop_ = at(&h1, 0);
    assert_eq!(num(&loop_, "birth"), 1.0);
    assert_eq!(num(&loop_, "death"), 2f64.sqrt());
    let death_edge = get(&loop_, "deathEdge");
    let e = [at(&death_edge, 0).as_f64(), at(&death_edge, 1).as_f64()];
    assert!(
        e == [Some(0.0), Some(2.0)] || e == [Some(1.0), Some(3.0)],
        "death edge {e:?} is a diagonal"
    );
    assert_eq!(len(&get(&loop_, "birthEdge")), 2);
}

#[wasm_bindgen_test]
fn float32_input_computes_in_single_precision() {
    let pts: Vec<f32> = SQUARE.iter().map(|&x| x as f32).collect();
    let r = persistence(
        &Float32Array::from(&pts[..]).into(),
        2.0,
        &JsValue::UNDEFINED,
    )
    .unwrap();
    let loop_ = at(&at(&get(&r, "diagrams"), 1), 0);
    assert_eq!(num(&loop_, "death"), f64::from(2f32.sqrt()));
    // plain arrays of numbers are read as f64
    let arr: JsValue = SQUARE
        .iter()
        .map(|&x| JsValue::from(x))
        .collect::<Array>()
        .into();
    let r = persistence(&arr, 2.0, &js(r#"{"maxDim": 0, "metric": "chebyshev"}"#)).unwrap();
    assert_eq!(len(&get(&r, "diagrams")), 1);
}

#[wasm_bindgen_test]
fn bad_input_throws_errors_with_the_core_message() {
    let nan = f64s(&[0.0, 1.0, f64::NAN, 2.0]);
    assert!(message(persistence(&nan, 2.0, &JsValue::UNDEFINED)).contains("non-finite value"));
    let m = message(persistence(
        &f64s(&[0.0, 1.0, 2.0]),
        2.0,
        &JsValue::UNDEFINED,
    ));
    assert!(m.contains("shape mismatch"), "{m}");
    assert!(message(persistence(&f64s(&SQUARE), 0.0, &JsValue::UNDEFINED)).contains("dim"));
    assert!(message(persistence(&f64s(&SQUARE), 2.5, &JsValue::UNDEFINED)).contains("dim"));
    assert!(message(persistence(&f64s(&[]), 2.0, &JsValue::UNDEFINED)).contains("empty"));
    assert!(message(persistence(&"abc".into(), 2.0, &JsValue::UNDEFINED)).contains("Float64Array"));
    let m = message(persistence(&f64s(&SQUARE), 2.0, &js(r#"{"maxDimm": 1}"#)));
    assert!(m.contains("maxDimm"), "{m}");
    let m = message(persistence(&f64s(&SQUARE), 2.0, &js(r#"{"maxDim": 99}"#)));
    assert!(m.contains("max_dim"), "{m}");
    let m = message(persistence(&f64s(&SQUARE), 2.0, &js(r#"{"modulus": 4}"#)));
    assert!(m.contains("prime"), "{m}");
    let m = message(persistence(
        &f64s(&SQUARE),
        2.0,
        &js(r#"{"metric": "hamming"}"#),
    ));
    assert!(m.contains("hamming"), "{m}");
    let m = message(persistence(
        &f64s(&[0.0, 0.0, 0.0, 1.0]),
        2.0,
        &js(r#"{"metric": "cosine"}"#),
    ));
    assert!(m.contains("zero vector"), "{m}");
    // too large for a dense matrix: refused before allocating it
    let big = Float64Array::new_with_length(20_000);
    let m = message(persistence(&big.into(), 1.0, &JsValue::UNDEFINED));
    assert!(m.contains("distance matrix"), "{m}");
    // the module is still usable afterwards
    assert!(persistence(&f64s(&SQUARE), 2.0, &JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn huge_clouds_in_degree_zero_need_no_matrix() {
    let n = 20_000;
    let pts: Vec<f64> = (0..n).map(|i| f64::from(i) * 0.5).collect();
    let r = persistence(&f64s(&pts), 1.0, &js(r#"{"maxDim": 0}"#)).unwrap();
    let h0 = at(&get(&r, "diagrams"), 0);
    assert_eq!(len(&h0), n);
    assert_eq!(num(&at(&h0, 0), "death"), 0.5);
}

#[wasm_bindgen_test]
fn distance_matrices_full_and_lower() {
    // a 4-cycle with unit sides and diagonals of length 2
    let lower = [1.0, 2.0, 1.0, 1.0, 2.0, 1.0];
    let r = persistence_from_distances(&f64s(&lower), &js(r#"{"layout": "lower"}"#)).unwrap();
    let h1 = at(&get(&r, "diagrams"), 1);
    assert_eq!(
        (num(&at(&h1, 0), "birth"), num(&at(&h1, 0), "death")),
        (1.0, 2.0)
    );
    let full = [
        0.0, 1.0, 2.0, 1.0, //
        1.0, 0.0, 1.0, 2.0, //
        2.0, 1.0, 0.0, 1.0, //
        1.0, 2.0, 1.0, 0.0,
    ];
    let r2 = persistence_from_distances(&f64s(&full), &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        JSON::stringify(&r).unwrap(),
        JSON::stringify(&r2).unwrap(),
        "both layouts give the same result"
    );
    let mut asym = full;
    asym[1] = 1.5;
    let m = message(persistence_from_distances(
        &f64s(&asym),
        &JsValue::UNDEFINED,
    ));
    assert!(m.contains("not symmetric"), "{m}");
    let m = message(persistence_from_distances(
        &f64s(&full[..5]),
        &JsValue::UNDEFINED,
    ));
    assert!(m.contains("n × n"), "{m}");
}

#[wasm_bindgen_test]
fn bottleneck_returns_the_matching_and_the_realising_edge() {
    let a = js("[[0, 1], [0, 10]]");
    let b = js("[[0, 9]]");
    let r = bottleneck(&a, &b, &JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&r, "distance"), 1.0);
    let e = get(&r, "longestEdge");
    assert_eq!(get(&e, "kind").as_string().unwrap(), "pair");
    assert_eq!(
        (num(&e, "first"), num(&e, "second"), num(&e, "cost")),
        (1.0, 0.0, 1.0)
    );
    let m = get(&r, "matching");
    assert_eq!(JSON::stringify(&get(&m, "pairs")).unwrap(), "[[1,0]]");
    assert_eq!(JSON::stringify(&get(&m, "firstToDiagonal")).unwrap(), "[0]");
    assert_eq!(len(&get(&m, "secondToDiagonal")), 0);
    // essential classes (Infinity) and {birth, death} objects are accepted
    let a = Array::of2(
        &js("[0, 1]"),
        &Array::of2(&2.0.into(), &f64::INFINITY.into()),
    );
    let b = js(r#"[{"birth": 2.5, "death": 1e999}]"#);
    let r = bottleneck(&a.into(), &b, &JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&r, "distance"), 0.5);
    // approximate mode and its parameter check
    let r = bottleneck(
        &js("[[0, 4]]"),
        &js("[[1, 4.5]]"),
        &js(r#"{"delta": 0.01}"#),
    )
    .unwrap();
    assert!((1.0..=1.01).contains(&num(&r, "distance")));
    let m = message(bottleneck(
        &js("[[0, 4]]"),
        &js("[]"),
        &js(r#"{"delta": -1}"#),
    ));
    assert!(m.contains("delta"), "{m}");
    let m = message(bottleneck(&js("[[3, 1]]"), &js("[]"), &JsValue::UNDEFINED));
    assert!(m.contains("first diagram"), "{m}");
    let m = message(bottleneck(
        &f64s(&[0.0, 1.0, 2.0]),
        &js("[]"),
        &JsValue::UNDEFINED,
    ));
    assert!(m.contains("even number"), "{m}");
}

#[wasm_bindgen_test]
fn wasserstein_pssk_and_entropy() {
    let a = js("[[0, 2], [0, 10]]");
    let b = js("[[0, 9]]");
    let r = wasserstein(&a, &b, &JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&r, "distance"), 2.0);
    let r = wasserstein(&a, &b, &js(r#"{"q": 2, "ground": "l2"}"#)).unwrap();
    assert!(num(&r, "distance") > 0.0);
    assert!(message(wasserstein(&a, &b, &js(r#"{"q": 0.5}"#))).contains("at least 1"));

    let k = pssk(&a, &a, 0.5).unwrap();
    assert!(num(&k, "kernel") > 0.0);
    assert_eq!(num(&k, "distance"), 0.0);
    assert!(num(&pssk(&a, &b, 0.5).unwrap(), "distance") > 0.0);
    assert!(message(pssk(&a, &b, 0.0)).contains("sigma"));

    let two = js("[[0, 1], [2, 3]]");
    let e = entropy(&two, &JsValue::UNDEFINED).unwrap();
    assert!((e - 2f64.ln()).abs() < 1e-12);
    assert!((entropy(&two, &js(r#"{"base": 2}"#)).unwrap() - 1.0).abs() < 1e-12);
    assert!(message(entropy(&two, &js(r#"{"base": 1}"#))).contains("base"));
}

/// Rotation by `t` of 2-d points.
fn rotate(p: &[f64], t: f64) -> Vec<f64> {
    let (s, c) = t.sin_cos();
    p.chunks(2)
        .flat_map(|q| [c * q[0] - s * q[1], s * q[0] + c * q[1]])
        .collect()
}

#[wasm_bindgen_test]
fn relative_coordinates_ignore_rotations_and_robust_ones_axis_scaling() {
    let z = [1.0, 0.2, -0.5, 1.5, 0.3, -1.0, 2.0, 0.7];
    let a = [1.0, 0.0, 0.0, 1.0, -1.0, -1.0];
    let base = to_vec(&relative(&f64s(&z), &f64s(&a), 2.0, &JsValue::UNDEFINED).unwrap());
    assert_eq!(base.len(), 4 * 3);
    let (zr, ar) = (rotate(&z, 0.7), rotate(&a, 0.7));
    let rotated = to_vec(&relative(&f64s(&zr), &f64s(&ar), 2.0, &JsValue::UNDEFINED).unwrap());
    for (x, y) in base.iter().zip(&rotated) {
        assert!((x - y).abs() < 1e-12);
    }
    // per-axis scaling changes the plain transform, not the robust one
    let stretch = |p: &[f64]| -> Vec<f64> {
        p.chunks(2)
            .flat_map(|q| [3.0 * q[0], 0.5 * q[1] + 2.0])
            .collect()
    };
    let plain = to_vec(
        &relative(
            &f64s(&stretch(&z)),
            &f64s(&stretch(&a)),
            2.0,
            &JsValue::UNDEFINED,
        )
        .unwrap(),
    );
    assert!(base.iter().zip(&plain).any(|(x, y)| (x - y).abs() > 1e-3));
    let robust = to_vec(&robust_relative(&f64s(&z), &f64s(&a), 2.0).unwrap());
    let robust2 = to_vec(&robust_relative(&f64s(&stretch(&z)), &f64s(&stretch(&a)), 2.0).unwrap());
    for (x, y) in robust.iter().zip(&robust2) {
        assert!((x - y).abs() < 1e-4, "{x} vs {y}");
    }
    let opts = js(r#"{"similarity": "negativeEuclidean", "robust": true}"#);
    assert_eq!(
        to_vec(&relative(&f64s(&z), &f64s(&a), 2.0, &opts).unwrap()).len(),
        12
    );
    let m = message(relative(
        &f64s(&z),
        &f64s(&a[..3]),
        2.0,
        &JsValue::UNDEFINED,
    ));
    assert!(m.contains("anchors"), "{m}");
    let f32s: JsValue = Float32Array::from(&[1.0f32, 0.0][..]).into();
    assert!(message(relative(&f32s, &f64s(&a), 2.0, &JsValue::UNDEFINED)).contains("precision"));
    // a 2e5 × 2e5 table would not fit: refused before it is allocated
    let many: JsValue = Float64Array::new_with_length(200_000).into();
    let m = message(relative(&many, &many, 1.0, &JsValue::UNDEFINED));
    assert!(m.contains("table"), "{m}");
}

#[wasm_bindgen_test]
fn a_loss_step_moves_the_points_down_the_gradient() {
    let pts = [0.0, 0.5, 3.0];
    let r = loss_step(
        &f64s(&pts),
        1.0,
        &js(r#"{"kind": "connectivity", "eta": 1}"#),
        0.1,
    )
    .unwrap();
    assert_eq!(num(&r, "loss"), 2.0); // deaths 0.5 and 2.5
    assert_eq!(to_vec(&get(&r, "gradient")), vec![1.0, -2.0, 1.0]);
    assert_eq!(to_vec(&get(&r, "points")), vec![-0.1, 0.7, 2.9]);

    // push lengthens the H1 bar of a pentagon: one small step lowers the loss
    let pentagon: Vec<f64> = (0..5)
        .flat_map(|i| {
            let t = f64::from(i) * 1.2566 + 0.1 * f64::from(i * i);
            [t.cos(), t.sin()]
        })
        .collect();
    let push = js(r#"{"kind": "push", "degree": 1}"#);
    let r = loss_step(&f64s(&pentagon), 2.0, &push, 0.01).unwrap();
    let before = num(&r, "loss");
    let after = num(
        &loss_step(&get(&r, "points"), 2.0, &push, 0.0).unwrap(),
        "loss",
    );
    assert!(after < before, "{after} < {before}");

    let dens = js(r#"{"kind": "densification", "beta": 0.7, "labels": [0, 0, 1, 1]}"#);
    let r = loss_step(&f64s(&[0.0, 1.0, 10.0, 10.5]), 1.0, &dens, 0.0).unwrap();
    assert!((num(&r, "loss") - 0.5).abs() < 1e-12);
    let m = message(loss_step(
        &f64s(&pts),
        1.0,
        &js(r#"{"kind": "densification", "beta": 0.7, "labels": [0]}"#),
        0.1,
    ));
    assert!(m.contains("labels"), "{m}");

    // every loss with a target diagram
    let target = r#"[[0, 1], [0, 2], [0, 1e999]]"#;
    for spec in [
        format!(r#"{{"kind": "reininghaus", "degree": 0, "sigma": 0.5, "target": {target}}}"#),
        format!(
            r#"{{"kind": "sgde4", "target": {target}, "grid": [0, 0.5, 1, 1.5], "sigma": 0.5}}"#
        ),
        format!(r#"{{"kind": "bottleneck", "degree": 0, "target": {target}}}"#),
        format!(r#"{{"kind": "entropy", "degree": 0, "target": {target}, "delta": 0.1}}"#),
    ] {
        let r = loss_step(&f64s(&pts), 1.0, &js(&spec), 0.1).unwrap_or_else(|_| panic!("{spec}"));
        assert_eq!(to_vec(&get(&r, "gradient")).len(), 3, "{spec}");
    }
    // single precision in, single precision out
    let f32s: JsValue = Float32Array::from(&[0.0f32, 0.5, 3.0][..]).into();
    let r = loss_step(
        &f32s,
        1.0,
        &js(r#"{"kind": "connectivity", "eta": 1}"#),
        0.1,
    )
    .unwrap();
    assert!(get(&r, "points").is_instance_of::<Float32Array>());

    let m = message(loss_step(&f64s(&pts), 1.0, &js(r#"{"kind": "nope"}"#), 0.1));
    assert!(m.contains("nope"), "{m}");
    let m = message(loss_step(
        &f64s(&pts),
        1.0,
        &js(r#"{"kind": "push", "degree": 1, "sigma": 2}"#),
        0.1,
    ));
    assert!(m.contains("sigma"), "{m}");
    let m = message(loss_step(
        &f64s(&pts),
        1.0,
        &js(r#"{"kind": "connectivity", "eta": -1}"#),
        0.1,
    ));
    assert!(m.contains("eta"), "{m}");
    let m = message(loss_step(
        &f64s(&pts),
        1.0,
        &js(r#"{"kind": "connectivity", "eta": 1}"#),
        f64::NAN,
    ));
    assert!(m.contains("learningRate"), "{m}");
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

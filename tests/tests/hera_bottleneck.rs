//! Hera's bottleneck test suite through the API: the exact algorithm must
//! reproduce every answer, the approximate one must stay within its δ.

use toporeg::{bottleneck, bottleneck_approx, Diagram};
use toporeg_tests::{
    first_number, hera_approx_ok, hera_bottleneck_cases, hera_exact_ok, read_hera_diagram, HeraCase,
};
use toporeg_train::cli::run_to_string;

fn load(case: &HeraCase) -> (Diagram<f64>, Diagram<f64>) {
    (
        read_hera_diagram(&case.a).unwrap(),
        read_hera_diagram(&case.b).unwrap(),
    )
}

#[test]
fn all_cases_exact_and_approximate() {
    let cases = hera_bottleneck_cases().unwrap();
    assert_eq!(cases.len(), 793);
    let mut failures = Vec::new();
    for case in &cases {
        let (a, b) = load(case);
        let exact = bottleneck(&a, &b);
        if !hera_exact_ok(exact.distance, case.answer) {
            failures.push(format!(
                "line {} exact: {} vs {}",
                case.line, exact.distance, case.answer
            ));
        }
        assert!(exact.matching.is_complete(a.len(), b.len()));
        let delta = if case.delta > 0.0 { case.delta } else { 0.01 };
        let approx = bottleneck_approx(&a, &b, delta).unwrap();
        if !hera_approx_ok(approx.distance, case.answer, delta) {
            failures.push(format!(
                "line {} approx: {} vs {}",
                case.line, approx.distance, case.answer
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// GUDHI 3.13's exact mode (e = 0) gets these wrong.
#[test]
fn regression_cases_139_643_674() {
    let cases = hera_bottleneck_cases().unwrap();
    for (name, want) in [
        ("test_139_A", 2.5),
        ("test_643_A", 397.0),
        ("test_674_A", 483.0),
    ] {
        let case = cases
            .iter()
            .find(|c| c.a.file_name().is_some_and(|f| f == name))
            .unwrap();
        assert_eq!(case.answer, want);
        let (a, b) = load(case);
        let r = bottleneck(&a, &b);
        assert_eq!(r.distance, want, "{name}");
        let (ga, gb) = r.grad(&a, &b);
        assert_eq!(ga.len(), a.len());
        assert_eq!(gb.len(), b.len());
    }
}

#[test]
fn all_cases_through_the_cli() {
    let mut failures = Vec::new();
    for case in hera_bottleneck_cases().unwrap() {
        let (a, b) = (case.a.to_str().unwrap(), case.b.to_str().unwrap());
        let exact = first_number(&run_to_string(["bottleneck", a, b]).unwrap());
        if !hera_exact_ok(exact, case.answer) {
            failures.push(format!(
                "line {} exact: {exact} vs {}",
                case.line, case.answer
            ));
        }
        let delta = if case.delta > 0.0 { case.delta } else { 0.01 };
        let d = delta.to_string();
        let approx = first_number(&run_to_string(["bottleneck", a, b, "--delta", &d]).unwrap());
        if !hera_approx_ok(approx, case.answer, delta) {
            failures.push(format!(
                "line {} approx: {approx} vs {}",
                case.line, case.answer
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

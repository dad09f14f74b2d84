//! `toporeg rips` and `toporeg demo` as real subprocesses.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_toporeg");

#[test]
fn reads_standard_input_and_prints_ripser_format() {
    let mut child = Command::new(BIN)
        .args(["rips", "--dim", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // a 4-cycle: unit sides, diagonals 2
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"1\n2,1\n1,2,1\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("persistence intervals in dim 0:\n [0,1)\n [0,1)\n [0,1)\n [0, )\n"),
        "{text}"
    );
    assert!(
        text.contains("persistence intervals in dim 1:\n [1,2)\n"),
        "{text}"
    );
}

#[test]
fn random16_file_matches_ripser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/ripser");
    let out = Command::new(BIN)
        .arg("rips")
        .arg(dir.join("random16.lower_distance_matrix"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let intervals = |t: &str| -> Vec<String> {
        let mut v: Vec<String> = t
            .lines()
            .skip_while(|l| !l.starts_with("persistence"))
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    let expected = std::fs::read_to_string(dir.join("expected/random16.dim1.txt")).unwrap();
    // integer distances: the very same lines as Ripser
    assert_eq!(intervals(&text), intervals(&expected));
}

#[test]
fn bad_input_fails_with_the_line() {
    let mut child = Command::new(BIN)
        .args(["rips", "--format", "point-cloud"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"1 2\n3\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn demo_explains_the_bars() {
    let out = Command::new(BIN).arg("demo").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("H1: ") && text.contains("killed by edge"),
        "{text}"
    );
}

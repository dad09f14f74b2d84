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
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["demo", "--seeds", "1", "--steps", "4"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("H1: ") && text.contains("killed by edge"),
        "{text}"
    );
    // the report lands in ./toporeg-demo, and its path is the last line
    let report = dir.path().join("toporeg-demo/index.html");
    assert!(report.is_file());
    assert!(text.trim_end().ends_with("index.html"), "{text}");
}

/// Runs `toporeg ARGS` with `input` on standard input; returns whether it
/// succeeded and its standard error.
fn run_with_input(args: &[&str], input: &[u8]) -> (bool, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_point_cloud_without_format_gets_a_hint() {
    let square = b"1,0\n0,1\n-1,0\n0,-1\n";
    let (ok, err) = run_with_input(&["rips"], square);
    assert!(!ok);
    assert!(
        err.contains("default --format lower-distance")
            && err.contains("expected 6, found 8")
            && err.contains("try --format point-cloud"),
        "{err}"
    );
    // asked for explicitly: no guess about what was meant
    let (ok, err) = run_with_input(&["rips", "--format", "lower-distance"], square);
    assert!(!ok && !err.contains("point-cloud"), "{err}");
    // rows of growing length are not mistaken for points
    let (ok, err) = run_with_input(&["rips"], b"1\n2 3\n4 5 6\n7\n");
    assert!(!ok && !err.contains("point-cloud"), "{err}");
    let (ok, _) = run_with_input(&["rips", "--format", "point-cloud"], square);
    assert!(ok);
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // both outputs (200 KB of text, 600 KB of JSON) are far larger than a
    // pipe's buffer, so writing fails once the reader is gone, whatever the
    // timing
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/ripser");
    for (file, extra) in [("o3_8192.txt.gz", "--dim=0"), ("o3_1024.txt.gz", "--json")] {
        let mut child = Command::new(BIN)
            .arg("rips")
            .arg(data.join(file))
            .args(["--format", "point-cloud", extra])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "{file} {extra}: {err}");
        assert!(err.is_empty(), "{file} {extra}: {err}");
    }
}

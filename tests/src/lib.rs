//! Shared helpers of the integration tests and benches: where the reference
//! cases live and how to read them.
#![deny(missing_docs)]

use std::path::PathBuf;

/// The folder of reference cases from other tools (`../shared/peer-tests`
/// beside the project root), or `$TOPOREG_PEER_TESTS` when set.
///
/// # Panics
/// When the folder does not exist: the golden tests must not pass silently
/// without their data.
pub fn peer_tests_dir() -> PathBuf {
    let dir = match std::env::var_os("TOPOREG_PEER_TESTS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer-tests"),
    };
    assert!(
        dir.is_dir(),
        "reference cases not found at {} (set TOPOREG_PEER_TESTS)",
        dir.display()
    );
    dir
}

/// One case of Hera's bottleneck test suite (`hera-bottleneck/test_list.txt`).
#[derive(Debug, Clone)]
pub struct HeraCase {
    /// Line number in `test_list.txt` (1-based).
    pub line: usize,
    /// Path of the first diagram.
    pub a: PathBuf,
    /// Path of the second diagram.
    pub b: PathBuf,
    /// Relative error Hera's approximate run used.
    pub delta: f64,
    /// The exact distance (6 significant digits, or `inf`).
    pub answer: f64,
}

/// Reads Hera's bottleneck case list.
///
/// # Panics
/// On a malformed list: the golden test must not pass on bad data.
pub fn hera_bottleneck_cases() -> Vec<HeraCase> {
    let dir = peer_tests_dir().join("hera-bottleneck");
    let list = std::fs::read_to_string(dir.join("test_list.txt")).expect("test_list.txt");
    list.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert!(f.len() >= 4, "line {}: {l}", i + 1);
            HeraCase {
                line: i + 1,
                a: dir.join(f[0]),
                b: dir.join(f[1]),
                delta: f[2].parse().expect("delta"),
                answer: f[3].parse().expect("answer"),
            }
        })
        .collect()
}

/// Reads a diagram in Hera's format.
///
/// # Panics
/// When the file is missing or malformed.
pub fn read_hera_diagram(path: &std::path::Path) -> toporeg::Diagram<f64> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toporeg::Diagram::parse_hera(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether `got` matches Hera's printed exact answer: relative 1e-5, or
/// 1e-6 absolute near 0; infinities must agree.
pub fn hera_exact_ok(got: f64, answer: f64) -> bool {
    if answer.is_infinite() || got.is_infinite() {
        return got == answer;
    }
    (got - answer).abs() <= 1e-5 * answer.abs() || (got - answer).abs() <= 1e-6
}

/// Whether `got` is within the relative error `delta` of Hera's answer
/// (plus the 1e-5 of its printed precision).
pub fn hera_approx_ok(got: f64, answer: f64, delta: f64) -> bool {
    if answer.is_infinite() || got.is_infinite() {
        return got == answer;
    }
    let slack = 1e-5 * answer.abs() + 1e-6;
    got >= answer - slack && got <= answer * (1.0 + delta) + slack
}

/// Runs the `toporeg` command line in-process and returns its output.
///
/// # Errors
/// When the arguments do not parse or the command fails.
pub fn run_cli<I, S>(args: I) -> anyhow::Result<String>
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    use clap::Parser;
    let cli = toporeg_train::cli::Cli::try_parse_from(args)?;
    let mut buf = Vec::new();
    toporeg_train::cli::run(cli, &mut buf)?;
    Ok(String::from_utf8(buf)?)
}

/// The first line of a command's output as a number (`inf` accepted).
///
/// # Panics
/// When the output is empty or the line is not a number.
pub fn first_number(output: &str) -> f64 {
    let line = output.lines().next().expect("no output");
    line.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {line}"))
}

//! Shared helpers of the integration tests and benches: where the reference
//! cases live and how to read them.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The folder of the reference cases kept in the repository: `tests/data`
/// (`ripser/` and `hera/`, each with its upstream licence and a README).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The path of the reference file `name` (relative to [`data_dir`]), or of
/// its gzipped form `name.gz` when only that one is kept.
///
/// # Errors
/// When neither file exists.
pub fn fixture(name: &str) -> anyhow::Result<PathBuf> {
    let plain = data_dir().join(name);
    if plain.is_file() {
        return Ok(plain);
    }
    let gz = data_dir().join(format!("{name}.gz"));
    if gz.is_file() {
        return Ok(gz);
    }
    anyhow::bail!(
        "reference file {name} not found: neither {} nor {} exists",
        plain.display(),
        gz.display()
    )
}

/// The text of the reference file `name` (see [`fixture`]), decompressed
/// when it is gzipped.
///
/// # Errors
/// When the file is missing or unreadable.
pub fn read_fixture(name: &str) -> anyhow::Result<String> {
    read_text(&fixture(name)?)
}

/// The text of `path`, decompressed when it is gzipped.
///
/// # Errors
/// When the file is missing, unreadable, or not valid gzip or UTF-8.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    toporeg_train::io::read_input(Some(path))
}

/// The diagrams of a Ripser output, by degree: `[birth, death]` points with
/// `death = +inf` for ` [b, )` lines. Lines before the first `persistence
/// intervals in dim k:` header are ignored.
///
/// # Errors
/// A malformed interval line, naming its line number.
pub fn parse_ripser_output(text: &str) -> anyhow::Result<Vec<Vec<[f64; 2]>>> {
    let mut dims: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("persistence intervals in dim ") {
            let k: usize = rest
                .trim_end_matches(':')
                .parse()
                .map_err(|_| anyhow::anyhow!("line {}: bad header `{line}`", i + 1))?;
            if dims.len() <= k {
                dims.resize(k + 1, Vec::new());
            }
            current = Some(k);
            continue;
        }
        let Some(k) = current else { continue };
        if line.is_empty() {
            continue;
        }
        let inner = line
            .strip_prefix('[')
            .and_then(|l| l.strip_suffix(')'))
            .ok_or_else(|| anyhow::anyhow!("line {}: not an interval: `{line}`", i + 1))?;
        let (b, d) = inner
            .split_once(',')
            .ok_or_else(|| anyhow::anyhow!("line {}: not an interval: `{line}`", i + 1))?;
        let birth: f64 = b
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("line {}: bad birth `{b}`", i + 1))?;
        let death = if d.trim().is_empty() {
            f64::INFINITY
        } else {
            d.trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("line {}: bad death `{d}`", i + 1))?
        };
        dims[k].push([birth, death]);
    }
    Ok(dims)
}

/// Whether two values agree within a relative `2e-5` (absolute `1e-6`
/// near 0); infinities only agree with themselves.
pub fn values_agree(a: f64, b: f64) -> bool {
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    (a - b).abs() <= (2e-5 * a.abs().max(b.abs())).max(1e-6)
}

/// Compares two diagrams as multisets with the rule of
/// `tests/data/ripser/README.md`: points are matched one to one when both
/// coordinates agree ([`values_agree`]); near-tie points (persistence below
/// `1e-3` of the largest finite value of their diagram) may stay
/// unmatched, up to `max(2, 1 %)` of the near-tie points on each side.
///
/// # Errors
/// A description of the unmatched points.
pub fn compare_diagrams(expected: &[[f64; 2]], actual: &[[f64; 2]]) -> Result<(), String> {
    // candidates: actual points within tolerance, found through a sort by birth
    let mut order: Vec<usize> = (0..actual.len()).collect();
    order.sort_by(|&a, &b| actual[a][0].total_cmp(&actual[b][0]));
    let births: Vec<f64> = order.iter().map(|&i| actual[i][0]).collect();
    let candidates: Vec<Vec<usize>> = expected
        .iter()
        .map(|e| {
            let lo = e[0] - (2e-5 * e[0].abs()).max(1e-6) * 1.01;
            let start = births.partition_point(|&b| b < lo);
            order[start..]
                .iter()
                .take_while(|&&i| {
                    actual[i][0] <= e[0] + (2e-5 * e[0].abs()).max(1e-6) * 1.01 + 1e-12
                })
                .copied()
                .filter(|&i| values_agree(e[0], actual[i][0]) && values_agree(e[1], actual[i][1]))
                .collect()
        })
        .collect();
    // maximum bipartite matching (augmenting paths)
    let mut match_of_actual: Vec<Option<usize>> = vec![None; actual.len()];
    fn augment(e: usize, cands: &[Vec<usize>], seen: &mut [bool], m: &mut [Option<usize>]) -> bool {
        for &a in &cands[e] {
            if seen[a] {
                continue;
            }
            seen[a] = true;
            let free = match m[a] {
                None => true,
                Some(other) => augment(other, cands, seen, m),
            };
            if free {
                m[a] = Some(e);
                return true;
            }
        }
        false
    }
    let mut matched_expected = vec![false; expected.len()];
    let mut seen = vec![false; actual.len()];
    for e in 0..expected.len() {
        // fast path: a free candidate
        if let Some(&a) = candidates[e]
            .iter()
            .find(|&&a| match_of_actual[a].is_none())
        {
            match_of_actual[a] = Some(e);
            matched_expected[e] = true;
            continue;
        }
        seen.iter_mut().for_each(|s| *s = false);
        if augment(e, &candidates, &mut seen, &mut match_of_actual) {
            matched_expected[e] = true;
        }
    }
    let unmatched_expected: Vec<[f64; 2]> = expected
        .iter()
        .zip(&matched_expected)
        .filter(|(_, m)| !**m)
        .map(|(p, _)| *p)
        .collect();
    let unmatched_actual: Vec<[f64; 2]> = actual
        .iter()
        .zip(&match_of_actual)
        .filter(|(_, m)| m.is_none())
        .map(|(p, _)| *p)
        .collect();
    let check_side = |name: &str, all: &[[f64; 2]], unmatched: &[[f64; 2]]| -> Result<(), String> {
        let scale = all
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |a, &b| a.max(b.abs()));
        let near_tie = |p: &[f64; 2]| p[1].is_finite() && p[1] - p[0] < 1e-3 * scale;
        let n_near = all.iter().filter(|p| near_tie(p)).count();
        let allowed = 2usize.max(n_near.div_ceil(100));
        let bad: Vec<_> = unmatched.iter().filter(|p| !near_tie(p)).collect();
        let near = unmatched.len() - bad.len();
        if !bad.is_empty() || near > allowed {
            return Err(format!(
                "{name}: {} unmatched points ({} near ties, {allowed} allowed); not near ties: {:?}",
                unmatched.len(),
                near,
                &bad[..bad.len().min(10)]
            ));
        }
        Ok(())
    };
    check_side("expected", expected, &unmatched_expected)?;
    check_side("actual", actual, &unmatched_actual)
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

/// Reads Hera's bottleneck case list (`tests/data/hera/test_list.txt`).
///
/// # Errors
/// When the list or one of its diagram files is missing, or a line is
/// malformed: the golden test must not pass on bad data.
pub fn hera_bottleneck_cases() -> anyhow::Result<Vec<HeraCase>> {
    let list = read_fixture("hera/test_list.txt")?;
    let mut cases = Vec::new();
    for (i, l) in list.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let line = i + 1;
        let f: Vec<&str> = l.split_whitespace().collect();
        anyhow::ensure!(f.len() >= 4, "test_list.txt line {line}: `{l}`");
        let number = |s: &str| -> anyhow::Result<f64> {
            s.parse()
                .with_context(|| format!("test_list.txt line {line}: `{s}` is not a number"))
        };
        cases.push(HeraCase {
            line,
            a: fixture(&format!("hera/{}", f[0]))?,
            b: fixture(&format!("hera/{}", f[1]))?,
            delta: number(f[2])?,
            answer: number(f[3])?,
        });
    }
    Ok(cases)
}

/// Reads a diagram in Hera's format (gzipped or not).
///
/// # Errors
/// When the file is missing or malformed, naming it.
pub fn read_hera_diagram(path: &Path) -> anyhow::Result<toporeg::Diagram<f64>> {
    toporeg_train::io::read_diagram(path)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ripser_output() {
        let text = "value range: [1,2]\npersistence intervals in dim 0:\n [0,1)\n [0, )\npersistence intervals in dim 1:\n [1.5,2)\n";
        let d = parse_ripser_output(text).unwrap();
        assert_eq!(
            d,
            vec![vec![[0.0, 1.0], [0.0, f64::INFINITY]], vec![[1.5, 2.0]]]
        );
        assert!(parse_ripser_output("persistence intervals in dim 0:\n [0,x)\n").is_err());
    }

    #[test]
    fn fixtures_are_found_plain_or_gzipped() {
        assert!(read_fixture("ripser/random16.lower_distance_matrix")
            .unwrap()
            .trim_start()
            .starts_with("85,"));
        // only the gzipped form is kept: found and decompressed
        let path = fixture("ripser/o3_1024.txt").unwrap();
        assert!(path.ends_with("ripser/o3_1024.txt.gz"));
        assert_eq!(read_text(&path).unwrap().lines().count(), 1024);
        let err = read_fixture("ripser/missing.txt").unwrap_err().to_string();
        assert!(
            err.contains("missing.txt") && err.contains("not found"),
            "{err}"
        );
    }

    #[test]
    fn comparison_rules() {
        let a = [[0.0, 1.0], [0.5, 2.0], [0.0, f64::INFINITY]];
        assert!(compare_diagrams(&a, &[[0.5, 2.00001], [0.0, f64::INFINITY], [0.0, 1.0]]).is_ok());
        assert!(compare_diagrams(&a, &[[0.0, 1.0], [0.5, 2.001], [0.0, f64::INFINITY]]).is_err());
        assert!(compare_diagrams(&a, &[[0.0, 1.0], [0.5, 2.0], [0.0, 7.0]]).is_err());
        assert!(compare_diagrams(&a, &a[..2]).is_err());
        // a near tie may be missing
        let b = [[0.0, 1000.0], [1.0, 1.0001]];
        assert!(compare_diagrams(&b, &b[..1]).is_ok());
    }
}

/// The Rust examples of the README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;

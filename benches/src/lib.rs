//! Inputs shared by the criterion benches and the peer-comparison runner
//! (`cargo xtask bench-peers`, see `benches/peers/`).
#![deny(missing_docs)]

/// The value after `flag` in `args` (`--n 1000`), parsed, or `default` when
/// the flag is absent.
///
/// # Errors
/// When the flag has no value or the value does not parse.
pub fn arg<T: std::str::FromStr>(args: &[String], flag: &str, default: T) -> anyhow::Result<T> {
    match args.iter().position(|a| a == flag) {
        None => Ok(default),
        Some(i) => {
            let v = args
                .get(i + 1)
                .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
            v.parse()
                .map_err(|_| anyhow::anyhow!("{flag}: cannot parse `{v}`"))
        }
    }
}

/// A random persistence diagram as the peer scripts build it: for each
/// point, birth `u1` and lifetime `-0.1 ln(1 - u2)` (exponential with mean
/// 0.1), with `u1, u2` the next two uniform numbers of [`toporeg::SplitMix64`] seeded
/// with `seed` (benches/peers/cases_diagrams.py does the same in Python).
pub fn random_diagram(seed: u64, n: usize) -> Vec<[f64; 2]> {
    let mut rng = toporeg::SplitMix64::new(seed);
    (0..n)
        .map(|_| {
            let b = rng.next_f64();
            let l = -0.1 * (1.0 - rng.next_f64()).ln();
            [b, b + l]
        })
        .collect()
}
pub mod losses;

/// This process's peak resident memory in MiB (`VmHWM` of
/// `/proc/self/status`, which starts afresh at `exec`, unlike `ru_maxrss`
/// that also counts the forked runner), or `None` where it is unavailable.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Prints the result line of a peer-comparison binary:
/// `{"seconds": best, "peak_mib": …}` (see `benches/peers/run.py`).
pub fn report(best_seconds: f64) {
    println!(
        "{}",
        serde_json::json!({ "seconds": best_seconds, "peak_mib": peak_rss_mib() })
    );
}

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

/// `n` uniform random rotation matrices (3 × 3, determinant 1) as points in
/// R^9, row-major, cast to `f32`: the issue's `o3_N` inputs. (Ripser's own
/// `o3` files also hold reflections, half of the points, in a second
/// component at distance ≥ 2: an easier case, whose degree-1 classes are
/// mostly short.)
///
/// The quaternion is drawn by rejection: four numbers `2u − 1` from
/// [`toporeg::SplitMix64`] seeded with `seed`, kept when their squared norm
/// `s` is in `(1/64, 1]`, then divided by `sqrt(s)` (so the direction is
/// uniform on the 3-sphere). Only `+ − ×`, `/` and `sqrt` are used, all correctly rounded, so the
/// Python port in `benches/peers/cases_rips.py` gives the same bits.
pub fn o3_points(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = toporeg::SplitMix64::new(seed);
    let mut out = Vec::with_capacity(9 * n);
    for _ in 0..n {
        let (q, s) = loop {
            let q = [0; 4].map(|_: i32| 2.0 * rng.next_f64() - 1.0);
            let s = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3];
            if s > 1.0 / 64.0 && s <= 1.0 {
                break (q, s);
            }
        };
        let r = s.sqrt();
        let [w, x, y, z] = q.map(|c| c / r);
        let m = [
            1.0 - 2.0 * (y * y + z * z),
            2.0 * (x * y - z * w),
            2.0 * (x * z + y * w),
            2.0 * (x * y + z * w),
            1.0 - 2.0 * (x * x + z * z),
            2.0 * (y * z - x * w),
            2.0 * (x * z - y * w),
            2.0 * (y * z + x * w),
            1.0 - 2.0 * (x * x + y * y),
        ];
        out.extend(m.iter().map(|&v| v as f32));
    }
    out
}

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

#[cfg(test)]
mod tests {
    /// The first two points, as `benches/peers/cases_rips.py`'s port gives
    /// them (`o3(2, 1)().tobytes().hex()`): the two must stay bit-equal.
    #[test]
    fn o3_points_match_the_python_port() {
        let p = super::o3_points(2, 1);
        let hex: String = p
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "1543a8be87246f3f547a0ebe0206693fcc83b43ebd565e3e31f7803e5d7c62bd4f5777bf3df23b3f\
             cc5e95bd94cf2c3f2c432abf66f78dbe5681313faae10b3ea14075bf161081be"
        );
        assert_eq!(super::o3_points(5, 1).len(), 45);
    }
}

//! `toporeg similarity`: how similar two representations of the same
//! inputs are (CKA, minimum Frobenius distance, Procrustes).

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};
use serde_json::json;
use toporeg::{linear_cka, min_frobenius, procrustes, rbf_cka};

use crate::io::{point_cloud, read_table};

/// The measures of `--measure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Measure {
    /// Linear CKA (1 = the same up to rotation, scaling and shift).
    Cka,
    /// RBF-kernel CKA, bandwidth `--sigma-fraction` × the median distance.
    RbfCka,
    /// Minimum Frobenius distance between the normalised distance matrices
    /// over row permutations (0 = the same up to a similarity).
    MinFrobenius,
    /// Procrustes disparity, as scipy.spatial.procrustes computes it.
    Procrustes,
}

/// Options of `toporeg similarity`.
#[derive(Debug, Args)]
pub struct SimilarityArgs {
    /// First point cloud (one point per line, values separated by commas or
    /// spaces).
    pub x: PathBuf,
    /// Second point cloud, with the same number of rows (row i of both is the
    /// same input).
    pub y: PathBuf,
    /// What to compute.
    #[arg(long, value_enum, default_value = "cka")]
    pub measure: Measure,
    /// RBF CKA bandwidth as a fraction of the median pairwise distance.
    #[arg(long, default_value_t = 1.0)]
    pub sigma_fraction: f64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg similarity`.
pub fn run(args: SimilarityArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let x = read_table(&args.x)?;
    let y = read_table(&args.y)?;
    if x.rows != y.rows {
        bail!(
            "{} has {} rows but {} has {}: the two representations must list the same inputs",
            args.x.display(),
            x.rows,
            args.y.display(),
            y.rows
        );
    }
    let (xs, ys) = (point_cloud(&x, &args.x)?, point_cloud(&y, &args.y)?);
    match args.measure {
        Measure::Cka | Measure::RbfCka => {
            let (name, value) = if args.measure == Measure::Cka {
                ("cka", linear_cka(&xs, &ys)?)
            } else {
                ("rbf-cka", rbf_cka(&xs, &ys, args.sigma_fraction)?)
            };
            if args.json {
                writeln!(out, "{}", json!({ "measure": name, "value": value }))?;
            } else {
                writeln!(out, "{value}")?;
            }
        }
        Measure::MinFrobenius => {
            let r = min_frobenius(&xs, &ys)?;
            if args.json {
                let mut v = serde_json::to_value(&r)?;
                v["measure"] = json!("min-frobenius");
                writeln!(out, "{v}")?;
            } else {
                writeln!(out, "{}", r.value)?;
                let perm: Vec<String> = r.permutation.iter().map(usize::to_string).collect();
                writeln!(out, "permutation: {}", perm.join(" "))?;
            }
        }
        Measure::Procrustes => {
            if x.cols != y.cols {
                bail!(
                    "Procrustes needs the same dimension: {} has {} columns, {} has {}",
                    args.x.display(),
                    x.cols,
                    args.y.display(),
                    y.cols
                );
            }
            let p = procrustes(&xs, &ys)?;
            if args.json {
                let v = json!({
                    "measure": "procrustes",
                    "value": p.disparity,
                    "disparity": p.disparity,
                    "scale": p.scale,
                });
                writeln!(out, "{v}")?;
            } else {
                writeln!(out, "{}", p.disparity)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cli::run_to_string;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    /// The Procrustes test data of the core (disparity computed with scipy).
    const X: &str = "0.12 -1.30 2.05\n1.77 0.41 -0.63\n-0.95 0.88 0.27\n2.31 -0.54 1.12\n\
                     -1.48 -2.07 0.36\n0.59 1.94 -1.71\n0.03 0.66 0.95\n";
    const Y: &str = "1.05,0.22,-0.47\n-0.31,1.63,0.80\n0.74,-1.12,1.96\n-2.20,0.09,-0.58\n\
                     0.46,2.35,1.27\n1.88,-0.76,-1.34\n-0.62,-0.18,0.51\n";

    #[test]
    fn procrustes_and_cka_values() {
        let dir = tempfile::tempdir().unwrap();
        let (x, y) = (write(&dir, "x.txt", X), write(&dir, "y.csv", Y));
        let d: f64 = run_to_string(["similarity", &x, &y, "--measure", "procrustes"])
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!((d - 0.5917296031228363).abs() < 1e-12);
        let c: f64 = run_to_string(["similarity", &x, &y])
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!((c - 0.4039063506552461).abs() < 1e-12);
        let json = run_to_string(["similarity", &x, &y, "--measure", "rbf-cka", "--json"]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["measure"], "rbf-cka");
        assert!(v["value"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn min_frobenius_prints_the_permutation() {
        let dir = tempfile::tempdir().unwrap();
        let x = write(&dir, "x.txt", "0\n1\n3\n");
        let y = write(&dir, "y.txt", "0\n2\n4\n6\n");
        let err = run_to_string(["similarity", &x, &y, "--measure", "min-frobenius"]).unwrap_err();
        assert!(err.to_string().contains("3 rows"), "{err}");
        // y = 2 x: distance 0 at the identity.
        let y = write(&dir, "y.txt", "0\n2\n6\n");
        let text = run_to_string(["similarity", &x, &y, "--measure", "min-frobenius"]).unwrap();
        let mut lines = text.lines();
        assert!(lines.next().unwrap().parse::<f64>().unwrap() < 1e-12);
        assert_eq!(lines.next().unwrap(), "permutation: 0 1 2");
        let json =
            run_to_string(["similarity", &x, &y, "--measure", "min-frobenius", "--json"]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["permutation"], serde_json::json!([0, 1, 2]));
    }

    #[test]
    fn bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let x = write(&dir, "x.txt", "0 1\n1 nan\n");
        let y = write(&dir, "y.txt", "0 1\n1 2\n");
        let err = run_to_string(["similarity", &x, &y]).unwrap_err();
        assert!(format!("{err:#}").contains("non-finite"), "{err:#}");
        assert!(format!("{err:#}").contains("x.txt"), "{err:#}");
        let bad = write(&dir, "bad.txt", "0 1\n1 x\n");
        let err = run_to_string(["similarity", &bad, &y]).unwrap_err();
        assert!(format!("{err:#}").contains("bad.txt"), "{err:#}");
        let err = run_to_string([
            "similarity",
            &y,
            &y,
            "--measure",
            "cka",
            "--sigma-fraction",
            "0",
        ]);
        assert!(err.is_ok(), "the fraction only matters for rbf-cka");
        let err = run_to_string([
            "similarity",
            &y,
            &y,
            "--measure",
            "rbf-cka",
            "--sigma-fraction",
            "0",
        ]);
        assert!(format!("{:#}", err.unwrap_err()).contains("sigma_fraction"));
        let y3 = write(&dir, "y3.txt", "0 1 2\n1 2 3\n");
        let err = run_to_string(["similarity", &y, &y3, "--measure", "procrustes"]).unwrap_err();
        assert!(err.to_string().contains("columns"));
    }
}

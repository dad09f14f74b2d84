//! `toporeg relative`: the relative representation of a point cloud with
//! respect to a set of anchors (one row per point, one column per anchor).

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, ValueEnum};
use toporeg::{relative, RelativeParams, Similarity};

use crate::io::{point_cloud, read_table};

/// The similarity functions of `--similarity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimilarityArg {
    /// Cosine similarity.
    Cosine,
    /// Dot product.
    Dot,
    /// Minus the Euclidean distance.
    NegEuclidean,
    /// 1 / (1 + Euclidean distance).
    InverseEuclidean,
}

impl From<SimilarityArg> for Similarity {
    fn from(s: SimilarityArg) -> Self {
        match s {
            SimilarityArg::Cosine => Similarity::Cosine,
            SimilarityArg::Dot => Similarity::Dot,
            SimilarityArg::NegEuclidean => Similarity::NegativeEuclidean,
            SimilarityArg::InverseEuclidean => Similarity::InverseEuclidean,
        }
    }
}

/// Options of `toporeg relative`.
#[derive(Debug, Args)]
pub struct RelativeArgs {
    /// The point cloud (one point per line).
    pub x: PathBuf,
    /// The anchors, with as many columns as the points.
    #[arg(long)]
    pub anchors: PathBuf,
    /// Standardize every coordinate (over the points, and over the anchors)
    /// before the similarity.
    #[arg(long)]
    pub robust: bool,
    /// Similarity function.
    #[arg(long, value_enum, default_value = "cosine")]
    pub similarity: SimilarityArg,
    /// Print the table as JSON (an array of rows).
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg relative`.
pub fn run(args: RelativeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let x = read_table(&args.x)?;
    let a = read_table(&args.anchors)?;
    if x.cols != a.cols {
        bail!(
            "{} has {} columns but the anchors in {} have {}",
            args.x.display(),
            x.cols,
            args.anchors.display(),
            a.cols
        );
    }
    let params = RelativeParams::new()
        .robust(args.robust)
        .similarity(args.similarity.into());
    let t = relative(
        &point_cloud(&x, &args.x)?,
        &point_cloud(&a, &args.anchors)?,
        &params,
    )?;
    if args.json {
        let rows: Vec<&[f64]> = t.chunks_exact(a.rows).collect();
        writeln!(out, "{}", serde_json::to_string(&rows)?)?;
    } else {
        for row in t.chunks_exact(a.rows) {
            let cells: Vec<String> = row.iter().map(f64::to_string).collect();
            writeln!(out, "{}", cells.join(" "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cli::run_to_string;

    #[test]
    fn prints_the_table() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x.txt");
        let a = dir.path().join("a.txt");
        std::fs::write(&x, "1 0\n0 2\n-3 0\n").unwrap();
        std::fs::write(&a, "5 0\n0 1\n").unwrap();
        let (x, a) = (x.display().to_string(), a.display().to_string());
        let text = run_to_string(["relative", &x, "--anchors", &a]).unwrap();
        assert_eq!(text, "1 0\n0 1\n-1 0\n");
        let text = run_to_string(["relative", &x, "--anchors", &a, "--similarity", "dot"]).unwrap();
        assert_eq!(text, "5 0\n0 2\n-15 0\n");
        let json = run_to_string(["relative", &x, "--anchors", &a, "--robust", "--json"]).unwrap();
        let v: Vec<Vec<f64>> = serde_json::from_str(&json).unwrap();
        assert_eq!((v.len(), v[0].len()), (3, 2));
        std::fs::write(&a, "5 0 1\n").unwrap();
        let err = run_to_string(["relative", &x, "--anchors", &a]).unwrap_err();
        assert!(err.to_string().contains("columns"), "{err}");
    }
}

//! `toporeg witness`: persistence of the lazy witness complex of a point
//! cloud, printed like Ripser's output.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use toporeg::RipsParams;
use toporeg::{witness_persistence, LandmarkSelection, WitnessParams};

use super::common::{memory_budget, parse_bytes, write_ripser};
use crate::io::{point_cloud, read_table};

/// The landmark selections of `--selection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SelectionArg {
    /// Max-min (farthest point) sampling starting at point `--seed`.
    Maxmin,
    /// A random subset drawn with the generator seeded by `--seed`.
    Random,
}

/// Options of `toporeg witness`.
#[derive(Debug, Args)]
pub struct WitnessArgs {
    /// The point cloud (one point per line); all points are witnesses.
    pub x: PathBuf,
    /// Number of landmarks.
    #[arg(long)]
    pub landmarks: usize,
    /// ν: 0, 1 or 2 (an edge's value is lowered by the distance from its
    /// witness to the ν-th nearest landmark).
    #[arg(long, default_value_t = 0)]
    pub nu: usize,
    /// Largest homology degree.
    #[arg(long, default_value_t = 1)]
    pub dim: usize,
    /// How the landmarks are chosen.
    #[arg(long, value_enum, default_value = "maxmin")]
    pub selection: SelectionArg,
    /// Index of the first landmark (maxmin) or seed of the generator (random).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Memory budget of the reduction on the landmarks (degree 1 and above), such as 800M
    /// or 8G: a request estimated above it stops with an error that says
    /// what to do instead of being killed by the system [default: 3/4 of
    /// the machine's memory].
    #[arg(long, value_parser = parse_bytes, value_name = "SIZE")]
    pub max_memory: Option<u64>,
    /// Print the landmarks and the pairs, with generator edges in point
    /// indices, as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `toporeg witness`.
pub fn run(args: WitnessArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let table = read_table(&args.x)?;
    let cloud = point_cloud(&table, &args.x)?;
    let selection = match args.selection {
        SelectionArg::Maxmin => LandmarkSelection::MaxMin {
            seed_index: usize::try_from(args.seed)?,
        },
        SelectionArg::Random => LandmarkSelection::Random { seed: args.seed },
    };
    let params = WitnessParams::new(args.landmarks)
        .nu(args.nu)
        .selection(selection);
    let mut rips = RipsParams::new().max_dim(args.dim);
    if let Some(bytes) = memory_budget(args.max_memory) {
        rips = rips.max_memory(bytes);
    }
    let w = witness_persistence(&cloud, &params, &rips)?;
    if args.json {
        let diagrams: Vec<_> = (0..=w.persistence.max_dim())
            .map(|dim| serde_json::json!({ "dim": dim, "pairs": w.pairs_in_points(dim) }))
            .collect();
        let doc = serde_json::json!({ "landmarks": w.landmarks, "diagrams": diagrams });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "lazy witness complex (nu = {}) on {} landmarks of {} points in dimension {}",
            args.nu,
            w.landmarks.len(),
            table.rows,
            table.cols
        )?;
        write_ripser(&w.persistence, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cli::run_to_string;

    #[test]
    fn square_with_midpoints() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x.txt");
        std::fs::write(&x, "0 0\n1 0\n2 0\n2 1\n2 2\n1 2\n0 2\n0 1\n").unwrap();
        let x = x.display().to_string();
        let text = run_to_string(["witness", &x, "--landmarks", "4"]).unwrap();
        let body: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(
            body,
            [
                "persistence intervals in dim 0:",
                " [0,1)",
                " [0,1)",
                " [0,1)",
                " [0, )",
                "persistence intervals in dim 1:",
                " [1,2)",
            ]
        );
        let json = run_to_string(["witness", &x, "--landmarks", "4", "--json"]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["landmarks"], serde_json::json!([0, 4, 2, 6]));
        let text = run_to_string([
            "witness",
            &x,
            "--landmarks",
            "3",
            "--selection",
            "random",
            "--seed",
            "5",
            "--nu",
            "2",
            "--dim",
            "0",
        ])
        .unwrap();
        assert!(text.contains("dim 0") && !text.contains("dim 1"), "{text}");
    }

    #[test]
    fn bad_parameters_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x.txt");
        std::fs::write(&x, "0 0\n1 0\n2 0\n").unwrap();
        let x = x.display().to_string();
        let err = run_to_string(["witness", &x, "--landmarks", "4"]).unwrap_err();
        assert!(err.to_string().contains("landmarks"), "{err}");
        let err = run_to_string(["witness", &x, "--landmarks", "2", "--nu", "3"]).unwrap_err();
        assert!(err.to_string().contains("nu"), "{err}");
        let err = run_to_string(["witness", &x, "--landmarks", "2", "--seed", "9"]).unwrap_err();
        assert!(err.to_string().contains("seed_index"), "{err}");
    }
}

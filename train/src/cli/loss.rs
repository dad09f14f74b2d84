//! `toporeg loss`: a topological loss of a point cloud and its gradient, as
//! JSON `{"value": v, "grad": [[...], ...]}` (one gradient row per point).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use toporeg::{
    linspace, target_diagram, Batch, BottleneckLossParams, ConnectivityLossParams,
    DensificationLossParams, EntropyLossParams, Loss, PushLossParams, ReininghausLossParams,
    Sgde4LossParams,
};
use toporeg::{Diagram, Metric};

use super::common::MetricArg;
use crate::io::{fields, point_cloud, read_input, read_table, source_name};

/// The losses of `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LossKind {
    /// `-Σ (d - b)` over the degree-P diagram.
    Push,
    /// Squared PSSK distance to the target (`--sigma`).
    Reininghaus,
    /// 4SGDE loss against the target (`--sigma`, `--grid`, `--scale`, `--mean`).
    #[value(name = "4sgde")]
    Sgde4,
    /// Bottleneck distance to the target.
    Bottleneck,
    /// Squared difference of (δ-selective) persistent entropies (`--delta`).
    Entropy,
    /// Densification `Σ_classes Σ |t - β|` over H0 deaths (`--beta`, `--labels`).
    Densify,
    /// Connectivity `Σ |t - η|` over H0 deaths (`--eta`; L1 metric by default).
    Connectivity,
}

/// Options of `toporeg loss`.
#[derive(Debug, Args)]
pub struct LossArgs {
    /// Point cloud: one point per line, coordinates separated by commas or
    /// whitespace (standard input when `-`).
    pub points: PathBuf,
    /// Which loss.
    #[arg(long, value_enum)]
    pub kind: LossKind,
    /// Homology degree P of the diagram (densify and connectivity: 0 only).
    #[arg(long, default_value_t = 0)]
    pub dim: usize,
    /// Target diagram in Hera's format (`birth death` per line, `inf` for
    /// essential classes).
    #[arg(long, conflicts_with = "target_points")]
    pub target: Option<PathBuf>,
    /// Reference point cloud whose degree-P diagram is the target (instead
    /// of `--target`).
    #[arg(long)]
    pub target_points: Option<PathBuf>,
    /// σ of the Reininghaus kernel, or σ_d of the 4SGDE.
    #[arg(long)]
    pub sigma: Option<f64>,
    /// δ of the selective entropy (default: plain entropy).
    #[arg(long)]
    pub delta: Option<f64>,
    /// β of the densification loss.
    #[arg(long, default_value_t = 0.7)]
    pub beta: f64,
    /// η of the connectivity loss.
    #[arg(long, default_value_t = 1.0)]
    pub eta: f64,
    /// Class labels for densify: one integer per point, separated by
    /// newlines, commas or whitespace.
    #[arg(long)]
    pub labels: Option<PathBuf>,
    /// Metric between points (default: manhattan for connectivity,
    /// euclidean otherwise).
    #[arg(long, value_enum)]
    pub metric: Option<MetricArg>,
    /// 4SGDE grid `LO:HI:M` (M evenly spaced values; default: 32 values
    /// from 0 to the target's largest finite death).
    #[arg(long)]
    pub grid: Option<String>,
    /// 4SGDE scale s.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// 4SGDE: average over the grid instead of summing.
    #[arg(long)]
    pub mean: bool,
}

fn read_target(args: &LossArgs, metric: Metric) -> anyhow::Result<Diagram<f64>> {
    if let Some(path) = &args.target {
        let text = read_input(Some(path))?;
        let d = Diagram::parse_hera(&text).with_context(|| format!("in {}", source_name(path)))?;
        if let Some(i) = d.points().iter().position(|q| q[1] < q[0]) {
            let [b, e] = d.points()[i];
            bail!(
                "in {}: point {} ({b} {e}) dies before it is born, which no persistence diagram has",
                source_name(path),
                i + 1
            );
        }
        return Ok(d);
    }
    if let Some(path) = &args.target_points {
        let table = read_table(path)?;
        return Ok(target_diagram(
            &point_cloud(&table, path)?,
            metric,
            args.dim,
        )?);
    }
    bail!(
        "--kind {} needs a target: --target FILE or --target-points FILE",
        kind_name(args.kind)
    )
}

fn kind_name(kind: LossKind) -> &'static str {
    match kind {
        LossKind::Push => "push",
        LossKind::Reininghaus => "reininghaus",
        LossKind::Sgde4 => "4sgde",
        LossKind::Bottleneck => "bottleneck",
        LossKind::Entropy => "entropy",
        LossKind::Densify => "densify",
        LossKind::Connectivity => "connectivity",
    }
}

fn read_labels(path: &Path, n: usize) -> anyhow::Result<Vec<usize>> {
    let text = read_input(Some(path))?;
    let mut labels = Vec::with_capacity(n);
    for (i, line) in text.lines().enumerate() {
        for f in fields(line) {
            let l: usize = f.parse().with_context(|| {
                format!(
                    "{}: line {}: `{f}` is not a class label (a non-negative integer)",
                    source_name(path),
                    i + 1
                )
            })?;
            labels.push(l);
        }
    }
    if labels.len() != n {
        bail!(
            "{}: {} labels for {n} points",
            source_name(path),
            labels.len()
        );
    }
    Ok(labels)
}

fn parse_grid(spec: &str) -> anyhow::Result<Vec<f64>> {
    let parts: Vec<&str> = spec.split(':').collect();
    let [lo, hi, m] = parts[..] else {
        bail!("--grid `{spec}`: expected LO:HI:M");
    };
    let lo: f64 = lo
        .trim()
        .parse()
        .with_context(|| format!("--grid: bad LO `{lo}`"))?;
    let hi: f64 = hi
        .trim()
        .parse()
        .with_context(|| format!("--grid: bad HI `{hi}`"))?;
    let m: usize = m
        .trim()
        .parse()
        .with_context(|| format!("--grid: bad M `{m}`"))?;
    Ok(linspace(lo, hi, m))
}

fn need_sigma(args: &LossArgs) -> anyhow::Result<f64> {
    args.sigma
        .with_context(|| format!("--kind {} needs --sigma", kind_name(args.kind)))
}

/// Builds the loss the options describe.
fn build(args: &LossArgs, metric: Metric) -> anyhow::Result<Box<dyn Loss<f64>>> {
    let p = args.dim;
    if matches!(args.kind, LossKind::Densify | LossKind::Connectivity) && p != 0 {
        bail!("--kind {} works on H0 only (--dim 0)", kind_name(args.kind));
    }
    Ok(match args.kind {
        LossKind::Push => Box::new(PushLossParams::new(p).metric(metric).check()?),
        LossKind::Reininghaus => {
            let target = read_target(args, metric)?;
            Box::new(
                ReininghausLossParams::new(p, need_sigma(args)?, target)
                    .metric(metric)
                    .check()?,
            )
        }
        LossKind::Sgde4 => {
            let target = read_target(args, metric)?;
            let grid = match &args.grid {
                Some(spec) => parse_grid(spec)?,
                None => {
                    let top = target
                        .points()
                        .iter()
                        .map(|q| q[1])
                        .filter(|d| d.is_finite())
                        .fold(0.0, f64::max);
                    linspace(0.0, top, 32)
                }
            };
            Box::new(
                Sgde4LossParams::new(target, grid, need_sigma(args)?)
                    .degree(p)
                    .scale(args.scale)
                    .mean(args.mean)
                    .metric(metric)
                    .check()?,
            )
        }
        LossKind::Bottleneck => Box::new(
            BottleneckLossParams::new(p, read_target(args, metric)?)
                .metric(metric)
                .check()?,
        ),
        LossKind::Entropy => {
            let mut params = EntropyLossParams::new(p, read_target(args, metric)?).metric(metric);
            if let Some(d) = args.delta {
                params = params.delta(d);
            }
            Box::new(params.check()?)
        }
        LossKind::Densify => Box::new(
            DensificationLossParams::new(args.beta)
                .metric(metric)
                .check()?,
        ),
        LossKind::Connectivity => Box::new(
            ConnectivityLossParams::new(args.eta)
                .metric(metric)
                .check()?,
        ),
    })
}

/// Runs `toporeg loss`.
pub fn run(args: LossArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let metric = match (args.metric, args.kind) {
        (Some(m), _) => m.into(),
        (None, LossKind::Connectivity) => Metric::Manhattan,
        (None, _) => Metric::Euclidean,
    };
    let table = read_table(&args.points)?;
    let cloud = point_cloud(&table, &args.points)?;
    let loss = build(&args, metric)?;
    let labels = match &args.labels {
        Some(path) => Some(read_labels(path, table.rows)?),
        None if args.kind == LossKind::Densify => {
            bail!("--kind densify needs --labels FILE (one class label per point)")
        }
        None => None,
    };
    let batch = match &labels {
        Some(l) => Batch::labelled(cloud, l)?,
        None => Batch::new(cloud),
    };
    let (value, grad) = loss.value_and_grad(batch)?;
    let rows: Vec<&[f64]> = grad.chunks(table.cols).collect();
    let doc = serde_json::json!({ "value": value, "grad": rows });
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    /// `toporeg loss ARGS…`, its output parsed as JSON.
    fn call(args: &[&str]) -> anyhow::Result<serde_json::Value> {
        let mut argv = vec!["loss"];
        argv.extend_from_slice(args);
        Ok(serde_json::from_str(&crate::cli::run_to_string(&argv)?)?)
    }

    /// The error of `toporeg loss ARGS…`, with its causes.
    fn error_of(args: &[&str]) -> String {
        format!("{:#}", call(args).unwrap_err())
    }

    fn grad(v: &serde_json::Value) -> Vec<Vec<f64>> {
        serde_json::from_value(v["grad"].clone()).unwrap()
    }

    #[test]
    fn every_kind_prints_value_and_gradient() {
        let dir = tempfile::tempdir().unwrap();
        let pts = dir.path().join("points.txt");
        // the corners of a unit square, slightly perturbed, and a far point
        fs::write(&pts, "0 0\n1 0.05\n1.1 1\n0 0.95\n3 3\n").unwrap();
        let target = dir.path().join("target.txt");
        fs::write(&target, "0 1\n0 1.2\n0 inf\n").unwrap();
        let labels = dir.path().join("labels.txt");
        fs::write(&labels, "0\n0\n1\n1\n1\n").unwrap();
        let (p, t, l) = (
            pts.to_str().unwrap(),
            target.to_str().unwrap(),
            labels.to_str().unwrap(),
        );
        let cases: Vec<Vec<&str>> = vec![
            vec![p, "--kind", "push", "--dim", "1"],
            vec![p, "--kind", "reininghaus", "--target", t, "--sigma", "0.1"],
            vec![p, "--kind", "4sgde", "--target", t, "--sigma", "0.3"],
            vec![
                p, "--kind", "4sgde", "--target", t, "--sigma", "0.3", "--grid", "0:2:5", "--mean",
            ],
            vec![p, "--kind", "bottleneck", "--target", t],
            vec![p, "--kind", "entropy", "--target", t, "--delta", "0.1"],
            vec![p, "--kind", "entropy", "--dim", "1", "--target-points", p],
            vec![p, "--kind", "densify", "--labels", l, "--beta", "0.5"],
            vec![p, "--kind", "connectivity", "--eta", "1"],
            vec![p, "--kind", "connectivity", "--metric", "euclidean"],
        ];
        for args in cases {
            let v = call(&args).unwrap_or_else(|e| panic!("{args:?}: {e:#}"));
            assert!(v["value"].as_f64().unwrap().is_finite(), "{args:?}");
            let g = grad(&v);
            assert_eq!(g.len(), 5, "{args:?}");
            assert!(g.iter().all(|r| r.len() == 2), "{args:?}");
        }
        // the push value of degree 1 is minus the one H1 bar's length
        let v = call(&[p, "--kind", "push", "--dim", "1"]).unwrap();
        assert!(v["value"].as_f64().unwrap() < 0.0);
        // a target of its own diagram: zero bottleneck loss
        let v = call(&[p, "--kind", "bottleneck", "--target-points", p]).unwrap();
        assert_eq!(v["value"].as_f64().unwrap(), 0.0);
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let pts = dir.path().join("points.txt");
        fs::write(&pts, "0 0\n1 0\n0 x\n").unwrap();
        let p = pts.to_str().unwrap();
        let err = error_of(&[p, "--kind", "push"]);
        assert!(
            err.contains("line 3") && err.contains("points.txt"),
            "{err}"
        );
        fs::write(&pts, "0 0\n1 0\n0 1\n").unwrap();
        let err = error_of(&[p, "--kind", "bottleneck"]);
        assert!(err.contains("needs a target"), "{err}");
        let err = error_of(&[p, "--kind", "densify"]);
        assert!(err.contains("--labels"), "{err}");
        let err = error_of(&[p, "--kind", "reininghaus", "--target-points", p]);
        assert!(err.contains("--sigma"), "{err}");
        let err = error_of(&[p, "--kind", "connectivity", "--dim", "1"]);
        assert!(err.contains("H0"), "{err}");
        let labels = dir.path().join("labels.txt");
        fs::write(&labels, "0 1\n").unwrap();
        let err = error_of(&[p, "--kind", "densify", "--labels", labels.to_str().unwrap()]);
        assert!(err.contains("2 labels for 3 points"), "{err}");
        fs::write(&labels, "0\n1\n-1\n").unwrap();
        let err = error_of(&[p, "--kind", "densify", "--labels", labels.to_str().unwrap()]);
        assert!(err.contains("line 3"), "{err}");
        let target = dir.path().join("t.txt");
        fs::write(&target, "0 1\n2 x\n").unwrap();
        let err = error_of(&[
            p,
            "--kind",
            "bottleneck",
            "--target",
            target.to_str().unwrap(),
        ]);
        assert!(err.contains("line 2") && err.contains("t.txt"), "{err}");
        fs::write(&target, "0 1\n\n2 1\n").unwrap();
        let err = error_of(&[
            p,
            "--kind",
            "bottleneck",
            "--target",
            target.to_str().unwrap(),
        ]);
        assert!(
            err.contains("point 2") && err.contains("dies before"),
            "{err}"
        );
        let err = error_of(&[
            p,
            "--kind",
            "4sgde",
            "--target-points",
            p,
            "--sigma",
            "1",
            "--grid",
            "0:1",
        ]);
        assert!(err.contains("LO:HI:M"), "{err}");
        let err = error_of(&[
            p,
            "--kind",
            "reininghaus",
            "--target-points",
            p,
            "--sigma=-1",
        ]);
        assert!(err.contains("sigma"), "{err}");
    }

    #[test]
    fn gradient_of_connectivity_on_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let pts = dir.path().join("line.txt");
        fs::write(&pts, "0\n0.5\n3\n").unwrap();
        let v = call(&[
            pts.to_str().unwrap(),
            "--kind",
            "connectivity",
            "--eta",
            "1",
        ])
        .unwrap();
        assert_eq!(v["value"].as_f64().unwrap(), 2.0);
        assert_eq!(grad(&v), vec![vec![1.0], vec![-2.0], vec![1.0]]);
    }
}

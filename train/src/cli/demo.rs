//! `toporeg demo`: persistence of an embedded example, explained, then
//! VAE0 against TopoVAE1 on the embedded digits, with an HTML report.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dfdx::prelude::Cpu;
use toporeg::{ConnectivityLossParams, PushLossParams};
use toporeg::{Metric, PersistencePair, PointCloud, RipsParams, SplitMix64};

use crate::data;
use crate::descent::DescentParams;
use crate::experiments::{compare, vae_views, CompareConfig, Event, Trainer, VaeConfig};
use crate::models::ModelKind;
use crate::report::{bce_curves_svg, compare_table, vae_figures, HtmlReport, Progress, Section};

/// Options of `toporeg demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seeds (runs of each model) of the VAE comparison.
    #[arg(long, default_value_t = 3)]
    pub seeds: usize,
    /// Training steps per run of the VAE comparison.
    #[arg(long, default_value_t = 100)]
    pub steps: usize,
    /// Directory of the HTML report.
    #[arg(long, default_value = "toporeg-demo")]
    pub out: PathBuf,
    /// Show a progress bar on standard error while the VAEs train.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub progress: bool,
}

impl Default for DemoArgs {
    fn default() -> Self {
        Self {
            seeds: 3,
            steps: 100,
            out: PathBuf::from("toporeg-demo"),
            progress: true,
        }
    }
}

/// The example cloud: a noisy unit circle around the origin (40 points) and
/// two tight clusters of 15 points around (4, 0) and (4, 3), generated
/// deterministically (seeded [`SplitMix64`]).
pub fn example_cloud() -> Vec<f64> {
    let mut rng = SplitMix64::new(0x2545_F491_4F6C_DD1D);
    let mut uniform = move || rng.next_f64() - 0.5;
    let mut pts = Vec::new();
    for i in 0..40 {
        let t = std::f64::consts::TAU * f64::from(i) / 40.0;
        let r = 1.0 + 0.1 * uniform();
        pts.extend([r * t.cos(), r * t.sin()]);
    }
    for (cx, cy) in [(4.0, 0.0), (4.0, 3.0)] {
        for _ in 0..15 {
            pts.extend([cx + 0.4 * uniform(), cy + 0.4 * uniform()]);
        }
    }
    pts
}

fn describe(p: &PersistencePair<f64>) -> String {
    let edge = |e: Option<[usize; 2]>| e.map_or("-".to_owned(), |[a, b]| format!("{{{a}, {b}}}"));
    format!(
        "[{:.4}, {:.4})  persistence {:.4}  born with edge {}, killed by edge {}",
        p.birth,
        p.death,
        p.persistence(),
        edge(p.birth_edge),
        edge(p.death_edge)
    )
}

/// A one-line text histogram of `values` over `[lo, hi)` in `bins` bins
/// (values at or past `hi` count in the last bin).
fn sparkline(values: &[f64], lo: f64, hi: f64, bins: usize) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let mut counts = vec![0usize; bins];
    for &v in values {
        let k = ((v - lo) / (hi - lo) * bins as f64).floor();
        counts[(k.max(0.0) as usize).min(bins - 1)] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                LEVELS[(c * (LEVELS.len() - 1)).div_ceil(max)]
            }
        })
        .collect()
}

/// Finite H0 death times (the merge scales of the components).
fn h0_deaths(pts: &[f64], dim: usize, metric: Metric) -> anyhow::Result<Vec<f64>> {
    let pers = toporeg::h0_persistence(&PointCloud::new(pts, dim)?, metric)?;
    Ok(pers
        .pairs(0)
        .iter()
        .filter(|p| !p.is_essential())
        .map(|p| p.death)
        .collect())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// Runs the demo: the topology of an example (parts 1 to 3), then VAE0
/// against TopoVAE1 (part 4) and the HTML report, whose path it prints
/// last.
pub fn run(args: DemoArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut text = Vec::new();
    explain_topology(&mut text)?;
    out.write_all(&text)?;
    let mut part4 = Vec::new();
    let report = train_vaes(&args, &mut part4)?;
    out.write_all(&part4)?;
    let mut html = HtmlReport::new("toporeg demo");
    html.push(Section::Heading(
        "The topology of point clouds, and how a loss shapes it".into(),
    ))
    .push(Section::Pre(String::from_utf8_lossy(&text).into_owned()));
    for s in report {
        html.push(s);
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let path = args.out.join("index.html");
    crate::checkpoint::write_atomic(&path, html.to_html().as_bytes())?;
    let shown = path.canonicalize().unwrap_or(path);
    writeln!(
        out,
        "\n5. The report, with the figures: {}",
        shown.display()
    )?;
    Ok(())
}

/// Part 4: VAE0 against TopoVAE1 from the same start on the digits. Prints
/// the table and returns the report's sections.
fn train_vaes(args: &DemoArgs, out: &mut dyn Write) -> anyhow::Result<Vec<Section>> {
    let data = data::DataSource::Digits.load(0)?;
    let config = CompareConfig {
        models: vec![ModelKind::TopoVae1],
        seeds: args.seeds.max(1),
        steps: args.steps.max(1),
        base: VaeConfig::new(ModelKind::Vae0),
    };
    let dev = Cpu::default();
    let mut progress = Progress::new(args.progress);
    let (mut current, mut topo_steps, mut acting) = (ModelKind::Vae0, 0usize, 0usize);
    let result = compare(&dev, &data, &config, &mut |e| {
        progress.handle(&e);
        match e {
            Event::RunStarts { model, .. } => current = model,
            Event::Step(r) if current == ModelKind::TopoVae1 => {
                topo_steps += 1;
                acting += usize::from(r.train.topo_grad_norm > 0.0);
            }
            _ => {}
        }
    })?;
    progress.finish();
    let table = compare_table(&result);
    let (t0, t1) = (result.rows[0].time10.mean, result.rows[1].time10.mean);
    let intro = format!(
        "VAE0 (loss KLD + BCE) and TopoVAE1 (the same plus 5·bottleneck_0 + 5·bottleneck_1\n\
         between the diagrams of the decoded batch and of the input batch) train from the\n\
         same initial weights on the same batches of {} digits ({} parameters, batch {}),\n\
         {} seeds × {} steps. r(s) is the relative improvement of TopoVAE1's held-out\n\
         BCE over VAE0's after s steps, in percent (mean ± std over the seeds):",
        data.train.len(),
        result.parameters,
        config.base.batch,
        config.seeds,
        config.steps
    );
    let acts = if acting == 0 {
        format!(
            "TopoVAE1's regularizer acted at none of its {topo_steps} steps: the bottleneck\n\
             distance was realised by a bar of the input batch matched to the diagonal (the\n\
             decoded batch's bars are much shorter this early), where it does not depend on\n\
             the outputs, so its gradient is zero and both models train alike. The other\n\
             TopoVAEs act from the first step (toporeg vae-compare)."
        )
    } else {
        format!(
            "TopoVAE1's regularizer had a non-zero gradient at {acting} of its {topo_steps} steps."
        )
    };
    let verdict = format!(
        "{acts}\n\
         Time: a VAE0 step of this small model takes {:.1} ms and the topology adds\n\
         {:.1} ms ({:.2}× in all): the targets (the H0 and H1 diagrams of each input batch)\n\
         are computed on a second thread during the previous step, and the loss with its\n\
         exact gradient is one call into the core. That cost does not grow with the model,\n\
         so it is a small fraction of a step of a large one.",
        100.0 * t0,
        100.0 * (t1 - t0).max(0.0),
        t1 / t0
    );
    writeln!(
        out,
        "\n4. Training a VAE with a topological regularizer\n{intro}\n\n{table}\n{verdict}"
    )?;
    // the figures: one TopoVAE1 trained longer, so that its outputs look
    // like digits (and its regularizer may start to act)
    let figure_steps = 6 * config.steps;
    let mut trainer = Trainer::new(&dev, &data, VaeConfig::new(ModelKind::TopoVae1))?;
    let mut acting_late = 0;
    while trainer.steps_done() < figure_steps {
        acting_late += usize::from(trainer.step()?.train.topo_grad_norm > 0.0);
    }
    let views = vae_views(trainer.vae(), &data.test, 12, 0);
    let (png, scatter) = vae_figures(&views, "TopoVAE1: latent means of held-out digits")?;
    Ok(vec![
        Section::Heading("VAE0 against TopoVAE1 on the digits".into()),
        Section::Text(intro.replace('\n', " ")),
        Section::Pre(table),
        Section::Text(verdict.replace('\n', " ")),
        Section::Svg {
            svg: bce_curves_svg("training BCE, mean over seeds", &result.curves)?,
            caption: "Training BCE per sample of both models at every step (same batches).".into(),
        },
        Section::Png {
            png,
            caption: format!(
                "TopoVAE1 after {figure_steps} steps (seed 0; its regularizer acted at \
                 {acting_late} of them): held-out digits (top row), their reconstructions \
                 (second row), and decodings of random latent codes (last two rows)."
            ),
        },
        Section::Svg {
            svg: scatter,
            caption:
                "The latent means of the held-out digits, first two principal components, by class."
                    .into(),
        },
    ])
}

/// Parts 1 to 3: persistence with generators, losses shaping a cloud, the
/// digits' H0 death times.
fn explain_topology(out: &mut dyn Write) -> anyhow::Result<()> {
    let pts = example_cloud();
    let cloud = PointCloud::new(&pts, 2)?;
    let pers = toporeg::persistence(&cloud, Metric::Euclidean, &RipsParams::new())?;
    writeln!(
        out,
        "toporeg demo: the topology of point clouds, and how a loss shapes it\n\n\
         1. Persistence with generators\n\
         {} points in the plane: a noisy unit circle (points 0-39) and two clusters\n\
         around (4,0) and (4,3) (points 40-54 and 55-69).\n",
        cloud.n_points()
    )?;
    let mut h0: Vec<_> = pers.pairs(0).iter().filter(|p| !p.is_essential()).collect();
    h0.sort_by(|a, b| b.persistence().total_cmp(&a.persistence()));
    let short = h0.iter().filter(|p| p.death < 0.5).count();
    writeln!(
        out,
        "H0: {} bars. Every point is born at 0; a bar ends when its component merges\n\
         into another. {short} end before 0.5 (neighbours on the circle or in a cluster),\n\
         one never ends ([0, inf): the last component), and the long ones are the gaps\n\
         between the three groups:",
        pers.pairs(0).len()
    )?;
    for p in h0.iter().filter(|p| p.death >= 0.5) {
        writeln!(out, "  {}", describe(p))?;
    }
    let mut h1: Vec<_> = pers.pairs(1).iter().collect();
    h1.sort_by(|a, b| b.persistence().total_cmp(&a.persistence()));
    writeln!(
        out,
        "H1: {} bars. The circle's loop is born when the ring closes and dies when a\n\
         long chord fills it in; the other bars are noise:",
        h1.len()
    )?;
    for p in &h1 {
        writeln!(out, "  {}", describe(p))?;
    }
    writeln!(
        out,
        "The generator edges are what a loss differentiates through: moving their\n\
         endpoints moves the bar's birth or death.\n\n\
         2. Shaping the topology with a loss (plain gradient descent on the points)"
    )?;

    let loop_length = |pts: &[f64]| -> anyhow::Result<f64> {
        let pers = toporeg::persistence(
            &PointCloud::new(pts, 2)?,
            Metric::Euclidean,
            &RipsParams::new(),
        )?;
        Ok(pers
            .pairs(1)
            .iter()
            .map(|p| p.persistence())
            .fold(0.0, f64::max))
    };
    let mut moved = pts.clone();
    let push = PushLossParams::new(1).check()?;
    let before = loop_length(&moved)?;
    DescentParams::new(0.02)
        .steps(100)
        .check()?
        .run(&push, &mut moved, 2, None)?;
    writeln!(
        out,
        "push loss, degree 1 (-Σ H1 persistence), 100 steps: the longest loop's bar\n\
         grows from {before:.3} to {:.3}.",
        loop_length(&moved)?
    )?;

    let eta = 0.5;
    let mut moved = pts.clone();
    let connectivity = ConnectivityLossParams::new(eta).check()?;
    let deaths_before = h0_deaths(&moved, 2, Metric::Manhattan)?;
    let descent = DescentParams::new(0.01).steps(200).check()?;
    let report = descent.run(&connectivity, &mut moved, 2, None)?;
    let (first, last) = (report.first, report.last);
    let deaths_after = h0_deaths(&moved, 2, Metric::Manhattan)?;
    writeln!(
        out,
        "connectivity loss (COREL) with η = {eta}, L1 metric, 200 steps: L_η {first:.2} -> {last:.2}.\n\
         H0 death times on [0, 3), before and after:\n  |{}|\n  |{}|",
        sparkline(&deaths_before, 0.0, 3.0, 30),
        sparkline(&deaths_after, 0.0, 3.0, 30),
    )?;

    let digits = data::digits()?;
    let per_class = 60;
    writeln!(
        out,
        "\n3. The embedded digits ({} images of 8×8 pixels, {} classes)\n\
         Median H0 death time (Euclidean, pixels in [0, 1]) of {per_class} images: within each\n\
         class, and of the same number of images of all classes mixed. The densification\n\
         loss (Σ |t − β| over each class's H0 death times t, β = 0.7) trains a\n\
         classifier's representation so that the within-class values move to β.",
        digits.len(),
        digits.classes()
    )?;
    let mut row = String::new();
    for class in 0..digits.classes() {
        let block = digits.class_samples(class, per_class);
        let mut deaths = h0_deaths(&block, digits.dim, Metric::Euclidean)?;
        row.push_str(&format!(" {class}:{:.2}", median(&mut deaths)));
    }
    let mut mixed = h0_deaths(
        &digits.features[..per_class * digits.dim],
        digits.dim,
        Metric::Euclidean,
    )?;
    writeln!(out, " {row}\n  mixed: {:.2}", median(&mut mixed))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_explains_every_part() {
        let dir = tempfile::tempdir().unwrap();
        let args = DemoArgs {
            seeds: 1,
            steps: 4,
            out: dir.path().join("report"),
            progress: false,
        };
        let mut out = Vec::new();
        run(args, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for part in [
            "1. Persistence with generators",
            "2. Shaping the topology",
            "3. The embedded digits",
            "4. Training a VAE",
            "TopoVAE1",
            "r(3) %",
            "index.html",
        ] {
            assert!(text.contains(part), "{part} missing:\n{text}");
        }
        let html = std::fs::read_to_string(dir.path().join("report/index.html")).unwrap();
        for part in [
            "<svg",
            "data:image/png;base64,",
            "1. Persistence with generators",
            "VAE0 against TopoVAE1",
        ] {
            assert!(html.contains(part), "{part} missing from the report");
        }
    }

    #[test]
    fn sparkline_counts_every_value() {
        assert_eq!(sparkline(&[0.0, 0.1, 2.9, 5.0], 0.0, 3.0, 3), "█ █");
        assert_eq!(sparkline(&[], 0.0, 1.0, 2), "  ");
    }
}

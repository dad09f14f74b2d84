//! Text tables and figure sets of the experiments' results.

use super::plots::{image_grid_png, latent_scatter_svg, pca2, ImageGrid};
use crate::experiments::{CompareResult, VaeViews};

/// The comparison table: one row per model, the time of 10 training steps
/// and `r(s)` in percent as mean ± std over the seeds.
///
/// ```
/// use toporeg_train::experiments::{CompareConfig, CompareResult, CompareRow, MeanStd};
/// use toporeg_train::models::ModelKind;
/// let row = CompareRow {
///     model: ModelKind::TopoVae1,
///     time10: MeanStd { mean: 0.5, std: 0.01 },
///     r: vec![(25, MeanStd { mean: 0.3, std: 0.1 })],
/// };
/// let result = CompareResult { config: CompareConfig::new(), parameters: 10, rows: vec![row], curves: vec![] };
/// let table = toporeg_train::report::compare_table(&result);
/// assert!(table.contains("TopoVAE1") && table.contains("+0.30 ± 0.10"));
/// ```
pub fn compare_table(result: &CompareResult) -> String {
    let r_steps: Vec<usize> = result
        .rows
        .first()
        .map(|r| r.r.iter().map(|x| x.0).collect())
        .unwrap_or_default();
    let mut out = format!("{:<12} {:>20}", "model", "time of 10 steps (s)");
    for s in &r_steps {
        out.push_str(&format!(" {:>16}", format!("r({s}) %")));
    }
    out.push('\n');
    for row in &result.rows {
        out.push_str(&format!(
            "{:<12} {:>20}",
            row.model.label(),
            format!("{:.3} ± {:.3}", row.time10.mean, row.time10.std)
        ));
        for (_, r) in &row.r {
            out.push_str(&format!(
                " {:>16}",
                format!("{:+.2} ± {:.2}", r.mean, r.std)
            ));
        }
        out.push('\n');
    }
    out
}

/// The figures of a trained VAE: a PNG grid (originals, reconstructions,
/// then two rows of samples from the prior) and the latent means' first two
/// principal components coloured by class (SVG).
///
/// # Errors
/// A drawing failure.
pub fn vae_figures(views: &VaeViews, title: &str) -> anyhow::Result<(Vec<u8>, String)> {
    let dim = views.originals.first().map_or(0, Vec::len);
    let (height, width) = ImageGrid::shape_for(dim);
    let k = views.originals.len();
    let grid = ImageGrid {
        height,
        width,
        rows: vec![
            views.originals.clone(),
            views.reconstructions.clone(),
            views.samples[..k.min(views.samples.len())].to_vec(),
            views.samples[k.min(views.samples.len())..].to_vec(),
        ],
    };
    let png = image_grid_png(&grid)?;
    let latent = views.latent_means.len() / views.labels.len().max(1);
    let svg = latent_scatter_svg(title, &pca2(&views.latent_means, latent), &views.labels)?;
    Ok((png, svg))
}

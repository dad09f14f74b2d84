//! Reporting: progress bars, plots (SVG curves and scatter, PNG image
//! grids), the HTML report and JSON lines of metrics.

mod html;
mod jsonl;
mod plots;
mod progress;
mod tables;

pub use html::{HtmlReport, Section};
pub use jsonl::{JsonLines, MetricsLine};
pub use plots::{
    bce_curves_svg, image_grid_png, latent_scatter_svg, loss_curves_svg, pca2, ImageGrid,
};
pub use progress::Progress;
pub use tables::{compare_table, vae_figures};

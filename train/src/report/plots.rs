//! Figures: loss curves and latent scatters as SVG (plotters), image grids
//! as PNG.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::experiments::{Curve, EvalRecord, StepRecord};

type PlotResult = Result<(), Box<dyn std::error::Error>>;

fn plot_error(e: Box<dyn std::error::Error>) -> anyhow::Error {
    anyhow::anyhow!("drawing a figure: {e}")
}

/// The `k`-th colour of the figures (colour-blind friendly for k < 8).
fn colour(k: usize) -> RGBColor {
    const OKABE_ITO: [(u8, u8, u8); 8] = [
        (0, 114, 178),
        (213, 94, 0),
        (0, 158, 115),
        (204, 121, 167),
        (230, 159, 0),
        (86, 180, 233),
        (0, 0, 0),
        (240, 228, 66),
    ];
    if k < OKABE_ITO.len() {
        let (r, g, b) = OKABE_ITO[k];
        RGBColor(r, g, b)
    } else {
        let c = Palette99::pick(k).to_rgba();
        RGBColor(c.0, c.1, c.2)
    }
}

fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.05).max(1e-9);
    (lo - pad, hi + pad)
}

/// One line chart with named series of `(x, y)` points.
/// A chart drawn into an SVG string: the plotters context that
/// [`svg_chart`] hands to the function that draws the series.
type SvgChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One SVG figure in the house style: white background, caption, axis
/// descriptions, the series drawn by `series`, and the legend.
fn svg_chart(
    size: (u32, u32),
    title: &str,
    [x_desc, y_desc]: [&str; 2],
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    series: impl FnOnce(&mut SvgChart<'_, '_>) -> PlotResult,
) -> anyhow::Result<String> {
    let mut svg = String::new();
    let draw = |svg: &mut String| -> PlotResult {
        let root = SVGBackend::with_string(svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        series(&mut chart)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()?;
        root.present()?;
        Ok(())
    };
    draw(&mut svg).map_err(plot_error)?;
    Ok(svg)
}

fn line_chart(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> anyhow::Result<String> {
    let x = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.0)));
    let y = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.1)));
    svg_chart((820, 480), title, [x_desc, y_desc], x, y, |chart| {
        for (k, (name, points)) in series.iter().enumerate() {
            let c = colour(k);
            chart
                .draw_series(LineSeries::new(points.iter().copied(), c.stroke_width(2)))?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                });
        }
        Ok(())
    })
}

/// The training curves of one run: BCE, KLD and the regularizer per
/// sample, and the held-out BCE.
///
/// # Errors
/// A plotting failure.
pub fn loss_curves_svg(
    title: &str,
    steps: &[StepRecord],
    evals: &[EvalRecord],
) -> anyhow::Result<String> {
    let pick = |f: fn(&StepRecord) -> f64| {
        steps
            .iter()
            .map(|r| (r.step as f64, f(r)))
            .collect::<Vec<_>>()
    };
    let mut series = vec![
        ("training BCE".to_owned(), pick(|r| r.train.bce)),
        ("training KLD".to_owned(), pick(|r| r.train.kld)),
    ];
    if steps.iter().any(|r| r.train.topo != 0.0) {
        series.push(("regularizer".to_owned(), pick(|r| r.train.topo)));
    }
    series.push((
        "held-out BCE".to_owned(),
        evals.iter().map(|e| (e.step as f64, e.bce)).collect(),
    ));
    line_chart(title, "step", "per sample", &series)
}

/// The training BCE curves of several models, overlaid.
///
/// # Errors
/// A plotting failure.
pub fn bce_curves_svg(title: &str, curves: &[Curve]) -> anyhow::Result<String> {
    let series: Vec<_> = curves
        .iter()
        .map(|c| {
            (
                c.model.label().to_owned(),
                c.train_bce
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| ((i + 1) as f64, b))
                    .collect(),
            )
        })
        .collect();
    line_chart(
        title,
        "step",
        "training BCE per sample (mean over seeds)",
        &series,
    )
}

/// The first two principal components of `points` (`n × dim`).
pub fn pca2(points: &[f32], dim: usize) -> Vec<(f64, f64)> {
    let n = points.len().checked_div(dim).unwrap_or(0);
    if n == 0 {
        return Vec::new();
    }
    let mut mean = vec![0.0; dim];
    for row in points.chunks(dim) {
        for (m, &v) in mean.iter_mut().zip(row) {
            *m += f64::from(v) / n as f64;
        }
    }
    let centred: Vec<Vec<f64>> = points
        .chunks(dim)
        .map(|row| {
            row.iter()
                .zip(&mean)
                .map(|(&v, m)| f64::from(v) - m)
                .collect()
        })
        .collect();
    let mut cov = vec![vec![0.0; dim]; dim];
    for row in &centred {
        for i in 0..dim {
            for j in 0..dim {
                cov[i][j] += row[i] * row[j];
            }
        }
    }
    let mut axes: Vec<Vec<f64>> = Vec::new();
    for k in 0..2.min(dim) {
        let mut v: Vec<f64> = (0..dim).map(|i| 1.0 + (i + k) as f64 * 0.1).collect();
        for _ in 0..200 {
            let mut w: Vec<f64> = (0..dim)
                .map(|i| (0..dim).map(|j| cov[i][j] * v[j]).sum())
                .collect();
            for a in &axes {
                let dot: f64 = w.iter().zip(a).map(|(x, y)| x * y).sum();
                for (x, y) in w.iter_mut().zip(a) {
                    *x -= dot * y;
                }
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 {
                break;
            }
            v = w.into_iter().map(|x| x / norm).collect();
        }
        axes.push(v);
    }
    centred
        .iter()
        .map(|row| {
            let p = |k: usize| {
                axes.get(k)
                    .map_or(0.0, |a| row.iter().zip(a).map(|(x, y)| x * y).sum())
            };
            (p(0), p(1))
        })
        .collect()
}

/// A scatter of 2-D points coloured by class.
///
/// # Errors
/// A plotting failure.
pub fn latent_scatter_svg(
    title: &str,
    points: &[(f64, f64)],
    labels: &[usize],
) -> anyhow::Result<String> {
    let x = range(points.iter().map(|p| p.0));
    let y = range(points.iter().map(|p| p.1));
    let axes = ["principal component 1", "principal component 2"];
    svg_chart((560, 520), title, axes, x, y, |chart| {
        let classes = labels.iter().max().map_or(0, |m| m + 1);
        for class in 0..classes {
            let c = colour(class);
            chart
                .draw_series(
                    points
                        .iter()
                        .zip(labels)
                        .filter(|(_, &l)| l == class)
                        .map(|(&p, _)| Circle::new(p, 3, c.mix(0.8).filled())),
                )?
                .label(format!("class {class}"))
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, c.filled()));
        }
        Ok(())
    })
}

/// Rows of grey-level images (values in `[0, 1]`, `height × width` each,
/// row-major) to draw as one PNG.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageGrid {
    /// Image height in pixels (1 for 1-D signals, drawn as strips).
    pub height: usize,
    /// Image width in pixels.
    pub width: usize,
    /// The rows of the grid, each a list of images.
    pub rows: Vec<Vec<Vec<f32>>>,
}

impl ImageGrid {
    /// The image shape for `dim` features: a square when `dim` is a perfect
    /// square, else a 1-pixel-high strip.
    pub fn shape_for(dim: usize) -> (usize, usize) {
        let side = (dim as f64).sqrt().round() as usize;
        if side * side == dim {
            (side, side)
        } else {
            (1, dim)
        }
    }
}

/// The grid as a grey-level PNG, each image magnified to about 64 pixels
/// (strips to 160 × 24), with 2-pixel gaps.
///
/// # Errors
/// An image of the wrong size, or a PNG encoding failure.
pub fn image_grid_png(grid: &ImageGrid) -> anyhow::Result<Vec<u8>> {
    let (h, w) = (grid.height.max(1), grid.width.max(1));
    let (sy, sx) = if h == 1 {
        (24, (160 / w).max(1))
    } else {
        ((64 / h).max(1), (64 / w).max(1))
    };
    let gap = 2;
    let cols = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    let (cell_w, cell_h) = (w * sx + gap, h * sy + gap);
    let (width, height) = (cols * cell_w + gap, grid.rows.len() * cell_h + gap);
    let mut pixels = vec![160u8; width * height];
    for (r, row) in grid.rows.iter().enumerate() {
        for (c, img) in row.iter().enumerate() {
            if img.len() != h * w {
                anyhow::bail!(
                    "an image of {} values in a grid of {h}×{w} images",
                    img.len()
                );
            }
            for y in 0..h * sy {
                for x in 0..w * sx {
                    let v = img[(y / sy) * w + x / sx].clamp(0.0, 1.0);
                    let (py, px) = (gap + r * cell_h + y, gap + c * cell_w + x);
                    pixels[py * width + px] = (255.0 * (1.0 - v)).round() as u8;
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width as u32, height as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pca_finds_the_main_axis() {
        // points along (1, 1, 0) with a little spread along (0, 0, 1)
        let pts: Vec<f32> = (0..20)
            .flat_map(|i| {
                let t = i as f32 - 10.0;
                [t, t, 0.1 * (i % 3) as f32]
            })
            .collect();
        let p = pca2(&pts, 3);
        assert_eq!(p.len(), 20);
        let spread = |k: usize| {
            p.iter()
                .map(|q| if k == 0 { q.0 } else { q.1 }.powi(2))
                .sum::<f64>()
        };
        assert!(spread(0) > 100.0 * spread(1));
    }

    #[test]
    fn figures_are_drawn() {
        let grid = ImageGrid {
            height: 2,
            width: 2,
            rows: vec![vec![vec![0.0, 1.0, 0.5, 0.2]; 3], vec![vec![1.0; 4]]],
        };
        let png = image_grid_png(&grid).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let bad = ImageGrid {
            rows: vec![vec![vec![0.0; 3]]],
            ..grid
        };
        assert!(image_grid_png(&bad).is_err());
        let svg = latent_scatter_svg("latent", &[(0.0, 1.0), (1.0, 0.0)], &[0, 1]).unwrap();
        assert!(svg.contains("<svg") && svg.contains("class 1"));
        assert_eq!(ImageGrid::shape_for(784), (28, 28));
        assert_eq!(ImageGrid::shape_for(40), (1, 40));
    }
}

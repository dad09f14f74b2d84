//! Ripser's input formats: point clouds, full / lower / upper triangular
//! distance matrices and sparse `i j d` triplets.
//!
//! Values are separated by commas and/or whitespace. Every parse error names
//! the 1-based line it was found on.

use anyhow::{bail, Context};
use toporeg::{DistanceMatrix, SparseDistances};

use crate::io::{fields, parse_number, parse_table, Table};

/// How an input file is laid out (the names of Ripser's `--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One point per line, its coordinates separated by commas or spaces.
    PointCloud,
    /// A full `n × n` distance matrix, one row per line.
    Distance,
    /// The strict lower triangle, row by row (`d(1,0)`, `d(2,0) d(2,1)`, …);
    /// line breaks are not significant.
    LowerDistance,
    /// The strict upper triangle, row by row (`d(0,1) … d(0,n−1)`,
    /// `d(1,2) …`); line breaks are not significant.
    UpperDistance,
    /// One edge `i j d` per line (0-based vertices); missing pairs never
    /// enter the filtration. Read into neighbour lists, never into an
    /// `n × n` matrix, and reduced as a sparse filtration.
    Sparse,
}

/// The format `toporeg rips` assumes without `--format`: Ripser's default,
/// the lower-triangular distance matrix.
pub const DEFAULT_FORMAT: InputFormat = InputFormat::LowerDistance;

/// `(rows, columns)` when `text` looks like a point cloud: at least two
/// non-blank rows, all numeric and all of the same length (the rows of a
/// lower-triangular matrix grow by one value each). Used to suggest
/// `--format point-cloud` when a file does not parse as the default format.
///
/// ```
/// use toporeg_train::formats::looks_like_points;
/// assert_eq!(looks_like_points("1,0\n0,1\n-1,0\n"), Some((3, 2)));
/// assert_eq!(looks_like_points("1\n2,3\n"), None);
/// ```
pub fn looks_like_points(text: &str) -> Option<(usize, usize)> {
    parse_table(text)
        .ok()
        .filter(|t| t.rows >= 2)
        .map(|t| (t.rows, t.cols))
}

/// A parsed input: a point cloud, a distance matrix or a sparse graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Points, row-major.
    Points(Table),
    /// Distances.
    Distances(DistanceMatrix<f64>),
    /// The edges of the `sparse` format, as neighbour lists (never an
    /// `n × n` matrix; [`SparseDistances::to_matrix`] makes one).
    Graph(SparseDistances<f64>),
}

/// Parses `text` in the given format.
///
/// ```
/// use toporeg_train::formats::{parse_input, Input, InputFormat};
/// let Input::Distances(dm) = parse_input("1\n2, 3\n", InputFormat::LowerDistance)? else {
///     unreachable!()
/// };
/// assert_eq!(dm.n_points(), 3);
/// assert_eq!(dm.get(2, 1), 3.0);
/// # Ok::<(), anyhow::Error>(())
/// ```
///
/// # Errors
/// Text that is not a number (naming the line), a wrong number of values,
/// negative, NaN or asymmetric distances, non-finite coordinates.
pub fn parse_input(text: &str, format: InputFormat) -> anyhow::Result<Input> {
    match format {
        InputFormat::PointCloud => {
            let table = parse_table(text)?;
            if let Some(pos) = table.values.iter().position(|v| !v.is_finite()) {
                bail!(
                    "line {}: coordinate `{}` is not finite",
                    line_of_row(text, pos / table.cols),
                    table.values[pos]
                );
            }
            Ok(Input::Points(table))
        }
        InputFormat::Distance => {
            let table = parse_table(text)?;
            if table.rows != table.cols {
                bail!(
                    "a full distance matrix must be square: {} rows of {} values",
                    table.rows,
                    table.cols
                );
            }
            let dm = DistanceMatrix::from_full(table.rows, &table.values)
                .context("invalid distance matrix")?;
            Ok(Input::Distances(dm))
        }
        InputFormat::LowerDistance => {
            let values = flat_values(text)?;
            let lines = values.iter().map(|v| v.1).collect::<Vec<_>>();
            let values: Vec<f64> = values.into_iter().map(|v| v.0).collect();
            let dm = DistanceMatrix::from_lower(values)
                .map_err(|e| with_line(e, &lines))
                .context("invalid lower-triangular distance matrix")?;
            Ok(Input::Distances(dm))
        }
        InputFormat::UpperDistance => {
            let values = flat_values(text)?;
            let len = values.len();
            let n = triangular_side(len).with_context(|| {
                format!("{len} values are not the strict upper triangle of a square matrix")
            })?;
            let mut lower = vec![0.0; len];
            let mut k = 0;
            for i in 0..n {
                for j in i + 1..n {
                    lower[j * (j - 1) / 2 + i] = values[k].0;
                    k += 1;
                }
            }
            let dm = DistanceMatrix::from_lower(lower)
                .context("invalid upper-triangular distance matrix")?;
            Ok(Input::Distances(dm))
        }
        InputFormat::Sparse => {
            let mut edges = Vec::new();
            let mut n = 0;
            for (i, line) in text.lines().enumerate() {
                let line_no = i + 1;
                let f: Vec<&str> = fields(line).collect();
                if f.is_empty() {
                    continue;
                }
                if f.len() != 3 {
                    bail!("line {line_no}: expected `i j d`, found {} values", f.len());
                }
                let vertex = |s: &str| {
                    s.parse::<usize>()
                        .with_context(|| format!("line {line_no}: `{s}` is not a vertex index"))
                };
                let (a, b) = (vertex(f[0])?, vertex(f[1])?);
                let d = parse_number(f[2], line_no)?;
                if d.is_nan() || d < 0.0 {
                    bail!("line {line_no}: `{}` is not a non-negative distance", f[2]);
                }
                if a == b && d != 0.0 {
                    bail!("line {line_no}: a loop ({a}, {a}) must have distance 0");
                }
                n = n.max(a + 1).max(b + 1);
                edges.push((a, b, d));
            }
            if n == 0 {
                bail!("the input has no edges");
            }
            Ok(Input::Graph(SparseDistances::new(n, edges)?))
        }
    }
}

/// All numbers of the text with their line numbers.
fn flat_values(text: &str) -> anyhow::Result<Vec<(f64, usize)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for f in fields(line) {
            out.push((parse_number(f, i + 1)?, i + 1));
        }
    }
    Ok(out)
}

/// Names the line of a bad value in a flat list of values.
fn with_line(err: toporeg::Error, lines: &[usize]) -> anyhow::Error {
    let line = match &err {
        toporeg::Error::NonFinite { index, .. } => lines.get(*index).copied(),
        toporeg::Error::NegativeDistance { i, j, .. } if i != j => {
            lines.get(toporeg::lower_index(*i, *j)).copied()
        }
        _ => None,
    };
    match line {
        Some(l) => anyhow::Error::new(err).context(format!("line {l}")),
        None => anyhow::Error::new(err),
    }
}

/// The `n` with `n (n − 1) / 2 = len`.
fn triangular_side(len: usize) -> Option<usize> {
    let mut n = 1;
    while n * (n - 1) / 2 < len {
        n += 1;
    }
    (n * (n - 1) / 2 == len).then_some(n)
}

/// The 1-based line of the `row`-th non-blank line.
fn line_of_row(text: &str, row: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| fields(l).next().is_some())
        .nth(row)
        .map_or(0, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dm(input: Input) -> DistanceMatrix<f64> {
        match input {
            Input::Distances(d) => d,
            Input::Graph(g) => g.to_matrix(),
            Input::Points(_) => panic!("expected distances"),
        }
    }

    #[test]
    fn all_distance_formats_agree() {
        let lower = dm(parse_input("1\n2 3\n", InputFormat::LowerDistance).unwrap());
        let upper = dm(parse_input("1 2\n3\n", InputFormat::UpperDistance).unwrap());
        let full = dm(parse_input("0,1,2\n1,0,3\n2,3,0\n", InputFormat::Distance).unwrap());
        let sparse = dm(parse_input("0 1 1\n2 0 2\n1 2 3\n", InputFormat::Sparse).unwrap());
        assert_eq!(lower, upper);
        assert_eq!(lower, full);
        assert_eq!(lower, sparse);
    }

    #[test]
    fn errors_name_lines() {
        let e = format!(
            "{:#}",
            parse_input("1\n2 x\n", InputFormat::LowerDistance).unwrap_err()
        );
        assert!(e.contains("line 2"), "{e}");
        let e = format!(
            "{:#}",
            parse_input("1\n2 -3\n", InputFormat::LowerDistance).unwrap_err()
        );
        assert!(e.contains("line 2") && e.contains("negative"), "{e}");
        let e = format!(
            "{:#}",
            parse_input("1\n2\n", InputFormat::LowerDistance).unwrap_err()
        );
        assert!(e.contains("triangular"), "{e}");
        let e = format!(
            "{:#}",
            parse_input("0 1\n2 0\n", InputFormat::Distance).unwrap_err()
        );
        assert!(e.contains("symmetric"), "{e}");
        let e = format!(
            "{:#}",
            parse_input("0 1 1\n1 2\n", InputFormat::Sparse).unwrap_err()
        );
        assert!(e.contains("line 2"), "{e}");
        let e = format!(
            "{:#}",
            parse_input("1 2\n\n3 inf\n", InputFormat::PointCloud).unwrap_err()
        );
        assert!(e.contains("line 3"), "{e}");
    }
}

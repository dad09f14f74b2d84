//! Reading numeric tables (point clouds, labels) from text.
//!
//! Rows are lines; values are separated by commas and/or whitespace. Blank
//! lines are skipped. Every error names the 1-based line it was found on.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};
use toporeg::PointCloud;

/// A dense row-major table of numbers: `rows * cols` values.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// The values, row after row.
    pub values: Vec<f64>,
}

/// Reads the whole of `path`, or standard input when `path` is `None` or `-`,
/// as text. Gzip-compressed input (recognised by its magic bytes, whatever
/// the file is called) is decompressed on the way.
pub fn read_input(path: Option<&Path>) -> anyhow::Result<String> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            decode_text(bytes).with_context(|| format!("cannot read {}", p.display()))
        }
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            decode_text(bytes).context("cannot read standard input")
        }
    }
}

/// The UTF-8 text of `bytes`, decompressed first when they start with the
/// gzip magic number.
///
/// ```
/// use std::io::Write;
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// gz.write_all(b"1 2\n").unwrap();
/// let text = toporeg_train::io::decode_text(gz.finish().unwrap()).unwrap();
/// assert_eq!(text, "1 2\n");
/// assert_eq!(toporeg_train::io::decode_text(b"3 4\n".to_vec()).unwrap(), "3 4\n");
/// ```
///
/// # Errors
/// Corrupt gzip data, or text that is not UTF-8.
pub fn decode_text(bytes: Vec<u8>) -> anyhow::Result<String> {
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .read_to_end(&mut out)
            .context("invalid gzip data")?;
        out
    } else {
        bytes
    };
    String::from_utf8(bytes).context("the input is not UTF-8 text")
}

/// How `path` is named in messages: `standard input` for `-`.
pub fn source_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads a numeric table (a point cloud, for example) from `path`, or
/// standard input for `-`, naming the file in errors.
pub fn read_table(path: &Path) -> anyhow::Result<Table> {
    let text = read_input(Some(path))?;
    parse_table(&text).with_context(|| format!("in {}", source_name(path)))
}

/// The rows of `table`, read from `path`, as a checked point cloud; errors
/// (a non-finite value, for example) name the file.
pub fn point_cloud<'a>(table: &'a Table, path: &Path) -> anyhow::Result<PointCloud<'a, f64>> {
    PointCloud::new(&table.values, table.cols)
        .with_context(|| format!("points in {}", source_name(path)))
}

/// Splits one line into its fields (comma and/or whitespace separated).
pub fn fields(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|f| !f.is_empty())
}

/// Parses one field as a number, naming the line on failure. Accepts `inf`,
/// `-inf` and `nan` spellings, so that callers can reject them with a typed
/// error of their own.
pub fn parse_number(field: &str, line: usize) -> anyhow::Result<f64> {
    field
        .parse::<f64>()
        .with_context(|| format!("line {line}: `{field}` is not a number"))
}

/// Parses a rectangular table: every non-blank line must have the same
/// number of fields.
///
/// ```
/// let t = toporeg_train::io::parse_table("0, 1\n2 3\n\n4,5\n").unwrap();
/// assert_eq!((t.rows, t.cols), (3, 2));
/// assert_eq!(t.values, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
/// ```
pub fn parse_table(text: &str) -> anyhow::Result<Table> {
    let mut values = Vec::new();
    let mut cols = None;
    let mut rows = 0;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let before = values.len();
        for f in fields(line) {
            values.push(parse_number(f, line_no)?);
        }
        let width = values.len() - before;
        if width == 0 {
            continue;
        }
        match cols {
            None => cols = Some(width),
            Some(c) if c != width => {
                bail!("line {line_no}: expected {c} values like the first row, found {width}")
            }
            Some(_) => {}
        }
        rows += 1;
    }
    let Some(cols) = cols else {
        bail!("the input has no rows");
    };
    Ok(Table { rows, cols, values })
}

/// Reads a persistence diagram in Hera's format (`birth death` per line,
/// `inf`/`-inf` allowed) from `path`, or standard input for `-`. Errors name
/// the file and the line.
pub fn read_diagram(path: &Path) -> anyhow::Result<toporeg::Diagram<f64>> {
    let text = read_input(Some(path))?;
    toporeg::Diagram::parse_hera(&text).with_context(|| format!("in {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragged_rows_name_the_line() {
        let err = parse_table("1 2\n3\n").unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn bad_numbers_name_the_line() {
        let err = parse_table("1 2\n3 x\n").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("`x`"), "{err}");
    }

    #[test]
    fn diagram_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.txt");
        std::fs::write(&p, "0 1\n0 x\n").unwrap();
        let err = format!("{:#}", read_diagram(&p).unwrap_err());
        assert!(err.contains("d.txt") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse_table("\n\n").is_err());
    }
}

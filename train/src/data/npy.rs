//! NumPy's `.npy` format (version 1 to 3, C order, little-endian numbers).

use std::path::Path;

use super::{read_maybe_gz, DataError, Labelled};

/// An array read from a `.npy` file.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    /// The shape.
    pub shape: Vec<usize>,
    /// The values in C (row-major) order, converted to `f64`.
    pub data: Vec<f64>,
    /// Whether the stored type was an integer or boolean type.
    pub integer: bool,
}

/// The value of `key` in the header dictionary (up to the next `,` at
/// depth 0, or the closing brace).
fn header_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let start = header.find(&format!("'{key}'"))? + key.len() + 2;
    let rest = header[start..].trim_start().strip_prefix(':')?.trim_start();
    let mut depth = 0;
    for (i, ch) in rest.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | '}' if depth == 0 => return Some(rest[..i].trim()),
            _ => {}
        }
    }
    None
}

/// Reads a `.npy` file (gzipped or not): `<f4`, `<f8`, `|u1`, `|i1`, `<i2`,
/// `<u2`, `<i4`, `<u4`, `<i8`, `<u8` and `|b1` arrays in C order.
///
/// # Errors
/// [`DataError`] naming the file: a bad magic string or header, an
/// unsupported type or Fortran order, or a payload shorter or longer than
/// the shape needs.
pub fn read_npy(path: &Path) -> Result<NpyArray, DataError> {
    let bytes = read_maybe_gz(path)?;
    let bad = |reason: String| DataError::format(path, reason);
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("not a .npy file (bad magic string)".into()));
    }
    let (header_len, start) = match bytes[6] {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(bad(format!("unsupported .npy version {v}"))),
    };
    let header = bytes
        .get(start..start + header_len)
        .ok_or_else(|| bad("truncated header".into()))?;
    let header = std::str::from_utf8(header).map_err(|_| bad("header is not text".into()))?;
    let descr = header_value(header, "descr")
        .ok_or_else(|| bad("header has no 'descr'".into()))?
        .trim_matches(|c| c == '\'' || c == '"');
    if header_value(header, "fortran_order") != Some("False") {
        return Err(bad(
            "Fortran-order arrays are not supported (save in C order)".into(),
        ));
    }
    let shape_text =
        header_value(header, "shape").ok_or_else(|| bad("header has no 'shape'".into()))?;
    let shape = shape_text
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| bad(format!("bad shape {shape_text}")))?;
    type Decoder = fn(&[u8]) -> f64;
    let (size, integer, decode): (usize, bool, Decoder) = match descr {
        "<f4" => (4, false, |b| {
            f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        }),
        "<f8" => (8, false, |b| {
            f64::from_le_bytes(b.try_into().unwrap_or([0; 8]))
        }),
        "|u1" | "<u1" => (1, true, |b| f64::from(b[0])),
        "|i1" | "<i1" => (1, true, |b| f64::from(b[0] as i8)),
        "|b1" => (1, true, |b| f64::from(b[0])),
        "<i2" => (2, true, |b| f64::from(i16::from_le_bytes([b[0], b[1]]))),
        "<u2" => (2, true, |b| f64::from(u16::from_le_bytes([b[0], b[1]]))),
        "<i4" => (4, true, |b| {
            f64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        }),
        "<u4" => (4, true, |b| {
            f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        }),
        "<i8" => (8, true, |b| {
            i64::from_le_bytes(b.try_into().unwrap_or([0; 8])) as f64
        }),
        "<u8" => (8, true, |b| {
            u64::from_le_bytes(b.try_into().unwrap_or([0; 8])) as f64
        }),
        other => return Err(bad(format!("unsupported element type {other}"))),
    };
    let count = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| bad("shape overflows".into()))?;
    let payload = &bytes[start + header_len..];
    let need = count * size;
    if payload.len() < need {
        return Err(bad(format!(
            "truncated: shape {shape:?} of {descr} needs {need} bytes, found {}",
            payload.len()
        )));
    }
    if payload.len() > need {
        return Err(bad(format!(
            "{} bytes after the {need} that shape {shape:?} announces",
            payload.len() - need
        )));
    }
    Ok(NpyArray {
        shape,
        data: payload.chunks_exact(size).map(decode).collect(),
        integer,
    })
}

/// Samples from a `.npy` file of shape `(n, d)` (or `(n, h, w)`, flattened
/// to `h·w` features) and, optionally, labels from a second `.npy` file of
/// shape `(n,)` holding non-negative integers; without it every label is 0.
///
/// # Errors
/// [`DataError`] naming the file at fault: those of [`read_npy`], features
/// that are not finite, labels that are not integers, not one per sample,
/// or negative.
pub fn load_npy(features: &Path, labels: Option<&Path>) -> Result<Labelled, DataError> {
    let x = read_npy(features)?;
    if x.shape.len() < 2 || x.shape[0] == 0 || x.shape[1..].iter().product::<usize>() == 0 {
        return Err(DataError::format(
            features,
            format!(
                "expected a non-empty array of shape (samples, features…), found {:?}",
                x.shape
            ),
        ));
    }
    if let Some(i) = x.data.iter().position(|v| !v.is_finite()) {
        return Err(DataError::format(
            features,
            format!("value {i} is not finite"),
        ));
    }
    let n = x.shape[0];
    let dim = x.data.len() / n;
    let labels = match labels {
        None => vec![0; n],
        Some(path) => {
            let y = read_npy(path)?;
            if y.shape.len() != 1 || y.shape[0] != n {
                return Err(DataError::format(
                    path,
                    format!(
                        "expected {n} labels (shape ({n},)) for {}, found shape {:?}",
                        features.display(),
                        y.shape
                    ),
                ));
            }
            y.data
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    if v >= 0.0 && v.fract() == 0.0 && v < 1e9 {
                        Ok(v as usize)
                    } else {
                        Err(DataError::format(
                            path,
                            format!("label {i} is {v}, not a class number"),
                        ))
                    }
                })
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    Ok(Labelled {
        dim,
        features: x.data,
        labels,
    })
}

//! Data sets: the embedded default (8×8 handwritten digits) and labelled
//! tables read from CSV text.
//!
//! The digits (1 797 images, 64 grey levels 0..16 each, class 0..9) are
//! compiled into the binary, so nothing is downloaded. Source and licence:
//! `train/data/README.md` (UCI, CC BY 4.0).

use std::io::Read;

use anyhow::{bail, Context};

use crate::io::{fields, parse_number};

/// The gzipped CSV compiled into the binary.
const DIGITS_CSV_GZ: &[u8] = include_bytes!("../data/digits.csv.gz");

/// A labelled data set: `len()` samples of `dim` features, row-major, with
/// one class label each.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// Number of features per sample.
    pub dim: usize,
    /// The features, sample after sample.
    pub features: Vec<f64>,
    /// The class of each sample.
    pub labels: Vec<usize>,
}

impl Labelled {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The features of sample `i`.
    pub fn sample(&self, i: usize) -> &[f64] {
        &self.features[i * self.dim..(i + 1) * self.dim]
    }

    /// Number of classes (largest label + 1).
    pub fn classes(&self) -> usize {
        self.labels.iter().max().map_or(0, |&m| m + 1)
    }

    /// The first `per_class` samples of `class`, as a row-major block.
    pub fn class_samples(&self, class: usize, per_class: usize) -> Vec<f64> {
        self.labels
            .iter()
            .enumerate()
            .filter(|&(_, &l)| l == class)
            .take(per_class)
            .flat_map(|(i, _)| self.sample(i).iter().copied())
            .collect()
    }
}

/// The embedded 8×8 digits, pixels scaled to [0, 1].
///
/// ```
/// let digits = toporeg_train::data::digits().unwrap();
/// assert_eq!((digits.len(), digits.dim, digits.classes()), (1797, 64, 10));
/// ```
///
/// # Errors
/// Only if the embedded file were corrupt (a test reads it).
pub fn digits() -> anyhow::Result<Labelled> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DIGITS_CSV_GZ)
        .read_to_string(&mut text)
        .context("the embedded digits are not valid gzip")?;
    let mut data = parse_labelled_csv(&text)?;
    for v in &mut data.features {
        *v /= 16.0;
    }
    Ok(data)
}

/// Parses CSV text whose rows are features followed by an integer class
/// label in the last column (the layout of the embedded digits).
///
/// ```
/// let d = toporeg_train::data::parse_labelled_csv("0.5,1,0\n2,3,1\n").unwrap();
/// assert_eq!((d.len(), d.dim), (2, 2));
/// assert_eq!(d.labels, vec![0, 1]);
/// ```
///
/// # Errors
/// Rows of different lengths, non-numeric features, NaN or infinite
/// features, and labels that are not non-negative integers, each naming the
/// line.
pub fn parse_labelled_csv(text: &str) -> anyhow::Result<Labelled> {
    let mut features = Vec::new();
    let mut labels = Vec::new();
    let mut dim = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let row: Vec<&str> = fields(line).collect();
        let Some((label, values)) = row.split_last() else {
            continue;
        };
        match dim {
            None => dim = Some(values.len()),
            Some(d) if d != values.len() => bail!(
                "line {line_no}: expected {} features and a label like the first row, found {}",
                d,
                row.len()
            ),
            Some(_) => {}
        }
        for v in values {
            let x = parse_number(v, line_no)?;
            if !x.is_finite() {
                bail!("line {line_no}: feature `{v}` is not finite");
            }
            features.push(x);
        }
        let label: usize = label
            .parse()
            .with_context(|| format!("line {line_no}: label `{label}` is not a class number"))?;
        labels.push(label);
    }
    match dim {
        Some(dim) if dim > 0 => Ok(Labelled {
            dim,
            features,
            labels,
        }),
        Some(_) => bail!("rows have a label but no features"),
        None => bail!("the input has no rows"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_digits_are_complete() {
        let d = digits().unwrap();
        assert_eq!(d.len(), 1797);
        assert!(d.features.iter().all(|&v| (0.0..=1.0).contains(&v)));
        let mut counts = [0usize; 10];
        for &l in &d.labels {
            counts[l] += 1;
        }
        assert!(counts.iter().all(|&c| c > 170), "{counts:?}");
        assert_eq!(d.class_samples(3, 5).len(), 5 * 64);
    }

    #[test]
    fn bad_rows_name_the_line() {
        for (text, needle) in [
            ("1,2,0\n1,0\n", "line 2"),
            ("1,2,0\n1,x,1\n", "line 2"),
            ("1,2,0\n1,2,-1\n", "line 2"),
            ("1,inf,0\n", "line 1"),
            ("", "no rows"),
            ("3\n", "no features"),
        ] {
            let err = parse_labelled_csv(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text:?}: {err}");
        }
    }
}

//! Data sets: the embedded ones (8×8 handwritten digits, the default, and
//! MNIST-1D), loaders for the files users have (IDX, CSV, NPY), and the
//! seeded shuffles, train/test splits and fixed-size batches of training.
//!
//! The digits (1 797 images, 64 grey levels 0..16 each, class 0..9) and
//! MNIST-1D (5 000 signals of length 40, class 0..9) are compiled into the
//! binary, so nothing is downloaded. Sources and licences:
//! `train/data/README.md`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::io::{fields, parse_number};

mod batches;
mod idx;
mod npy;
mod source;

pub use batches::{shuffled, Batches};
pub use idx::{load_idx_dir, read_idx_images, read_idx_labels};
pub use npy::{load_npy, read_npy, NpyArray};
pub use source::DataSource;

/// The gzipped CSV compiled into the binary.
const DIGITS_CSV_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");
/// MNIST-1D, the standard split.
const MNIST1D_TRAIN_CSV_GZ: &[u8] = include_bytes!("../../data/mnist1d-train.csv.gz");
const MNIST1D_TEST_CSV_GZ: &[u8] = include_bytes!("../../data/mnist1d-test.csv.gz");

/// Why a data file could not be loaded; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file was read but its content is not what the loader expects
    /// (truncated, wrong header, labels that do not match…).
    #[error("{}: {reason}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl DataError {
    pub(crate) fn format(path: &Path, reason: impl Into<String>) -> Self {
        Self::Format {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Reads a whole file, gunzipping it when it starts with the gzip magic
/// bytes (whatever its name).
pub(crate) fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, DataError> {
    let raw = std::fs::read(path).map_err(|source| DataError::Io {
        path: path.to_owned(),
        source,
    })?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| DataError::format(path, format!("not valid gzip ({e})")))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// A labelled CSV file (features, then an integer class label in the last
/// column, like the embedded sets), gzipped or not.
///
/// # Errors
/// [`DataError`] naming the file: unreadable, not UTF-8, or rows that
/// [`parse_labelled_csv`] rejects (with the line).
pub fn load_csv(path: &Path) -> Result<Labelled, DataError> {
    let bytes = read_maybe_gz(path)?;
    let text = String::from_utf8(bytes).map_err(|_| DataError::format(path, "not UTF-8 text"))?;
    parse_labelled_csv(&text).map_err(|e| DataError::format(path, format!("{e:#}")))
}

/// A data set split into a training and a test part.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainTest {
    /// The training samples.
    pub train: Labelled,
    /// The held-out samples.
    pub test: Labelled,
}

impl TrainTest {
    /// Both parts with features mapped affinely to `[0, 1]` by the training
    /// part's smallest and largest feature (test values outside are clamped);
    /// unchanged when the training features already lie in `[0, 1]`. The
    /// VAE's binary cross-entropy needs targets in `[0, 1]`.
    pub fn unit_range(mut self) -> Self {
        let (lo, hi) = self
            .train
            .features
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        if lo >= 0.0 && hi <= 1.0 || hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
            return self;
        }
        for v in self
            .train
            .features
            .iter_mut()
            .chain(self.test.features.iter_mut())
        {
            *v = ((*v - lo) / (hi - lo)).clamp(0.0, 1.0);
        }
        self
    }
}

/// MNIST-1D, embedded: 4 000 training and 1 000 test signals of length 40,
/// classes 0..9 (the standard split).
///
/// ```
/// let m = toporeg_train::data::mnist1d().unwrap();
/// assert_eq!((m.train.len(), m.test.len(), m.train.dim), (4000, 1000, 40));
/// ```
///
/// # Errors
/// Only if the embedded files were corrupt (a test reads them).
pub fn mnist1d() -> anyhow::Result<TrainTest> {
    let read = |bytes: &[u8]| -> anyhow::Result<Labelled> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .context("the embedded MNIST-1D is not valid gzip")?;
        parse_labelled_csv(&text)
    };
    Ok(TrainTest {
        train: read(MNIST1D_TRAIN_CSV_GZ)?,
        test: read(MNIST1D_TEST_CSV_GZ)?,
    })
}

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

    /// The samples at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Labelled {
        Labelled {
            dim: self.dim,
            features: indices
                .iter()
                .flat_map(|&i| self.sample(i).iter().copied())
                .collect(),
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
        }
    }

    /// A seeded split: a shuffle of the samples, the first
    /// `round(test_fraction · len)` of which form the test part.
    ///
    /// ```
    /// let d = toporeg_train::data::digits().unwrap();
    /// let s = d.split(0.2, 7);
    /// assert_eq!((s.train.len(), s.test.len()), (1438, 359));
    /// assert_eq!(s, d.split(0.2, 7));
    /// ```
    pub fn split(&self, test_fraction: f64, seed: u64) -> TrainTest {
        let order = shuffled(self.len(), seed);
        let n_test =
            ((test_fraction.clamp(0.0, 1.0) * self.len() as f64).round() as usize).min(self.len());
        TrainTest {
            test: self.select(&order[..n_test]),
            train: self.select(&order[n_test..]),
        }
    }

    /// Square images (`dim` a perfect square) resampled bilinearly to
    /// `side × side` pixels (the 8×8 digits at the 28×28 size of MNIST, for
    /// example).
    ///
    /// # Errors
    /// When `dim` is not a perfect square or `side` is zero.
    pub fn upscaled(&self, side: usize) -> anyhow::Result<Labelled> {
        let from = (self.dim as f64).sqrt().round() as usize;
        if from * from != self.dim || side == 0 {
            bail!(
                "cannot resample samples of {} features to {side}×{side} images",
                self.dim
            );
        }
        let at = |img: &[f64], r: usize, c: usize| img[r.min(from - 1) * from + c.min(from - 1)];
        let scale = from as f64 / side as f64;
        let mut features = Vec::with_capacity(self.len() * side * side);
        for i in 0..self.len() {
            let img = self.sample(i);
            for r in 0..side {
                let y = ((r as f64 + 0.5) * scale - 0.5).max(0.0);
                let (y0, fy) = (y.floor() as usize, y.fract());
                for c in 0..side {
                    let x = ((c as f64 + 0.5) * scale - 0.5).max(0.0);
                    let (x0, fx) = (x.floor() as usize, x.fract());
                    let top = at(img, y0, x0) * (1.0 - fx) + at(img, y0, x0 + 1) * fx;
                    let bottom = at(img, y0 + 1, x0) * (1.0 - fx) + at(img, y0 + 1, x0 + 1) * fx;
                    features.push(top * (1.0 - fy) + bottom * fy);
                }
            }
        }
        Ok(Labelled {
            dim: side * side,
            features,
            labels: self.labels.clone(),
        })
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
    fn embedded_mnist1d_is_complete() {
        let m = mnist1d().unwrap();
        assert_eq!((m.train.len(), m.test.len()), (4000, 1000));
        assert_eq!((m.train.dim, m.train.classes()), (40, 10));
        let unit = m.unit_range();
        assert!(unit
            .train
            .features
            .iter()
            .chain(&unit.test.features)
            .all(|&v| (0.0..=1.0).contains(&v)));
    }

    #[test]
    fn split_and_upscale() {
        let d = digits().unwrap();
        let s = d.split(0.25, 3);
        assert_eq!(s.train.len() + s.test.len(), d.len());
        assert_ne!(s, d.split(0.25, 4));
        let mut all: Vec<_> = s
            .train
            .features
            .chunks(64)
            .chain(s.test.features.chunks(64))
            .collect();
        let mut orig: Vec<_> = d.features.chunks(64).collect();
        let key = |a: &&[f64], b: &&[f64]| {
            a.iter()
                .zip(b.iter())
                .map(|(x, y)| x.total_cmp(y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        };
        all.sort_by(key);
        orig.sort_by(key);
        assert_eq!(all, orig, "a split is a permutation");
        let big = d.select(&[0, 1]).upscaled(28).unwrap();
        assert_eq!(big.dim, 784);
        // a constant image stays constant, corners are the corner pixels
        assert_eq!(big.sample(0)[0], d.sample(0)[0]);
        assert_eq!(big.sample(1)[783], d.sample(1)[63]);
        assert!(big.features.iter().all(|&v| (0.0..=1.0).contains(&v)));
        assert!(mnist1d().unwrap().train.upscaled(4).is_err());
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

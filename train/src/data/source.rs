//! Where the training data comes from: the `--data` argument.

use std::path::PathBuf;
use std::str::FromStr;

use super::{digits, load_csv, load_idx_dir, load_npy, mnist1d, TrainTest};

/// A data set, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The embedded 8×8 digits (`digits`).
    Digits,
    /// The embedded digits resampled to 28×28 pixels, the size of MNIST
    /// (`digits28`).
    Digits28,
    /// The embedded MNIST-1D (`mnist1d`).
    Mnist1d,
    /// An MNIST-style IDX directory (`idx:DIR`).
    Idx(PathBuf),
    /// A labelled CSV file (`csv:FILE`).
    Csv(PathBuf),
    /// A `.npy` feature file with an optional `.npy` label file
    /// (`npy:FEATURES[,LABELS]`).
    Npy(PathBuf, Option<PathBuf>),
}

impl FromStr for DataSource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once(':') {
            None if s == "digits" => Ok(Self::Digits),
            None if s == "digits28" => Ok(Self::Digits28),
            None if s == "mnist1d" => Ok(Self::Mnist1d),
            Some(("idx", dir)) if !dir.is_empty() => Ok(Self::Idx(dir.into())),
            Some(("csv", file)) if !file.is_empty() => Ok(Self::Csv(file.into())),
            Some(("npy", files)) if !files.is_empty() => Ok(match files.split_once(',') {
                Some((x, y)) => Self::Npy(x.into(), Some(y.into())),
                None => Self::Npy(files.into(), None),
            }),
            _ => Err(format!(
                "unknown data `{s}`: expected digits, digits28, mnist1d, idx:DIR, csv:FILE or npy:FEATURES[,LABELS]"
            )),
        }
    }
}

impl std::fmt::Display for DataSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Digits => write!(f, "digits"),
            Self::Digits28 => write!(f, "digits28"),
            Self::Mnist1d => write!(f, "mnist1d"),
            Self::Idx(d) => write!(f, "idx:{}", d.display()),
            Self::Csv(p) => write!(f, "csv:{}", p.display()),
            Self::Npy(x, None) => write!(f, "npy:{}", x.display()),
            Self::Npy(x, Some(y)) => write!(f, "npy:{},{}", x.display(), y.display()),
        }
    }
}

impl DataSource {
    /// Loads the data with features in `[0, 1]` ([`TrainTest::unit_range`]).
    /// MNIST-1D and IDX directories come with their test part; the others
    /// hold out a seeded 20 %.
    ///
    /// # Errors
    /// Those of the loaders, naming the file.
    pub fn load(&self, seed: u64) -> anyhow::Result<TrainTest> {
        let data = match self {
            Self::Digits => digits()?.split(0.2, seed),
            Self::Digits28 => digits()?.upscaled(28)?.split(0.2, seed),
            Self::Mnist1d => mnist1d()?,
            Self::Idx(dir) => load_idx_dir(dir)?,
            Self::Csv(file) => load_csv(file)?.split(0.2, seed),
            Self::Npy(x, y) => load_npy(x, y.as_deref())?.split(0.2, seed),
        };
        if data.train.dim != data.test.dim {
            anyhow::bail!(
                "{self}: training samples have {} features, test samples {}",
                data.train.dim,
                data.test.dim
            );
        }
        Ok(data.unit_range())
    }
}

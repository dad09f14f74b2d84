//! Metrics as JSON lines, one object per training step or evaluation.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::experiments::{EvalRecord, StepRecord};

/// One line of the metrics file.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum MetricsLine {
    /// A training step (losses per sample on its batch, before the update).
    Train(StepRecord),
    /// An evaluation on held-out data.
    Eval(EvalRecord),
}

impl MetricsLine {
    /// The step the line belongs to.
    pub fn step(&self) -> usize {
        match self {
            Self::Train(r) => r.step,
            Self::Eval(e) => e.step,
        }
    }
}

/// A JSON-lines file of [`MetricsLine`]s.
#[derive(Debug)]
pub struct JsonLines {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
}

impl JsonLines {
    /// Creates `path`, or, with `keep_until = Some(s)`, keeps the lines of
    /// an existing file up to step `s` (a resumed run continues the file).
    ///
    /// # Errors
    /// An unreadable or malformed existing file, or one that cannot be
    /// written, naming it.
    pub fn open(path: &Path, keep_until: Option<usize>) -> anyhow::Result<Self> {
        let name = path.display().to_string();
        let mut kept = Vec::new();
        if let (Some(s), true) = (keep_until, path.exists()) {
            let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            for (i, line) in text.lines().enumerate() {
                let m: MetricsLine = serde_json::from_str(line)
                    .map_err(|e| anyhow::anyhow!("{name}: line {}: {e}", i + 1))?;
                if m.step() <= s {
                    kept.push(line.to_owned());
                }
            }
        }
        let file = std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let mut out = Self {
            path: path.to_owned(),
            file: std::io::BufWriter::new(file),
        };
        for line in kept {
            writeln!(out.file, "{line}")?;
        }
        Ok(out)
    }

    /// Appends one line.
    ///
    /// # Errors
    /// A failed write, naming the file.
    pub fn write(&mut self, line: &MetricsLine) -> anyhow::Result<()> {
        let text = serde_json::to_string(line)?;
        writeln!(self.file, "{text}").map_err(|e| anyhow::anyhow!("{}: {e}", self.path.display()))
    }

    /// Flushes to disk.
    ///
    /// # Errors
    /// A failed write, naming the file.
    pub fn flush(&mut self) -> anyhow::Result<()> {
        self.file
            .flush()
            .map_err(|e| anyhow::anyhow!("{}: {e}", self.path.display()))
    }

    /// Reads every line of a metrics file.
    ///
    /// # Errors
    /// An unreadable file or a malformed line, naming the file.
    pub fn read(path: &Path) -> anyhow::Result<Vec<MetricsLine>> {
        let name = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        text.lines()
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|e| anyhow::anyhow!("{name}: line {}: {e}", i + 1))
            })
            .collect()
    }
}

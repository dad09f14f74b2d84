//! Checkpoints as safetensors files, written atomically.
//!
//! A checkpoint is a set of named `f32` tensors (parameters, optimizer
//! moments) and string metadata (configuration, step). [`save`] writes a
//! temporary file beside the target and renames it over the target, so an
//! interrupted write never leaves a truncated checkpoint.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use safetensors::tensor::{Dtype, SafeTensors, TensorView};

/// Why a checkpoint could not be written or read; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// Reading or writing the file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a valid checkpoint.
    #[error("{}: {reason}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// Named `f32` tensors with string metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checkpoint {
    /// Free-form metadata (stored in the safetensors header).
    pub metadata: BTreeMap<String, String>,
    /// `name → (shape, values)`.
    pub tensors: BTreeMap<String, (Vec<usize>, Vec<f32>)>,
}

impl Checkpoint {
    /// The tensor `name`.
    ///
    /// # Errors
    /// When it is missing (`path` names the file in the message).
    pub fn tensor(
        &self,
        name: &str,
        path: &Path,
    ) -> Result<&(Vec<usize>, Vec<f32>), CheckpointError> {
        self.tensors
            .get(name)
            .ok_or_else(|| CheckpointError::Invalid {
                path: path.to_owned(),
                reason: format!("no tensor `{name}`"),
            })
    }

    /// The metadata entry `key`.
    ///
    /// # Errors
    /// When it is missing.
    pub fn meta(&self, key: &str, path: &Path) -> Result<&str, CheckpointError> {
        self.metadata
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| CheckpointError::Invalid {
                path: path.to_owned(),
                reason: format!("no metadata `{key}`"),
            })
    }
}

/// Writes `checkpoint` to `path` atomically (a temporary file in the same
/// directory, then a rename).
///
/// ```
/// use toporeg_train::checkpoint::{load, save, Checkpoint};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("c.safetensors");
/// let mut c = Checkpoint::default();
/// c.metadata.insert("step".into(), "3".into());
/// c.tensors.insert("w".into(), (vec![2, 2], vec![1.0, -0.0, f32::MIN_POSITIVE, 3.5]));
/// save(&path, &c).unwrap();
/// assert_eq!(load(&path).unwrap(), c);
/// ```
///
/// # Errors
/// [`CheckpointError`] naming the file.
pub fn save(path: &Path, checkpoint: &Checkpoint) -> Result<(), CheckpointError> {
    let invalid = |reason: String| CheckpointError::Invalid {
        path: path.to_owned(),
        reason,
    };
    let bytes: Vec<(String, Vec<u8>, Vec<usize>)> = checkpoint
        .tensors
        .iter()
        .map(|(name, (shape, values))| {
            let raw = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            (name.clone(), raw, shape.clone())
        })
        .collect();
    let views = bytes
        .iter()
        .map(|(name, raw, shape)| {
            TensorView::new(Dtype::F32, shape.clone(), raw)
                .map(|v| (name.as_str(), v))
                .map_err(|e| invalid(format!("tensor `{name}`: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let metadata: HashMap<String, String> = checkpoint.metadata.clone().into_iter().collect();
    let data = safetensors::tensor::serialize(views, Some(metadata))
        .map_err(|e| invalid(e.to_string()))?;
    write_atomic(path, &data)
}

/// Writes `data` to `path` through a temporary file and a rename.
///
/// # Errors
/// [`CheckpointError::Io`] naming the file.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), CheckpointError> {
    let io = |source| CheckpointError::Io {
        path: path.to_owned(),
        source,
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, data).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Reads a checkpoint written by [`save`].
///
/// # Errors
/// [`CheckpointError`] naming the file: unreadable, not safetensors, or
/// holding tensors that are not `f32`.
pub fn load(path: &Path) -> Result<Checkpoint, CheckpointError> {
    let invalid = |reason: String| CheckpointError::Invalid {
        path: path.to_owned(),
        reason,
    };
    let data = std::fs::read(path).map_err(|source| CheckpointError::Io {
        path: path.to_owned(),
        source,
    })?;
    let (_, header) = SafeTensors::read_metadata(&data)
        .map_err(|e| invalid(format!("not a safetensors file ({e})")))?;
    let st = SafeTensors::deserialize(&data)
        .map_err(|e| invalid(format!("not a safetensors file ({e})")))?;
    let mut tensors = BTreeMap::new();
    for name in st.names() {
        let view = st.tensor(name).map_err(|e| invalid(e.to_string()))?;
        if view.dtype() != Dtype::F32 {
            return Err(invalid(format!(
                "tensor `{name}` is {:?}, expected F32",
                view.dtype()
            )));
        }
        let values = view
            .data()
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        tensors.insert(name.to_owned(), (view.shape().to_vec(), values));
    }
    Ok(Checkpoint {
        metadata: header
            .metadata()
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect(),
        tensors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.safetensors");
        std::fs::write(&path, b"not a checkpoint").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("bad.safetensors"), "{err}");
        let missing = dir.path().join("missing.safetensors");
        assert!(load(&missing)
            .unwrap_err()
            .to_string()
            .contains("missing.safetensors"));
        let c = Checkpoint::default();
        assert!(c
            .tensor("w", &path)
            .unwrap_err()
            .to_string()
            .contains("no tensor `w`"));
    }
}

//! The IDX format of MNIST and Fashion-MNIST (raw or gzipped).

use std::path::{Path, PathBuf};

use super::{read_maybe_gz, DataError, Labelled, TrainTest};

/// An IDX file of unsigned bytes: its dimensions and payload.
fn read_idx_u8(path: &Path, rank: u8) -> Result<(Vec<usize>, Vec<u8>), DataError> {
    let bytes = read_maybe_gz(path)?;
    if bytes.len() < 4 {
        return Err(DataError::format(path, "truncated: no IDX header"));
    }
    if bytes[0] != 0 || bytes[1] != 0 {
        return Err(DataError::format(
            path,
            "not an IDX file (bad magic number)",
        ));
    }
    if bytes[2] != 0x08 {
        return Err(DataError::format(
            path,
            format!(
                "IDX element type 0x{:02x}, expected unsigned bytes (0x08)",
                bytes[2]
            ),
        ));
    }
    if bytes[3] != rank {
        let what = if rank == 1 { "labels" } else { "images" };
        return Err(DataError::format(
            path,
            format!(
                "an IDX file of rank {}, expected {what} (rank {rank})",
                bytes[3]
            ),
        ));
    }
    let header = 4 + 4 * rank as usize;
    if bytes.len() < header {
        return Err(DataError::format(path, "truncated IDX header"));
    }
    let dims: Vec<usize> = bytes[4..header]
        .chunks(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let expected = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    let payload = &bytes[header..];
    match expected {
        Some(e) if e == payload.len() => Ok((dims, payload.to_vec())),
        Some(e) if e > payload.len() => Err(DataError::format(
            path,
            format!(
                "truncated: dimensions {dims:?} need {e} bytes, found {}",
                payload.len()
            ),
        )),
        Some(e) => Err(DataError::format(
            path,
            format!(
                "{} bytes after the {e} that dimensions {dims:?} announce",
                payload.len() - e
            ),
        )),
        None => Err(DataError::format(path, "dimensions overflow")),
    }
}

/// An IDX image file (rank 3, unsigned bytes): the number of images, the
/// pixels per image, and the pixels scaled to `[0, 1]`.
///
/// # Errors
/// [`DataError`] naming the file: a bad header, another element type or
/// rank, or a payload shorter or longer than the dimensions announce.
pub fn read_idx_images(path: &Path) -> Result<(usize, usize, Vec<f64>), DataError> {
    let (dims, data) = read_idx_u8(path, 3)?;
    let pixels = dims[1] * dims[2];
    if dims[0] == 0 || pixels == 0 {
        return Err(DataError::format(path, "no images"));
    }
    Ok((
        dims[0],
        pixels,
        data.into_iter().map(|b| f64::from(b) / 255.0).collect(),
    ))
}

/// An IDX label file (rank 1, unsigned bytes).
///
/// # Errors
/// As [`read_idx_images`].
pub fn read_idx_labels(path: &Path) -> Result<Vec<usize>, DataError> {
    let (_, data) = read_idx_u8(path, 1)?;
    Ok(data.into_iter().map(usize::from).collect())
}

/// The first of `names` that exists in `dir` (plain or with `.gz`).
fn find(dir: &Path, names: &[&str]) -> Result<PathBuf, DataError> {
    for name in names {
        for candidate in [dir.join(name), dir.join(format!("{name}.gz"))] {
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(DataError::format(
        dir,
        format!("no {} (or .gz) in this directory", names.join(" or ")),
    ))
}

fn images_and_labels(images: &Path, labels: &Path) -> Result<Labelled, DataError> {
    let (n, dim, features) = read_idx_images(images)?;
    let labels_v = read_idx_labels(labels)?;
    if labels_v.len() != n {
        return Err(DataError::format(
            labels,
            format!(
                "{} labels for the {n} images of {}",
                labels_v.len(),
                images.display()
            ),
        ));
    }
    Ok(Labelled {
        dim,
        features,
        labels: labels_v,
    })
}

/// An MNIST-style directory: `train-images-idx3-ubyte`,
/// `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
/// `t10k-labels-idx1-ubyte`, each raw or gzipped (`.gz`). Pixels are scaled
/// to `[0, 1]`.
///
/// # Errors
/// [`DataError`] naming the file that is missing, unreadable or malformed,
/// or whose label count differs from its images'.
pub fn load_idx_dir(dir: &Path) -> Result<TrainTest, DataError> {
    let part = |prefix: &str| -> Result<Labelled, DataError> {
        let images = find(
            dir,
            &[
                &format!("{prefix}-images-idx3-ubyte"),
                &format!("{prefix}-images.idx3-ubyte"),
            ],
        )?;
        let labels = find(
            dir,
            &[
                &format!("{prefix}-labels-idx1-ubyte"),
                &format!("{prefix}-labels.idx1-ubyte"),
            ],
        )?;
        images_and_labels(&images, &labels)
    };
    Ok(TrainTest {
        train: part("train")?,
        test: part("t10k")?,
    })
}

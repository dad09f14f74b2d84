//! Point clouds: `n` points with `d` coordinates each, stored row-major.
//!
//! A [`PointCloud`] is a checked view of a flat slice; it never copies the
//! coordinates. Everything that takes points takes one, so the checks (shape,
//! finiteness) happen once, here.

use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// A validated, borrowed point cloud: `n_points()` rows of `dim()` finite
/// coordinates in one row-major slice.
///
/// ```
/// use toporeg::PointCloud;
/// let coords = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0];
/// let cloud = PointCloud::new(&coords, 2)?;
/// assert_eq!(cloud.n_points(), 3);
/// assert_eq!(cloud.point(1), &[1.0, 0.0]);
/// # Ok::<(), toporeg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointCloud<'a, T> {
    coords: &'a [T],
    dim: usize,
}

impl<'a, T: Scalar> PointCloud<'a, T> {
    /// Views `coords` as points of `dim` coordinates each.
    ///
    /// # Errors
    /// - [`Error::InvalidParameter`] when `dim == 0`;
    /// - [`Error::Empty`] when there are no coordinates;
    /// - [`Error::ShapeMismatch`] when `coords.len()` is not a multiple of `dim`
    ///   (ragged input);
    /// - [`Error::NonFinite`] for a NaN or infinite coordinate, with its flat
    ///   index.
    pub fn new(coords: &'a [T], dim: usize) -> Result<Self> {
        if dim == 0 {
            return Err(Error::InvalidParameter {
                name: "dim",
                reason: alloc::string::String::from("points need at least one coordinate"),
            });
        }
        if coords.is_empty() {
            return Err(Error::Empty {
                what: "point cloud",
            });
        }
        if coords.len() % dim != 0 {
            return Err(Error::ShapeMismatch {
                what: "point cloud (coordinates per point)",
                expected: (coords.len() / dim + 1) * dim,
                found: coords.len(),
            });
        }
        if let Some(index) = coords.iter().position(|x| !x.is_finite()) {
            return Err(Error::NonFinite {
                what: "point cloud",
                index,
                value: coords[index].as_f64(),
            });
        }
        Ok(Self { coords, dim })
    }

    /// Number of points.
    pub fn n_points(&self) -> usize {
        self.coords.len() / self.dim
    }

    /// Number of coordinates of each point.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The coordinates of point `i`.
    ///
    /// # Panics
    /// When `i >= n_points()` (an indexing bug of the caller, like slice
    /// indexing).
    pub fn point(&self, i: usize) -> &'a [T] {
        &self.coords[i * self.dim..(i + 1) * self.dim]
    }

    /// All coordinates, row-major.
    pub fn as_slice(&self) -> &'a [T] {
        self.coords
    }

    /// The points, one slice each.
    pub fn iter(&self) -> impl Iterator<Item = &'a [T]> + 'a {
        self.coords.chunks_exact(self.dim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_shapes_and_values() {
        assert!(matches!(
            PointCloud::<f64>::new(&[], 2),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            PointCloud::new(&[1.0, 2.0, 3.0], 2),
            Err(Error::ShapeMismatch { found: 3, .. })
        ));
        assert!(matches!(
            PointCloud::new(&[1.0, 2.0], 0),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            PointCloud::new(&[1.0, f32::NAN], 1),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            PointCloud::new(&[1.0, 0.0, f64::NEG_INFINITY, 2.0], 2),
            Err(Error::NonFinite { index: 2, .. })
        ));
    }

    #[test]
    fn views_rows() {
        let c = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let p = PointCloud::new(&c, 3).unwrap();
        assert_eq!(p.n_points(), 2);
        assert_eq!(p.point(1), &[4.0, 5.0, 6.0]);
        assert_eq!(p.iter().count(), 2);
    }
}

//! Checks of the inputs that are not point sets (gradients, index maps,
//! matrices, parameters). Point sets are checked once, by
//! [`PointCloud::new`](crate::persistence::points::PointCloud::new); the
//! distance kernels every subject shares are in
//! [`crate::persistence::metric`].

use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// Checks that every value is finite.
pub(crate) fn finite<T: Scalar>(what: &'static str, data: &[T]) -> Result<()> {
    match data.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(Error::NonFinite {
            what,
            index,
            value: data[index].as_f64(),
        }),
        None => Ok(()),
    }
}

/// Checks that a length is as expected.
pub(crate) fn len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            what,
            expected,
            found,
        })
    }
}

/// Checks that an epsilon-like parameter is finite and positive.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            reason: alloc::format!("must be finite and positive, got {value}"),
        })
    }
}

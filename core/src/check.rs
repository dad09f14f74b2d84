//! Input validation shared by the modules that take dense point sets
//! (row-major `rows × dim` slices).

use crate::{Error, Result, Scalar};

/// Checks a row-major matrix with `dim` columns: `dim > 0`, at least one row,
/// a length that is a multiple of `dim`, and finite values. Returns the
/// number of rows.
pub(crate) fn rows<T: Scalar>(what: &'static str, data: &[T], dim: usize) -> Result<usize> {
    if dim == 0 {
        return Err(Error::InvalidParameter {
            name: "dim",
            reason: alloc::format!("the number of columns of the {what} must be positive"),
        });
    }
    if data.is_empty() {
        return Err(Error::Empty { what });
    }
    if data.len() % dim != 0 {
        return Err(Error::ShapeMismatch {
            what,
            expected: (data.len() / dim + 1) * dim,
            found: data.len(),
        });
    }
    finite(what, data)?;
    Ok(data.len() / dim)
}

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

/// Squared Euclidean distance between two rows of equal length.
#[inline]
pub(crate) fn sq_dist<T: Scalar>(a: &[T], b: &[T]) -> T {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| (x - y) * (x - y))
        .fold(T::zero(), |s, v| s + v)
}

/// Dot product of two rows of equal length.
#[inline]
pub(crate) fn dot<T: Scalar>(a: &[T], b: &[T]) -> T {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| x * y)
        .fold(T::zero(), |s, v| s + v)
}

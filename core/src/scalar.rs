//! The floating-point scalar every algorithm is generic over.

use core::cmp::Ordering;
use core::fmt::{Debug, Display};
use core::iter::Sum;
use num_traits::Float;

/// A floating-point number toporeg computes with: `f32` or `f64`.
///
/// Built on [`num_traits::Float`] (with `libm`, so it works in `no_std`), plus
/// lossless-enough conversions to and from `f64` and a total order. The
/// trait is sealed: only `f32` and `f64` implement it, so that the accuracy
/// guarantees of the algorithms hold for every `T` they accept.
///
/// ```
/// use toporeg::Scalar;
/// fn half<T: Scalar>(x: T) -> T { x * T::of(0.5) }
/// assert_eq!(half(3.0_f32), 1.5);
/// assert_eq!(half(3.0_f64), 1.5);
/// ```
pub trait Scalar:
    sealed::Sealed + Float + Sum + Debug + Display + Default + Send + Sync + 'static
{
    /// Converts from `f64`, rounding to the nearest representable value.
    fn of(value: f64) -> Self;
    /// Converts to `f64` (exact for `f32` and `f64`).
    fn as_f64(self) -> f64;
    /// Converts an index or count (exact below 2^24 for `f32`, 2^53 for `f64`).
    fn of_usize(value: usize) -> Self;
    /// IEEE 754 total order (`-NaN < -inf < … < -0 < +0 < … < inf < NaN`).
    fn total_cmp(&self, other: &Self) -> Ordering;
}

pub(crate) mod sealed {
    /// Implemented by `f32` and `f64` only; what the crate alone may call.
    pub trait Sealed {
        /// A key whose integer order is the order of the values, for
        /// values that are `+0`, `-0` (equal to `+0`), positive or `+inf`.
        fn order_key(self) -> u64;
    }
    impl Sealed for f32 {
        #[inline(always)]
        fn order_key(self) -> u64 {
            // -0 + 0 = +0; other values are unchanged
            u64::from((self + 0.0).to_bits())
        }
    }
    impl Sealed for f64 {
        #[inline(always)]
        fn order_key(self) -> u64 {
            (self + 0.0).to_bits()
        }
    }
}

impl Scalar for f32 {
    #[inline]
    fn of(value: f64) -> Self {
        value as f32
    }
    #[inline]
    fn as_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline]
    fn of_usize(value: usize) -> Self {
        value as f32
    }
    #[inline]
    fn total_cmp(&self, other: &Self) -> Ordering {
        f32::total_cmp(self, other)
    }
}

impl Scalar for f64 {
    #[inline]
    fn of(value: f64) -> Self {
        value
    }
    #[inline]
    fn as_f64(self) -> f64 {
        self
    }
    #[inline]
    fn of_usize(value: usize) -> Self {
        value as f64
    }
    #[inline]
    fn total_cmp(&self, other: &Self) -> Ordering {
        f64::total_cmp(self, other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        assert_eq!(f32::of(0.25).as_f64(), 0.25);
        assert_eq!(f64::of_usize(7), 7.0);
        assert_eq!(Scalar::total_cmp(&1.0_f64, &f64::INFINITY), Ordering::Less);
    }
}

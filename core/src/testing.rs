//! Shared support for the unit tests: a seeded generator and proptest
//! strategies for diagrams.

use alloc::vec::Vec;

use proptest::prelude::*;

/// SplitMix64 with Box–Muller normals, for reproducible test data from a
/// seed without dependencies.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform();
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * core::f64::consts::PI * v).cos()
    }

    pub(crate) fn normals(&mut self, len: usize) -> Vec<f64> {
        (0..len).map(|_| self.normal()).collect()
    }

    /// `n` points in the unit cube of dimension `d`, row-major.
    pub(crate) fn cloud(&mut self, n: usize, d: usize) -> Vec<f64> {
        (0..n * d).map(|_| self.uniform()).collect()
    }
}

/// A coordinate on the grid `0, step, …, (steps - 1) · step` (so that ties
/// are common), or `±inf`.
pub(crate) fn grid_coord(steps: i32, step: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (0..steps).prop_map(move |v| f64::from(v) * step),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
    ]
}

/// A point with [`grid_coord`] coordinates: mostly above the diagonal; some
/// below it or with a `+inf` birth, as Hera's format allows (for
/// [`crate::Diagram::new_any_order`]).
pub(crate) fn hera_point(steps: i32, step: f64) -> impl Strategy<Value = [f64; 2]> {
    let coords = || (grid_coord(steps, step), grid_coord(steps, step));
    prop_oneof![
        3 => coords().prop_map(|(x, y)| if x <= y { [x, y] } else { [y, x] }),
        1 => coords().prop_map(|(x, y)| [x, y]),
    ]
}

//! Shared support for the unit tests: test data from the crate's seeded
//! generator ([`SplitMix64`]) and proptest strategies for diagrams.

use alloc::vec::Vec;

use proptest::prelude::*;

use crate::rng::SplitMix64;

/// Test data drawn from the crate's generator.
pub(crate) trait TestData {
    /// `len` standard normal numbers.
    fn normals(&mut self, len: usize) -> Vec<f64>;
    /// `n` points in the unit cube of dimension `d`, row-major.
    fn cloud(&mut self, n: usize, d: usize) -> Vec<f64>;
}

impl TestData for SplitMix64 {
    fn normals(&mut self, len: usize) -> Vec<f64> {
        (0..len).map(|_| self.gaussian()).collect()
    }

    fn cloud(&mut self, n: usize, d: usize) -> Vec<f64> {
        (0..n * d).map(|_| self.next_f64()).collect()
    }
}

/// A rayon pool of `threads` threads, for the tests that compare runs on
/// several threads with one.
#[cfg(feature = "parallel")]
pub(crate) fn thread_pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon thread pool")
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
/// [`crate::diagrams::diagram::Diagram::new_any_order`]).
pub(crate) fn hera_point(steps: i32, step: f64) -> impl Strategy<Value = [f64; 2]> {
    let coords = || (grid_coord(steps, step), grid_coord(steps, step));
    prop_oneof![
        3 => coords().prop_map(|(x, y)| if x <= y { [x, y] } else { [y, x] }),
        1 => coords().prop_map(|(x, y)| [x, y]),
    ]
}

//! The memory a Rips reduction of degree ≥ 1 needs, estimated before it
//! starts, so that a request that cannot fit gets [`Error::TooLarge`]
//! instead of being killed by the operating system.
//!
//! The estimate counts what the reduction stores whatever the data: the
//! full `n × n` distance matrix, a bit per edge (the spanning forest), and
//! for every simplex of degree `1..=top` an entry `(diameter, index)` in
//! the list of simplices and in the list of columns, plus the pivot map of
//! the top degree. The number of `k`-simplices of a clique complex with `m`
//! edges is at most `C(x, k + 1)` where `C(x, 2) = m` (Kruskal–Katona), and
//! `m` is counted exactly under the threshold once the distances are known.
//! The reduction matrix (the columns added during the reduction) comes on
//! top and depends on the data, so the estimate is a floor, not a ceiling.
//!
//! A sparse filtration ([`Estimate::sparse`]) stores its neighbour lists
//! instead of the matrix, and its simplices are bounded by the degrees of
//! the vertices as well.
//!
//! The working column is not counted: it holds at most a fixed cap of
//! entries (a few tens of megabytes; past it, it forgets its latest entries
//! and pushes them again later), and small reductions never fill it. Nor
//! are the lists of each vertex's neighbours by weight (`n²` indices and
//! weights, twice to three times the matrix) that a dense reduction makes
//! the first time a column forgets entries, to push edges' coboundaries
//! again window by window, nor what the sweep of a long column of degree 1
//! holds (the edges past its start sorted by weight, at most half the edge
//! entries counted above, an `n × n` matrix of bits, and one of bits over
//! `Z/2` or of bytes over `Z/p`).

use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// Bytes per entry of the pivot map of one column (a `u64` key and a
/// `(usize, u32)` value, in a table kept at most half full).
const PIVOT_BYTES: f64 = 2.0 * (8.0 + 16.0);

/// `C(x, k)` for a real `x >= 0` (0 when `x < k`).
fn binomial(x: f64, k: usize) -> f64 {
    let mut c = 1.0;
    for i in 0..k {
        let f = x - i as f64;
        if f <= 0.0 {
            return 0.0;
        }
        c = c * f / (i + 1) as f64;
    }
    c
}

/// The estimate for `n` points, simplices up to degree `top`, and `edges`
/// edges in the filtration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimate {
    /// Bound on the number of simplices of degree `top` (the columns).
    pub(crate) simplices: f64,
    /// Bytes stored, as described in the module docs.
    pub(crate) bytes: f64,
}

impl Estimate {
    pub(crate) fn new<T: Scalar>(n: usize, top: usize, edges: f64) -> Self {
        let entry = core::mem::size_of::<(T, u64)>() as f64;
        let n = n as f64;
        let matrix = n * n * core::mem::size_of::<T>() as f64 + n * n / 16.0;
        // C(x, 2) = edges
        let x = (1.0 + libm::sqrt(1.0 + 8.0 * edges)) / 2.0;
        let mut lists = 0.0;
        for k in 1..=top {
            lists += 2.0 * entry * binomial(x, k + 1);
        }
        let simplices = binomial(x, top + 1);
        Self {
            simplices,
            bytes: matrix + lists + PIVOT_BYTES * simplices,
        }
    }

    /// The estimate for the sparse filtration of `edges` edges on vertices
    /// of the given `degrees` (edges under the threshold): the neighbour
    /// lists, the sorted edges of Kruskal's algorithm, and for every degree
    /// `k` of `1..=top` the simplices, at most `C(x, k + 1)` with `C(x, 2) =
    /// edges` and at most `Σ_v C(deg v, k) / (k + 1)` (a `k`-simplex is a
    /// `k`-subset of the neighbours of each of its `k + 1` vertices).
    pub(crate) fn sparse<T: Scalar>(top: usize, edges: usize, degrees: &[usize]) -> Self {
        let entry = core::mem::size_of::<(T, u64)>() as f64;
        let m = edges as f64;
        let half = core::mem::size_of::<(usize, T)>() as f64;
        let graph = 2.0 * m * half + 8.0 * (degrees.len() + 1) as f64;
        let kruskal = m * core::mem::size_of::<(T, usize, usize)>() as f64 + m / 4.0;
        let x = (1.0 + libm::sqrt(1.0 + 8.0 * m)) / 2.0;
        let count = |k: usize| {
            if k == 1 {
                return m;
            }
            let local: f64 = degrees.iter().map(|&d| binomial(d as f64, k)).sum();
            binomial(x, k + 1).min(local / (k + 1) as f64)
        };
        let lists: f64 = (1..=top).map(|k| 2.0 * entry * count(k)).sum();
        let simplices = count(top);
        Self {
            simplices,
            bytes: graph + kruskal + lists + PIVOT_BYTES * simplices,
        }
    }

    /// Bytes of the neighbour lists and sorted edges of a sparse
    /// filtration, per edge: what a search for the edges within a
    /// threshold may gather before [`Estimate::sparse`] can be counted.
    pub(crate) fn sparse_edge_bytes<T: Scalar>() -> f64 {
        let half = core::mem::size_of::<(usize, T)>() as f64;
        2.0 * half + core::mem::size_of::<(T, usize, usize)>() as f64
    }

    /// Only the distance matrix (before the edges can be counted).
    pub(crate) fn matrix<T: Scalar>(n: usize, top: usize) -> Self {
        let nf = n as f64;
        let all = Self::new::<T>(n, top, nf * (nf - 1.0) / 2.0);
        Self {
            simplices: all.simplices,
            bytes: nf * nf * core::mem::size_of::<T>() as f64 + nf * nf / 16.0,
        }
    }

    /// [`Error::TooLarge`] when the estimate is above `budget` bytes.
    pub(crate) fn check(self, budget: Option<u64>, points: usize, dim: usize) -> Result<()> {
        match budget {
            Some(budget) if self.bytes > budget as f64 => Err(Error::TooLarge {
                points,
                dim,
                simplices: self.simplices,
                bytes: self.bytes,
                budget,
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomials_and_estimates() {
        assert_eq!(binomial(5.0, 2), 10.0);
        assert_eq!(binomial(5.0, 0), 1.0);
        assert_eq!(binomial(2.0, 3), 0.0);
        // 10 points, every edge: C(10, 3) triangles
        let e = Estimate::new::<f64>(10, 2, 45.0);
        assert!((e.simplices - 120.0).abs() < 1e-9);
        assert!(e.bytes > 800.0);
        // fewer edges, fewer simplices; the matrix alone is less
        assert!(Estimate::new::<f64>(10, 2, 20.0).simplices < e.simplices);
        assert!(Estimate::matrix::<f64>(10, 2).bytes < e.bytes);
        assert!(e.check(Some(100), 10, 2).is_err());
        assert!(e.check(Some(1 << 30), 10, 2).is_ok());
        assert!(e.check(None, 10, 2).is_ok());
        // a path of 3 edges: the degrees bound the triangles by 2/3, below
        // the bound from the edge count alone (4/3)
        let path = Estimate::sparse::<f64>(2, 3, &[1, 2, 2, 1]);
        assert!((path.simplices - 2.0 / 3.0).abs() < 1e-9);
        let tri = Estimate::sparse::<f64>(2, 3, &[2, 2, 2]);
        assert!((tri.simplices - 1.0).abs() < 1e-9);
        assert!(tri.bytes < e.bytes);
    }
}

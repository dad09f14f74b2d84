//! The one error type of the crate.

use alloc::string::String;

/// Everything that can go wrong in toporeg. Every public function that takes
/// user data returns `Result<_, Error>`; none of them panics on bad input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input that must not be empty was empty.
    #[error("{what} is empty")]
    Empty {
        /// What was empty (for example "point cloud").
        what: &'static str,
    },
    /// A NaN or infinite value where a finite one is required.
    #[error("{what} has a non-finite value ({value}) at index {index}")]
    NonFinite {
        /// What held the value.
        what: &'static str,
        /// Flat index of the offending value.
        index: usize,
        /// The value, printed.
        value: f64,
    },
    /// Lengths or shapes that do not fit together.
    #[error("shape mismatch in {what}: expected {expected}, found {found}")]
    ShapeMismatch {
        /// What was being checked.
        what: &'static str,
        /// The expected length or size.
        expected: usize,
        /// The length or size found.
        found: usize,
    },
    /// A negative entry in a distance matrix.
    #[error("distance between points {i} and {j} is negative ({value})")]
    NegativeDistance {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
        /// The value, printed.
        value: f64,
    },
    /// A full distance matrix that is not symmetric.
    #[error("distance matrix is not symmetric: d({i},{j}) = {a} but d({j},{i}) = {b}")]
    AsymmetricDistance {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
        /// d(i, j).
        a: f64,
        /// d(j, i).
        b: f64,
    },
    /// The number of points and the homology dimension give simplex indices
    /// that do not fit in the index type.
    #[error("{points} points up to dimension {dim} give more simplices than fit in 64 bits")]
    IndexOverflow {
        /// Number of points (vertices).
        points: usize,
        /// Largest simplex dimension needed.
        dim: usize,
    },
    /// A reduction that would need more memory than the budget set with
    /// `RipsParams::max_memory`, found before it starts.
    #[error(
        "persistence up to degree {dim} of {points} points needs at least {} ({simplices:.3e} \
         simplices of degree {dim}), above the memory budget of {}: give a threshold (or a \
         smaller one), lower the degree, or compute on landmarks with a witness complex \
         (witness_persistence)",
        bytes_text(*.bytes),
        bytes_text(*.budget as f64)
    )]
    TooLarge {
        /// Number of points (vertices).
        points: usize,
        /// Largest homology degree asked for.
        dim: usize,
        /// Estimated number of simplices of degree `dim` (an upper bound).
        simplices: f64,
        /// Estimated bytes the reduction stores (a lower bound: the
        /// reduction matrix comes on top).
        bytes: f64,
        /// The budget, in bytes.
        budget: u64,
    },
    /// A zero vector where the metric needs a direction (cosine distance).
    #[error("point {index} is the zero vector, which has no cosine distance")]
    ZeroVector {
        /// Index of the point.
        index: usize,
    },
    /// A parameter outside its valid range.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// An input for which the quantity is undefined, for example a point set
    /// whose points all coincide where a normalisation would divide by zero.
    #[error("{what} is degenerate: {reason}")]
    Degenerate {
        /// What was degenerate.
        what: &'static str,
        /// Why the quantity is undefined for it.
        reason: &'static str,
    },
    /// A gradient pulled back to points under another metric than the one
    /// the persistence was computed with (or to points at all, when it was
    /// computed from a distance matrix).
    #[error("the persistence was computed {computed}, so it cannot be pulled back to points under the {requested:?} metric")]
    MetricMismatch {
        /// How the persistence was computed: "with the Euclidean metric",
        /// "from a distance matrix", ….
        computed: &'static str,
        /// The metric asked for.
        requested: crate::persistence::metric::Metric,
    },
    /// Text that could not be parsed.
    #[error("parse error on line {line}: {reason}")]
    Parse {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
}

/// Shorthand for `core::result::Result<T, toporeg::Error>`.
pub type Result<T> = core::result::Result<T, Error>;

/// A byte count in binary units: `512 B`, `3.2 KiB`, …, `1.5 TiB`.
fn bytes_text(bytes: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut v = bytes;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        alloc::format!("{v:.0} {}", units[u])
    } else {
        alloc::format!("{v:.1} {}", units[u])
    }
}

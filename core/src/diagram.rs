//! Persistence diagrams and the persistence pairs they come from.
//!
//! A [`PersistencePair`] is what the reduction produces: a (birth, death)
//! value pair together with the edges whose lengths set those values. A
//! [`Diagram`] is the plain multiset of (birth, death) points that distances,
//! kernels and functionals work on. [`Diagram::from_pairs`] keeps the order of
//! the pairs, so a gradient per diagram point (`[d/d birth, d/d death]`, one
//! entry per point, in order) is also a gradient per pair.

use alloc::vec::Vec;

use crate::{Error, Result, Scalar};

/// An edge of the filtration, as the indices of its two vertices (smaller first).
pub type Edge = [usize; 2];

/// One interval of a persistence diagram with the edges that create and kill it.
///
/// `birth` equals the length of `birth_edge` (or 0 for H0, where there is no
/// birth edge), and `death` equals the length of `death_edge`, or is `+inf`
/// for an essential class, which has no death edge.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PersistencePair<T> {
    /// Homology dimension.
    pub dim: usize,
    /// Filtration value at which the class is born.
    pub birth: T,
    /// Filtration value at which the class dies (`+inf` if it never does).
    pub death: T,
    /// The longest edge of the simplex that creates the class (`None` in H0).
    pub birth_edge: Option<Edge>,
    /// The longest edge of the simplex that kills the class (`None` if essential).
    pub death_edge: Option<Edge>,
}

impl<T: Scalar> PersistencePair<T> {
    /// `death - birth` (`+inf` for essential classes).
    pub fn persistence(&self) -> T {
        self.death - self.birth
    }

    /// Whether the class never dies.
    pub fn is_essential(&self) -> bool {
        self.death.is_infinite()
    }
}

/// A persistence diagram: a multiset of `[birth, death]` points.
///
/// Points keep the order in which they were given. Coordinates may be
/// infinite (essential classes: `death = +inf`, or `birth = -inf` in diagrams
/// read from other tools) but never NaN, and `birth <= death`.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Diagram<T> {
    points: Vec<[T; 2]>,
}

impl<T: Scalar> Diagram<T> {
    /// An empty diagram.
    pub fn empty() -> Self {
        Self { points: Vec::new() }
    }

    /// Builds a diagram from `[birth, death]` points.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a NaN coordinate and
    /// [`Error::InvalidParameter`] for a point with `death < birth`.
    ///
    /// ```
    /// use toporeg::Diagram;
    /// let d = Diagram::new(vec![[0.0, 1.0], [0.5, f64::INFINITY]])?;
    /// assert_eq!(d.len(), 2);
    /// # Ok::<(), toporeg::Error>(())
    /// ```
    pub fn new(points: Vec<[T; 2]>) -> Result<Self> {
        for (i, p) in points.iter().enumerate() {
            for (k, v) in p.iter().enumerate() {
                if v.is_nan() {
                    return Err(Error::NonFinite {
                        what: "diagram",
                        index: 2 * i + k,
                        value: v.as_f64(),
                    });
                }
            }
            if p[1] < p[0] {
                return Err(Error::InvalidParameter {
                    name: "diagram",
                    reason: alloc::format!(
                        "point {i} has death {} before birth {}",
                        p[1].as_f64(),
                        p[0].as_f64()
                    ),
                });
            }
        }
        Ok(Self { points })
    }

    /// The diagram of a list of pairs, in the same order.
    pub fn from_pairs(pairs: &[PersistencePair<T>]) -> Self {
        Self {
            points: pairs.iter().map(|p| [p.birth, p.death]).collect(),
        }
    }

    /// The points, in order.
    pub fn points(&self) -> &[[T; 2]] {
        &self.points
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the diagram has no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn rejects_nan_and_reversed_points() {
        assert!(matches!(
            Diagram::new(vec![[0.0, f64::NAN]]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(Diagram::new(vec![[1.0_f32, 0.0]]).is_err());
    }

    #[test]
    fn from_pairs_keeps_order() {
        let pairs = [
            PersistencePair {
                dim: 1,
                birth: 1.0,
                death: 2.0,
                birth_edge: Some([0, 1]),
                death_edge: Some([1, 2]),
            },
            PersistencePair {
                dim: 1,
                birth: 0.5,
                death: f64::INFINITY,
                birth_edge: Some([2, 3]),
                death_edge: None,
            },
        ];
        let d = Diagram::from_pairs(&pairs);
        assert_eq!(d.points(), &[[1.0, 2.0], [0.5, f64::INFINITY]]);
        assert!(pairs[1].is_essential());
        assert_eq!(pairs[0].persistence(), 1.0);
    }
}

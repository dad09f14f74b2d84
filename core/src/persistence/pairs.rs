//! What the reduction produces: persistence pairs with their generators.
//!
//! A [`PersistencePair`] is a (birth, death) value pair together with the
//! edges whose lengths set those values: the handle through which a
//! gradient on the diagram flows back to the points
//! ([`crate::persistence::backprop`]).

use crate::scalar::Scalar;

/// An edge of the filtration, as the indices of its two vertices (smaller first).
pub type Edge = [usize; 2];

/// One interval of a persistence diagram with the edges that create and kill it.
///
/// `birth` equals the length of `birth_edge` (or 0 for H0, where there is no
/// birth edge), and `death` equals the length of `death_edge`, or is `+inf`
/// for an essential class, which has no death edge.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(bound = "T: Scalar"))]
pub struct PersistencePair<T> {
    /// Homology dimension.
    pub dim: usize,
    /// Filtration value at which the class is born.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
    pub birth: T,
    /// Filtration value at which the class dies (`+inf` if it never does;
    /// written `"inf"` in JSON, like diagram coordinates).
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::coordinate::serde_impl::coordinate")
    )]
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

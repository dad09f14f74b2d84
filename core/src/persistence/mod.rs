//! Vietoris–Rips persistence with generators, forward and back.
//!
//! Data flows down this list and gradients flow back up it:
//! points ([`points`]) → distances ([`metric`], [`distance`]) → filtration
//! ([`filtration`]) → reduction ([`reduction`]: spanning forest for degree
//! 0, cohomology with clearing above) → pairs with the edges that create and
//! kill them ([`rips`]) → chain rule back to the coordinates ([`backprop`]).

pub(crate) mod backprop;
pub(crate) mod distance;
pub(crate) mod filtration;
pub(crate) mod metric;
pub(crate) mod pairs;
pub(crate) mod points;
pub(crate) mod reduction;
pub(crate) mod rips;

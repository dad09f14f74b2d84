//! Persistence diagrams and what is computed on them.
//!
//! A diagram ([`diagram`]) is the multiset of (birth, death) points of the
//! pairs that [`crate::persistence`] produces, in their order. On diagrams:
//!
//! - matchings ([`matching`]: edges, ground costs) and the distances built
//!   on them, bottleneck ([`mod@bottleneck`], with the crate's k-d tree under L∞) and
//!   Wasserstein ([`mod@wasserstein`], with the assignment solver,
//!   [`assignment`]);
//! - the Reininghaus scale-space kernel ([`kernel`]);
//! - functionals: push, persistent entropy and 4SGDE ([`functional`]).
//!
//! Each returns its gradient per diagram point (`[d/d birth, d/d death]` in
//! the diagram's order), which [`crate::persistence::backprop`] pulls back
//! to the points. This subject never uses the losses built on it.

pub(crate) mod assignment;
pub(crate) mod bottleneck;
pub(crate) mod diagram;
pub(crate) mod functional;
pub(crate) mod kernel;
pub(crate) mod matching;
pub(crate) mod wasserstein;

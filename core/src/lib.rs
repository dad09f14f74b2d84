//! # toporeg — topological regularization
//!
//! Vietoris–Rips persistence with the simplices behind every pair, diagram
//! distances and functionals, and topological losses with exact gradients,
//! for training models whose representations should have a given shape.
//!
//! The crate is `no_std` (it needs `alloc`) and generic over [`Scalar`]
//! (`f32` or `f64`). One data path runs through it, forward and back, one
//! module per arrow:
//!
//! ```text
//! points ─ distances ─ filtration ─ reduction ─ pairs with edges ─ diagram ─ functional / distance
//!   ▲                                                                                  │
//!   └── gradient per point ◄─ gradient per edge ◄──── gradient per diagram point ◄─────┘
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod assignment;
mod check;
pub mod diagram;
pub mod error;
pub mod relative;
pub mod scalar;
pub mod similarity;
pub mod witness;

pub use assignment::Assignment;
pub use diagram::{Diagram, Edge, PersistencePair};
pub use error::{Error, Result};
pub use relative::{relative, robust_relative, RelativeParams, RelativeTransform, Similarity};
pub use scalar::Scalar;
pub use similarity::{
    linear_cka, min_frobenius, procrustes, rbf_cka, MinFrobenius, Procrustes, ScaleFit,
};
pub use witness::{select_landmarks, witness_edge_values, LandmarkSelection};

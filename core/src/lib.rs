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
pub mod bottleneck;
pub mod diagram;
pub mod error;
pub mod functional;
mod kdtree;
pub mod kernel;
pub mod matching;
pub mod scalar;
pub mod wasserstein;

pub use assignment::Assignment;
pub use bottleneck::{bottleneck, bottleneck_approx, bottleneck_distance, BottleneckResult};
pub use diagram::{Diagram, Edge, PersistencePair, PointKind};
pub use error::{Error, Result};
pub use functional::{
    entropy, entropy_grad, push, push_grad, Entropy, EntropyParams, LogBase, Sgde4, Sgde4Params,
};
pub use kernel::Pssk;
pub use matching::{DiagramMatching, Ground, MatchedEdge};
pub use scalar::Scalar;
pub use wasserstein::{wasserstein, Wasserstein, WassersteinParams, WassersteinResult};

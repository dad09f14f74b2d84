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
pub mod backprop;
pub mod bottleneck;
mod check;
pub mod diagram;
pub mod distance;
pub mod error;
mod filtration;
pub mod functional;
mod kdtree;
pub mod kernel;
pub mod loss;
pub mod matching;
pub mod metric;
pub mod points;
mod reduction;
pub mod relative;
pub mod rips;
pub mod scalar;
pub mod similarity;
#[cfg(test)]
pub(crate) mod testing;
pub mod wasserstein;
pub mod witness;

pub use assignment::Assignment;
pub use backprop::EdgeGradient;
pub use bottleneck::{bottleneck, bottleneck_approx, bottleneck_distance, BottleneckResult};
pub use diagram::{Diagram, Edge, PersistencePair, PointKind};
pub use distance::DistanceMatrix;
pub use error::{Error, Result};
pub use functional::{
    entropy, entropy_grad, push, push_grad, Entropy, EntropyParams, LogBase, Sgde4, Sgde4Params,
};
pub use kernel::{Pssk, PsskTarget};
pub use loss::{
    Batch, BottleneckLoss, BottleneckLossParams, ConnectivityLoss, ConnectivityLossParams,
    DensificationLoss, DensificationLossParams, DiagramLoss, EntropyLoss, EntropyLossParams, Loss,
    PushLoss, PushLossParams, ReininghausLoss, ReininghausLossParams, Sgde4Loss, Sgde4LossParams,
    WeightedSum,
};
pub use matching::{DiagramMatching, Ground, MatchedEdge};
pub use metric::Metric;
pub use points::PointCloud;
pub use relative::{
    relative, robust_relative, Relative, RelativeParams, RelativeTransform, Similarity,
};
pub use rips::{
    h0_persistence, persistence, persistence_from_distances, Persistence, Rips, RipsParams,
};
pub use scalar::Scalar;
pub use similarity::{
    linear_cka, min_frobenius, procrustes, rbf_cka, MinFrobenius, Procrustes, ScaleFit,
};
pub use wasserstein::{wasserstein, Wasserstein, WassersteinParams, WassersteinResult};
pub use witness::{
    select_landmarks, witness_edge_values, witness_persistence, LandmarkSelection, Witness,
    WitnessParams, WitnessPersistence,
};

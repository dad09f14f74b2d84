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
//!
//! The source is grouped by subject, and the subjects depend on each other
//! in one direction only:
//!
//! - `persistence`: points, metrics and distance matrices, the filtration,
//!   the reduction, the pairs with their edges, and the chain rule back to
//!   the points. Depends on nothing else.
//! - `diagrams`: the diagram type, matchings, bottleneck and Wasserstein
//!   distances, kernels and functionals, each with its gradient per diagram
//!   point. Builds diagrams from the pairs of `persistence`.
//! - `losses`: one file per loss, running points → persistence → diagram →
//!   functional → gradient back to the points. Uses `persistence` and
//!   `diagrams`.
//! - `representations`: relative representations, similarity measures and
//!   the witness complex. Uses the distance layer and the reduction of
//!   `persistence` (and the assignment solver of `diagrams`).
//!
//! Every public item is re-exported here, at the crate root: write
//! `toporeg::Name`.
//!
//! # Features
//!
//! - `std` (default): implements std-only conveniences.
//! - `procrustes` (default): Procrustes analysis (`procrustes`), which needs
//!   nalgebra for its SVD.
//! - `serde`: `Serialize`/`Deserialize` on the public data and result types;
//!   infinite values are written `"inf"` and `"-inf"`.
//! - `parallel`: rayon for the batch computations (CKA's Gram matrices,
//!   kernel Gram matrices, …), the distance matrix of the Rips reductions
//!   of degree ≥ 1 and the rounds of H0 by Borůvka on big clouds (implies
//!   `std`); results are the same bits as without it, on any number of
//!   threads.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;

mod check;
mod coordinate;
mod diagrams;
mod error;
mod kdtree;
mod losses;
mod persistence;
mod representations;
mod rng;
mod scalar;
#[cfg(test)]
pub(crate) mod testing;

pub use diagrams::assignment::{solve as solve_assignment, Assignment};
pub use diagrams::bottleneck::{
    bottleneck, bottleneck_approx, bottleneck_distance, BottleneckResult,
};
pub use diagrams::diagram::{Diagram, PointKind};
pub use diagrams::functional::{
    entropy, entropy_grad, push, push_grad, Entropy, EntropyParams, LogBase, Sgde4, Sgde4Params,
};
pub use diagrams::kernel::{Pssk, PsskTarget};
pub use diagrams::matching::{edge_cost, DiagramMatching, Ground, MatchedEdge};
pub use diagrams::wasserstein::{wasserstein, Wasserstein, WassersteinParams, WassersteinResult};
pub use error::{Error, Result};
pub use losses::{
    linspace, rescale, rescale_to_max_death, target_diagram, target_diagrams, Batch,
    BottleneckLoss, BottleneckLossParams, ConnectivityLoss, ConnectivityLossParams,
    DensificationLoss, DensificationLossParams, DiagramLoss, EntropyLoss, EntropyLossParams, Loss,
    PushLoss, PushLossParams, ReininghausLoss, ReininghausLossParams, Sgde4Loss, Sgde4LossParams,
    WeightedSum,
};
pub use persistence::backprop::EdgeGradient;
pub use persistence::distance::{lower_index, DistanceMatrix};
pub use persistence::metric::Metric;
pub use persistence::pairs::{Edge, PersistencePair};
pub use persistence::points::PointCloud;
pub use persistence::rips::{
    h0_persistence, persistence, persistence_from_distances, persistence_from_sparse, Persistence,
    Rips, RipsParams, MAX_DIM, SPARSE_FROM_POINTS,
};
pub use persistence::sparse::SparseDistances;
pub use representations::relative::{
    relative, robust_relative, Relative, RelativeGradient, RelativeParams, RelativeTransform,
    Similarity,
};
pub use representations::similarity::cka::{linear_cka, rbf_cka};
pub use representations::similarity::epsilon::{
    best_scale, epsilon_similarity, is_epsilon_similar, ScaleFit,
};
pub use representations::similarity::min_frobenius::{
    min_frobenius, min_frobenius_from_distances, min_frobenius_from_matrices, MinFrobenius,
};
#[cfg(feature = "procrustes")]
pub use representations::similarity::procrustes::{procrustes, Procrustes};
pub use representations::witness::landmarks::{select_landmarks, LandmarkSelection};
pub use representations::witness::{
    witness_edge_values, witness_filtration, witness_persistence, Witness, WitnessFiltration,
    WitnessParams, WitnessPersistence,
};
pub use rng::SplitMix64;
pub use scalar::Scalar;

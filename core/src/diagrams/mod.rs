//! Persistence diagrams and what is computed on them.
//!
//! The diagram type ([`diagram`]); matchings between diagrams ([`matching`])
//! with the bottleneck ([`bottleneck`]) and Wasserstein ([`wasserstein`])
//! distances; the Reininghaus scale-space kernel ([`kernel`]); functionals
//! such as push, entropy and 4SGDE ([`functional`]). Each returns its
//! gradient per diagram point, which [`crate::persistence`] pulls back to
//! the points. The k-d tree and the assignment solver are helpers.

pub(crate) mod assignment;
pub(crate) mod bottleneck;
pub(crate) mod diagram;
pub(crate) mod functional;
pub(crate) mod kdtree;
pub(crate) mod kernel;
pub(crate) mod matching;
pub(crate) mod wasserstein;
